/**
 * The engine reader: a large, clean UTF-8 CSV is read by the warehouse engine's own CSV reader
 * (DuckDB's `read_csv`) straight into the fact table — one `INSERT … SELECT` inside the import's
 * transaction — instead of being parsed and appended from JavaScript, which is several times
 * slower. It is offered on engines whose warehouse has `csvFiles` (core's `CsvFileSql`): this
 * module decides what to check and store, the engine's `CsvFileSql` how to spell it.
 *
 * It must store exactly what the streaming reader (rows.ts) would, so it only takes what it can
 * reproduce bit for bit: every cell is checked in SQL against a strict pattern (plain numbers,
 * ISO dates, text without surrounding spaces, exact channel and closed-set values, no totals
 * rows…) and converted with operations that round as JavaScript does. Any cell outside those
 * patterns stops the statement (the engine's `fail`); the transaction is rolled back, nothing was
 * written, and the import starts again on the streaming reader, which reports rows, columns and
 * reasons as always. Profiles with quirks only JavaScript knows (row refiners, per-row
 * currencies, currency conversion) are not offered to the engine at all.
 *
 * Values reach SQL as bound parameters; the only text spliced in is this module's own
 * patterns and generated column names. Patterns are RE2, as `CsvFileSql` takes them.
 */
import { CHANNELS, CSV_DELIMITERS, type CsvDelimiter, type CsvFileSql } from '@markpi/core';
import type { DecimalStyle } from '../parse/numbers.js';
import { PLACEHOLDER_TEXTS } from '../parse/numbers.js';
import type { ImportProfile } from '../platforms/types.js';
import type { Delimiter } from '../read/delimiter.js';
import { DEFAULT_MAX_LINE_CHARS, type SourceRecord } from '../read/records.js';
import type { TextEncoding } from '../read/sniff.js';
import type { ImportSource } from '../read/source.js';
import { type BoundColumn, CHANNEL_ALIASES, CLOSED_VALUES, type TableLayout } from './rows.js';
import type { ReplacementKey } from './types.js';
import { type Utf8Copy, writeUtf8Copy } from './utf8-copy.js';
import type { CellValue, ImportWarehouse, Row } from './warehouse.js';

/** The warehouse side the engine reader needs: an engine that can read a local CSV itself. */
export type EngineTarget = Pick<ImportWarehouse, 'dialect' | 'query' | 'run' | 'runWithProgress'> & {
  readonly csvFiles: CsvFileSql;
};

/** The warehouse as an engine target, when its engine reads CSV files itself. */
export function engineTarget(warehouse: ImportWarehouse): EngineTarget | undefined {
  const readsCsvFiles = (candidate: ImportWarehouse): candidate is ImportWarehouse & EngineTarget =>
    candidate.csvFiles !== undefined;
  return readsCsvFiles(warehouse) ? warehouse : undefined;
}

/** Everything the streaming reader settled about the file before its first data row. */
export interface EngineCsvInput {
  /** A UTF-8 file with the source's lines: the source itself, or a decoded copy. */
  path: string;
  format: 'csv' | 'xlsx';
  /** The source's encoding (the engine reads `path`, which is UTF-8 either way). */
  encoding: TextEncoding | undefined;
  delimiter: Delimiter | undefined;
  /** 1-based line of the header: the engine skips this many lines. */
  headerRow: number;
  headers: readonly string[];
  columns: readonly BoundColumn[];
  profile: ImportProfile;
  layout: TableLayout;
  decimalStyle: DecimalStyle;
  channel: string | undefined;
  account: string | undefined;
  /** The file-wide currency `--currency` gave, if any. */
  currency: string | undefined;
  baseCurrency: string;
  importId: string;
  maxLineChars: number | undefined;
  /** The data records already read after the header, as the streaming reader parsed them. */
  head: readonly SourceRecord[];
  /** Meta's summary row: when the first data row is one, the file is left to the streaming reader. */
  firstRowIsSummary: boolean;
}

export interface EngineCsvPlan {
  /** The statement that loads every row. */
  insert: { sql: string; params: CellValue[] };
  /** The first rows as the engine parses them, compared with `expectedHead` before loading. */
  preview: { sql: string; params: CellValue[] };
  expectedHead: (string | null)[][];
  /** After the load: counts and the date range of this import's rows. */
  stats: { sql: string; params: CellValue[] };
  /** After the load: the distinct channel and account of this import's rows. */
  keys: { sql: string; params: CellValue[] };
  /** The currency every amount was in, when any row has an amount. */
  currency: string | undefined;
  /** Bound column whose cell stopped the engine, by the tag in its failure message. */
  columnByTag: ReadonlyMap<string, string>;
  /** Cells per row: the header's width. */
  width: number;
}

