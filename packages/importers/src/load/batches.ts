/** Accumulates rows column by column and hands them on in fixed-size batches. */
import type { CellValue, ColumnBatch } from './warehouse.js';

export class ColumnBatchBuilder {
  private columns: Record<string, CellValue[]>;
  private rows = 0;

  constructor(
    private readonly columnNames: readonly string[],
    private readonly capacity: number,
  ) {
    this.columns = this.empty();
  }

  private empty(): Record<string, CellValue[]> {
    // Sized up front: growing a 50 000-element array push by push is most of a batch's cost.
    return Object.fromEntries(this.columnNames.map((name) => [name, new Array<CellValue>(this.capacity)]));
  }

  get size(): number {
    return this.rows;
  }

  get full(): boolean {
    return this.rows >= this.capacity;
  }

  push(values: Readonly<Record<string, CellValue | undefined>>): void {
    const index = this.rows;
    for (const name of this.columnNames) this.columns[name]![index] = values[name] ?? null;
    this.rows++;
  }

  /** The rows so far as a batch; the builder starts empty again. */
  take(): ColumnBatch {
    if (this.rows < this.capacity)
      for (const name of this.columnNames) this.columns[name]!.length = this.rows;
    const batch = { rowCount: this.rows, columns: this.columns };
    this.columns = this.empty();
    this.rows = 0;
    return batch;
  }
}
