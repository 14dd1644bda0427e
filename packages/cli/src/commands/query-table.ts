/**
 * KPI tables as `markpi query` and `markpi compare` print them: ids beside their names, the row
 * without an entity labelled as such, headers in the asked language, a ranking's cut said in
 * words, and — unless `--wide` — only the columns that fit a terminal, naming those left out.
 */
import type { Ranking } from '@markpi/app';
import { type Catalog, type CompiledColumn, dimensionValueLabelOf } from '@markpi/core';
import { formatNumber, type OutputFormat, renderRows } from '../output.js';
import type { Language } from './catalog.js';

type Cell = string | number | boolean | null;
type TableRow = Record<string, Cell>;

/** The flag `query.ts` in app puts on a row with no value for a grouped dimension. */
const NONE_FLAG = '__none';

/** A terminal's width when it does not say its own. */
export const DEFAULT_TERMINAL_WIDTH = 100;

/** The terminal's width: `COLUMNS` when the shell exports it, else the output's own, else a default. */
export function terminalWidth(env: Record<string, string | undefined>): number {
  const fromEnv = Number(env.COLUMNS);
  if (Number.isInteger(fromEnv) && fromEnv > 20) return fromEnv;
  return process.stdout.columns ?? DEFAULT_TERMINAL_WIDTH;
}

const TIME_NAMES: Record<Language, Record<string, string>> = {
  en: { day: 'day', week: 'week', month: 'month', quarter: 'quarter', year: 'year' },
  zh: { day: '日期', week: '周', month: '月', quarter: '季度', year: '年' },
};

const TEXT = {
  en: {
    name: (dimension: string) => `${dimension} name`,
    none: (dimension: string) => `(no ${dimension})`,
    previous: (kpi: string) => `${kpi} before`,
    change: (kpi: string) => `${kpi} Δ`,
    belowMinimum: (count: number, floors: string) =>
      `${count} ${count === 1 ? 'row' : 'rows'} below the minimum (${floors}), left out of the ranking`,
    apart: (count: number, dimensions: string) =>
      `${count} ${count === 1 ? 'row' : 'rows'} without a ${dimensions} shown last, apart from the ranking`,
    leftOut: (columns: string) => `left out to fit the terminal: ${columns} (--wide shows every column)`,
    rankedBy: (column: string, order: 'asc' | 'desc') =>
      `ranked by ${column}, ${order === 'desc' ? 'highest' : 'lowest'} first`,
  },
  zh: {
    name: (dimension: string) => `${dimension}名称`,
    none: (dimension: string) => `（无${dimension}）`,
    previous: (kpi: string) => `${kpi}（对比期）`,
    change: (kpi: string) => `${kpi}变化`,
    belowMinimum: (count: number, floors: string) => `${count} 行低于最低门槛（${floors}），未参与排名`,
    apart: (count: number, dimensions: string) => `${count} 行无${dimensions}，单列于末尾，不参与排名`,
    leftOut: (columns: string) => `为适应终端宽度未显示：${columns}（--wide 显示全部列）`,
    rankedBy: (column: string, order: 'asc' | 'desc') =>
      `按${column}${order === 'desc' ? '从高到低' : '从低到高'}排名`,
  },
} as const;

/** What a KPI table needs to be printed, from a query answer or a comparison table. */
export interface KpiTable {
  columns: readonly CompiledColumn[];
  rows: readonly TableRow[];
  /** Grouped dimensions, in order. */
  dimensions: readonly string[];
  /** Readable names per dimension and id. */
  names: Readonly<Record<string, Readonly<Record<string, string>>>>;
  ranking?: Ranking | undefined;
}

export interface KpiTableOptions {
  format: OutputFormat;
  /** Headers, the none row and notes in this language; without it headers stay column ids. */
  lang?: Language | undefined;
  /** Every column, however wide; otherwise a table keeps to `width`. */
  wide?: boolean | undefined;
  width?: number | undefined;
}

const nameKey = (dimension: string) => `${dimension}_name`;

