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

/** See the store's `ImportReplacement`: which rows of earlier imports a new import replaces. */
export interface ImportReplacement {
  table: string;
  from: string;
  to: string;
  keyColumns: readonly string[];
  sameLogValue?: { column: string; value: string };
}

/** See the store's `ImportLoadPlan`. */
export interface ImportLoadPlan {
  importId: string;
  log: { table: string; idColumn: string };
  forget?: readonly string[];
}

/** The writes of one import, made visible all at once when the load's work returns. */
export interface ImportLoad {
  append(table: string, batch: ColumnBatch): Promise<void>;
  replaceOlderRows(replacement: ImportReplacement): Promise<number>;
}

export interface ImportWarehouse {
  readonly dialect: ImportDialect;
  query(sql: string, params?: readonly CellValue[]): Promise<Row[]>;
  run(sql: string, params?: readonly CellValue[]): Promise<void>;
  append(table: string, batch: ColumnBatch): Promise<void>;
  transaction<T>(work: (warehouse: ImportWarehouse) => Promise<T>): Promise<T>;
  /** Present on engines without atomic transactions (ClickHouse); see `loadImport` in import-load.ts. */
  loadImport?<T>(plan: ImportLoadPlan, work: (load: ImportLoad) => Promise<T>): Promise<T>;
  finishInterruptedLoads?(): Promise<void>;
}
