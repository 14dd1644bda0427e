/**
 * What a dry run would store: for each table the import writes (a fact's daily rows, its
 * period totals), the first rows exactly as the table would receive them and the totals of
 * every numeric column over all of them. Used as the sink of a dry run, so the rows are
 * parsed, checked and converted as an import would, and nothing is written.
 */
import type { RejectedRow } from '../load/types.js';
import type { CellValue, ColumnBatch } from '../load/warehouse.js';

export interface TablePreview {
  table: string;
  /** The first rows as stored (column → value), without the import id. */
  rows: Record<string, CellValue>[];
  /** Rows that would be stored. */
  rowCount: number;
  /** Sum of each numeric column over every row that would be stored. */
  totals: Record<string, number>;
}

export interface ImportPreview {
  /** Tables in the order the import first writes to them. */
  tables: TablePreview[];
}

export const PREVIEW_ROWS = 10;

/** A row sink that keeps the head and the sums of each table, and writes nothing. */
export class PreviewSink {
  private readonly tables = new Map<string, TablePreview>();

  constructor(private readonly keep: number = PREVIEW_ROWS) {}

  async accept(table: string, batch: ColumnBatch): Promise<void> {
    let preview = this.tables.get(table);
    if (!preview) {
      preview = { table, rows: [], rowCount: 0, totals: {} };
      this.tables.set(table, preview);
    }
    const names = Object.keys(batch.columns).filter((name) => name !== 'import_id');
    for (let index = 0; index < batch.rowCount && preview.rows.length < this.keep; index++) {
      const row: Record<string, CellValue> = {};
      for (const name of names) row[name] = batch.columns[name]![index] ?? null;
      preview.rows.push(row);
    }
    for (const name of names) {
      const values = batch.columns[name]!;
      let sum = preview.totals[name];
      for (let index = 0; index < batch.rowCount; index++) {
        const value = values[index];
        if (typeof value === 'number') sum = (sum ?? 0) + value;
      }
      if (sum !== undefined) preview.totals[name] = sum;
    }
    preview.rowCount += batch.rowCount;
  }

  async reject(_rows: readonly RejectedRow[]): Promise<void> {
    // Rejected rows are counted and sampled in the summary.
  }

  result(): ImportPreview {
    return { tables: [...this.tables.values()] };
  }
}
