/**
 * A query result as a table people read: which columns, what they are called, how each cell is
 * formatted. The screen, the CSV and the XLSX export all come from this one description, so a
 * number means the same in all three.
 */
import type { Cell, QueryResult, ResultColumn } from '../api/types';
import type { KpiUnit } from './format';
import type { ExportCell, ExportColumn, ExportFormat, ExportTable } from './table-export';

export interface Labels {
  kpiName: (id: string) => string;
  dimensionName: (id: string) => string;
  grainName: (grain: string) => string;
  previous: string;
  change: string;
}

export interface ShownColumn {
  column: ResultColumn;
  header: string;
  /** The flag column that qualifies this KPI's values, when the result has one. */
  flagKey?: string;
}

/** Every column but the flags, which become a prefix on their KPI's values. */
export function shownColumns(result: QueryResult, labels: Labels): ShownColumn[] {
  const keys = new Set(result.columns.map((column) => column.key));
  return result.columns
    .filter((column) => column.role !== 'flag')
    .map((column) => {
      const kpi = column.kpi ?? column.key;
      let header: string;
      switch (column.role) {
        case 'time':
          header = labels.grainName(column.key);
          break;
        case 'dimension':
          header = labels.dimensionName(column.key);
          break;
        case 'previous':
          header = `${labels.kpiName(kpi)} · ${labels.previous}`;
          break;
        case 'change':
          header = `${labels.kpiName(kpi)} · ${labels.change}`;
          break;
        default:
          header = labels.kpiName(kpi);
      }
      const flagKey = `${kpi}__flag`;
      return {
        column,
        header,
        ...(column.role === 'kpi' && keys.has(flagKey) ? { flagKey } : {}),
      };
    });
}

function exportFormat(column: ResultColumn): ExportFormat {
  if (column.role === 'time') return 'date';
  if (column.role === 'dimension') return 'text';
  if (column.role === 'change') return 'percent';
  const unit: KpiUnit | undefined = column.unit;
  switch (unit) {
    case 'count':
      return 'integer';
    case 'currency':
      return 'money';
    case 'ratio':
    case 'percent':
      return 'percent';
    default:
      return 'decimal';
  }
}

/** Raw values for spreadsheets (numbers stay numbers); dimension ids get their labels. */
export function exportTable(
  result: QueryResult,
  columns: ShownColumn[],
  valueLabel: (dimension: string, value: Cell) => string,
): ExportTable {
  const exportColumns: ExportColumn[] = columns.map(({ column, header }) => ({
    header,
    format: exportFormat(column),
  }));
  const rows = result.rows.map((row) =>
    columns.map(({ column }) => {
      const value = row[column.key] ?? null;
      return column.role === 'dimension' && value !== null ? valueLabel(column.key, value) : value;
    }),
  );
  return { columns: exportColumns, rows };
}

/**
 * A number as a CSV cell says it: money to the cent, counts whole, rates and other figures to
 * four significant digits but never fewer than two decimals (0.023456 → 0.02346, 4.56789 →
 * 4.568, 12,345.678 → 12,345.68). Spreadsheets (XLSX) keep every digit behind their own format.
 */
export function csvNumber(value: number, format: ExportFormat): number {
  if (!Number.isFinite(value)) return value;
  switch (format) {
    case 'money':
      return Number(value.toFixed(2));
    case 'integer':
      return Math.round(value);
    case 'percent':
    case 'decimal': {
      if (value === 0) return 0;
      const magnitude = Math.floor(Math.log10(Math.abs(value)));
      const decimals = Math.min(20, Math.max(2, 3 - magnitude));
      return Number(value.toFixed(decimals));
    }
    default:
      return value;
  }
}

/** The table with its numbers rounded for CSV (`csvNumber`). */
export function csvRounded(table: ExportTable): ExportTable {
  return {
    columns: table.columns,
    rows: table.rows.map((row) =>
      row.map((cell, index): ExportCell => {
        const format = table.columns[index]?.format;
        return typeof cell === 'number' && format ? csvNumber(cell, format) : cell;
      }),
    ),
  };
}
