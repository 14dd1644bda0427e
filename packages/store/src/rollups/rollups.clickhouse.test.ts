/**
 * Rollups on ClickHouse 18.16, one server and a two-shard cluster: built exactly (checked by
 * hand), listed, dropped and made again, each shard summing the fact rows it holds, and the
 * random questions of `rollups.suite.ts` answered through them as from the raw fact.
 */
import { buildCatalog, isUserError } from '@markpi/core';
import { describe, expect, it } from 'vitest';
import { clickHouseInstalled, useLocalClickHouse, useLocalClickHouseCluster } from '../clickhouse/testing.js';
import { openClickHouseWarehouse } from '../clickhouse/warehouse.js';
import { runKpiQuery } from '../run-query.js';
import type { Warehouse } from '../warehouse.js';
import { createRollup, dropRollup, listRollups, rollupOptions } from './rollups.js';
import { describeRollupAnswers, randomDaily } from './rollups.suite.js';

// CI installs clickhouse-server; there a missing server is a failure, never a silent skip.
const available = clickHouseInstalled();

const catalog = buildCatalog();

describe.runIf(available)('ClickHouse', () => {
  const server = useLocalClickHouse();

  it('builds sums per bucket and kept dimension, lists, drops and builds them again (by hand)', async () => {
    const warehouse = await openClickHouseWarehouse({ url: server.storeUrl('by_hand') });
    try {
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
      expect(created).toMatchObject({ rows: 3, days: 59, table: 'rollup_by_month' });
      const stored = () =>
        warehouse.query(
          'SELECT toString(date) AS month, channel, spend, clicks, rollup_rows FROM rollup_by_month ORDER BY month, channel',
        );
      expect(await stored()).toEqual([
        { month: '2026-01-01', channel: 'douyin', spend: 5, clicks: null, rollup_rows: 1 },
        { month: '2026-01-01', channel: 'meta', spend: 30, clicks: 1, rollup_rows: 2 },
        { month: '2026-02-01', channel: 'meta', spend: 40, clicks: 4, rollup_rows: 1 },
      ]);
      expect((await listRollups(warehouse)).map((rollup) => [rollup.name, rollup.rows, rollup.days])).toEqual(
        [['by_month', 3, 59]],
      );
      const question = {
        kpis: ['spend', 'cpc'],
        dimensions: ['channel'],
        from: '2026-01-01',
        to: '2026-02-28',
        grain: 'month' as const,
      };
      const answer = await runKpiQuery(warehouse, catalog, question);
      expect(answer.rollups?.map((use) => use.rollup)).toEqual(['by_month']);
      expect(answer.rows).toEqual([
        { month: '2026-01-01', channel: 'douyin', spend: 5, cpc: null },
        { month: '2026-01-01', channel: 'meta', spend: 30, cpc: 30 },
        { month: '2026-02-01', channel: 'meta', spend: 40, cpc: 10 },
      ]);
      expect((await rollupOptions(warehouse)).statistics?.factRowsPerDay?.performance).toBeCloseTo(
        4 / 59,
        12,
      );

      const refused = await createRollup(warehouse, catalog, {
        name: 'by_month',
        fact: 'performance',
        grain: 'day',
        dimensions: [],
      }).catch((error: unknown) => error);
      expect(isUserError(refused) && refused.code).toBe('rollup_exists');

      await dropRollup(warehouse, 'by_month');
      expect(await listRollups(warehouse)).toEqual([]);
      const tables = () =>
        warehouse.query(
          "SELECT name FROM system.tables WHERE database = currentDatabase() AND (name LIKE 'rollup_%' OR name LIKE 'markpi_load_%') ORDER BY name",
        );
      expect(await tables()).toEqual([]);
      const afterDrop = await runKpiQuery(warehouse, catalog, question);
      expect(afterDrop.rollups).toBeUndefined();
      expect(afterDrop.rows).toEqual(answer.rows);

      // The same name again, by day and without dimensions: a table of the new shape.
      const again = await createRollup(warehouse, catalog, {
        name: 'by_month',
        fact: 'performance',
        grain: 'day',
        dimensions: [],
      });
      expect(again).toMatchObject({ rows: 3, days: 3, dimensions: [] });
      expect(await tables()).toEqual([{ name: 'rollup_by_month' }]);
      const missing = await dropRollup(warehouse, 'nothing').catch((error: unknown) => error);
      expect(isUserError(missing) && missing.code).toBe('unknown_rollup');
    } finally {
      await warehouse.close();
    }
  });

  // A database of its own for each test.
  describeRollupAnswers(
    'ClickHouse 18.16',
    () => openClickHouseWarehouse({ url: server.newStoreUrl('answers') }),
    30,
    150_000,
  );
});

describe.runIf(available)('a two-shard ClickHouse cluster', () => {
  const { servers, store } = useLocalClickHouseCluster();
  let databases = 0;
  const open = (database: string): Promise<Warehouse> => openClickHouseWarehouse(store(database));

  it('keeps a rollup on every shard, each summing the fact rows it holds', async () => {
    const warehouse = await open('sharded');
    try {
      await warehouse.append('fact_performance', randomDaily(3, '2025-01-01', 60));
      await createRollup(warehouse, catalog, {
        name: 'by_week',
        fact: 'performance',
        grain: 'week',
        dimensions: ['channel'],
      });
      const perShard: { rows: number; raw: number }[] = [];
      for (const server of servers) {
        const shard = await openClickHouseWarehouse({
          url: server.storeUrl('sharded'),
          skipMigrations: true,
        });
        const [row] = await shard.query(
          'SELECT (SELECT sum(rollup_rows) FROM rollup_by_week_local) AS rows, (SELECT count() FROM fact_performance_local) AS raw',
        );
        perShard.push({ rows: Number(row?.rows), raw: Number(row?.raw) });
        await shard.close();
      }
      expect(perShard.every((shard) => shard.raw > 0 && shard.rows === shard.raw)).toBe(true);
    } finally {
      await warehouse.close();
    }
  });

  describeRollupAnswers('a two-shard ClickHouse cluster', () => open(`answers${++databases}`), 20, 150_000);
});
