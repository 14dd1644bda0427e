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
import { open } from 'node:fs/promises';
import { CHANNELS, CSV_DELIMITERS, type CsvDelimiter, type CsvFileSql } from '@markpi/core';
import type { DecimalStyle } from '../parse/numbers.js';
import { PLACEHOLDER_TEXTS } from '../parse/numbers.js';
import type { ImportProfile } from '../platforms/types.js';
import { FastCsvParser, type ParsedRecord } from '../read/csv-parser.js';
import type { Delimiter } from '../read/delimiter.js';
import { DEFAULT_MAX_LINE_CHARS, type SourceRecord } from '../read/records.js';
import type { TextEncoding } from '../read/sniff.js';
import type { ImportSource } from '../read/source.js';
import { TOTAL_WORDS_ALONE, TOTAL_WORDS_BEFORE_COLON, totalsLabelOf } from '../read/totals.js';
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
  /**
   * The file's totals rows where JavaScript found them (in the head, or ending the file): the
   * only totals rows the engine may leave out; any other stops it.
   */
  knownTotals?: readonly EngineTotalsRow[];
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
  /** After the load: the sums the reconciliation compares with the totals rows. */
  sums: { sql: string; params: CellValue[] };
  /** The currency every amount was in, when any row has an amount. */
  currency: string | undefined;
  /** Bound column whose cell stopped the engine, by the tag in its failure message. */
  columnByTag: ReadonlyMap<string, string>;
  /** Cells per row: the header's width. */
  width: number;
}

/** A totals row the engine left out, where the file has it, for the reconciliation. */
export interface EngineTotalsRow {
  /** 1-based line of the file. */
  row: number;
  label: string;
  cells: string[];
}

