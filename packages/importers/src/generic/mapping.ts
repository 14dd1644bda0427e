/**
 * A saved column mapping: how to read a file no built-in platform covers — the cost ledger,
 * follower snapshots, customers, FX rates, or any other platform. It is plain data (JSON or
 * YAML), validated here with every problem reported at once, and compiled to the same
 * `ImportProfile` the built-in platforms use.
 */
import {
  CHANNELS,
  type Channel,
  checkTimeZone,
  didYouMean,
  FACTS,
  type FactColumnKind,
  MarkpiError,
  MEASURES,
  type Problem,
} from '@markpi/core';
import { normalizeCurrency } from '../money/currency.js';
import type { DateOrder } from '../parse/dates.js';
import { column } from '../platforms/rules.js';
import type { ColumnRule, Derivation, ImportProfile, ImportTarget, ValueKind } from '../platforms/types.js';

export type MappedUnit = 'percent_points' | 'fraction' | 'fen' | 'micros' | 'major';

export interface MappedColumn {
  field: string;
  /** For money: `fen` (1/100) or `micros`; for rates: `percent_points` or `fraction`. */
  unit?: MappedUnit;
  /** The column's currency, when the file states it only in the header. */
  currency?: string;
  /** The column is a rate of this base field; the count `field` = round(rate × base). */
  rateOf?: string;
}

export interface ColumnMapping {
  /** Names the import source in the log; a newer file with the same mapping replaces its days. */
  name: string;
  target: ImportTarget;
  /** File header → field (or details). Headers are matched after normalisation (case, spacing, fullwidth). */
  columns: Record<string, string | MappedColumn>;
  channel?: Channel;
  trafficType?: 'paid' | 'organic';
  /** Currency of the file's money columns when no column says. */
  currency?: string;
  dateOrder?: DateOrder;
  /** IANA time zone of times the file writes without an offset (default UTC). */
  timeZone?: string;
  /** Fields with one value for every row, e.g. `{ "cost_type": "agency" }`. */
  constants?: Record<string, string>;
  notes?: string[];
}

const TARGETS: readonly ImportTarget[] = [...FACTS.map((fact) => fact.id), 'fx_rates'];
/** How a fact's own column is read. */
const OWN_COLUMN_KINDS: Record<FactColumnKind, ValueKind> = {
  key: 'id',
  text: 'text',
  time: 'time',
  money: 'money',
  count: 'count',
};
const UNITS: readonly MappedUnit[] = ['percent_points', 'fraction', 'fen', 'micros', 'major'];

/** The fields a target accepts, and how each is read. */
export function targetFields(target: ImportTarget): Map<string, ValueKind> {
  const fields = new Map<string, ValueKind>([
    ['date', 'date'],
    ['ignore', 'ignore'],
  ]);
  if (target === 'fx_rates') {
    fields.set('currency', 'currency');
    fields.set('rate', 'number');
    return fields;
  }
  const fact = FACTS.find((entry) => entry.id === target)!;
  for (const dimension of fact.dimensions)
    fields.set(dimension, dimension === 'currency' ? 'currency' : 'text');
  for (const measure of MEASURES) {
    if (measure.fact !== target || measure.filter) continue;
    const kind: ValueKind = measure.unit === 'currency' ? 'money' : 'count';
    fields.set(measure.column, kind);
    fields.set(measure.id, kind);
  }
  for (const own of fact.columns ?? []) fields.set(own.id, OWN_COLUMN_KINDS[own.kind]);
  if ([...fields.values()].includes('money')) fields.set('currency', 'currency');
  return fields;
}

