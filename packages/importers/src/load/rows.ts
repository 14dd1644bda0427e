/**
 * One data row → one fact row, or a rejection that names the row, the column and why. This
 * is where units are applied (percent points, 分, micros), rates become counts, dates and
 * currencies are settled, and money is converted to the base currency.
 */
import {
  CHANNELS,
  type Channel,
  DIMENSIONS,
  FACTS,
  type FactColumnDefinition,
  FX_RATES_TABLE,
  factMeasureColumns,
  MEASURES,
  type Said,
  say,
} from '@markpi/core';
import { importError } from '../errors.js';
import { normalizeCurrency } from '../money/currency.js';
import type { FxTable } from '../money/fx.js';
import { type DateOrder, type DateParseOptions, type DateResult, parseDate } from '../parse/dates.js';
import { parseId } from '../parse/ids.js';
import { type DecimalStyle, isPlaceholder, parseNumber, quickNumber } from '../parse/numbers.js';
import { parseTime } from '../parse/times.js';
import type { ColumnRule, DraftRow, ImportProfile, ImportTarget, ValueKind } from '../platforms/types.js';
import { cellText } from '../read/header.js';
import type { Period } from '../read/preamble.js';
import type { RawCell, SourceRecord } from '../read/records.js';
import { said } from '../said.js';
import type { RejectedRow } from './types.js';
import type { CellValue } from './warehouse.js';

export interface BoundColumn {
  /** 0-based position in the row. */
  index: number;
  header: string;
  field: string;
  kind: ValueKind;
  rule: ColumnRule;
  /** Currency the header names (`Amount spent (USD)`, `消耗(元)`). */
  currency?: string;
}

export interface TableLayout {
  table: string;
  columns: readonly string[];
  /** Columns holding money, converted to the base currency. */
  moneyColumns: ReadonlySet<string>;
  /** Measure columns, summed for reconciliation (`sum` measures only). */
  additiveColumns: ReadonlySet<string>;
  /** Measure columns whose rows cannot simply be added (reach): never reconciled. */
  distinctColumns: ReadonlySet<string>;
  /** Dimensions a newer file replaces by, among channel and account. */
  replacementDimensions: readonly ('channel' | 'account')[];
  monthGrain: boolean;
  /** The fact's own columns (an event's person and time, a path's text): none for most facts. */
  ownColumns: readonly FactColumnDefinition[];
  /** Dimensions closed elsewhere whose values this fact keeps as written (a touch's channel). */
  openDimensions: readonly string[];
  /**
   * Where rows totalling more than one day go (the fact's period table), with `period_end` after
   * `columns`; absent for facts that keep daily rows only.
   */
  periodTable?: string;
}

export function tableLayout(target: ImportTarget): TableLayout {
  if (target === 'fx_rates') {
    return {
      table: FX_RATES_TABLE.name,
      columns: FX_RATES_TABLE.columns.map((column) => column.name),
      moneyColumns: new Set(),
      additiveColumns: new Set(),
      distinctColumns: new Set(),
      replacementDimensions: [],
      monthGrain: false,
      ownColumns: [],
      openDimensions: [],
    };
  }
  const fact = FACTS.find((entry) => entry.id === target)!;
  const measureColumns = factMeasureColumns(fact.id);
  const measures = MEASURES.filter((measure) => measure.fact === fact.id && !measure.filter);
  const own = fact.columns ?? [];
  const ownOf = (...kinds: readonly string[]) =>
    own.filter((column) => kinds.includes(column.kind)).map((column) => column.id);
  return {
    table: fact.table,
    columns: ['date', ...fact.dimensions, ...measureColumns, ...own.map((column) => column.id), 'import_id'],
    moneyColumns: new Set([
      ...measures.filter((measure) => measure.unit === 'currency').map((measure) => measure.column),
      ...ownOf('money'),
    ]),
    additiveColumns: new Set([
      ...measures.filter((measure) => measure.aggregation === 'sum').map((measure) => measure.column),
      ...ownOf('money', 'count'),
    ]),
    distinctColumns: new Set(
      measures.filter((measure) => measure.aggregation !== 'sum').map((measure) => measure.column),
    ),
    replacementDimensions: (['channel', 'account'] as const).filter((dimension) =>
      fact.dimensions.includes(dimension),
    ),
    monthGrain: fact.grain === 'month',
    ownColumns: own,
    openDimensions: fact.openDimensions ?? [],
    ...(fact.periodTable ? { periodTable: fact.periodTable } : {}),
  };
}

