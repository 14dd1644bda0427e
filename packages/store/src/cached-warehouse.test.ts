import { buildCatalog } from '@markpi/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CachedWarehouse, cachedWarehouse } from './cached-warehouse.js';
import { openDuckDbWarehouse } from './duckdb/index.js';
import { runKpiQuery } from './run-query.js';
import { loadScenarioFixture } from './scenarios/fixture.js';

const catalog = buildCatalog();
const query = { kpis: ['spend', 'ctr'], dimensions: ['channel'], from: '2026-01-01', to: '2026-01-31' };

describe('cached warehouse', () => {
  let warehouse: CachedWarehouse;
  let clock = 0;

  beforeEach(async () => {
    const inner = await openDuckDbWarehouse({ path: ':memory:' });
    await loadScenarioFixture(inner);
    clock = 0;
    warehouse = cachedWarehouse(inner, { ttlMs: 1000, now: () => clock });
  });
  afterEach(async () => {
    await warehouse.close();
  });

  it('answers identical concurrent reads with one execution and the same rows', async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => runKpiQuery(warehouse, catalog, query)),
    );
    expect(warehouse.misses).toBe(1);
    expect(warehouse.hits).toBe(19);
    for (const answer of answers) expect(answer.rows).toEqual(answers[0]!.rows);
  });

  it('forgets everything when something is written', async () => {
    const before = await runKpiQuery(warehouse, catalog, query);
    await warehouse.append('fact_performance', {
      rowCount: 1,
      columns: { date: ['2026-01-05'], channel: ['douyin'], spend: [1000], impressions: [10], clicks: [1] },
    });
    const after = await runKpiQuery(warehouse, catalog, query);
    expect(warehouse.misses).toBe(2);
    expect(after.rows.find((row) => row.channel === 'douyin')?.spend).toBe(
      (before.rows.find((row) => row.channel === 'douyin')?.spend as number) + 1000,
    );
  });

  it('takes a write that returns rows for a write, and a read in another form for a read', async () => {
    await warehouse.run('CREATE TABLE flags (id INTEGER, seen BOOLEAN)');
    await warehouse.run('INSERT INTO flags VALUES (1, false)');
    const read = 'SELECT seen FROM flags WHERE id = 1';
    expect(await warehouse.query(read)).toEqual([{ seen: false }]);
    expect(await warehouse.query('UPDATE flags SET seen = true WHERE id = 1 RETURNING id')).toEqual([
      { id: 1 },
    ]);
    expect(await warehouse.query(read)).toEqual([{ seen: true }]);
    // A parenthesised read is kept like any other.
    const misses = warehouse.misses;
    await warehouse.query(`(${read})`);
    await warehouse.query(`(${read})`);
    expect(warehouse.misses).toBe(misses + 1);
  });

  it('reads again once an answer is older than its time to live', async () => {
    await runKpiQuery(warehouse, catalog, query);
    clock = 500;
    await runKpiQuery(warehouse, catalog, query);
    expect(warehouse.misses).toBe(1);
    clock = 1501;
    await runKpiQuery(warehouse, catalog, query);
    expect(warehouse.misses).toBe(2);
  });

  it('does not keep a failed read', async () => {
    await expect(warehouse.query('SELECT * FROM no_such_table')).rejects.toThrow();
    await expect(warehouse.query('SELECT * FROM no_such_table')).rejects.toThrow();
    expect(warehouse.misses).toBe(2);
  });
});
