/**
 * The embedded default: one DuckDB file per workspace (or `:memory:` for tests).
 */
import {
  BIGINT,
  BOOLEAN,
  DATE,
  DOUBLE,
  type DuckDBConnection,
  DuckDBDataChunk,
  DuckDBDateValue,
  DuckDBInstance,
  DuckDBTimestampValue,
  type DuckDBType,
  type DuckDBValue,
  INTEGER,
  SQLNULL,
  TIMESTAMP,
  VARCHAR,
} from '@duckdb/node-api';
import { duckDbDialect, MarkpiError } from '@markpi/core';
import { createTableSql, type Migration, migrate } from '../migrations/index.js';
import { stoppableRead } from '../query-signal.js';
import type { ColumnType, TableDefinition } from '../schema.js';
import type { CellValue, ColumnBatch, Row, Warehouse } from '../warehouse.js';
import { duckDbCsvFiles } from './csv-files.js';

export interface DuckDbOptions {
  /** Workspace file, or `:memory:`. */
  path: string;
  /** Skip creating or upgrading tables (for read-only tools that must not write). */
  skipMigrations?: boolean;
  /** Which schema to bring up to date: a workspace's (default) or the server's metadata. */
  migrations?: readonly Migration[];
  /**
   * Most memory DuckDB may hold (`768MB`, `2GB`); by default it takes up to 80% of the machine.
   * Under a limit, a large import's uncommitted rows spill to a temporary file instead of
   * growing the process, at some cost in speed.
   */
  memoryLimit?: string;
  /**
   * Reads stop when the signal of the work they belong to fires (`withQuerySignal`): set for a
   * workspace a server answers questions on, not for its own metadata.
   */
  stoppableReads?: boolean;
}

/** `512MB`, `1.5GB`, `2 GiB`: a size DuckDB's memory_limit accepts. */
const MEMORY_SIZE = /^\d+(?:\.\d+)?\s*(?:KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i;

function checkMemoryLimit(size: string): string {
  const trimmed = size.trim();
  if (!MEMORY_SIZE.test(trimmed)) {
    throw new MarkpiError(
      'invalid_memory_limit',
      `memory limit "${size}" is not a size such as 768MB or 2GB`,
    );
  }
  return trimmed;
}

const MILLISECONDS_PER_DAY = 86_400_000;
/** Connections that answer reads at once; DuckDB also parallelises inside each query. */
const READ_CONNECTIONS = 4;
/** DuckDB's vector size: a data chunk holds at most this many rows. */
const CHUNK_ROWS = 2048;

function daysSinceEpoch(isoDate: string): number {
  const time = Date.parse(`${isoDate}T00:00:00Z`);
  if (Number.isNaN(time)) throw new MarkpiError('bad_date', `not a date: ${isoDate}`);
  return Math.round(time / MILLISECONDS_PER_DAY);
}

/** A timestamp as every warehouse reads it back: `YYYY-MM-DD HH:MM:SS`, UTC, whole seconds. */
function timestampText(time: Date): string {
  return time.toISOString().slice(0, 19).replace('T', ' ');
}

/** Text without a zone (`2026-06-01 08:00:00`, as read back) is UTC, not this machine's time. */
function timestampMillis(text: string): number {
  const zoneless = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/.test(text);
  const time = Date.parse(zoneless ? `${text.replace(' ', 'T')}Z` : text);
  if (Number.isNaN(time)) throw new MarkpiError('bad_timestamp', `not a time: ${text}`);
  return time;
}

function plainValue(value: unknown): CellValue {
  if (value === null || value === undefined) return null;
  if (value instanceof DuckDBDateValue) return value.toString();
  if (value instanceof DuckDBTimestampValue) {
    // Whole milliseconds, rounded down also before 1970.
    const micros = value.micros;
    return timestampText(new Date(Number((micros - (((micros % 1000n) + 1000n) % 1000n)) / 1000n)));
  }
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value);
}