export type PeriodRows = 'period' | 'reject' | 'start-date';

export interface RowSettings {
  fileName: string;
  profile: ImportProfile;
  layout: TableLayout;
  columns: readonly BoundColumn[];
  headers: readonly string[];
  headerWidth: number;
  /** CSV rows must have the header's width; XLSX rows omit trailing empty cells. */
  checkWidth: boolean;
  decimalStyle: DecimalStyle;
  dateOrder?: DateOrder;
  /** The report window, from the preamble, the file name or the caller. */
  period?: Period;
  /** IANA time zone of times written without an offset. */
  timeZone: string;
  /**
   * A row totalling several days: `period` stores it whole in the fact's period table, with its
   * first and last day; `start-date` files it on its first day (for facts whose rows are about a
   * window anyway, such as journey paths); `reject` refuses the file.
   */
  periodRows: PeriodRows;
  channel?: Channel;
  account?: string;
  currency?: string;
  fx: FxTable;
  importId: string;
}

/**
 * An accepted row. The processor hands out the same object, with the same arrays, for every
 * accepted row (a large file has millions, and one object each was most of the reader's
 * garbage): read it, or copy what must outlive it, before the next `process` call.
 */
export interface AcceptedRow {
  type: 'accepted';
  /** The fact row, one value per `layout.columns` entry, in that order. */
  values: CellValue[];
  /**
   * Measures in the file's own units, for reconciliation: the value for each of the processor's
   * `measureFields`, undefined where the row has none.
   */
  measures: (number | undefined)[];
  /** The replacement key's parts. */
  channel: string | null;
  account: string | null;
  date: string;
  /** Days the row speaks for: its date, or its report window when it has one. */
  from: string;
  to: string;
  currency: string | null;
  /** For a row stored as a period total: the period's last day (its first is `date`); else undefined. */
  periodEnd: string | undefined;
}

export type RowOutcome =
  | AcceptedRow
  | { type: 'rejected'; rejected: RejectedRow }
  /** A row an earlier row already speaks for (a further line item of an order): not loaded. */
  | { type: 'skipped'; reason: Said };

interface RowProblem {
  column: string | null;
  said: Said;
}

/** Warnings raised while reading cells (core's `import.warning.*`), grouped by the caller. */
export type WarningSink = (row: number, column: string, message: Said) => void;

/** Names files use for a channel, lower case; the channel ids themselves are accepted too. */
export const CHANNEL_ALIASES: Readonly<Record<string, Channel>> = {
  facebook: 'meta',
  instagram: 'meta',
  google: 'google_ads',
  'google ads': 'google_ads',
  抖音: 'douyin',
  巨量引擎: 'douyin',
  小红书: 'xiaohongshu',
  快手: 'kuaishou',
  微信: 'wechat',
  视频号: 'wechat',
  微博: 'weibo',
};

/** The channel a file's text names (`Facebook`, `抖音`, `google_ads`), if any. */
export function channelValue(text: string): Channel | undefined {
  const lower = text.trim().toLowerCase();
  if ((CHANNELS as readonly string[]).includes(lower)) return lower as Channel;
  return CHANNEL_ALIASES[lower];
}

const MEASURE_KINDS: ReadonlySet<ValueKind> = new Set(['count', 'money']);

/** Suffix of the helper field holding a time column's day as written. */
const WRITTEN_DAY = '__day';

/** Dimensions with a closed set of values (creator tier, campaign goal, traffic type, stage). */
export const CLOSED_VALUES: ReadonlyMap<string, readonly string[]> = new Map(
  DIMENSIONS.filter((dimension) => dimension.values && dimension.id !== 'channel').map((dimension) => [
    dimension.id,
    dimension.values!,
  ]),
);

/** Most files hold a few hundred distinct dates; more than this and the cache starts over. */
const DATE_CACHE_LIMIT = 10_000;

