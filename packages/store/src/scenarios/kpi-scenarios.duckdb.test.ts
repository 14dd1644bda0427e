import { buildCatalog } from '@markpi/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDbWarehouse } from '../duckdb/index.js';
import { runKpiQuery } from '../run-query.js';
import type { Warehouse } from '../warehouse.js';
import { loadScenarioFixture } from './fixture.js';
import { KPI_SCENARIOS } from './kpi-scenarios.js';
import { expectRowsMatch } from './match.js';

describe('KPI scenarios on DuckDB', () => {
  let warehouse: Warehouse;
  const catalog = buildCatalog();

  beforeAll(async () => {
    warehouse = await openDuckDbWarehouse({ path: ':memory:' });
    await loadScenarioFixture(warehouse);
  });
  afterAll(async () => {
    await warehouse.close();
  });

  for (const scenario of KPI_SCENARIOS) {
    it(scenario.name, async () => {
      const result = await runKpiQuery(warehouse, catalog, scenario.query);
      expectRowsMatch(result.rows, scenario.expected, expect);
    });
  }
});
