/**
 * ClickHouse behind the same Warehouse interface as DuckDB, for teams past one machine.
 * Works with Debian's clickhouse-server 18.16 and current releases.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { type ClickHouseClient, ClickHouseLogLevel, createClient } from '@clickhouse/client';
import { clickHouseDialect, MarkpiError, ROLLUP_TABLE_PREFIX } from '@markpi/core';
import { createTableSql, migrate } from '../migrations/index.js';
import { stoppableRead } from '../query-signal.js';
import type { TableDefinition } from '../schema.js';
import { FACT_TABLES } from '../schema.js';
import type { CellValue, ColumnBatch, ImportLoad, ImportLoadPlan, Row, Warehouse } from '../warehouse.js';
import { ClickHouseImportLoads, type LoadOptions } from './import-load.js';
import { escapeString, parameterObject, renderParameters } from './parameters.js';

export interface ClickHouseOptions {
  /** `clickhouse://host:port/database` (HTTP port), or `http://…` with a database option. */
  url: string;
  database?: string;
  skipMigrations?: boolean;
  /**
   * A sharded cluster: fact tables become `<table>_local` on every shard (HTTP URLs, the first
   * being this server) with a Distributed table `<table>` in front, named in the servers'
   * `remote_servers` as `name`. Other tables live on the first server only.
   */
  cluster?: { name: string; shardUrls: string[] };
  /** How imports stage and swap their rows (see import-load.ts). */
  loads?: LoadOptions;
}

interface JsonResult {
  meta: { name: string; type: string }[];
  data: Record<string, unknown>[];
}

const INSERT_BATCH_ROWS = 200_000;

/** Long scans and partition rebuilds keep the connection alive with progress headers. */
const LONG_QUERY_SETTINGS = {
  send_progress_in_http_headers: 1,
  http_headers_progress_interval_ms: '10000',
} as const;