function toDuckDbValue(value: CellValue, type: ColumnType, dates: Map<string, DuckDBDateValue>): DuckDBValue {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'date': {
      const text = String(value);
      let date = dates.get(text);
      if (!date) {
        date = new DuckDBDateValue(daysSinceEpoch(text));
        dates.set(text, date);
      }
      return date;
    }
    case 'timestamp':
      return new DuckDBTimestampValue(BigInt(timestampMillis(String(value))) * 1000n);
    case 'number':
      return Number(value);
    case 'integer':
      return BigInt(Math.trunc(Number(value)));
    case 'boolean':
      return Boolean(value);
    case 'text':
      return String(value);
  }
}

/** The type the driver would infer for a parameter, except that no number fails to bind. */
function parameterType(value: CellValue): DuckDBType {
  if (value === null) return SQLNULL;
  if (typeof value === 'string') return VARCHAR;
  if (typeof value === 'boolean') return BOOLEAN;
  if (!Number.isSafeInteger(value)) return DOUBLE;
  return value >= -(2 ** 31) && value < 2 ** 31 ? INTEGER : BIGINT;
}

/**
 * Parameters as the driver takes them. It binds a whole number as an integer, which fails past
 * 64 bits: numbers beyond the exact integers bind as the doubles they are.
 */
function bound(params: readonly CellValue[]): [DuckDBValue[], DuckDBType[] | undefined] {
  const unsafe = params.some((value) => typeof value === 'number' && !Number.isSafeInteger(value));
  return [params as DuckDBValue[], unsafe ? params.map(parameterType) : undefined];
}

function duckDbType(type: ColumnType): DuckDBType {
  switch (type) {
    case 'date':
      return DATE;
    case 'timestamp':
      return TIMESTAMP;
    case 'number':
      return DOUBLE;
    case 'integer':
      return BIGINT;
    case 'boolean':
      return BOOLEAN;
    case 'text':
      return VARCHAR;
  }
}

const SQL_TYPE_TO_COLUMN_TYPE: Record<string, ColumnType> = {
  DATE: 'date',
  TIMESTAMP: 'timestamp',
  DOUBLE: 'number',
  FLOAT: 'number',
  BIGINT: 'integer',
  INTEGER: 'integer',
  BOOLEAN: 'boolean',
  VARCHAR: 'text',
};

/** How often a long statement's progress is read. */
const PROGRESS_POLL_MS = 250;

class DuckDbWarehouse implements Warehouse {
  readonly dialect = duckDbDialect;
  /** An embedded engine reads the user's files itself. */
  readonly csvFiles = duckDbCsvFiles;
  private readonly columnTypes = new Map<string, { name: string; type: ColumnType }[]>();
  /** Read connections: concurrent dashboard queries run side by side instead of queueing. */
  private readonly idleReaders: DuckDBConnection[] = [];
  private readonly waitingForReader: ((connection: DuckDBConnection) => void)[] = [];
  private readerCount = 0;

  constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    private readonly ownsInstance: boolean,
    private readonly stoppableReads = false,
  ) {}

  private async acquireReader(): Promise<DuckDBConnection> {
    const idle = this.idleReaders.pop();
    if (idle) return idle;
    if (this.readerCount < READ_CONNECTIONS) {
      this.readerCount += 1;
      return this.instance.connect();
    }
    return new Promise<DuckDBConnection>((resolve) => this.waitingForReader.push(resolve));
  }

  private releaseReader(connection: DuckDBConnection): void {
    const next = this.waitingForReader.shift();
    if (next) next(connection);
    else this.idleReaders.push(connection);
  }

  private async withReader<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    // Inside a transaction, reads must see its own uncommitted writes: use its connection.
    if (!this.ownsInstance) return work(this.connection);
    const connection = await this.acquireReader();
    try {
      return await work(connection);
    } finally {
      this.releaseReader(connection);
    }
  }

  async query(sql: string, params: readonly CellValue[] = []): Promise<Row[]> {
    const reader = await this.withReader((connection) =>
      // Reads of a transaction run on its connection and are never interrupted (query-signal.ts).
      this.ownsInstance && this.stoppableReads
        ? stoppableRead(
            () => connection.runAndReadAll(sql, ...bound(params)),
            () => connection.interrupt(),
          )
        : connection.runAndReadAll(sql, ...bound(params)),
    );
    // Dates and timestamps both arrive as JavaScript dates: the column's type tells them apart.
    const types = reader.columnTypes();
    const timestamps = new Set(
      reader.columnNames().filter((_, index) => String(types[index]).startsWith('TIMESTAMP')),
    );
    return reader.getRowObjectsJS().map((row) => {
      const plain: Row = {};
      for (const [key, value] of Object.entries(row)) {
        plain[key] = value instanceof Date && timestamps.has(key) ? timestampText(value) : plainValue(value);
      }
      return plain;
    });
  }

  async *scan(
    sql: string,
    params: readonly CellValue[] = [],
    batchRows = 100_000,
  ): AsyncIterable<ColumnBatch> {
    // A stream holds its connection's one pending result until it is read to the end: another
    // statement on that connection (a second scan, a write) would end it early without an error.
    // So a scan keeps a read connection of its own for as long as it is being read; inside a
    // transaction it must read the transaction's own writes, on the transaction's connection.
    if (!this.ownsInstance) {
      yield* this.streamBatches(this.connection, sql, params, batchRows);
      return;
    }
    const connection = await this.acquireReader();
    try {
      yield* this.streamBatches(connection, sql, params, batchRows);
    } finally {
      this.releaseReader(connection);
    }
  }

  private async *streamBatches(
    connection: DuckDBConnection,
    sql: string,
    params: readonly CellValue[],
    batchRows: number,
  ): AsyncIterable<ColumnBatch> {
    const result = await connection.stream(sql, ...bound(params));
    const names = result.columnNames();
    const size = Math.max(1, Math.trunc(batchRows));
    let columns: CellValue[][] = names.map(() => []);
    let rowCount = 0;
    const flush = (): ColumnBatch => {
      const batch = {
        rowCount,
        columns: Object.fromEntries(names.map((name, index) => [name, columns[index]!])),
      };
      columns = names.map(() => []);
      rowCount = 0;
      return batch;
    };
    for (
      let chunk = await result.fetchChunk();
      chunk && chunk.rowCount > 0;
      chunk = await result.fetchChunk()
    ) {
      const values = chunk.getColumns();
      // DuckDB hands over chunks of up to 2048 rows: a batch may end inside one.
      for (let start = 0; start < chunk.rowCount; ) {
        const end = Math.min(chunk.rowCount, start + size - rowCount);
        values.forEach((column, index) => {
          const target = columns[index]!;
          for (let row = start; row < end; row++) target.push(plainValue(column[row]));
        });
        rowCount += end - start;
        start = end;
        if (rowCount === size) yield flush();
      }
    }
    if (rowCount > 0) yield flush();
  }

  async exportCsv(sql: string, file: string): Promise<void> {
    // The path is ours (a temporary file), quoted as a SQL string all the same.
    const target = `'${file.replaceAll("'", "''")}'`;
    await this.connection.run(`COPY (${sql}) TO ${target} (FORMAT csv, HEADER false, NULLSTR '\\N')`);
  }

  async run(sql: string, params: readonly CellValue[] = []): Promise<void> {
    await this.connection.run(sql, ...bound(params));
  }

  async runWithProgress(
    sql: string,
    params: readonly CellValue[],
    onProgress: (fraction: number) => void,
  ): Promise<void> {
    // DuckDB tracks a statement's progress only with its progress bar on; it must not print.
    // (Its row count is in the scan's own units for an INSERT, so only the percentage is used.)
    await this.connection.run('SET enable_progress_bar = true');
    await this.connection.run('SET enable_progress_bar_print = false');
    const poll = setInterval(() => {
      const { percentage } = this.connection.progress;
      if (percentage >= 0) onProgress(Math.min(1, percentage / 100));
    }, PROGRESS_POLL_MS);
    try {
      await this.connection.run(sql, ...bound(params));
    } finally {
      clearInterval(poll);
    }
  }

  private async tableColumns(table: string): Promise<{ name: string; type: ColumnType }[]> {
    const known = this.columnTypes.get(table);
    if (known) return known;
    const described = await this.query(
      'SELECT column_name, data_type FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position',
      [table],
    );
    if (described.length === 0) throw new MarkpiError('unknown_table', `no table named ${table}`);
    const columns = described.map((row) => ({
      name: String(row.column_name),
      type: SQL_TYPE_TO_COLUMN_TYPE[String(row.data_type)] ?? 'text',
    }));
    this.columnTypes.set(table, columns);
    return columns;
  }

  async createTable(table: TableDefinition): Promise<void> {
    await this.run(createTableSql(this.dialect, table));
  }

  async append(table: string, batch: ColumnBatch): Promise<void> {
    if (batch.rowCount === 0) return;
    const columns = await this.tableColumns(table);
    for (const name of Object.keys(batch.columns)) {
      if (!columns.some((column) => column.name === name)) {
        throw new MarkpiError('unknown_column', `table ${table} has no column ${name}`);
      }
    }
    const appender = await this.connection.createAppender(table);
    // A batch holds few distinct days: convert each once.
    const dates = new Map<string, DuckDBDateValue>();
    try {
      const types = columns.map((column) => duckDbType(column.type));
      for (let offset = 0; offset < batch.rowCount; offset += CHUNK_ROWS) {
        const size = Math.min(CHUNK_ROWS, batch.rowCount - offset);
        const chunk = DuckDBDataChunk.create(types, size);
        columns.forEach((column, index) => {
          const source = batch.columns[column.name];
          const values: DuckDBValue[] = new Array(size);
          if (!source) values.fill(null);
          else if (column.type === 'number' || column.type === 'text') {
            // Numbers and strings go in as they are; only their empty cells need a null.
            for (let row = 0; row < size; row++) {
              const value = source[offset + row];
              values[row] =
                value === undefined || value === null
                  ? null
                  : column.type === 'number'
                    ? Number(value)
                    : String(value);
            }
          } else {
            for (let row = 0; row < size; row++)
              values[row] = toDuckDbValue(source[offset + row] ?? null, column.type, dates);
          }
          chunk.setColumnValues(index, values);
        });
        appender.appendDataChunk(chunk);
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
  }

  async transaction<T>(work: (warehouse: Warehouse) => Promise<T>): Promise<T> {
    // A connection of its own, so reads elsewhere keep seeing the committed state meanwhile.
    const connection = await this.instance.connect();
    const scoped = new DuckDbWarehouse(this.instance, connection, false);
    await connection.run('BEGIN TRANSACTION');
    try {
      const result = await work(scoped);
      await connection.run('COMMIT');
      return result;
    } catch (error) {
      await connection.run('ROLLBACK');
      throw error;
    } finally {
      connection.closeSync();
    }
  }

  async close(): Promise<void> {
    for (const reader of this.idleReaders.splice(0)) reader.closeSync();
    this.connection.closeSync();
    if (this.ownsInstance) this.instance.closeSync();
  }
}

export async function openDuckDbWarehouse(options: DuckDbOptions): Promise<Warehouse> {
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(options.path);
  } catch (error) {
    throw new MarkpiError(
      'workspace_unreadable',
      `cannot open workspace ${options.path}: ${(error as Error).message}`,
    );
  }
  const warehouse = new DuckDbWarehouse(instance, await instance.connect(), true, options.stoppableReads);
  // Checked against a strict pattern, so it can be written into the statement.
  if (options.memoryLimit)
    await warehouse.run(`SET memory_limit = '${checkMemoryLimit(options.memoryLimit)}'`);
  if (!options.skipMigrations) await migrate(warehouse, options.migrations);
  return warehouse;
}