export interface EngineCsvResult {
  rows: number;
  totals: EngineTotalsRow[];
  /** Sums of the stored measures, as the streaming reader adds them up for the reconciliation. */
  sums: Record<string, number>;
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
/** A word matched as JavaScript's non-Unicode `i` flag matches it: ASCII letters in either case, nothing else folded. */
function asciiCaseless(word: string): string {
  return [...word]
    .map((character) =>
      /[a-z]/.test(character) ? `[${character}${character.toUpperCase()}]` : literalPattern(character),
    )
    .join('');
}

/**
 * The streaming reader's totals label (read/totals.ts), exactly: `\\s` is JavaScript's white
 * space (the characters `trim()` removes), and case is folded for ASCII letters alone — RE2's
 * `(?i)` would also take `ſ` for `s` and the Kelvin sign for `k`, which JavaScript does not.
 */
const TOTAL_LABEL = `^${TRIMMED}*(?:(?:${TOTAL_WORDS_BEFORE_COLON.map(asciiCaseless).join('|')})${TRIMMED}*:|(?:${TOTAL_WORDS_ALONE.map(asciiCaseless).join('|')})${TRIMMED}*$)`;
/** A cell the streaming reader counts as empty: only white space (`trim()` leaves nothing). */
const BLANK = `${TRIMMED}*`;
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
    // ISO days (optionally with a time), `YYYY/M/D`, `YYYY-M-D` and `YYYY.M.D` with one- or
    // two-digit months and days (optionally with a time), and GA4's `YYYYMMDD`, read as the
    // streaming reader reads them; anything else (day/month orders, month names, serials,
    // placeholders) is the streaming reader's.
    const { sql } = this;
    const shortMonth = sql.search(cell, '^\\d{4}[-/.]\\d[-/.]');
    const dayAt = (monthDigits: number) => 7 + monthDigits;
    const dayDigits = (monthDigits: number) =>
      `CASE WHEN ${sql.search(cell, `^\\d{4}[-/.]\\d{${monthDigits}}[-/.]\\d(?:$|[T ])`)} THEN 1 ELSE 2 END`;
    const part = (monthDigits: number) =>
      sql.dayOf(
        sql.substring(cell, 1, 4),
        sql.substring(cell, 6, monthDigits),
        // The day is one or two digits: substring of 2 keeps a following space or `T` out by
        // reading the digits alone.
        `CASE WHEN ${dayDigits(monthDigits)} = 1 THEN ${sql.substring(cell, dayAt(monthDigits), 1)} ELSE ${sql.substring(cell, dayAt(monthDigits), 2)} END`,
      );
    const day =
      `CASE WHEN ${sql.fullMatch(cell, '\\d{4}-\\d{2}-\\d{2}')} THEN ${sql.toDate(cell)} ` +
      `WHEN ${sql.fullMatch(cell, '\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(?::\\d{2})?')} THEN ${sql.toDate(sql.firstChars(cell, 10))} ` +
      `WHEN ${sql.fullMatch(cell, '\\d{8}')} THEN ${sql.dayOf(sql.substring(cell, 1, 4), sql.substring(cell, 5, 2), sql.substring(cell, 7, 2))} ` +
      `WHEN ${sql.fullMatch(cell, '\\d{4}[-/.]\\d{1,2}[-/.]\\d{1,2}(?:[T ]\\d{2}:\\d{2}(?::\\d{2})?)?')} THEN ` +
      `CASE WHEN ${shortMonth} THEN ${part(1)} ELSE ${part(2)} END END`;
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
    const present = `coalesce(${rawColumns.join(', ')}) IS NOT NULL`;
    const rawChecks: string[] = [];
    const dateColumn = input.columns.find((column) => column.field === 'date')!;
    // A totals row, as the streaming reader tells one: its label is the first filled cell among
    // the first three (`合计`, `Total: Account`). It is not stored, only read back afterwards.
    const blank = (cell: string) => `(${cell} IS NULL OR ${sql.fullMatch(cell, BLANK)})`;
    const labelCells = rawColumns.slice(0, 3);
    const label = `CASE ${labelCells.map((cell) => `WHEN NOT ${blank(cell)} THEN ${cell}`).join(' ')} END`;
    const isTotal = `coalesce(${sql.search(label, TOTAL_LABEL)}, FALSE)`;
    // A totals row must be one JavaScript placed (a line number is needed for each): equal to one
    // of the known rows cell for cell, else the statement stops.
    const known = (input.knownTotals ?? []).map(
      (total) =>
        `(${rawColumns.map((cell, index) => `${cell} IS NOT DISTINCT FROM ${this.param(total.cells[index] === '' || total.cells[index] === undefined ? null : total.cells[index]!)}`).join(' AND ')})`,
    );
    const totalPlaced = this.require(
      known.length > 0 ? known.join(' OR ') : 'FALSE',
      'totals',
      'a totals row in the middle of the file',
    );
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
    // Totals rows pass the cell checks (theirs are the file's own sums, read back in JavaScript)
    // and are left out of the insert by the flag; a CASE, so no check runs on them however the
    // engine orders the filters.
    fields.push(`${isTotal} AS ${field('total_row')}`);
    const checked = `CASE WHEN ${isTotal} THEN ${totalPlaced} ELSE ${rawChecks.length > 0 ? rawChecks.join(' AND ') : 'TRUE'} END`;
    const inner = `SELECT ${fields.join(', ')} FROM ${this.readCsv(pathParam)} WHERE ${present} AND ${checked}`;

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
      `SELECT ${outputs.join(', ')} FROM (${inner}) WHERE CASE WHEN ${field('total_row')} THEN FALSE ELSE ${rowChecks.join(' AND ')} END`;
    const insertParams = [...this.params];