/** A non-empty text of ASCII digits only. */
function isDigits(text: string): boolean {
  if (text.length === 0) return false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 48 || code > 57) return false;
  }
  return true;
}

/** The first column of each field, in order: a field filled by an earlier column keeps it. */
function firstPerField(columns: readonly BoundColumn[]): BoundColumn[] {
  const seen = new Set<string>();
  const first: BoundColumn[] = [];
  for (const column of columns) {
    if (seen.has(column.field)) continue;
    seen.add(column.field);
    first.push(column);
  }
  return first;
}

export class RowProcessor {
  private readonly moneyFields: readonly BoundColumn[];
  private readonly dimensionColumns: readonly BoundColumn[];
  private readonly measureColumns: readonly BoundColumn[];
  private readonly hasDateColumn: boolean;
  // Everything below depends only on the settings: worked out once, not per row (a large file
  // has millions of rows and each lookup here used to run for every one).
  private readonly convertedMoney: readonly BoundColumn[];
  private readonly reconciledMeasures: readonly BoundColumn[];
  private readonly closedValues: readonly (readonly string[] | undefined)[];
  private readonly constants: readonly (readonly [string, string])[];
  private readonly derivations: NonNullable<ImportProfile['derivations']>;
  private readonly dateOptions: DateParseOptions;
  private readonly dates = new Map<string, DateResult>();
  private readonly storesChannel: boolean;
  private readonly storesCurrency: boolean;
  private readonly negativeAmounts: boolean;
  private readonly dateIndex: number;
  private readonly importIdIndex: number;
  private readonly baseCurrencyIndex: number;
  /** Fields whose file values are summed for reconciliation, in `AcceptedRow.measures` order. */
  readonly measureFields: readonly string[];
  /**
   * The row being read, one slot per field it may hold (`slotNames`), emptied for each record:
   * fields looked up by name in an object per row were most of the reader's time.
   */
  private readonly slots: (string | number | null | undefined)[];
  private readonly slotNames: readonly string[];
  /** Slot of each bound column's field, and of a time column's written day (-1 for others). */
  private readonly columnSlots: readonly number[];
  private readonly daySlots: readonly number[];
  private readonly layoutSlots: readonly number[];
  private readonly measureSlots: readonly number[];
  private readonly moneySlots: readonly number[];
  private readonly constantSlots: readonly (readonly [number, string])[];
  private readonly derivationSlots: readonly { target: number; rate: number; base: number }[];
  private readonly requiredSlots: readonly { own: FactColumnDefinition; slot: number }[];
  private readonly channelSlot: number;
  private readonly trafficTypeSlot: number;
  private readonly accountSlot: number;
  private readonly currencySlot: number;
  private readonly dateSlot: number;
  private readonly eventDaySlot: number;
  private readonly periodStartSlot: number;
  private readonly periodEndSlot: number;
  private readonly rateSlot: number;
  private readonly followersSlot: number;
  private readonly accepted: AcceptedRow;

