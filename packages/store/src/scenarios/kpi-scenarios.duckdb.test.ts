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

  it('checks every built-in KPI against a hand-computed figure', () => {
    const checked = new Set(
      KPI_SCENARIOS.flatMap((scenario) => scenario.expected.flatMap((row) => Object.keys(row))),
    );
    const unchecked = [...catalog.kpis.keys()].filter((id) => !checked.has(id));
    expect(unchecked).toEqual([]);
  });

  for (const scenario of KPI_SCENARIOS) {
    it(scenario.name, async () => {
      const result = await runKpiQuery(warehouse, catalog, scenario.query);
      expectRowsMatch(result.rows, scenario.expected, expect);
    });
  }
});