    // The statements after the load are plain SQL over the table the load wrote.
    const table = quote(layout.table);
    const first = this.target.dialect.parameter(0, 'text');
    const ofImport = `${quote('import_id')} = ${first}`;
    const priced =
      money.length > 0 ? money.map((column) => `${quote(column.field)} IS NOT NULL`).join(' OR ') : 'FALSE';
    const account = layout.columns.includes('account') ? quote('account') : this.target.dialect.nullString();
    // What the streaming reader sums for the reconciliation: the measures read from the file
    // and the counts derived from them, as stored (the engine takes no file that needs converting).
    const summed = [
      ...new Set([
        ...input.columns
          .filter((column) => column.kind === 'count' || column.kind === 'money')
          .map((column) => column.field),
        ...(profile.derivations ?? [])
          .filter((derivation) => read.has(derivation.rate))
          .map((derivation) => derivation.target),
      ]),
    ].filter((name) => layout.columns.includes(name));
    return {
      insert: { sql: insertSql, params: insertParams },
      preview: {
        sql: `SELECT * FROM ${this.readCsv(first)} WHERE ${present} LIMIT ${PREVIEW_ROWS}`,
        params: [input.path],
      },
      expectedHead: expectedRows(input.head, input.headers.length),
      stats: {
        sql:
          `SELECT COUNT(*) AS n, MIN(${quote('date')}) AS first_date, MAX(${quote('date')}) AS last_date, ` +
          `COUNT(CASE WHEN ${priced} THEN 1 END) AS priced FROM ${table} WHERE ${ofImport}`,
        params: [input.importId],
      },
      sums: {
        sql: `SELECT ${summed.length > 0 ? summed.map((name) => `SUM(${quote(name)}) AS ${quote(name)}`).join(', ') : 'NULL AS none'} FROM ${table} WHERE ${ofImport}`,
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
  totals: readonly EngineTotalsRow[],
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
  const sums: Record<string, number> = {};
  if (totals.length > 0) {
    const [row] = await target.query(plan.sums.sql, plan.sums.params);
    for (const [name, value] of Object.entries(row ?? {}))
      if (value !== null && value !== undefined) sums[name] = Number(value);
  }
  return {
    rows: Number(stats?.n ?? 0),
    totals: [...totals],
    sums,
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
    const knownTotals = await locateTotals(path, input);
    return await loadWithEngine(
      target,
      planEngineCsv({ ...input, path, knownTotals }, target),
      knownTotals,
      onProgress,
    );
  } finally {
    await copy?.remove();
  }
}

/** Bytes read from the end of a file to find the totals rows that end it. */
const TAIL_BYTES = 256 * 1024;

/** The file's cells as the streaming reader would have them: text, empty for none. */
function textCells(cells: readonly unknown[]): string[] {
  return cells.map((cell) => (cell === null || cell === undefined ? '' : String(cell)));
}

/**
 * The totals rows JavaScript can place without reading the file: those in the head the
 * streaming reader already parsed, and those ending the file (Google Ads writes `Total: …` rows
 * last, Chinese exports a last `合计`), whose lines are counted from the end. A totals row
 * anywhere else is not placed, and stops the engine.
 */
async function locateTotals(path: string, input: Omit<EngineCsvInput, 'path'>): Promise<EngineTotalsRow[]> {
  const found: EngineTotalsRow[] = [];
  for (const record of input.head) {
    const cells = textCells(record.cells);
    const label = totalsLabelOf(cells);
    if (label !== undefined) found.push({ row: record.row, label, cells });
  }
  const lastHeadRow = input.head.at(-1)?.row ?? input.headerRow;
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const start = Math.max(0, size - TAIL_BYTES);
    const buffer = Buffer.alloc(size - start);
    await handle.read(buffer, 0, buffer.length, start);
    const tail = buffer.toString('utf8');
    // Lines of the tail, the first one dropped when it may be cut.
    const lines = tail.split('\n');
    if (start > 0) lines.shift();
    const endsWithNewline = tail.endsWith('\n');
    if (endsWithNewline) lines.pop();
    const trailing: { offset: number; label: string; cells: string[] }[] = [];
    for (let index = lines.length - 1; index >= 0; index--) {
      const line = lines[index]!.replace(/\r$/, '');
      if (line === '') continue;
      const parsed: ParsedRecord[] = [];
      const parser = new FastCsvParser({
        delimiter: input.delimiter ?? ',',
        maxRecordChars: line.length + 1,
      });
      parser.push(line, parsed);
      await parser.end(parsed);
      const cells = parsed.length === 1 ? parsed[0]!.cells : undefined;
      const label = cells ? totalsLabelOf(cells) : undefined;
      if (!cells || label === undefined) break;
      trailing.push({ offset: lines.length - 1 - index, label, cells });
    }
    if (trailing.length === 0) return found;
    // Lines are counted once, over the bytes: the last line's number, then back from it.
    let newlines = 0;
    for (let position = 0; position < size; position += TAIL_BYTES * 16) {
      const chunk = Buffer.alloc(Math.min(TAIL_BYTES * 16, size - position));
      await handle.read(chunk, 0, chunk.length, position);
      for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) newlines++;
    }
    const lastLine = endsWithNewline ? newlines : newlines + 1;
    for (const total of trailing.reverse()) {
      const row = lastLine - total.offset;
      if (row > lastHeadRow) found.push({ row, label: total.label, cells: total.cells });
    }
    return found;
  } finally {
    await handle.close();
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