  constructor(
    private readonly settings: RowSettings,
    private readonly warn: WarningSink,
  ) {
    this.moneyFields = settings.columns.filter((column) => column.kind === 'money');
    this.measureColumns = settings.columns.filter((column) => MEASURE_KINDS.has(column.kind));
    this.dimensionColumns = settings.columns.filter(
      (column) => (column.kind === 'text' || column.kind === 'id') && column.field !== 'result_type',
    );
    this.hasDateColumn = settings.columns.some((column) => column.field === 'date');
    this.convertedMoney = firstPerField(this.moneyFields);
    this.reconciledMeasures = firstPerField(this.measureColumns);
    this.closedValues = settings.columns.map((column) =>
      column.kind === 'text' ? CLOSED_VALUES.get(column.field) : undefined,
    );
    this.constants = Object.entries(settings.profile.constants ?? {});
    this.derivations = settings.profile.derivations ?? [];
    this.dateOptions = {
      ...(settings.dateOrder ? { order: settings.dateOrder } : {}),
      allowMonth: settings.layout.monthGrain,
    };
    const { layout } = settings;
    this.storesChannel = layout.replacementDimensions.length > 0 || layout.columns.includes('channel');
    this.storesCurrency = layout.columns.includes('currency');
    this.negativeAmounts = layout.table === 'fact_costs';
    this.dateIndex = layout.columns.indexOf('date');
    this.importIdIndex = layout.columns.indexOf('import_id');
    this.baseCurrencyIndex =
      layout.table === FX_RATES_TABLE.name ? layout.columns.indexOf('base_currency') : -1;
    this.measureFields = [
      ...new Set([
        ...this.reconciledMeasures.map((column) => column.field),
        ...this.derivations.map((derivation) => derivation.target),
      ]),
    ];
    const names = [
      ...new Set([
        ...layout.columns,
        ...settings.columns.flatMap((column) =>
          column.kind === 'time' ? [column.field, `${column.field}${WRITTEN_DAY}`] : [column.field],
        ),
        ...this.constants.map(([field]) => field),
        ...this.derivations.flatMap((derivation) => [derivation.target, derivation.rate, derivation.base]),
        ...this.measureFields,
        'date',
        `at${WRITTEN_DAY}`,
        'period_start',
        'period_end',
        'channel',
        'traffic_type',
        'account',
        'currency',
        'rate',
        'followers',
      ]),
    ];
    const slotOf = new Map(names.map((name, index) => [name, index]));
    const slot = (name: string) => slotOf.get(name)!;
    this.slotNames = names;
    this.slots = new Array(names.length).fill(undefined);
    this.columnSlots = settings.columns.map((column) => slot(column.field));
    this.daySlots = settings.columns.map((column) =>
      column.kind === 'time' ? slot(`${column.field}${WRITTEN_DAY}`) : -1,
    );
    this.layoutSlots = layout.columns.map(slot);
    this.measureSlots = this.measureFields.map(slot);
    this.moneySlots = this.convertedMoney.map((column) => slot(column.field));
    this.constantSlots = this.constants.map(([field, value]) => [slot(field), value] as const);
    this.derivationSlots = this.derivations.map((derivation) => ({
      target: slot(derivation.target),
      rate: slot(derivation.rate),
      base: slot(derivation.base),
    }));
    this.requiredSlots = layout.ownColumns
      .filter((own) => own.required)
      .map((own) => ({ own, slot: slot(own.id) }));
    this.channelSlot = slot('channel');
    this.trafficTypeSlot = slot('traffic_type');
    this.accountSlot = slot('account');
    this.currencySlot = slot('currency');
    this.dateSlot = slot('date');
    this.eventDaySlot = slot(`at${WRITTEN_DAY}`);
    this.periodStartSlot = slot('period_start');
    this.periodEndSlot = slot('period_end');
    this.rateSlot = slot('rate');
    this.followersSlot = slot('followers');
    this.accepted = {
      type: 'accepted',
      values: new Array<CellValue>(layout.columns.length).fill(null),
      measures: new Array<number | undefined>(this.measureFields.length).fill(undefined),
      channel: null,
      account: null,
      date: '',
      from: '',
      to: '',
      currency: null,
      periodEnd: undefined,
    };
  }

  /** The row's fields by name, for a platform's `refine`: those the row holds. */
  private draftOf(slots: readonly (string | number | null | undefined)[]): DraftRow {
    const row: DraftRow = {};
    for (let index = 0; index < slots.length; index++) {
      const value = slots[index];
      if (value !== undefined) row[this.slotNames[index]!] = value;
    }
    return row;
  }

  /** Back from `refine`: every slot as the draft row now has it. */
  private takeDraft(row: DraftRow, slots: (string | number | null | undefined)[]): void {
    for (let index = 0; index < slots.length; index++) slots[index] = row[this.slotNames[index]!];
  }

  private parseDateCell(cell: RawCell): DateResult {
    if (typeof cell !== 'string') return parseDate(cell, this.dateOptions);
    let result = this.dates.get(cell);
    if (result === undefined) {
      result = parseDate(cell, this.dateOptions);
      if (this.dates.size >= DATE_CACHE_LIMIT) this.dates.clear();
      this.dates.set(cell, result);
    }
    return result;
  }