/** Columns with a name column after each named dimension. */
function withNameColumns(table: KpiTable): CompiledColumn[] {
  const columns: CompiledColumn[] = [];
  for (const column of table.columns) {
    columns.push(column);
    if (column.role === 'dimension' && table.names[column.key] !== undefined)
      columns.push({ key: nameKey(column.key), role: 'dimension' });
  }
  return columns;
}

/**
 * Rows with a name column per named dimension; for a person (`forPeople`), the row without an
 * entity labelled as such and, when a language was asked (`labelled`), values the catalog labels
 * (channels, regions, tiers…) said in it. Scripts (JSON, CSV) keep the ids.
 */
function rowsWithNames(
  table: KpiTable,
  catalog: Catalog,
  language: Language,
  forPeople: boolean,
  labelled = false,
): TableRow[] {
  return table.rows.map((row) => {
    const shown: TableRow = { ...row };
    for (const dimension of table.dimensions) {
      const id = row[dimension];
      const names = table.names[dimension];
      if (names !== undefined)
        shown[nameKey(dimension)] = typeof id === 'string' ? (names[id] ?? null) : null;
      if (forPeople && row[NONE_FLAG] === true && (id === null || id === undefined || id === ''))
        shown[dimension] = TEXT[language].none(noneName(catalog, dimension, language));
      else if (forPeople && labelled && typeof id === 'string')
        shown[dimension] = dimensionValueLabelOf(dimension, id, language) ?? id;
    }
    return shown;
  });
}

/** A dimension's name inside a sentence: "(no creator)", "(无达人)". */
function noneName(catalog: Catalog, dimension: string, language: Language): string {
  const name = dimensionHeader(catalog, dimension, language);
  return language === 'en' ? name.toLowerCase() : name;
}

/** A KPI's short name: the abbreviation an English name ends with, else the name. */
function kpiHeader(catalog: Catalog, kpi: string, language: Language): string {
  const name = catalog.kpis.get(kpi)?.name;
  if (!name) return kpi;
  if (language === 'zh') return name.zh;
  return /\(([A-Z][A-Za-z0-9/]*)\)$/.exec(name.en)?.[1] ?? name.en;
}

function dimensionHeader(catalog: Catalog, dimension: string, language: Language): string {
  return catalog.dimensions.get(dimension)?.name[language] ?? dimension;
}

/** The header of a column in a language. */
export function columnHeader(catalog: Catalog, column: CompiledColumn, language: Language): string {
  const text = TEXT[language];
  if (column.role === 'time') return TIME_NAMES[language][column.key] ?? column.key;
  if (column.role === 'dimension') {
    const named = /^(.+)_name$/.exec(column.key)?.[1];
    if (named !== undefined && catalog.dimensions.has(named))
      return text.name(dimensionHeader(catalog, named, language));
    return dimensionHeader(catalog, column.key, language);
  }
  const kpi = column.kpi ?? column.key;
  if (column.role === 'kpi') return kpiHeader(catalog, kpi, language);
  if (column.role === 'previous') return text.previous(kpiHeader(catalog, kpi, language));
  if (column.role === 'change') return text.change(kpiHeader(catalog, kpi, language));
  return column.key;
}

/** Columns on screen: a character of CJK text takes two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const character of text) width += (character.codePointAt(0) ?? 0) >= 0x2e80 ? 2 : 1;
  return width;
}

function cellText(value: Cell | undefined, column: CompiledColumn): string {
  if (value === null || value === undefined) return '–';
  if (typeof value !== 'number') return String(value);
  if (column.role === 'change') return `${value >= 0 ? '+' : ''}${(value * 100).toFixed(1)}%`;
  return formatNumber(value, column.unit);
}

/**
 * The columns that fit `width`: dimensions and time always; then, in order, the KPIs and their
 * changes (a comparison's earlier values go first, the change says it); the rest are named.
 */
