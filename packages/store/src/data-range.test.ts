import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataRange, PERFORMANCE_TABLES } from './data-range.js';
import { openDuckDbWarehouse } from './duckdb/index.js';
import { loadScenarioFixture } from './scenarios/fixture.js';
import type { Warehouse } from './warehouse.js';

describe('data range', () => {
  let warehouse: Warehouse;
  beforeAll(async () => {
    warehouse = await openDuckDbWarehouse({ path: ':memory:' });
  });
  afterAll(async () => {
    await warehouse.close();
  });

  it('is null for an empty workspace', async () => {
    expect(await dataRange(warehouse)).toBeNull();
  });

  it('spans every fact, or only the ones asked for', async () => {
    await loadScenarioFixture(warehouse);
    // Performance runs 2025-01-10 … 2026-02-15; the follower snapshots reach 2026-02-28.
    expect(await dataRange(warehouse, PERFORMANCE_TABLES)).toEqual({ from: '2025-01-10', to: '2026-02-15' });
    expect(await dataRange(warehouse)).toEqual({ from: '2025-01-10', to: '2026-02-28' });
  });
});
