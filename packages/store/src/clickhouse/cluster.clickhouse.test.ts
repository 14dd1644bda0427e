/**
 * Two ClickHouse servers on loopback as two shards with Distributed tables in front: the same
 * KPI scenarios must give the same rows as one server.
 */
import { buildCatalog } from '@markpi/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKpiQuery } from '../run-query.js';
import { loadScenarioFixture } from '../scenarios/fixture.js';
import { KPI_SCENARIOS } from '../scenarios/kpi-scenarios.js';
import { expectRowsMatch } from '../scenarios/match.js';
import type { Warehouse } from '../warehouse.js';
import { clickHouseInstalled, useLocalClickHouseCluster } from './testing.js';
import { openClickHouseWarehouse } from './warehouse.js';

// CI installs clickhouse-server; there a missing server is a failure, never a silent skip.
const available = clickHouseInstalled();

describe.runIf(available)('KPI scenarios on a two-shard ClickHouse cluster', () => {
  const { servers, store } = useLocalClickHouseCluster();
  let warehouse: Warehouse;
  const catalog = buildCatalog();

  beforeAll(async () => {
    warehouse = await openClickHouseWarehouse(store('scenarios'));
    await loadScenarioFixture(warehouse);
  });
  afterAll(async () => {
    await warehouse?.close();
  });

  it('spreads the facts over both shards', async () => {
    const counts: number[] = [];
    for (const server of servers) {
      const shard = await openClickHouseWarehouse({
        url: server.storeUrl('scenarios'),
        skipMigrations: true,
      });
      const [row] = await shard.query('SELECT count() AS n FROM fact_performance_local');
      counts.push(Number(row?.n));
      await shard.close();
    }
    expect(counts.reduce((sum, count) => sum + count, 0)).toBe(7);
    expect(counts.every((count) => count > 0)).toBe(true);
  });

  for (const scenario of KPI_SCENARIOS) {
    it(scenario.name, async () => {
      const result = await runKpiQuery(warehouse, catalog, scenario.query);
      expectRowsMatch(result.rows, scenario.expected, expect);
    });
  }
});