  /** Meta's summary row: every name empty, some measure filled. */
  isSummaryRow(record: SourceRecord): boolean {
    if (this.dimensionColumns.length === 0) return false;
    const emptyNames = this.dimensionColumns.every(
      (column) => cellText(record.cells[column.index] ?? null).trim() === '',
    );
    const someMeasure = this.measureColumns.some(
      (column) => cellText(record.cells[column.index] ?? null).trim() !== '',
    );
    return emptyNames && someMeasure;
  }

  /** A totals row's measures, read like any row's. */
  totals(record: SourceRecord): Record<string, number> {
    const values: Record<string, number> = {};
    for (const column of this.measureColumns) {
      if (values[column.field] !== undefined) continue;
      const parsed = parseNumber(record.cells[column.index] ?? null, this.settings.decimalStyle);
      if (parsed.ok && parsed.value !== null) values[column.field] = this.scaleMoney(column, parsed.value);
    }
    return values;
  }

  private scaleMoney(column: BoundColumn, value: number): number {
    switch (column.rule.moneyUnit) {
      case 'fen':
        // Division is correctly rounded: 12345 / 100 is exactly the double nearest 123.45.
        return value / 100;
      case 'micros':
        return value / 1e6;
      default:
        return value;
    }
  }

  process(record: SourceRecord): RowOutcome {
    const { settings } = this;
    const slots = this.slots;
    slots.fill(undefined);
    const cells = record.cells;

    if (settings.checkWidth && cells.length !== settings.headerWidth) {
      const extra = cells.slice(settings.headerWidth).some((cell) => cellText(cell).trim() !== '');
      if (cells.length < settings.headerWidth || extra) {
        const counts = { cells: `${cells.length}`, header: `${settings.headerWidth}` };
        const key =
          cells.length < settings.headerWidth ? 'import.reason.cells_short' : 'import.reason.cells_long';
        return this.reject(record, [{ column: null, said: said(key, counts) }]);
      }
    }

    // Every problem of the row is reported, not just the first; the list is made only for
    // rows that have one.
    let problems: RowProblem[] | undefined;
    const { columns } = settings;
    for (let index = 0; index < columns.length; index++) {
      const column = columns[index]!;
      const problem = this.readCell(column, index, cells[column.index] ?? null, slots, record.row);
      if (!problem) continue;
      problems ??= [];
      problems.push({ column: column.header, said: problem });
    }
    if (problems) return this.reject(record, problems);

    for (const [slot, value] of this.constantSlots) {
      if (slots[slot] === undefined || slots[slot] === null) slots[slot] = value;
    }
    for (const derivation of this.derivationSlots) {
      const rate = slots[derivation.rate];
      const base = slots[derivation.base];
      if (
        (slots[derivation.target] === undefined || slots[derivation.target] === null) &&
        typeof rate === 'number' &&
        typeof base === 'number'
      ) {
        slots[derivation.target] = Math.round(rate * base);
      }
    }
    if (settings.channel && !slots[this.channelSlot]) slots[this.channelSlot] = settings.channel;
    const refine = settings.profile.refine;
    if (refine) {
      const row = this.draftOf(slots);
      const refined = refine(row);
      this.takeDraft(row, slots);
      if (refined?.skip) return { type: 'skipped', reason: refined.skip };
      if (refined?.reject) {
        const column = settings.columns.find((entry) => entry.field === refined.reject!.field);
        return this.reject(record, [{ column: column?.header ?? null, said: refined.reject.reason }]);
      }
    }

    const days = this.resolveDate(slots, record);
    if ('said' in days) return this.reject(record, [days]);
    const { date, periodEnd } = days;

    const channelProblem = this.resolveChannel(slots);
    if (channelProblem) return this.reject(record, [channelProblem]);
    if (!slots[this.trafficTypeSlot] && settings.profile.trafficType)
      slots[this.trafficTypeSlot] = settings.profile.trafficType;
    const accountSlot = this.accountSlot;
    if ((slots[accountSlot] === undefined || slots[accountSlot] === null) && settings.account !== undefined)
      slots[accountSlot] = settings.account;

    const accepted = this.accepted;
    const measureSlots = this.measureSlots;
    const measures = accepted.measures;
    for (let index = 0; index < measureSlots.length; index++) {
      const value = slots[measureSlots[index]!];
      measures[index] = typeof value === 'number' ? value : undefined;
    }

    const money = this.convertMoney(slots, date);
    if ('said' in money) return this.reject(record, [money]);

    const required = this.checkRequired(slots);
    if (required) return this.reject(record, [required]);

    const layoutSlots = this.layoutSlots;
    const values = accepted.values;
    for (let index = 0; index < layoutSlots.length; index++) {
      const value = slots[layoutSlots[index]!];
      values[index] = value === undefined ? null : value;
    }
    values[this.dateIndex] = date;
    values[this.importIdIndex] = settings.importId;
    if (this.baseCurrencyIndex !== -1) values[this.baseCurrencyIndex] = settings.fx.baseCurrency;
    const channel = slots[this.channelSlot];
    const account = slots[accountSlot];
    const periodStart = slots[this.periodStartSlot];
    const periodEndWritten = slots[this.periodEndSlot];
    accepted.channel = typeof channel === 'string' ? channel : null;
    accepted.account =
      typeof account === 'string'
        ? account
        : account === null || account === undefined
          ? null
          : String(account);
    accepted.date = date;
    accepted.from = typeof periodStart === 'string' && periodStart < date ? periodStart : date;
    accepted.to =
      periodEnd ??
      (typeof periodEndWritten === 'string' && periodEndWritten > date ? periodEndWritten : date);
    accepted.currency = money.currency;
    accepted.periodEnd = periodEnd || undefined;
    return accepted;
  }

