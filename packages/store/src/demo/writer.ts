/** Collects rows column by column and hands them out as batches of at most `capacity` rows. */
import { tableDefinition } from '../schema.js';
import type { CellValue, ColumnBatch } from '../warehouse.js';

export interface DemoBatch {
  table: string;
  batch: ColumnBatch;
}

/** Largest batch the generator yields. */
export const DEMO_BATCH_ROWS = 65_536;

export class TableWriter {
  readonly table: string;
  readonly columnNames: readonly string[];
  private columns: CellValue[][] = [];
  private rows = 0;

  private readonly capacity: number;

  /** `expectedRows` (when known) keeps small tables from allocating full-size columns. */
  constructor(table: string, expectedRows = DEMO_BATCH_ROWS) {
    this.capacity = Math.max(1, Math.min(DEMO_BATCH_ROWS, expectedRows));
    const definition = tableDefinition(table);
    if (!definition) throw new Error(`Unknown table ${table}`);
    this.table = table;
    this.columnNames = definition.columns.map((column) => column.name);
    this.reset();
  }

  get rowCount(): number {
    return this.rows;
  }

  get full(): boolean {
    return this.rows >= this.capacity;
  }

  /** The array holding a column's values until the next `take()`; row `rowCount` is the next to write. */
  column(name: string): CellValue[] {
    const index = this.columnNames.indexOf(name);
    if (index < 0) throw new Error(`${this.table} has no column ${name}`);
    return this.columns[index]!;
  }

  /** Adds a row; columns missing from `row` get null, unknown keys are an error. */
  add(row: Readonly<Record<string, CellValue>>): void {
    for (const key of Object.keys(row)) {
      if (!this.columnNames.includes(key)) throw new Error(`${this.table} has no column ${key}`);
    }
    const at = this.rows;
    this.columnNames.forEach((name, index) => {
      this.columns[index]![at] = row[name] ?? null;
    });
    this.rows++;
  }

  /** Counts a row whose values were written straight into the `column()` arrays at `rowCount`. */
  commit(): void {
    this.rows++;
  }

  /** The rows so far as one batch (null when empty); starts a new batch. */
  take(): DemoBatch | null {
    if (this.rows === 0) return null;
    const columns: Record<string, CellValue[]> = {};
    this.columnNames.forEach((name, index) => {
      const values = this.columns[index]!;
      if (values.length !== this.rows) values.length = this.rows;
      columns[name] = values;
    });
    const batch: DemoBatch = { table: this.table, batch: { rowCount: this.rows, columns } };
    this.reset();
    return batch;
  }

  private reset(): void {
    // Preallocated: filling by index avoids regrowing (and garbage) on every batch.
    this.columns = this.columnNames.map(() => new Array<CellValue>(this.capacity));
    this.rows = 0;
  }
}