export interface EngineCsvResult {
  rows: number;
  firstDate: string | null;
  lastDate: string | null;
  keys: ReplacementKey[];
  currencies: string[];
}

/** Thrown when the engine cannot load the file as the streaming reader would; nothing is kept. */
export class EngineFallback extends Error {
  constructor(readonly reason: string) {
    super(`engine reader stopped: ${reason}`);
    this.name = 'EngineFallback';
  }
}

/** How many data rows the engine's parse is compared with the streaming reader's. */
const PREVIEW_ROWS = 500;

/** Characters JavaScript's `trim()` removes, as an RE2 class (RE2's `\s` is ASCII only). */
const TRIMMED =
  '[\\t\\n\\x{0B}\\f\\r \\x{00A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}]';
/** A cell that trimming would change. */
const UNTRIMMED = `^${TRIMMED}|${TRIMMED}$`;
/**
 * Plain numbers: digits with an optional dot decimal part. The streaming reader reads these as
 * `Number(text)` — directly up to 15 + 15 digits, through its general parser beyond, which
 * gives the same double — and so does DuckDB's cast (both round correctly). Cells are kept to
 * 31 bytes, far from any overflow to infinity.
 */
const PLAIN_DOT = '[0-9]+(?:[.][0-9]+)?';
/** In a comma-decimal file only whole numbers are plain. */
const PLAIN_WHOLE = '[0-9]+';
const PLAIN_MAX_BYTES = 31;
/** `1,234,567.5`: thousands grouped by commas, dot decimals (dot-style files only). */
const DOT_GROUPED = '[0-9]{1,3}(?:,[0-9]{3})+(?:[.][0-9]{1,15})?';
/**
 * A cell that may be a totals label: JavaScript's pattern is anchored at the start, so this
 * one is too, and fails at the first character of nearly every cell. It matches any cell
 * *starting* with a totals word — more than the streaming reader treats as totals, which only
 * sends more files back to it. `ſ` because JavaScript's case-insensitive match takes it for `s`.
 */
const TOTALS_START = `^(?i)${TRIMMED}*(?:tota|grand|ge[sſ]amt|[sſ]umme|合计|總計|总计|汇总|合計|總和|总和)`;
/** Scientific-notation IDs: Excel already lost their digits; the streaming reader warns. */
const SCIENTIFIC_ID = '\\d+(?:[.,]\\d+)?[eE]\\+?\\d+';

const ENGINE_DELIMITERS: ReadonlySet<string> = new Set(CSV_DELIMITERS);

/** Longest placeholder in bytes (four characters of at most three bytes each). */
const PLACEHOLDER_MAX_BYTES = 12;

