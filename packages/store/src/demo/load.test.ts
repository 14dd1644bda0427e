import type { Dialect } from '@markpi/core';
import { describe, expect, it } from 'vitest';
import { openDuckDbWarehouse } from '../duckdb/index.js';
import type { CellValue, ColumnBatch, Row, Warehouse } from '../warehouse.js';
import { DEMO_TABLES, generateDemo, planDemo } from './generate.js';
import { loadDemo } from './load.js';
import { DEMO_PERIOD, DEMO_STORY } from './story.js';

/** Counts what is appended; not an engine. */
class CountingWarehouse implements Warehouse {
  readonly dialect = { name: 'duckdb' } as Dialect;
  readonly appended = new Map<string, number>();
  transactions = 0;
  failOn: string | null = null;

  async query(): Promise<Row[]> {
    return [];
  }
  async *scan(): AsyncIterable<ColumnBatch> {}
  async run(): Promise<void> {}
  async createTable(): Promise<void> {}
  async append(table: string, batch: ColumnBatch): Promise<void> {
    if (table === this.failOn) throw new Error(`cannot append to ${table}`);
    this.appended.set(table, (this.appended.get(table) ?? 0) + batch.rowCount);
  }
  async transaction<T>(work: (warehouse: Warehouse) => Promise<T>): Promise<T> {
    this.transactions++;
    return work(this);
  }
  async close(): Promise<void> {}
}

describe('loadDemo', () => {
  const options = { performanceRows: 50_000 };

  it('appends every batch in one transaction and reports progress and row counts', async () => {
    const warehouse = new CountingWarehouse();
    const progress: [number, number][] = [];
    const summary = await loadDemo(warehouse, options, (done, total) => progress.push([done, total]));
    const { rowCounts } = planDemo(options);
    const total = Object.values(rowCounts).reduce((sum, count) => sum + count, 0);
    expect(warehouse.transactions).toBe(1);
    expect(summary.rows).toEqual(rowCounts);
    expect(Object.fromEntries(warehouse.appended)).toEqual(rowCounts);
    expect(Object.keys(summary.rows)).toEqual([...DEMO_TABLES]);
    expect(summary.totalRows).toBe(total);
    expect(summary.rows.fact_performance).toBe(50_000);
    expect(progress.at(-1)).toEqual([total, total]);
    expect(progress.every(([done], index) => index === 0 || done > progress[index - 1]![0])).toBe(true);
  });

  it('can load without a transaction, and passes append failures on', async () => {
    const plain = new CountingWarehouse();
    await loadDemo(plain, { ...options, atomic: false });
    expect(plain.transactions).toBe(0);
    const failing = new CountingWarehouse();
    failing.failOn = 'fact_customers';
    await expect(loadDemo(failing, options)).rejects.toThrow('cannot append to fact_customers');
  });

  it('loads into an in-memory DuckDB workspace', async () => {
    const warehouse = await openDuckDbWarehouse({ path: ':memory:' });
    try {
      const summary = await loadDemo(warehouse, options);
      for (const table of DEMO_TABLES) {
        const [row] = await warehouse.query(`SELECT count(*) AS n FROM ${table}`);
        expect(row?.n, table).toBe(summary.rows[table]);
      }
      let spend = 0;
      for (const { table, batch } of generateDemo(options)) {
        if (table !== 'fact_performance') continue;
        const values = batch.columns.spend as ArrayLike<number>;
        for (let index = 0; index < batch.rowCount; index++) spend += values[index]!;
      }
      const [totals] = await warehouse.query(
        `SELECT sum(spend) AS spend, min(date) AS first, max(date) AS last, count(DISTINCT date) AS days
         FROM fact_performance WHERE import_id = 'demo'`,
      );
      expect(totals?.spend as number).toBeCloseTo(spend, 2);
      expect(totals).toMatchObject({ first: DEMO_PERIOD.from, last: DEMO_PERIOD.to, days: 549 });
      const funnel = await warehouse.query(
        `SELECT channel, sum(conversions) / sum(clicks) AS cvr FROM fact_performance GROUP BY channel ORDER BY cvr`,
      );
      expect(funnel[0]?.channel).toBe(DEMO_STORY.weakFunnel.channel);
      const outage: CellValue[] = [DEMO_STORY.anomalies.find((a) => a.kind === 'tracking_outage')!.from];
      const [meta] = await warehouse.query(
        `SELECT sum(conversions) AS conversions, sum(clicks) AS clicks FROM fact_performance
         WHERE channel = 'meta' AND date = CAST($1 AS DATE)`,
        outage,
      );
      expect(meta).toMatchObject({ conversions: 0 });
      expect(meta?.clicks as number).toBeGreaterThan(0);
    } finally {
      await warehouse.close();
    }
  });
});
