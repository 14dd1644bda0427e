/**
 * Turns result rows into what a person or a script reads: an aligned table with numbers
 * formatted by unit, JSON (an array of row objects keyed by KPI and dimension ids), or CSV.
 */
import { type CompiledColumn, type KpiUnit, neutraliseFormula } from '@markpi/core';
import Table from 'cli-table3';
import { type Options, stringify } from 'csv-stringify/sync';

export const FORMATS = ['table', 'json', 'csv'] as const;

/**
 * CSV as every command writes it: texts that would start a spreadsheet formula get a single quote,
 * numbers stay numbers (core's `csv.ts`).
 */
export function csvOf(records: unknown[], options: Omit<Options, 'cast'> = {}): string {
  return stringify(records, {
    ...options,
    cast: { boolean: (value) => String(value), string: neutraliseFormula },
  });
}
export type OutputFormat = (typeof FORMATS)[number];

type Cell = string | number | boolean | null;

export function formatNumber(value: number, unit: KpiUnit | undefined, locale = 'en-US'): string {
  switch (unit) {
    case 'percent':
      return `${(value * 100).toLocaleString(locale, { maximumFractionDigits: 2, minimumFractionDigits: 2 })}%`;
    case 'currency':
      return value.toLocaleString(locale, { maximumFractionDigits: 2, minimumFractionDigits: 2 });
    case 'multiple':
      return `${value.toLocaleString(locale, { maximumFractionDigits: 2, minimumFractionDigits: 2 })}×`;
    case 'count':
      return value.toLocaleString(locale, { maximumFractionDigits: 0 });
    default:
      return value.toLocaleString(locale, { maximumFractionDigits: 4 });
  }
}

function displayCell(value: Cell, column: CompiledColumn | undefined): string {
  if (value === null) return '–';
  if (typeof value !== 'number') return String(value);
  if (column?.role === 'change') return `${value >= 0 ? '+' : ''}${(value * 100).toFixed(1)}%`;
  return formatNumber(value, column?.unit);
}

export function renderRows(
  rows: Record<string, Cell>[],
  columns: readonly CompiledColumn[] | readonly string[],
  format: OutputFormat,
): string {
  const described: CompiledColumn[] = columns.map((column) =>
    typeof column === 'string' ? { key: column, role: 'dimension' } : column,
  );
  const keys = described.map((column) => column.key);
  switch (format) {
    case 'json':
      return `${JSON.stringify(rows, null, 2)}\n`;
    case 'csv':
      return csvOf(rows, { header: true, columns: keys });
    case 'table': {
      const table = new Table({
        head: keys,
        style: { head: [], border: [] },
        // No rule between body rows: long tables stay readable on one screen.
        chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
        colAligns: described.map((column) =>
          column.role === 'time' || column.role === 'dimension' || column.role === 'flag' ? 'left' : 'right',
        ),
      });
      for (const row of rows)
        table.push(described.map((column) => displayCell(row[column.key] ?? null, column)));
      return `${table.toString()}\n${rows.length} row${rows.length === 1 ? '' : 's'}\n`;
    }
  }
}
