/**
 * Rollups on DuckDB: built exactly (checked by hand), listed, dropped, and the random questions
 * of `rollups.suite.ts` answered through them as from the raw fact.
 */
import { buildCatalog, isUserError } from '@markpi/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cachedWarehouse } from '../cached-warehouse.js';
import { openDuckDbWarehouse } from '../duckdb/index.js';
import { runKpiQuery } from '../run-query.js';
import type { Warehouse } from '../warehouse.js';
import { createRollup, dropRollup, listRollups, rollupOptions } from './rollups.js';
import { describeRollupAnswers } from './rollups.suite.js';

const catalog = buildCatalog();

describe('rollups on DuckDB', () => {
  let warehouse: Warehouse;
  beforeEach(async () => {
    warehouse = await openDuckDbWarehouse({ path: ':memory:' });
  });
  afterEach(async () => {
    await warehouse.close();
  });

  it('builds sums per bucket and kept dimension, lists and drops them (by hand)', async () => {
    await warehouse.append('fact_performance', {
      rowCount: 4,
      columns: {
        date: ['2026-01-30', '2026-01-31', '2026-02-01', '2026-01-31'],
        channel: ['meta', 'meta', 'meta', 'douyin'],
        account: ['m1', 'm2', 'm1', 'd1'],
        spend: [10, 20, 40, 5],
        clicks: [1, null, 4, null],
        reach: [100, 200, 300, 50],
        import_id: ['x', 'x', 'x', 'x'],
      },
    });
    const created = await createRollup(warehouse, catalog, {
      name: 'by_month',
      fact: 'performance',
      grain: 'month',
      dimensions: ['channel'],
    });
    // Meta January, Meta February, Douyin January; January and February: 59 days.
    expect(created).toMatchObject({ rows: 3, days: 59, table: 'rollup_by_month' });
    const rows = await warehouse.query(
      `SELECT strftime("date", '%Y-%m-%d') AS month, channel, spend, clicks, rollup_rows FROM rollup_by_month ORDER BY 1, 2`,
    );
    expect(rows).toEqual([
      { month: '2026-01-01', channel: 'douyin', spend: 5, clicks: null, rollup_rows: 1 },
      { month: '2026-01-01', channel: 'meta', spend: 30, clicks: 1, rollup_rows: 2 },
      { month: '2026-02-01', channel: 'meta', spend: 40, clicks: 4, rollup_rows: 1 },
    ]);
    expect(
      (await listRollups(warehouse)).map((rollup) => [rollup.name, rollup.columns.includes('reach')]),
    ).toEqual([['by_month', false]]);
    const question = {
      kpis: ['spend', 'cpc'],
      dimensions: ['channel'],
      from: '2026-01-01',
      to: '2026-02-28',
      grain: 'month' as const,
    };
    const options = await rollupOptions(warehouse);
    // Four raw rows over the 59 days of January and February price a raw edge day.
    expect(options.statistics?.factRowsPerDay?.performance).toBeCloseTo(4 / 59, 12);
    const answer = await runKpiQuery(warehouse, catalog, question, options);
    expect(answer.rollups?.map((use) => use.rollup)).toEqual(['by_month']);
    expect(answer.rows).toEqual([
      { month: '2026-01-01', channel: 'douyin', spend: 5, cpc: null },
      { month: '2026-01-01', channel: 'meta', spend: 30, cpc: 30 },
      { month: '2026-02-01', channel: 'meta', spend: 40, cpc: 10 },
    ]);

    // With no options the planner reads the rollups itself; a read cache keeps them until a write through it.
    const cached = cachedWarehouse(warehouse);
    const byItself = await runKpiQuery(cached, catalog, question);
    expect(byItself.rollups?.map((use) => use.rollup)).toEqual(['by_month']);
    expect(byItself.rows).toEqual(answer.rows);

    const refused = await createRollup(warehouse, catalog, {
      name: 'by_month',
      fact: 'performance',
      grain: 'day',
      dimensions: [],
    }).catch((error: unknown) => error);
    expect(isUserError(refused) && refused.code).toBe('rollup_exists');
    await dropRollup(cached, 'by_month');
    expect(await listRollups(warehouse)).toEqual([]);
    const afterDrop = await runKpiQuery(cached, catalog, question);
    expect(afterDrop.rollups).toBeUndefined();
    expect(afterDrop.rows).toEqual(answer.rows);
    expect(
      await warehouse.query(
        `SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_name = 'rollup_by_month'`,
      ),
    ).toEqual([{ n: 0 }]);
    const missing = await dropRollup(warehouse, 'by_month').catch((error: unknown) => error);
    expect(isUserError(missing) && missing.code).toBe('unknown_rollup');
  });
});

describeRollupAnswers('DuckDB', () => openDuckDbWarehouse({ path: ':memory:' }), 120);
