/**
 * The part of the store's `Warehouse` an import needs. Importers may depend only on core, so
 * this is declared here with the same method shapes; the store's DuckDB (and later
 * ClickHouse) warehouse satisfies it structurally.
 */
export type CellValue = string | number | boolean | null;

/** Rows in columnar form: one array per column, all `rowCount` long. */
export interface ColumnBatch {
  rowCount: number;
  columns: Record<string, ArrayLike<CellValue>>;
}

export type Row = Record<string, CellValue>;

export interface ImportDialect {
  readonly name: string;
  quote(identifier: string): string;
  /** SQL text of the bound parameter at 0-based `index`. */
  parameter(index: number, type: 'text' | 'number' | 'date'): string;
}

export interface ImportWarehouse {
  readonly dialect: ImportDialect;
  query(sql: string, params?: readonly CellValue[]): Promise<Row[]>;
  run(sql: string, params?: readonly CellValue[]): Promise<void>;
  append(table: string, batch: ColumnBatch): Promise<void>;
  transaction<T>(work: (warehouse: ImportWarehouse) => Promise<T>): Promise<T>;
}