  /** Reads one cell into its field's slot; returns the problem when the cell is unusable. */
  private readCell(
    column: BoundColumn,
    position: number,
    cell: RawCell,
    slots: (string | number | null | undefined)[],
    rowNumber: number,
  ): Said | undefined {
    const slot = this.columnSlots[position]!;
    // A field already filled by a preferred column keeps its value.
    if (slots[slot] !== undefined && slots[slot] !== null) return undefined;
    switch (column.kind) {
      case 'ignore':
        return undefined;
      case 'text': {
        const text = cellText(cell).trim();
        const allowed = this.closedValues[position];
        if (allowed && !isPlaceholder(text)) {
          const value = allowed.find((entry) => entry === text.toLowerCase().replace(/[\s-]+/g, '_'));
          if (!value) {
            const values = allowed.map((entry) =>
              said('import.reason.value', { dimension: column.field, value: entry }),
            );
            return said('import.reason.not_a_value', { value: text, field: column.field, allowed: values });
          }
          slots[slot] = value;
          return undefined;
        }
        slots[slot] = isPlaceholder(text) ? null : text;
        return undefined;
      }
      case 'id': {
        if (typeof cell === 'string' && isDigits(cell)) {
          // Digits alone (nearly every ID of a large file): the text itself, as `parseId` has it.
          slots[slot] = cell;
          return undefined;
        }
        const id = parseId(cell);
        if (id.damaged) this.warn(rowNumber, column.header, id.damaged);
        slots[slot] = id.value;
        return undefined;
      }
      case 'date': {
        const parsed = this.parseDateCell(cell);
        if (!parsed.ok) return parsed.said;
        slots[slot] = parsed.date;
        return undefined;
      }
      case 'time': {
        const parsed = parseTime(cell, this.settings.timeZone);
        if (!parsed.ok) return parsed.said;
        slots[slot] = parsed.at;
        // The day as written: the row's date when it has no date of its own.
        if (parsed.at !== null) slots[this.daySlots[position]!] = parsed.day;
        return undefined;
      }
      case 'currency': {
        const text = cellText(cell).trim();
        if (isPlaceholder(text)) {
          slots[slot] = null;
          return undefined;
        }
        const code = normalizeCurrency(text);
        if (!code) return said('import.reason.not_a_currency_code', { value: text });
        slots[slot] = code;
        return undefined;
      }
      case 'count':
      case 'money':
      case 'number':
      case 'rate': {
        // Plain, grouped and 万-scaled numbers (nearly every cell of a large file) are read in one
        // pass with no result object; the general parser takes the rest.
        let value = typeof cell === 'string' ? quickNumber(cell, this.settings.decimalStyle) : undefined;
        if (value === undefined) {
          const parsed = parseNumber(cell, this.settings.decimalStyle);
          if (!parsed.ok) return parsed.said;
          if (parsed.value === null) {
            slots[slot] = null;
            return undefined;
          }
          if (column.kind === 'rate') {
            const fraction =
              parsed.percent || column.rule.rateUnit !== 'points' ? parsed.value : parsed.value / 100;
            slots[slot] = fraction;
            return undefined;
          }
          if (parsed.percent) {
            const key =
              column.kind === 'money'
                ? 'import.reason.percent_not_amount'
                : 'import.reason.percent_not_count';
            return said(key, { value: cellText(cell).trim() });
          }
          value = parsed.value;
        } else if (column.kind === 'rate') {
          slots[slot] = column.rule.rateUnit !== 'points' ? value : value / 100;
          return undefined;
        }
        if (column.kind === 'money') {
          if (column.rule.moneyUnit === 'fen' && !Number.isInteger(value)) {
            this.warn(rowNumber, column.header, said('import.warning.fen_with_decimals'));
          }
          value = this.scaleMoney(column, value);
        }
        const negativeAllowed = this.negativeAmounts && column.field === 'amount';
        if (value < 0 && !negativeAllowed) {
          const key = column.field === 'spend' ? 'import.reason.negative_spend' : 'import.reason.negative';
          return said(key, { field: column.field, value: cellText(cell).trim() });
        }
        if (column.kind === 'number' && column.field === 'rate' && value <= 0)
          return said('import.reason.rate_not_positive', { value: `${value}` });
        slots[slot] = value;
        return undefined;
      }
    }
  }