export function fitColumns(
  columns: readonly CompiledColumn[],
  rows: readonly TableRow[],
  headers: ReadonlyMap<string, string>,
  width: number,
): { kept: CompiledColumn[]; leftOut: CompiledColumn[] } {
  // A cell's padding and its border: "│ x " — three characters, one more for the table's edge.
  const widthOf = (column: CompiledColumn) =>
    3 +
    Math.max(
      displayWidth(headers.get(column.key) ?? column.key),
      ...rows.map((row) => displayWidth(cellText(row[column.key], column))),
    );
  const always = (column: CompiledColumn) => column.role === 'dimension' || column.role === 'time';
  let used = 1 + columns.filter(always).reduce((sum, column) => sum + widthOf(column), 0);
  const keep = new Set(columns.filter(always).map((column) => column.key));
  const candidates = columns.filter((column) => !always(column) && column.role !== 'previous');
  const later = columns.filter((column) => column.role === 'previous');
  for (const column of [...candidates, ...later]) {
    const needed = widthOf(column);
    if (used + needed > width) continue;
    used += needed;
    keep.add(column.key);
  }
  return {
    kept: columns.filter((column) => keep.has(column.key)),
    leftOut: columns.filter((column) => !keep.has(column.key)),
  };
}

/**
 * The table's text and the notes that go with it (the ranking's cut, the none rows, columns left
 * out), in the asked language. JSON and CSV keep ids as keys and add `<dimension>_name`.
 */
export function renderKpiTable(
  table: KpiTable,
  catalog: Catalog,
  options: KpiTableOptions,
): { text: string; notes: string[] } {
  const language = options.lang ?? 'en';
  const text = TEXT[language];
  const columns = withNameColumns(table);
  const notes = rankingNotes(table, catalog, language);
  if (options.format !== 'table') {
    const rows = rowsWithNames(table, catalog, language, false);
    if (options.format === 'json') return { text: `${JSON.stringify(rows, null, 2)}\n`, notes };
    return { text: renderRows(rows, columns, 'csv'), notes };
  }
  const rows = rowsWithNames(table, catalog, language, true, options.lang !== undefined);
  const headers = new Map(
    columns.map((column) => [
      column.key,
      options.lang ? columnHeader(catalog, column, options.lang) : column.key,
    ]),
  );
  const { kept, leftOut } = options.wide
    ? { kept: columns, leftOut: [] }
    : fitColumns(columns, rows, headers, options.width ?? DEFAULT_TERMINAL_WIDTH);
  if (leftOut.length > 0)
    notes.push(text.leftOut(leftOut.map((column) => headers.get(column.key) ?? column.key).join(', ')));
  // Headers replace the keys: the rows are re-keyed by them.
  const headed = rows.map((row) =>
    Object.fromEntries(
      kept.map((column) => [headers.get(column.key) ?? column.key, row[column.key] ?? null]),
    ),
  );
  const headedColumns = kept.map((column) => ({ ...column, key: headers.get(column.key) ?? column.key }));
  return { text: renderRows(headed, headedColumns, 'table'), notes };
}

function rankingNotes(table: KpiTable, catalog: Catalog, language: Language): string[] {
  const ranking = table.ranking;
  if (!ranking) return [];
  const text = TEXT[language];
  const notes: string[] = [];
  const byColumn = new Map(table.columns.map((column) => [column.key, column]));
  if (ranking.sort) {
    const column = byColumn.get(ranking.sort.key);
    notes.push(
      text.rankedBy(column ? columnHeader(catalog, column, language) : ranking.sort.key, ranking.sort.order),
    );
  }
  if (ranking.belowMinimum > 0) {
    const floors = ranking.minimum
      .map((floor) => {
        const column = byColumn.get(floor.kpi);
        const header = column ? columnHeader(catalog, column, language) : floor.kpi;
        return `${header} ≥ ${formatNumber(floor.value, column?.unit)}`;
      })
      .join(', ');
    notes.push(text.belowMinimum(ranking.belowMinimum, floors));
  }
  if (ranking.apart > 0) {
    const dimensions = table.dimensions.map((dimension) => noneName(catalog, dimension, language));
    notes.push(text.apart(ranking.apart, dimensions.join(language === 'zh' ? '或' : ' or ')));
  }
  return notes;
}