/** A measure id (`non_media_cost`) → the column it lives in (`amount`). */
export function fieldColumn(target: ImportTarget, field: string): string {
  if (target === 'fx_rates') return field;
  const measure = MEASURES.find((entry) => entry.fact === target && entry.id === field && !entry.filter);
  return measure ? measure.column : field;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Checks a mapping read from JSON/YAML; throws one error listing every problem. */
export function validateMapping(value: unknown, file = 'mapping'): ColumnMapping {
  const problems: Problem[] = [];
  const problem = (path: string, message: string, hint?: string) =>
    problems.push({ file, path, message, ...(hint ? { hint } : {}) });
  if (!isRecord(value)) {
    throw new MarkpiError('import.mapping_invalid', `${file}: a mapping must be an object`, [
      { file, message: 'a mapping must be an object' },
    ]);
  }
  if (typeof value.name !== 'string' || value.name.trim() === '') problem('name', 'a mapping needs a name');
  const target = value.target;
  if (typeof target !== 'string' || !TARGETS.includes(target as ImportTarget)) {
    problem(
      'target',
      `target must be one of ${TARGETS.join(', ')}`,
      typeof target === 'string' ? didYouMean(target, TARGETS) : undefined,
    );
  }
  const fields =
    typeof target === 'string' && TARGETS.includes(target as ImportTarget)
      ? targetFields(target as ImportTarget)
      : undefined;
  if (!isRecord(value.columns) || Object.keys(value.columns).length === 0) {
    problem('columns', 'columns must map at least one file header to a field');
  } else if (fields) {
    for (const [header, entry] of Object.entries(value.columns)) {
      const path = `columns[${JSON.stringify(header)}]`;
      const details = typeof entry === 'string' ? { field: entry } : entry;
      if (!isRecord(details) || typeof details.field !== 'string') {
        problem(path, 'give a field name, or an object with a `field`');
        continue;
      }
      if (!fields.has(details.field)) {
        problem(
          `${path}.field`,
          `${target} has no field \`${details.field}\``,
          didYouMean(details.field, fields.keys()),
        );
      }
      if (details.unit !== undefined && !UNITS.includes(details.unit as MappedUnit)) {
        problem(`${path}.unit`, `unit must be one of ${UNITS.join(', ')}`);
      }
      if (
        details.currency !== undefined &&
        (typeof details.currency !== 'string' || !normalizeCurrency(details.currency))
      ) {
        problem(`${path}.currency`, `\`${String(details.currency)}\` is not a currency code`);
      }
      if (
        details.rateOf !== undefined &&
        (typeof details.rateOf !== 'string' || !fields.has(details.rateOf))
      ) {
        problem(`${path}.rateOf`, `rateOf must name a field of ${target}`);
      }
    }
    const mappedFields = Object.values(value.columns).map((entry) => (isRecord(entry) ? entry.field : entry));
    const constants = isRecord(value.constants) ? Object.keys(value.constants) : [];
    // An event's time gives its day; every other fact needs a date column.
    const timed = [...fields.entries()].some(
      ([field, kind]) => kind === 'time' && mappedFields.includes(field),
    );
    if (!mappedFields.includes('date') && !constants.includes('date') && !timed) {
      problem(
        'columns',
        'no column is mapped to `date`',
        "every fact is dated; map the file's date column to `date`",
      );
    }
  }
  if (value.channel !== undefined && !CHANNELS.includes(value.channel as Channel)) {
    problem(
      'channel',
      `channel must be one of ${CHANNELS.join(', ')}`,
      typeof value.channel === 'string' ? didYouMean(value.channel, CHANNELS) : undefined,
    );
  }
  if (value.trafficType !== undefined && value.trafficType !== 'paid' && value.trafficType !== 'organic') {
    problem('trafficType', 'trafficType must be paid or organic');
  }
  if (
    value.currency !== undefined &&
    (typeof value.currency !== 'string' || !normalizeCurrency(value.currency))
  ) {
    problem('currency', `\`${String(value.currency)}\` is not a currency code`);
  }
  if (value.timeZone !== undefined) {
    try {
      if (typeof value.timeZone !== 'string') throw new Error('not text');
      checkTimeZone(value.timeZone);
    } catch {
      problem(
        'timeZone',
        `\`${String(value.timeZone)}\` is not a time zone`,
        'an IANA name such as Asia/Shanghai',
      );
    }
  }
  if (value.dateOrder !== undefined && value.dateOrder !== 'dmy' && value.dateOrder !== 'mdy') {
    problem('dateOrder', 'dateOrder must be dmy (18/05/2025) or mdy (05/18/2025)');
  }
  if (value.constants !== undefined) {
    if (!isRecord(value.constants)) problem('constants', 'constants must be an object of field → value');
    else if (fields) {
      for (const [field, constant] of Object.entries(value.constants)) {
        if (!fields.has(field))
          problem(
            `constants.${field}`,
            `${target} has no field \`${field}\``,
            didYouMean(field, fields.keys()),
          );
        if (typeof constant !== 'string') problem(`constants.${field}`, 'constant values are text');
      }
    }
  }
  if (problems.length > 0) {
    throw new MarkpiError(
      'import.mapping_invalid',
      `${file}: the column mapping has ${problems.length} problem${problems.length === 1 ? '' : 's'}: ${problems.map((entry) => `${entry.path}: ${entry.message}`).join('; ')}`,
      problems,
    );
  }
  return value as unknown as ColumnMapping;
}

/** The mapping as an import profile. */
export function profileFromMapping(mapping: ColumnMapping): ImportProfile {
  const fields = targetFields(mapping.target);
  const rules: ColumnRule[] = [];
  const derivations: Derivation[] = [];
  for (const [header, entry] of Object.entries(mapping.columns)) {
    const details: MappedColumn = typeof entry === 'string' ? { field: entry } : entry;
    const field = fieldColumn(mapping.target, details.field);
    const currency = details.currency ? normalizeCurrency(details.currency) : undefined;
    if (details.rateOf) {
      const rateField = `rate_of_${field}`;
      rules.push(
        column(rateField, 'rate', [header], {
          rateUnit: details.unit === 'percent_points' ? 'points' : 'fraction',
        }),
      );
      derivations.push({ target: field, rate: rateField, base: fieldColumn(mapping.target, details.rateOf) });
      continue;
    }
    const kind = fields.get(details.field) ?? 'ignore';
    rules.push(
      column(field === 'ignore' ? 'ignored' : field, kind, [header], {
        ...(currency ? { currency } : {}),
        ...(details.unit === 'fen' || details.unit === 'micros' || details.unit === 'major'
          ? { moneyUnit: details.unit }
          : {}),
        ...(details.unit === 'percent_points' ? { rateUnit: 'points' as const } : {}),
        ...(details.unit === 'fraction' ? { rateUnit: 'fraction' as const } : {}),
      }),
    );
  }
  const defaultCurrency = mapping.currency ? normalizeCurrency(mapping.currency) : undefined;
  return {
    id: `mapping:${mapping.name}`,
    label: `mapping ${mapping.name}`,
    target: mapping.target,
    ...(mapping.channel ? { channel: mapping.channel } : {}),
    ...(mapping.trafficType ? { trafficType: mapping.trafficType } : {}),
    ...(defaultCurrency ? { defaultCurrency } : {}),
    rules,
    derivations,
    notes: (mapping.notes ?? []).map((text) => ({ key: 'import.note.as_written', params: { text } })),
    ...(mapping.constants ? { constants: mapping.constants } : {}),
    ...(mapping.dateOrder ? { dateOrder: mapping.dateOrder } : {}),
    ...(mapping.timeZone ? { timeZone: mapping.timeZone } : {}),
  };
}