  /** The row's day (and last day, for a period total), or the problem that stops it having one. */
  private resolveDate(
    slots: readonly (string | number | null | undefined)[],
    record: SourceRecord,
  ): { date: string; periodEnd?: string } | RowProblem {
    const { settings } = this;
    const written = slots[this.dateSlot];
    if (typeof written === 'string') return { date: written };
    const eventDay = slots[this.eventDaySlot];
    if (typeof eventDay === 'string') return { date: eventDay };
    const dateColumn = settings.columns.find((column) => column.field === 'date');
    if (this.hasDateColumn && dateColumn) {
      return { column: dateColumn.header, said: said('import.reason.date_empty') };
    }
    const periodStart = slots[this.periodStartSlot];
    const periodEnd = slots[this.periodEndSlot];
    const from = typeof periodStart === 'string' ? periodStart : settings.period?.from;
    const to = typeof periodEnd === 'string' ? periodEnd : (settings.period?.to ?? from);
    if (!from || !to) {
      const periodColumn = settings.columns.find((column) => column.field === 'period_start');
      return {
        column: periodColumn?.header ?? null,
        said: said('import.reason.no_date_no_period'),
      };
    }
    if (from === to || settings.periodRows === 'start-date') return { date: from };
    if (to < from) {
      const endColumn = settings.columns.find((column) => column.field === 'period_end');
      return {
        column: endColumn?.header ?? null,
        said: said('import.reason.period_backwards', { from, to }),
      };
    }
    // A total over several days is kept as what it is, never spread over the days.
    if (settings.periodRows === 'period' && settings.layout.periodTable) return { date: from, periodEnd: to };
    const periodColumn = settings.columns.find((column) => column.field === 'period_start');
    // Loading a multi-day total on one day would silently distort every daily series, and this
    // fact keeps no period rows, so the whole file is refused (nothing has been written).
    throw importError('import.period_rows', {
      file: settings.fileName,
      row: record.row,
      ...(periodColumn ? { column: periodColumn.header } : {}),
      message: `rows cover ${from} to ${to}, not one day: ${settings.layout.table} keeps daily rows only`,
      hint: 're-export with a daily breakdown, or give each row its day (a date column, or one date for the whole file when it covers one day)',
    });
  }

