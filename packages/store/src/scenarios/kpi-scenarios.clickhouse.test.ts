import { buildCatalog } from '@markpi/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clickHouseInstalled, useLocalClickHouse } from '../clickhouse/testing.js';
import { openClickHouseWarehouse } from '../clickhouse/warehouse.js';
import { runKpiQuery } from '../run-query.js';
import type { Warehouse } from '../warehouse.js';
import { loadScenarioFixture } from './fixture.js';
import { KPI_SCENARIOS } from './kpi-scenarios.js';
import { expectRowsMatch } from './match.js';

// CI installs clickhouse-server; there a missing server is a failure, never a silent skip.
const available = clickHouseInstalled();
if (!available)
  console.warn(
    'clickhouse-server not installed: ClickHouse scenarios not run (bash scripts/system-deps.sh installs it)',
  );

describe.runIf(available)('KPI scenarios on ClickHouse', () => {
  const server = useLocalClickHouse();
  let warehouse: Warehouse;
  const catalog = buildCatalog();

  beforeAll(async () => {
    warehouse = await openClickHouseWarehouse({ url: server.storeUrl('scenarios') });
    await loadScenarioFixture(warehouse);
  });
  afterAll(async () => {
    await warehouse?.close();
  });

  for (const scenario of KPI_SCENARIOS) {
    it(scenario.name, async () => {
      const result = await runKpiQuery(warehouse, catalog, scenario.query);
      expectRowsMatch(result.rows, scenario.expected, expect);
    });
  }
});
