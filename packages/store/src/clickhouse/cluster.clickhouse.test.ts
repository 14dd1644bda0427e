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
import { clickHouseBinary, freePort, type LocalClickHouse, startLocalClickHouse } from './local-server.js';
import { openClickHouseWarehouse } from './warehouse.js';

const available = clickHouseBinary() !== undefined;
if (!available && process.env.CI) throw new Error('clickhouse-server is missing in CI');

describe.runIf(available)('KPI scenarios on a two-shard ClickHouse cluster', () => {
  const servers: LocalClickHouse[] = [];
  let warehouse: Warehouse;
  const catalog = buildCatalog();

  beforeAll(async () => {
    const tcpPorts = [await freePort(), await freePort()];
    const cluster = { name: 'markpi_shards', tcpPorts };
    for (const tcpPort of tcpPorts) servers.push(await startLocalClickHouse({ cluster, tcpPort }));
    warehouse = await openClickHouseWarehouse({
      url: servers[0]!.storeUrl('scenarios'),
      cluster: { name: 'markpi_shards', shardUrls: servers.map((server) => server.storeUrl('scenarios')) },
    });
    await loadScenarioFixture(warehouse);
  });
  afterAll(async () => {
    await warehouse?.close();
    for (const server of servers) await server.stop();
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
