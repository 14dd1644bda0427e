/**
 * The row bound of a KPI answer on a real DuckDB workspace (the store's hand-made scenario
 * fixture): asked without a limit, an answer over the bound is refused rather than cut, one at
 * the bound is whole, and an explicit limit is the caller's own.
 */
import { buildCatalog, LIMITS, LimitError } from '@markpi/core';
import { loadScenarioFixture, openDuckDbWarehouse, type Warehouse } from '@markpi/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerKpiQuery } from './query.js';
import type { WorkspaceContext } from './workspace.js';

let warehouse: Warehouse;
let workspace: WorkspaceContext;

beforeAll(async () => {
  warehouse = await openDuckDbWarehouse({ path: ':memory:' });
  await loadScenarioFixture(warehouse);
  workspace = { warehouse, catalog: buildCatalog({}), now: () => new Date('2026-03-01T00:00:00Z') };
});
afterAll(async () => {
  await warehouse.close();
});

describe('rows one answer may hold', () => {
  const request = {
    kpis: ['spend'],
    dimensions: ['channel'],
    grain: 'day',
    from: '2026-01-01',
    to: '2026-02-28',
  };

  it('refuses an answer over the bound, keeps one at it, and leaves an explicit limit alone', async () => {
    const whole = await answerKpiQuery(workspace, request);
    const rows = whole.result.rows.length;
    expect(rows).toBeGreaterThan(3);
    expect(whole.query.limit).toBeUndefined();
    // At the bound exactly: the whole answer. One row under it: refused, not cut.
    expect((await answerKpiQuery(workspace, request, 'query', rows)).result.rows).toEqual(whole.result.rows);
    let refusal: unknown;
    try {
      await answerKpiQuery(workspace, request, 'query', rows - 1);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(LimitError);
    expect((refusal as LimitError).code).toBe('too_many_rows');
    expect((refusal as LimitError).said).toEqual({ key: 'limit.too_many_rows', params: { limit: rows - 1 } });
    // A caller who asks for two rows gets two, whatever the bound.
    const two = await answerKpiQuery(workspace, { ...request, limit: 2 }, 'query', 1);
    expect(two.result.rows).toEqual(whole.result.rows.slice(0, 2));
    expect(LIMITS.resultRows).toBe(500_000);
  });
});
