/** Accumulates rows column by column and hands them on in fixed-size batches. */
import type { CellValue, ColumnBatch } from './warehouse.js';

export class ColumnBatchBuilder {
  /** One array per column, in `columnNames` order (indexed, not looked up by name per cell). */
  private columns: CellValue[][];
  private rows = 0;

  constructor(
    private readonly columnNames: readonly string[],
    private readonly capacity: number,
  ) {
    this.columns = this.empty();
  }

  private empty(): CellValue[][] {
    // Sized up front: growing a 50 000-element array push by push is most of a batch's cost.
    return this.columnNames.map(() => new Array<CellValue>(this.capacity));
  }

  get size(): number {
    return this.rows;
  }

  get full(): boolean {
    return this.rows >= this.capacity;
  }

  /** One row, its values in `columnNames` order. */
  push(values: readonly CellValue[]): void {
    const index = this.rows;
    const { columns } = this;
    for (let column = 0; column < columns.length; column++) columns[column]![index] = values[column] ?? null;
    this.rows++;
  }

  /** The rows so far as a batch; the builder starts empty again. */
  take(): ColumnBatch {
    if (this.rows < this.capacity) for (const column of this.columns) column.length = this.rows;
    const batch: ColumnBatch = {
      rowCount: this.rows,
      columns: Object.fromEntries(this.columnNames.map((name, index) => [name, this.columns[index]!])),
    };
    this.columns = this.empty();
    this.rows = 0;
    return batch;
  }
}