/** RE2 text matching `text` literally. */
function literalPattern(text: string): string {
  return text.replace(/[\\^$.|?*+()[\]{}\-/#]/g, (character) => `\\${character}`);
}

/**
 * Why the file's rows cannot go to the engine, or undefined when they can. Where the bytes are
 * and how they are encoded is the caller's business: it hands the engine a UTF-8 file.
 */
export function engineIneligibility(input: Omit<EngineCsvInput, 'path'>): string | undefined {
  const { profile, layout, columns } = input;
  if (input.format !== 'csv') return 'the file is a workbook';
  if (!input.encoding) return 'the encoding is unknown';
  if (!input.delimiter || !ENGINE_DELIMITERS.has(input.delimiter)) return 'the delimiter is unusual';
  if (profile.refine) return `${profile.label} rows need platform-specific handling`;
  if (profile.target === 'fx_rates') return 'FX tables are small';
  if (layout.ownColumns.length > 0) return 'event, order and path rows are read one by one';
  if (input.firstRowIsSummary) return 'the first row is a summary row';
  if (!columns.some((column) => column.field === 'date' && column.kind === 'date'))
    return 'rows take their date from the report period';
  const fields = new Set<string>();
  for (const column of columns) {
    if (fields.has(column.field)) return `two columns fill ${column.field}`;
    fields.add(column.field);
    if (column.kind === 'currency') return 'amounts carry a currency per row';
    if (column.kind === 'number') return `${column.header} holds plain numbers`;
    if (column.kind === 'money') {
      if (!layout.columns.includes(column.field)) return `${column.header} is not stored as it is`;
      const currency = column.currency ?? input.currency ?? profile.defaultCurrency;
      if (currency !== input.baseCurrency)
        return `amounts are in ${currency ?? 'an unstated currency'} and need converting`;
    }
  }
  for (const derivation of profile.derivations ?? []) {
    if (!fields.has(derivation.rate) || !fields.has(derivation.base)) continue;
    const rate = columns.find((column) => column.field === derivation.rate);
    if (rate?.kind !== 'rate') return `${derivation.target} is derived from a column that is not a rate`;
  }
  for (const field of Object.keys(profile.constants ?? {})) {
    if (['date', 'channel', 'currency', 'period_start', 'period_end'].includes(field))
      return `the mapping sets ${field} as a constant`;
  }
  if (!layout.columns.includes('account') && (fields.has('account') || input.account !== undefined))
    return 'the account is read but not stored';
  return undefined;
}

/**
 * Builds the SQL for one file the engine may read (see `engineIneligibility`). `path` is a UTF-8
 * file with the same lines as the source (the source itself, or a copy).
 */
export function planEngineCsv(
  input: EngineCsvInput,
  target: Pick<EngineTarget, 'dialect' | 'csvFiles'>,
): EngineCsvPlan {
  return new SqlBuilder(input, target).plan();
}

/** One bound column in SQL: a check that is TRUE or raises, and the value it stores. */
interface ColumnSql {
  check: string;
  value: string;
}

/**
 * Generates the statement. Raw cells are `c0 … cN` (the file's columns by position, read as
 * text), fields are `f_<name>`. Every check sits in a WHERE clause as `CASE … THEN TRUE ELSE
 * <fail 'markpi-engine:<tag>'> END`: a filter runs on every row, whereas a projection the
 * optimiser finds unused (a field only a derivation reads, say) would never run and a cell the
 * streaming reader rejects would slip through.
 */
class SqlBuilder {
  private readonly params: CellValue[] = [];
  private readonly tags = new Map<string, string>();
  private readonly sql: CsvFileSql;
  private readonly quote: (name: string) => string;

  constructor(
    private readonly input: EngineCsvInput,
    private readonly target: Pick<EngineTarget, 'dialect' | 'csvFiles'>,
  ) {
    this.sql = target.csvFiles;
    this.quote = (name) => target.dialect.quote(name);
  }

  private param(value: CellValue): string {
    this.params.push(value);
    return this.target.dialect.parameter(
      this.params.length - 1,
      typeof value === 'number' ? 'number' : 'text',
    );
  }

  /** TRUE when `ok` holds; otherwise the statement stops, naming `what`. */
  private require(ok: string, tag: string, what: string): string {
    this.tags.set(tag, what);
    return `CASE WHEN ${ok} THEN TRUE ELSE ${this.sql.fail(`markpi-engine:${tag}`)} END`;
  }

  /**
   * `expression` is one of `values`, exactly. Written as one pattern, not `IN (…)`: DuckDB turns a
   * long IN list into a join, which costs a pipeline and blinds its progress report.
   */
  private oneOf(expression: string, values: readonly string[]): string {
    return this.sql.fullMatch(expression, `(?:${values.map(literalPattern).join('|')})`);
  }

  /**
   * The cell is a placeholder (`-`, `N/A`, …). The byte length test comes first: it is nearly free
   * and rules out almost every cell before the lower-casing and the pattern.
   */
  private placeholderTest(cell: string): string {
    const { sql } = this;
    return `(${sql.byteLength(cell)} <= ${PLACEHOLDER_MAX_BYTES} AND ${this.oneOf(sql.lower(cell), PLACEHOLDER_TEXTS)})`;
  }

  private readCsv(pathParam: string): string {
    const { input } = this;
    return this.sql.readCsv(pathParam, {
      // Checked by engineIneligibility.
      delimiter: input.delimiter as CsvDelimiter,
      skipLines: Math.trunc(input.headerRow),
      width: input.headers.length,
      maxLineChars: Math.trunc(input.maxLineChars ?? DEFAULT_MAX_LINE_CHARS),
    });
  }

  private text(column: BoundColumn, cell: string, tag: string): ColumnSql {
    const { sql } = this;
    const allowed = CLOSED_VALUES.get(column.field);
    const placeholder = this.placeholderTest(cell);
    if (allowed) {
      // The streaming reader compares lower case (`KOL` is `kol`); a value with spaces or
      // dashes, which it would also rewrite, is left to it.
      const known = this.oneOf(sql.lower(cell), allowed);
      return {
        check: this.require(
          `${cell} IS NULL OR ${known} OR ${placeholder}`,
          tag,
          `${column.header}: a value outside ${allowed.join(', ')} as written`,
        ),
        value: `CASE WHEN ${known} THEN ${sql.lower(cell)} END`,
      };
    }
    return {
      check: this.require(
        `${cell} IS NULL OR NOT ${sql.search(cell, UNTRIMMED)}`,
        tag,
        `${column.header}: a cell with spaces around it`,
      ),
      value: `CASE WHEN ${placeholder} THEN NULL ELSE ${cell} END`,
    };
  }

  private id(column: BoundColumn, cell: string, tag: string): ColumnSql {
    const { sql } = this;
    return {
      check: this.require(
        `${cell} IS NULL OR NOT ${sql.search(cell, `${UNTRIMMED}|^${SCIENTIFIC_ID}$`)}`,
        tag,
        `${column.header}: an ID in scientific notation or with spaces around it`,
      ),
      // Excel writes integer IDs saved from a number cell as `123.0`.
      value:
        `CASE WHEN ${cell} = ${sql.text('-')} OR ${cell} = ${sql.text('--')} THEN NULL ` +
        `WHEN ${sql.fullMatch(cell, '\\d+\\.0')} THEN ${sql.dropLast(cell, 2)} ELSE ${cell} END`,
    };
  }

  private date(column: BoundColumn, cell: string, tag: string): ColumnSql {
    // ISO days, optionally with a time, and `YYYY/MM/DD`; anything else (day/month orders,
    // month names, serials, placeholders) is the streaming reader's.
    const { sql } = this;
    const iso =
      `CASE WHEN ${sql.fullMatch(cell, '\\d{4}-\\d{2}-\\d{2}')} THEN ${cell} ` +
      `WHEN ${sql.fullMatch(cell, '\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(?::\\d{2})?')} THEN ${sql.firstChars(cell, 10)} ` +
      `WHEN ${sql.fullMatch(cell, '\\d{4}/\\d{2}/\\d{2}')} THEN ${sql.replaceAll(cell, '/', '-')} END`;
    const day = sql.toDate(iso);
    return {
      check: this.require(
        `${cell} IS NULL OR ${sql.year(day)} BETWEEN 1900 AND 2200`,
        tag,
        `${column.header}: a date that is not an ISO day`,
      ),
      value: day,
    };
  }

  private number(column: BoundColumn, cell: string, tag: string): ColumnSql {
    const { input } = this;
    const negativeAllowed =
      column.kind === 'money' && input.layout.table === 'fact_costs' && column.field === 'amount';
    const sign = negativeAllowed ? '-?' : '';
    let pattern: string;
    let grouped = false;
    let scale = '';
    if (column.kind === 'money' && column.rule.moneyUnit === 'fen') {
      // Whole 分 only: decimals make the streaming reader warn that the unit may be wrong.
      pattern = `${sign}${PLAIN_WHOLE}`;
      scale = ' / 100';
    } else if (column.kind === 'rate') {
      pattern = input.decimalStyle === 'dot' ? PLAIN_DOT : PLAIN_WHOLE;
      if (column.rule.rateUnit === 'points') scale = ' / 100';
    } else {
      pattern = `${sign}${input.decimalStyle === 'dot' ? PLAIN_DOT : PLAIN_WHOLE}`;
      grouped = input.decimalStyle === 'dot';
      if (column.kind === 'money' && column.rule.moneyUnit === 'micros') scale = ' / 1000000';
    }
    const { sql } = this;
    const plain = `(${sql.byteLength(cell)} <= ${PLAIN_MAX_BYTES} AND ${sql.fullMatch(cell, pattern)})`;
    const groupedTest = grouped
      ? ` OR (${sql.contains(cell, ',')} AND ${sql.fullMatch(cell, `${sign}${DOT_GROUPED}`)})`
      : '';
    return {
      check: this.require(
        `${cell} IS NULL OR ${plain}${groupedTest} OR ${this.placeholderTest(cell)}`,
        tag,
        `${column.header}: a number written in a way the streaming reader settles (sign, percent, units, grouping)`,
      ),
      // Checked above: the cell is a plain or comma-grouped number (cast exactly, as Number()
      // does), or a placeholder, which the cast makes NULL. Only grouped numbers are copied
      // without their commas.
      value: `(CASE WHEN ${sql.contains(cell, ',')} THEN ${sql.toNumber(sql.replaceAll(cell, ',', ''))} ELSE ${sql.toNumber(cell)} END)${scale}`,
    };
  }

  private column(column: BoundColumn, tag: string): ColumnSql | undefined {
    const cell = `c${column.index}`;
    switch (column.kind) {
      case 'text':
        return this.text(column, cell, tag);
      case 'id':
        return this.id(column, cell, tag);
      case 'date':
        return this.date(column, cell, tag);
      case 'count':
      case 'money':
      case 'rate':
        return this.number(column, cell, tag);
      default:
        return undefined;
    }
  }

  private channel(raw: string): ColumnSql {
    const names: [string, string][] = [
      ...CHANNELS.map((channel): [string, string] => [channel, channel]),
      ...Object.entries(CHANNEL_ALIASES),
    ];
    const { sql } = this;
    const known = this.oneOf(
      sql.lower(raw),
      names.map(([name]) => name),
    );
    const missingAllowed = this.input.layout.table !== 'fact_performance';
    return {
      check: this.require(
        `${missingAllowed ? `${raw} IS NULL OR ` : ''}${known}`,
        'channel',
        'a row without a channel, or a channel name to be looked up',
      ),
      value: `CASE ${sql.lower(raw)} ${names.map(([name, channel]) => `WHEN ${sql.text(name)} THEN ${sql.text(channel)}`).join(' ')} END`,
    };
  }

  plan(): EngineCsvPlan {
    const { input, sql, quote } = this;
    const { profile, layout } = input;
    const field = (name: string) => quote(`f_${name}`);
    const pathParam = this.param(input.path);
    const importIdParam = this.param(input.importId);

    const rawColumns = input.headers.map((_, index) => `c${index}`);
    // A row whose cells are all empty is skipped, as the streaming reader skips it.
    const rawChecks = [`coalesce(${rawColumns.join(', ')}) IS NOT NULL`];
    // The date cell is not searched: a totals label there already fails the date check.
    const dateColumn = input.columns.find((column) => column.field === 'date')!;
    const labelCells = rawColumns.slice(0, 3).filter((name) => name !== `c${dateColumn.index}`);
    if (labelCells.length > 0) {
      const label = labelCells.map((cell) => sql.search(cell, TOTALS_START)).join(' OR ');
      rawChecks.push(`CASE WHEN ${label} THEN ${sql.fail('markpi-engine:totals')} ELSE TRUE END`);
    }
    this.tags.set('totals', 'a totals row (or a name with a totals word in the first three columns)');
    const fields: string[] = [];
    const read = new Set<string>();
    input.columns.forEach((column, position) => {
      const columnSql = this.column(column, String(position));
      if (!columnSql) return;
      // The row's date is required: it is checked once, on its value, with the rows below.
      if (column !== dateColumn) rawChecks.push(columnSql.check);
      fields.push(`${columnSql.value} AS ${field(column.field)}`);
      read.add(column.field);
    });
    const inner = `SELECT ${fields.join(', ')} FROM ${this.readCsv(pathParam)} WHERE ${rawChecks.join(' AND ')}`;

    // Fields as the streaming reader completes them: constants, derivations, channel, defaults.
    const finished = new Map<string, string>([...read].map((name) => [name, field(name)]));
    const orDefault = (name: string, fallback: string) => {
      const current = finished.get(name);
      finished.set(name, current ? `coalesce(${current}, ${fallback})` : fallback);
    };
    for (const [name, value] of Object.entries(profile.constants ?? {})) orDefault(name, this.param(value));
    for (const derivation of profile.derivations ?? []) {
      if (!read.has(derivation.rate) || !read.has(derivation.base)) continue;
      // Rates and bases are never negative here, so round() (half away from zero) is Math.round.
      orDefault(
        derivation.target,
        sql.roundHalfAway(`${field(derivation.rate)} * ${field(derivation.base)}`),
      );
    }
    const rowChecks: string[] = [];
    if (profile.channel) finished.set('channel', this.param(profile.channel));
    else {
      if (input.channel !== undefined) orDefault('channel', this.param(input.channel));
      const channel = this.channel(finished.get('channel') ?? this.target.dialect.nullString());
      rowChecks.push(channel.check);
      finished.set('channel', channel.value);
    }
    if (profile.trafficType) orDefault('traffic_type', this.param(profile.trafficType));
    if (input.account !== undefined) orDefault('account', this.param(input.account));
    const money = input.columns.filter((column) => column.kind === 'money');
    const currency = money.map((column) => column.currency ?? input.currency ?? profile.defaultCurrency)[0];
    if (layout.columns.includes('currency')) {
      finished.set(
        'currency',
        money.length > 0 && currency
          ? `CASE WHEN ${money.map((column) => `${field(column.field)} IS NOT NULL`).join(' OR ')} THEN ${this.param(currency)} END`
          : this.target.dialect.nullString(),
      );
    }
    rowChecks.push(
      this.require(
        `${field('date')} IS NOT NULL AND ${sql.year(field('date'))} BETWEEN 1900 AND 2200`,
        'date',
        `${dateColumn.header}: an empty date, or one that is not an ISO day`,
      ),
    );
    if (layout.table === 'fact_followers') {
      rowChecks.push(
        this.require(
          `${finished.get('followers') ?? 'NULL'} IS NOT NULL`,
          'followers',
          'a snapshot without a follower count',
        ),
      );
    }
    // A row speaking for days beyond its own date widens the import's period: the streaming
    // reader's business.
    const wider: string[] = [];
    if (read.has('period_start')) wider.push(`${field('period_start')} < ${field('date')}`);
    if (read.has('period_end')) wider.push(`${field('period_end')} > ${field('date')}`);
    if (wider.length > 0)
      rowChecks.push(
        this.require(`NOT coalesce(${wider.join(' OR ')}, FALSE)`, 'period', 'a row covering several days'),
      );

    const outputs = layout.columns.map((name) =>
      name === 'import_id' ? importIdParam : (finished.get(name) ?? 'NULL'),
    );
    const insertSql =
      `INSERT INTO ${quote(layout.table)} (${layout.columns.map(quote).join(', ')}) ` +
      `SELECT ${outputs.join(', ')} FROM (${inner}) WHERE ${rowChecks.join(' AND ')}`;
    const insertParams = [...this.params];

    // The statements after the load are plain SQL over the table the load wrote.
    const table = quote(layout.table);
    const first = this.target.dialect.parameter(0, 'text');
    const ofImport = `${quote('import_id')} = ${first}`;
    const priced =
      money.length > 0 ? money.map((column) => `${quote(column.field)} IS NOT NULL`).join(' OR ') : 'FALSE';
    const account = layout.columns.includes('account') ? quote('account') : this.target.dialect.nullString();
    return {
      insert: { sql: insertSql, params: insertParams },
      preview: {
        sql: `SELECT * FROM ${this.readCsv(first)} WHERE ${rawChecks[0]} LIMIT ${PREVIEW_ROWS}`,
        params: [input.path],
      },
      expectedHead: expectedRows(input.head, input.headers.length),
      stats: {
        sql:
          `SELECT COUNT(*) AS n, MIN(${quote('date')}) AS first_date, MAX(${quote('date')}) AS last_date, ` +
          `COUNT(CASE WHEN ${priced} THEN 1 END) AS priced FROM ${table} WHERE ${ofImport}`,
        params: [input.importId],
      },
      keys: {
        sql: `SELECT DISTINCT ${quote('channel')} AS channel, ${account} AS account FROM ${table} WHERE ${ofImport}`,
        params: [input.importId],
      },
      currency,
      columnByTag: this.tags,
      width: input.headers.length,
    };
  }
}

/**
 * The head's data rows as the engine should see them: the header's width, empty cells as
 * null, rows with every cell empty left out (both readers skip them).
 */
function expectedRows(head: readonly SourceRecord[], width: number): (string | null)[][] {
  const rows: (string | null)[][] = [];
  for (const record of head) {
    if (rows.length >= PREVIEW_ROWS) break;
    const cells = record.cells.map((cell) =>
      cell === null ? '' : typeof cell === 'string' ? cell : '\u0000',
    );
    if (cells.every((cell) => cell === '')) continue;
    const row: (string | null)[] = [];
    for (let index = 0; index < width; index++) {
      const cell = cells[index] ?? '';
      row.push(cell === '' ? null : cell);
    }
    // Cells beyond the header's width: the engine drops trailing empty ones and refuses others.
    if (cells.slice(width).some((cell) => cell !== '')) row.push('\u0000');
    rows.push(row);
  }
  return rows;
}

function sameRows(actual: readonly Row[], expected: readonly (string | null)[][], width: number): boolean {
  if (actual.length < expected.length) return false;
  for (let index = 0; index < expected.length; index++) {
    const want = expected[index]!;
    if (want.length !== width) return false;
    const got = actual[index]!;
    for (let column = 0; column < width; column++) {
      const value = got[`c${column}`];
      const text = value === null || value === undefined ? null : String(value);
      if (text !== want[column]) return false;
    }
  }
  return true;
}

function engineReason(error: unknown, plan: EngineCsvPlan): string {
  const message = error instanceof Error ? error.message : String(error);
  const tag = /markpi-engine:([\w]+)/.exec(message)?.[1];
  if (tag !== undefined) return plan.columnByTag.get(tag) ?? tag;
  return message.split('\n')[0]!.slice(0, 200);
}

/**
 * Loads the file on the engine inside the caller's transaction. Throws `EngineFallback` when the
 * engine's parse of the head differs from the streaming reader's, or any cell is outside what
 * the engine reproduces; the caller must then roll back and read the file the other way.
 */
async function loadWithEngine(
  target: EngineTarget,
  plan: EngineCsvPlan,
  onProgress: (fraction: number) => void,
): Promise<EngineCsvResult> {
  let preview: Row[];
  try {
    preview = await target.query(plan.preview.sql, plan.preview.params);
  } catch (error) {
    throw new EngineFallback(engineReason(error, plan));
  }
  if (!sameRows(preview, plan.expectedHead, plan.width))
    throw new EngineFallback('the engine splits the first rows differently');
  try {
    if (target.runWithProgress) await target.runWithProgress(plan.insert.sql, plan.insert.params, onProgress);
    else await target.run(plan.insert.sql, plan.insert.params);
  } catch (error) {
    throw new EngineFallback(engineReason(error, plan));
  }
  const [stats] = await target.query(plan.stats.sql, plan.stats.params);
  const keys = await target.query(plan.keys.sql, plan.keys.params);
  const text = (value: unknown) => (value === null || value === undefined ? null : String(value));
  return {
    rows: Number(stats?.n ?? 0),
    firstDate: text(stats?.first_date),
    lastDate: text(stats?.last_date),
    keys: keys.map((row) => ({ channel: text(row.channel), account: text(row.account) })),
    currencies: Number(stats?.priced ?? 0) > 0 && plan.currency ? [plan.currency] : [],
  };
}

/**
 * Reads an eligible file (see `engineIneligibility`) into the caller's transaction. The engine
 * reads UTF-8 files on disk: others (GB18030, UTF-16, uploads held in memory) get a decoded copy
 * first, removed afterwards. Throws `EngineFallback` when the file must be read the other way.
 */
export async function readWithEngine(
  target: EngineTarget,
  source: ImportSource,
  input: Omit<EngineCsvInput, 'path'>,
  onProgress: (fraction: number) => void,
): Promise<EngineCsvResult> {
  let copy: Utf8Copy | undefined;
  try {
    let path = input.encoding === 'utf-8' ? source.path : undefined;
    if (!path) {
      try {
        copy = await writeUtf8Copy(source, input.encoding!, input.maxLineChars ?? DEFAULT_MAX_LINE_CHARS);
      } catch (error) {
        // The streaming reader meets the same bytes and reports them its own way.
        throw new EngineFallback(`the UTF-8 copy: ${(error as Error).message}`);
      }
      path = copy.file;
    }
    return await loadWithEngine(target, planEngineCsv({ ...input, path }, target), onProgress);
  } finally {
    await copy?.remove();
  }
}

/**
 * Rows in a file of `totalBytes`, judged by the byte length of the rows already read (cells plus
 * one delimiter or line break each): the engine reports only the fraction of the file done, and
 * progress is shown in rows.
 */
export function estimateRows(head: readonly SourceRecord[], width: number, totalBytes: number): number {
  let bytes = 0;
  for (const record of head) {
    for (const cell of record.cells) bytes += typeof cell === 'string' ? Buffer.byteLength(cell) : 8;
    bytes += Math.max(width, record.cells.length);
  }
  return head.length === 0 || bytes === 0 ? 0 : Math.round(totalBytes / (bytes / head.length));
}
