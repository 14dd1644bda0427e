/**
 * The part of the store's `Warehouse` an import needs. Importers may depend only on core, so the
 * data shapes come from core and this interface names just the methods used; the store's
 * warehouses satisfy it structurally, and tests can fake it.
 */
import type {
  CellValue,
  ColumnBatch,
  CsvFileSql,
  Dialect,
  ImportLoad,
  ImportLoadPlan,
  Row,
} from '@markpi/core';

export type {
  CellValue,
  ColumnBatch,
  ImportLoad,
  ImportLoadPlan,
  ImportReplacement,
  Row,
} from '@markpi/core';

/** The dialect methods an import uses. */
export type ImportDialect = Pick<Dialect, 'quote' | 'parameter' | 'nullString'>;

export interface ImportWarehouse {
  readonly dialect: ImportDialect;
  query(sql: string, params?: readonly CellValue[]): Promise<Row[]>;
  run(sql: string, params?: readonly CellValue[]): Promise<void>;
  /** Runs one statement, reporting the engine's progress through it (the fraction done). */
  runWithProgress?(
    sql: string,
    params: readonly CellValue[],
    onProgress: (fraction: number) => void,
  ): Promise<void>;
  append(table: string, batch: ColumnBatch): Promise<void>;
  transaction<T>(work: (warehouse: ImportWarehouse) => Promise<T>): Promise<T>;
  /** Present on engines that read a CSV file within a statement: the engine reader's way in. */
  readonly csvFiles?: CsvFileSql;
  /** Present on engines without atomic transactions (ClickHouse); see `loadImport` in import-load.ts. */
  loadImport?<T>(plan: ImportLoadPlan, work: (load: ImportLoad) => Promise<T>): Promise<T>;
  finishInterruptedLoads?(): Promise<void>;
}