/** One value in ClickHouse's TabSeparated escaping; `\\N` is null. */
function tabSeparated(value: CellValue): string {
  if (value === null) return '\\N';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new MarkpiError('bad_value', `cannot store ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? '1' : '0';
  return value.replace(
    /[\\\t\n\r\0]/g,
    (character) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r', '\0': '\\0' })[character]!,
  );
}

export function parseClickHouseUrl(url: string): { httpUrl: string; database: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new MarkpiError('bad_store_url', `not a store URL: ${url}`, [
      { message: `not a URL: ${url}`, hint: 'e.g. clickhouse://127.0.0.1:8123/markpi' },
    ]);
  }
  if (!['clickhouse:', 'http:', 'https:'].includes(parsed.protocol)) {
    throw new MarkpiError('bad_store_url', `unsupported store ${parsed.protocol}`, [
      { message: `unsupported store ${parsed.protocol}`, hint: 'use clickhouse://host:8123/database' },
    ]);
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || 'markpi';
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(database)) {
    throw new MarkpiError('bad_store_url', `database name ${database} is not a plain identifier`);
  }
  const protocol = parsed.protocol === 'https:' ? 'https:' : 'http:';
  const auth = parsed.username ? `${parsed.username}:${parsed.password}@` : '';
  return { httpUrl: `${protocol}//${auth}${parsed.host || '127.0.0.1:8123'}`, database };
}

function convert(value: unknown, type: string): CellValue {
  if (value === null || value === undefined) return null;
  const base = type.replace(/^Nullable\((.*)\)$/, '$1').replace(/^LowCardinality\((.*)\)$/, '$1');
  if (/^(U?Int(8|16|32|64)|Float(32|64)|Decimal)/.test(base)) {
    const number = typeof value === 'number' ? value : Number(value);
    return Number.isNaN(number) && typeof value === 'string' && /nan|inf/i.test(value) ? null : number;
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}

class ClickHouseWarehouse implements Warehouse {
  readonly dialect = clickHouseDialect;
  private readonly loads: ClickHouseImportLoads;
  private closed = false;
  /** Connections to each shard, opened when a load first needs them. */
  private shardWarehouses: Promise<ClickHouseWarehouse[]> | undefined;

  constructor(
    private readonly client: ClickHouseClient,
    readonly database: string,
    private readonly serverParameters: boolean,
    private readonly cluster?: ClickHouseOptions['cluster'],
    loadOptions?: LoadOptions,
  ) {
    this.loads = new ClickHouseImportLoads(
      {
        main: this,
        shards: () => this.shards(),
        isSharded: (table) => this.isSharded(table),
        distributedEngine: (localTable) => this.distributedEngine(localTable),
      },
      loadOptions,
    );
  }

  /** The client, unless the warehouse was closed (the client itself would quietly reconnect). */
  private connected(): ClickHouseClient {
    if (this.closed) {
      throw new MarkpiError('warehouse_closed', `the ClickHouse warehouse ${this.database} is closed`);
    }
    return this.client;
  }

  /** Facts, and the rollups summing them (each shard sums the fact rows it holds). */
  private isSharded(table: string): boolean {
    if (this.cluster === undefined) return false;
    return FACT_TABLES.some((fact) => fact.name === table) || table.startsWith(ROLLUP_TABLE_PREFIX);
  }

  /** Routes rows to shards by day, so a day's rows stay together on one shard. */
  private distributedEngine(localTable: string): string {
    return `Distributed(${escapeString(this.cluster!.name)}, ${escapeString(this.database)}, ${escapeString(localTable)}, cityHash64(toString(date)))`;
  }

  private shards(): Promise<ClickHouseWarehouse[]> {
    const cluster = this.cluster;
    if (!cluster) return Promise.resolve([]);
    this.shardWarehouses ??= Promise.all(
      cluster.shardUrls.map((shardUrl) => {
        const { httpUrl } = parseClickHouseUrl(shardUrl);
        const client = createClient({
          url: httpUrl,
          database: this.database,
          request_timeout: 600_000,
          clickhouse_settings: LONG_QUERY_SETTINGS,
        });
        return new ClickHouseWarehouse(client, this.database, this.serverParameters);
      }),
    );
    return this.shardWarehouses;
  }

  async createTable(table: TableDefinition): Promise<void> {
    if (!this.isSharded(table.name)) {
      await this.run(createTableSql(this.dialect, table));
      return;
    }
    const local = `${table.name}_local`;
    for (const shardUrl of this.cluster!.shardUrls) {
      const { httpUrl } = parseClickHouseUrl(shardUrl);
      const shard = createClient({ url: httpUrl });
      try {
        await shard.command({ query: `CREATE DATABASE IF NOT EXISTS ${this.dialect.quote(this.database)}` });
        await shard.command({ query: createTableSql(this.dialect, table, local, this.database) });
      } finally {
        await shard.close();
      }
    }
    const q = (name: string) => this.dialect.quote(name);
    await this.run(
      `CREATE TABLE IF NOT EXISTS ${q(table.name)} AS ${q(local)} ENGINE = ${this.distributedEngine(local)}`,
    );
  }

  private prepare(sql: string, params: readonly CellValue[]) {
    return this.serverParameters
      ? { query: sql, query_params: parameterObject(params) }
      : { query: renderParameters(sql, params) };
  }

  async query(sql: string, params: readonly CellValue[] = []): Promise<Row[]> {
    // A stopped read is killed on the server by its id (query-signal.ts); its answer is then the
    // server's error, which the stop turns into the signal's reason. (Aborting the HTTP request
    // instead would leave the query running on servers that don't cancel on a closed connection.)
    const queryId = randomUUID();
    const body = await stoppableRead(
      async () => {
        const result = await this.connected().query({
          ...this.prepare(sql, params),
          format: 'JSON',
          query_id: queryId,
        });
        return (await result.json()) as unknown as JsonResult;
      },
      () => {
        void this.connected()
          .command({ query: `KILL QUERY WHERE query_id = '${queryId}' ASYNC` })
          .catch(() => undefined);
      },
    );
    return body.data.map((row) => {
      const plain: Row = {};
      for (const column of body.meta) plain[column.name] = convert(row[column.name], column.type);
      return plain;
    });
  }

  async *scan(
    sql: string,
    params: readonly CellValue[] = [],
    batchRows = 100_000,
  ): AsyncIterable<ColumnBatch> {
    const result = await this.connected().query({ ...this.prepare(sql, params), format: 'JSONEachRow' });
    let rows: Record<string, CellValue>[] = [];
    const flush = (): ColumnBatch => {
      const names = Object.keys(rows[0] ?? {});
      const batch = {
        rowCount: rows.length,
        columns: Object.fromEntries(names.map((name) => [name, rows.map((row) => row[name] ?? null)])),
      };
      rows = [];
      return batch;
    };
    for await (const part of result.stream()) {
      for (const row of part as { json(): Record<string, CellValue> }[]) {
        rows.push(row.json());
        if (rows.length >= batchRows) yield flush();
      }
    }
    if (rows.length > 0) yield flush();
  }

  async run(sql: string, params: readonly CellValue[] = []): Promise<void> {
    await this.connected().command(this.prepare(sql, params));
  }

  async appendCsvFile(table: string, columns: readonly string[], file: string): Promise<void> {
    await this.connected().insert({
      table,
      values: createReadStream(file),
      format: 'CSV',
      columns: columns as [string, ...string[]],
      ...(this.cluster ? { clickhouse_settings: { insert_distributed_sync: 1 } } : {}),
    });
  }

  async append(table: string, batch: ColumnBatch): Promise<void> {
    const names = Object.keys(batch.columns);
    if (batch.rowCount === 0 || names.length === 0) return;
    const columns = names.map((name) => batch.columns[name]!);
    for (let offset = 0; offset < batch.rowCount; offset += INSERT_BATCH_ROWS) {
      const end = Math.min(batch.rowCount, offset + INSERT_BATCH_ROWS);
      // Tab-separated text is the fastest input format every ClickHouse version reads.
      const lines: string[] = new Array(end - offset);
      for (let index = offset; index < end; index++) {
        lines[index - offset] = columns.map((column) => tabSeparated(column[index] ?? null)).join('\t');
      }
      await this.connected().insert({
        table,
        values: Readable.from([`${lines.join('\n')}\n`], { objectMode: false }),
        format: 'TabSeparated',
        columns: names as [string, ...string[]],
        clickhouse_settings: {
          // Timestamps arrive as ISO 8601 (`2026-06-01T08:00:00.000Z`), which basic parsing refuses.
          date_time_input_format: 'best_effort',
          // On a cluster, return only once every shard has its rows, so a load is visible when done.
          ...(this.cluster ? { insert_distributed_sync: 1 } : {}),
        },
      });
    }
  }

  /**
   * ClickHouse has no multi-statement transactions. Work runs directly; imports, which must be
   * all-or-nothing, go through `loadImport` instead.
   */
  async transaction<T>(work: (warehouse: Warehouse) => Promise<T>): Promise<T> {
    return work(this);
  }

  /** Stages the import's rows and swaps whole partitions in (see import-load.ts). */
  loadImport<T>(plan: ImportLoadPlan, work: (load: ImportLoad) => Promise<T>): Promise<T> {
    return this.loads.loadImport(plan, work);
  }

  finishInterruptedLoads(): Promise<void> {
    return this.loads.finishInterruptedLoads();
  }

  async close(): Promise<void> {
    this.closed = true;
    const shards = this.shardWarehouses ? await this.shardWarehouses : [];
    for (const shard of shards) await shard.close();
    await this.client.close();
  }
}

async function serverSupportsParameters(client: ClickHouseClient): Promise<boolean> {
  const result = await client.query({ query: 'SELECT version() AS version', format: 'JSON' });
  const body = (await result.json()) as unknown as JsonResult;
  const [major = 0, minor = 0] = String(body.data[0]?.version ?? '0')
    .split('.')
    .map(Number);
  // Query parameters arrived in 19.17; Debian's 18.16 has none.
  return major > 19 || (major === 19 && minor >= 17);
}

export async function openClickHouseWarehouse(options: ClickHouseOptions): Promise<Warehouse> {
  const { httpUrl, database } = parseClickHouseUrl(options.url);
  const name = options.database ?? database;
  // Silent: a server that does not answer is reported below, once and without the driver's stack.
  const bootstrap = createClient({ url: httpUrl, log: { level: ClickHouseLogLevel.OFF } });
  let parameters: boolean;
  try {
    parameters = await serverSupportsParameters(bootstrap);
    await bootstrap.command({ query: `CREATE DATABASE IF NOT EXISTS ${clickHouseDialect.quote(name)}` });
  } catch (error) {
    await bootstrap.close();
    // Printed and logged, so without the user name and password the URL may carry; one line.
    const shownUrl = httpUrl.replace(/\/\/[^/@]*@/, '//');
    throw new MarkpiError(
      'store_unreachable',
      `cannot reach ClickHouse at ${shownUrl}: ${(error as Error).message.split('\n')[0]}`,
      [
        {
          message: `cannot reach ClickHouse at ${shownUrl}`,
          hint: 'is clickhouse-server running, and is 8123 its HTTP port?',
        },
      ],
    );
  }
  await bootstrap.close();
  const client = createClient({
    url: httpUrl,
    database: name,
    request_timeout: 600_000,
    clickhouse_settings: LONG_QUERY_SETTINGS,
  });
  const warehouse = new ClickHouseWarehouse(client, name, parameters, options.cluster, options.loads);
  if (!options.skipMigrations) {
    await migrate(warehouse);
    // Readers must not meet an import a crash left half-swapped; tools that must not write skip it.
    await warehouse.finishInterruptedLoads();
  }
  return warehouse;
}

export { escapeString };
