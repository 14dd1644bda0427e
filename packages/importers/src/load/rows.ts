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
  | { type: 'skipped'; reason: string };

interface RowProblem {
  column: string | null;
  reason: string;
}

/** Warnings raised while reading cells, grouped by the caller. */
export type WarningSink = (row: number, column: string, message: string) => void;

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
  /** The one draft row, emptied for each record, unless a platform's `refine` sees the rows. */
  private readonly reusedRow: DraftRow | undefined;
  /** Every field a row's reading may fill: what emptying the reused row clears. */
  private readonly writtenFields: readonly string[];
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
    this.writtenFields = [
      ...new Set([
        ...settings.columns.flatMap((column) =>
          column.kind === 'time' ? [column.field, `${column.field}${WRITTEN_DAY}`] : [column.field],
        ),
        ...this.constants.map(([field]) => field),
        ...this.derivations.map((derivation) => derivation.target),
        'channel',
        'traffic_type',
        'account',
        'currency',
      ]),
    ];
    if (!settings.profile.refine) {
      // Every field present from the start: the row keeps one shape for the whole file.
      const row: DraftRow = {};
      for (const field of [...layout.columns, ...this.writtenFields]) row[field] = undefined as never;
      this.reusedRow = row;
    }
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

  /** An empty draft row: the reused one cleared, or a new one for a platform's `refine`. */
  private draftRow(): DraftRow {
    const row = this.reusedRow;
    if (!row) return {};
    const fields = this.writtenFields;
    for (let index = 0; index < fields.length; index++) row[fields[index]!] = undefined as never;
    return row;
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
    const row = this.draftRow();
    const cells = record.cells;

    if (settings.checkWidth && cells.length !== settings.headerWidth) {
      const extra = cells.slice(settings.headerWidth).some((cell) => cellText(cell).trim() !== '');
      if (cells.length < settings.headerWidth || extra) {
        return this.reject(record, [
          {
            column: null,
            reason: `the row has ${cells.length} cells but the header has ${settings.headerWidth}${cells.length < settings.headerWidth ? ' (the file may be cut off or a cell may hold an unquoted delimiter)' : ''}`,
          },
        ]);
      }
    }

    // Every problem of the row is reported, not just the first; the list is made only for
    // rows that have one.
    let problems: RowProblem[] | undefined;
    const { columns } = settings;
    for (let index = 0; index < columns.length; index++) {
      const column = columns[index]!;
      const problem = this.readCell(column, index, cells[column.index] ?? null, row, record.row);
      if (!problem) continue;
      problems ??= [];
      problems.push({ column: column.header, reason: problem });
    }
    if (problems) return this.reject(record, problems);

    for (const [field, value] of this.constants) {
      if (row[field] === undefined || row[field] === null) row[field] = value;
    }
    for (const derivation of this.derivations) {
      const rate = row[derivation.rate];
      const base = row[derivation.base];
      if (
        (row[derivation.target] === undefined || row[derivation.target] === null) &&
        typeof rate === 'number' &&
        typeof base === 'number'
      ) {
        row[derivation.target] = Math.round(rate * base);
      }
    }
    if (settings.channel && !row.channel) row.channel = settings.channel;
    const refined = settings.profile.refine?.(row);
    if (refined?.skip) return { type: 'skipped', reason: refined.skip };
    if (refined?.reject) {
      const column = settings.columns.find((entry) => entry.field === refined.reject!.field);
      return this.reject(record, [{ column: column?.header ?? null, reason: refined.reject.reason }]);
    }

    const days = this.resolveDate(row, record);
    if ('reason' in days) return this.reject(record, [days]);
    const { date, periodEnd } = days;

    const channelProblem = this.resolveChannel(row);
    if (channelProblem) return this.reject(record, [channelProblem]);
    if (!row.traffic_type && settings.profile.trafficType) row.traffic_type = settings.profile.trafficType;
    if ((row.account === undefined || row.account === null) && settings.account !== undefined)
      row.account = settings.account;

    const accepted = this.accepted;
    const measureFields = this.measureFields;
    const measures = accepted.measures;
    for (let index = 0; index < measureFields.length; index++) {
      const value = row[measureFields[index]!];
      measures[index] = typeof value === 'number' ? value : undefined;
    }

    const money = this.convertMoney(row, date);
    if ('reason' in money) return this.reject(record, [money]);

    const required = this.checkRequired(row);
    if (required) return this.reject(record, [required]);

    const layoutColumns = settings.layout.columns;
    const values = accepted.values;
    for (let index = 0; index < layoutColumns.length; index++) {
      const value = row[layoutColumns[index]!];
      values[index] = value === undefined ? null : value;
    }
    values[this.dateIndex] = date;
    values[this.importIdIndex] = settings.importId;
    if (this.baseCurrencyIndex !== -1) values[this.baseCurrencyIndex] = settings.fx.baseCurrency;
    accepted.channel = typeof row.channel === 'string' ? row.channel : null;
    accepted.account =
      typeof row.account === 'string'
        ? row.account
        : row.account === null || row.account === undefined
          ? null
          : String(row.account);
    accepted.date = date;
    accepted.from = typeof row.period_start === 'string' && row.period_start < date ? row.period_start : date;
    accepted.to =
      periodEnd ?? (typeof row.period_end === 'string' && row.period_end > date ? row.period_end : date);
    accepted.currency = money.currency;
    accepted.periodEnd = periodEnd || undefined;
    return accepted;
  }

  /** Reads one cell into `row`; returns a problem text when the cell is unusable. */
  private readCell(
    column: BoundColumn,
    position: number,
    cell: RawCell,
    row: DraftRow,
    rowNumber: number,
  ): string | undefined {
    // A field already filled by a preferred column keeps its value.
    if (row[column.field] !== undefined && row[column.field] !== null) return undefined;
    switch (column.kind) {
      case 'ignore':
        return undefined;
      case 'text': {
        const text = cellText(cell).trim();
        const allowed = this.closedValues[position];
        if (allowed && !isPlaceholder(text)) {
          const value = allowed.find((entry) => entry === text.toLowerCase().replace(/[\s-]+/g, '_'));
          if (!value) return `"${text}" is not a ${column.field.replace('_', ' ')} (${allowed.join(', ')})`;
          row[column.field] = value;
          return undefined;
        }
        row[column.field] = isPlaceholder(text) ? null : text;
        return undefined;
      }
      case 'id': {
        if (typeof cell === 'string' && isDigits(cell)) {
          // Digits alone (nearly every ID of a large file): the text itself, as `parseId` has it.
          row[column.field] = cell;
          return undefined;
        }
        const id = parseId(cell);
        if (id.damaged) this.warn(rowNumber, column.header, id.damaged);
        row[column.field] = id.value;
        return undefined;
      }
      case 'date': {
        const parsed = this.parseDateCell(cell);
        if (!parsed.ok) return parsed.reason;
        row[column.field] = parsed.date;
        return undefined;
      }
      case 'time': {
        const parsed = parseTime(cell, this.settings.timeZone);
        if (!parsed.ok) return parsed.reason;
        row[column.field] = parsed.at;
        // The day as written: the row's date when it has no date of its own.
        if (parsed.at !== null) row[`${column.field}${WRITTEN_DAY}`] = parsed.day;
        return undefined;
      }
      case 'currency': {
        const text = cellText(cell).trim();
        if (isPlaceholder(text)) {
          row[column.field] = null;
          return undefined;
        }
        const code = normalizeCurrency(text);
        if (!code) return `"${text}" is not a currency code`;
        row[column.field] = code;
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
          if (!parsed.ok) return parsed.reason;
          if (parsed.value === null) {
            row[column.field] = null;
            return undefined;
          }
          if (column.kind === 'rate') {
            const fraction =
              parsed.percent || column.rule.rateUnit !== 'points' ? parsed.value : parsed.value / 100;
            row[column.field] = fraction;
            return undefined;
          }
          if (parsed.percent)
            return `"${cellText(cell).trim()}" is a percentage, but this column holds ${column.kind === 'money' ? 'amounts' : 'counts'}`;
          value = parsed.value;
        } else if (column.kind === 'rate') {
          row[column.field] = column.rule.rateUnit !== 'points' ? value : value / 100;
          return undefined;
        }
        if (column.kind === 'money') {
          if (column.rule.moneyUnit === 'fen' && !Number.isInteger(value)) {
            this.warn(
              rowNumber,
              column.header,
              'the API reports this column in whole 分; decimals suggest it is already in 元 — check the unit',
            );
          }
          value = this.scaleMoney(column, value);
        }
        const negativeAllowed = this.negativeAmounts && column.field === 'amount';
        if (value < 0 && !negativeAllowed) {
          const name = column.field === 'spend' ? 'spend' : column.field;
          return `${name} is negative (${cellText(cell).trim()}); platforms never report a negative ${name}${column.field === 'spend' ? ' — refunds belong in the cost ledger' : ''}`;
        }
        if (column.kind === 'number' && column.field === 'rate' && value <= 0)
          return `an FX rate must be positive, not ${value}`;
        row[column.field] = value;
        return undefined;
      }
    }
  }

  /** The row's day (and last day, for a period total), or the problem that stops it having one. */
  private resolveDate(
    row: DraftRow,
    record: SourceRecord,
  ): { date: string; periodEnd?: string } | RowProblem {
    const { settings } = this;
    if (typeof row.date === 'string') return { date: row.date };
    const eventDay = row[`at${WRITTEN_DAY}`];
    if (typeof eventDay === 'string') return { date: eventDay };
    const dateColumn = settings.columns.find((column) => column.field === 'date');
    if (this.hasDateColumn && dateColumn) {
      return { column: dateColumn.header, reason: 'the date is empty' };
    }
    const from = typeof row.period_start === 'string' ? row.period_start : settings.period?.from;
    const to = typeof row.period_end === 'string' ? row.period_end : (settings.period?.to ?? from);
    if (!from || !to) {
      const periodColumn = settings.columns.find((column) => column.field === 'period_start');
      return {
        column: periodColumn?.header ?? null,
        reason: 'the row has no date and the file states no period',
      };
    }
    if (from === to || settings.periodRows === 'start-date') return { date: from };
    if (to < from) {
      const endColumn = settings.columns.find((column) => column.field === 'period_end');
      return {
        column: endColumn?.header ?? null,
        reason: `the period ends (${to}) before it starts (${from})`,
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
      hint: 're-export with a daily breakdown, or give each row its day (a date column, or --constant date=YYYY-MM-DD for a one-day file)',
    });
  }

  private resolveChannel(row: DraftRow): RowProblem | undefined {
    const { settings } = this;
    if (!this.storesChannel) return undefined;
    if (settings.profile.channel) {
      row.channel = settings.profile.channel;
      return undefined;
    }
    if (typeof row.channel === 'string') {
      const channel = channelValue(row.channel);
      if (!channel && settings.layout.openDimensions.includes('channel')) {
        // A touchpoint's channel may be any step of a journey (direct, a search engine, email).
        const label = row.channel.trim().toLowerCase();
        if (label === '') return { column: null, reason: 'the channel is empty' };
        row.channel = label;
        return undefined;
      }
      if (!channel) {
        const column = settings.columns.find((entry) => entry.field === 'channel');
        return {
          column: column?.header ?? null,
          reason: `"${row.channel}" is not a channel (${CHANNELS.join(', ')})`,
        };
      }
      row.channel = channel;
      return undefined;
    }
    if (settings.layout.table === 'fact_performance') {
      return { column: null, reason: 'the row has no channel; give --channel or map a channel column' };
    }
    return undefined;
  }

  /** Converts money fields to the base currency; returns the row's original currency. */
  private convertMoney(row: DraftRow, date: string): { currency: string | null } | RowProblem {
    const { settings } = this;
    let rowCurrency: string | null = typeof row.currency === 'string' ? row.currency : null;
    for (const column of this.convertedMoney) {
      const amount = row[column.field];
      if (typeof amount !== 'number') continue;
      const currency =
        column.currency ??
        (typeof row.currency === 'string' ? row.currency : undefined) ??
        settings.currency ??
        settings.profile.defaultCurrency;
      if (!currency) {
        return {
          column: column.header,
          reason: 'the amount has no currency: the file names none; give --currency',
        };
      }
      rowCurrency ??= currency;
      if (!settings.layout.moneyColumns.has(column.field)) continue;
      // Already in the base currency (most amounts): the amount as it is, as the FX table gives it.
      if (currency === settings.fx.baseCurrency) continue;
      const converted = settings.fx.convert(amount, currency, date);
      if (!converted.ok) return { column: column.header, reason: converted.reason };
      row[column.field] = converted.value;
    }
    if (this.storesCurrency) row.currency = rowCurrency;
    return { currency: rowCurrency };
  }

  private checkRequired(row: DraftRow): RowProblem | undefined {
    const { table } = this.settings.layout;
    if (table === FX_RATES_TABLE.name) {
      if (typeof row.currency !== 'string') return { column: null, reason: 'the FX row has no currency' };
      if (typeof row.rate !== 'number') return { column: null, reason: 'the FX row has no rate' };
    }
    if (table === 'fact_followers' && typeof row.followers !== 'number') {
      return { column: null, reason: 'the snapshot has no follower count' };
    }
    for (const own of this.settings.layout.ownColumns) {
      if (!own.required) continue;
      const value = row[own.id];
      if (value === null || value === undefined || value === '') {
        const column = this.settings.columns.find((entry) => entry.field === own.id);
        return { column: column?.header ?? null, reason: `the row has no ${own.name.en.toLowerCase()}` };
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
        reason: problems
          .map((problem) => (problem.column ? `${problem.column}: ${problem.reason}` : problem.reason))
          .join('; '),
        values,
      },
    };
  }
}