  private resolveChannel(slots: (string | number | null | undefined)[]): RowProblem | undefined {
    const { settings } = this;
    const written = slots[this.channelSlot];
    if (!this.storesChannel) return undefined;
    if (settings.profile.channel) {
      slots[this.channelSlot] = settings.profile.channel;
      return undefined;
    }
    if (typeof written === 'string') {
      const channel = channelValue(written);
      if (!channel && settings.layout.openDimensions.includes('channel')) {
        // A touchpoint's channel may be any step of a journey (direct, a search engine, email).
        const label = written.trim().toLowerCase();
        if (label === '') return { column: null, said: said('import.reason.channel_empty') };
        slots[this.channelSlot] = label;
        return undefined;
      }
      if (!channel) {
        const column = settings.columns.find((entry) => entry.field === 'channel');
        return {
          column: column?.header ?? null,
          said: said('import.reason.not_a_channel', {
            value: written,
            channels: CHANNELS.map((channel) =>
              said('import.reason.value', { dimension: 'channel', value: channel }),
            ),
          }),
        };
      }
      slots[this.channelSlot] = channel;
      return undefined;
    }
    if (settings.layout.table === 'fact_performance') {
      return {
        column: null,
        said: said('import.reason.no_channel'),
      };
    }
    return undefined;
  }

  /** Converts money fields to the base currency; returns the row's original currency. */
  private convertMoney(
    slots: (string | number | null | undefined)[],
    date: string,
  ): { currency: string | null } | RowProblem {
    const { settings } = this;
    const written = slots[this.currencySlot];
    let rowCurrency: string | null = typeof written === 'string' ? written : null;
    const money = this.convertedMoney;
    for (let index = 0; index < money.length; index++) {
      const column = money[index]!;
      const slot = this.moneySlots[index]!;
      const amount = slots[slot];
      if (typeof amount !== 'number') continue;
      const currency =
        column.currency ??
        (typeof written === 'string' ? written : undefined) ??
        settings.currency ??
        settings.profile.defaultCurrency;
      if (!currency) {
        return {
          column: column.header,
          said: said('import.reason.no_currency'),
        };
      }
      rowCurrency ??= currency;
      if (!settings.layout.moneyColumns.has(column.field)) continue;
      // Already in the base currency (most amounts): the amount as it is, as the FX table gives it.
      if (currency === settings.fx.baseCurrency) continue;
      const converted = settings.fx.convert(amount, currency, date);
      if (!converted.ok) return { column: column.header, said: converted.said };
      slots[slot] = converted.value;
    }
    if (this.storesCurrency) slots[this.currencySlot] = rowCurrency;
    return { currency: rowCurrency };
  }

  private checkRequired(slots: readonly (string | number | null | undefined)[]): RowProblem | undefined {
    const { table } = this.settings.layout;
    if (table === FX_RATES_TABLE.name) {
      if (typeof slots[this.currencySlot] !== 'string')
        return { column: null, said: said('import.reason.fx_no_currency') };
      if (typeof slots[this.rateSlot] !== 'number')
        return { column: null, said: said('import.reason.fx_no_rate') };
    }
    if (table === 'fact_followers' && typeof slots[this.followersSlot] !== 'number') {
      return { column: null, said: said('import.reason.no_followers') };
    }
    for (const { own, slot } of this.requiredSlots) {
      const value = slots[slot];
      if (value === null || value === undefined || value === '') {
        const column = this.settings.columns.find((entry) => entry.field === own.id);
        return { column: column?.header ?? null, said: said('import.reason.missing', { field: own.id }) };
      }
    }
    return undefined;
  }

  private reject(record: SourceRecord, problems: readonly RowProblem[]): RowOutcome {
    const values: Record<string, string> = {};
    this.settings.headers.forEach((header, index) => {
      if (header !== '') values[header] = cellText(record.cells[index] ?? null);
    });
    return {
      type: 'rejected',
      rejected: {
        file: this.settings.fileName,
        row: record.row,
        column: problems[0]?.column ?? null,
        ...rejectionReason(problems),
        values,
      },
    };
  }
}

/**
 * A rejected row's reason: every problem, in its column when one is to blame, `; `-separated in
 * English as ever, and the same as one message.
 */
function rejectionReason(problems: readonly RowProblem[]): { reason: string; said: Said } {
  const parts = problems.map((problem) =>
    problem.column
      ? said('import.reason.in_column', { column: problem.column, reason: problem.said })
      : problem.said,
  );
  const message = parts.length === 1 ? parts[0]! : said('import.reason.several', { problems: parts });
  return { reason: say(message, 'en'), said: message };
}
