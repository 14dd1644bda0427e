/**
 * Ranking a KPI table through the use cases on DuckDB: a sort, a minimum-volume cut, the row
 * without a creator kept apart, and creators' names — against figures worked out by hand from the
 * rows below, and against a ranking computed here from the same rows by plain sums.
 */
import { buildCatalog, isMarkpiError } from '@markpi/core';
import { openDuckDbWarehouse, type Row, type Warehouse } from '@markpi/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerComparison } from './analytics/compare.js';
import { answerKpiQuery, NONE_ROW_FLAG } from './query.js';
import type { WorkspaceContext } from './workspace.js';

let warehouse: Warehouse;
let workspace: WorkspaceContext;

interface FactRow {
  date: string;
  creator: string | null;
  spend: number | null;
  conversions: number;
  value: number;
}

const FACTS: FactRow[] = [
  // 花花: two days, 1200 + 800 = 2000 spent, 3000 + 3000 = 6000 earned (ROAS 3), 20 conversions (CPA 100).
  { date: '2026-03-01', creator: 'c1', spend: 1200, conversions: 12, value: 3000 },
  { date: '2026-03-02', creator: 'c1', spend: 800, conversions: 8, value: 3000 },
  // Leo: ROAS 7500 / 1500 = 5, CPA 1500 / 30 = 50.
  { date: '2026-03-01', creator: 'c2', spend: 1500, conversions: 30, value: 7500 },
  // A tiny KOC: ROAS 1000 / 50 = 20 on one lucky order — under any sensible minimum spend.
  { date: '2026-03-02', creator: 'c3', spend: 50, conversions: 2, value: 1000 },
  // No name in the registry: ROAS 2400 / 1200 = 2; no conversions, so no CPA.
  { date: '2026-03-01', creator: 'c4', spend: 1200, conversions: 0, value: 2400 },
  // Organic posts recorded with a spend of 0: CPA 0 / 5 = 0 (nothing paid per conversion), ROAS none.
  { date: '2026-03-02', creator: 'c5', spend: 0, conversions: 5, value: 500 },
  // An export without a spend column: no spend data, so neither CPA nor ROAS.
  { date: '2026-03-02', creator: 'c6', spend: null, conversions: 4, value: 800 },
  // Brand ads with no creator: ROAS 90000 / 9000 = 10, CPA 90 — not a creator, so never ranked.
  { date: '2026-03-01', creator: null, spend: 9000, conversions: 100, value: 90_000 },
];

const NAMES: Record<string, string> = { c1: '花花', c2: 'Leo', c3: '小米', c5: '阿橙', c6: '' };

beforeAll(async () => {
  warehouse = await openDuckDbWarehouse({ path: ':memory:' });
  await warehouse.append('fact_performance', {
    rowCount: FACTS.length,
    columns: {
      date: FACTS.map((row) => row.date),
      channel: FACTS.map(() => 'douyin'),
      creator: FACTS.map((row) => row.creator),
      spend: FACTS.map((row) => row.spend),
      conversions: FACTS.map((row) => row.conversions),
      conversion_value: FACTS.map((row) => row.value),
      import_id: FACTS.map(() => 'ranking-test'),
    },
  });
  const named = Object.entries(NAMES);
  await warehouse.append('dim_creators', {
    rowCount: named.length,
    columns: { creator: named.map(([id]) => id), name: named.map(([, name]) => name) },
  });
  workspace = { warehouse, catalog: buildCatalog({}), now: () => new Date('2026-03-05T00:00:00Z') };
});
afterAll(async () => {
  await warehouse.close();
});

const WINDOW = { from: '2026-03-01', to: '2026-03-02' };

/** The same ranking by plain sums over the rows above: the independent check. */
function rankedByHand(kpi: 'roas' | 'cpa', order: 'asc' | 'desc', minimumSpend: number): string[] {
  const totals = new Map<string, { spend: number | null; conversions: number; value: number }>();
  for (const row of FACTS) {
    if (row.creator === null) continue;
    const total = totals.get(row.creator) ?? { spend: null, conversions: 0, value: 0 };
    if (row.spend !== null) total.spend = (total.spend ?? 0) + row.spend;
    total.conversions += row.conversions;
    total.value += row.value;
    totals.set(row.creator, total);
  }
  const scored = [...totals]
    .filter(([, total]) => (total.spend ?? Number.NEGATIVE_INFINITY) >= minimumSpend)
    .map(([creator, total]) => {
      const score =
        kpi === 'roas'
          ? total.spend
            ? total.value / total.spend
            : null
          : total.spend !== null && total.conversions > 0
            ? total.spend / total.conversions
            : null;
      return { creator, score };
    });
  const sign = order === 'asc' ? 1 : -1;
  scored.sort((a, b) => {
    if (a.score === null || b.score === null) return a.score === b.score ? 0 : a.score === null ? 1 : -1;
    return (a.score - b.score) * sign;
  });
  return scored.map((entry) => entry.creator);
}

const idsOf = (rows: Row[]) => rows.map((row) => row.creator);

describe('ranking a KPI table', () => {
  it('ranks creators by ROAS above a minimum spend, counts those below, keeps the none row apart', async () => {
    const answer = await answerKpiQuery(workspace, {
      kpis: ['roas'],
      dimensions: ['creator'],
      ...WINDOW,
      sort: 'roas:desc',
      min: 'spend=1000',
    });
    // Spend is asked too, so the cut is seen in the table.
    expect(answer.query.kpis).toEqual(['roas', 'spend']);
    expect(answer.result.rows).toEqual([
      { creator: 'c2', roas: 5, spend: 1500 },
      { creator: 'c1', roas: 3, spend: 2000 },
      { creator: 'c4', roas: 2, spend: 1200 },
      { creator: null, roas: 10, spend: 9000, [NONE_ROW_FLAG]: true },
    ]);
    expect(answer.ranking).toEqual({
      sort: { key: 'roas', order: 'desc' },
      minimum: [{ kpi: 'spend', value: 1000 }],
      // c3 (50), c5 (0) and c6 (no spend at all).
      belowMinimum: 3,
      apart: 1,
    });
    expect(answer.names).toEqual({ creator: { c1: '花花', c2: 'Leo' } });
    expect(idsOf(answer.result.rows.slice(0, 3))).toEqual(rankedByHand('roas', 'desc', 1000));
  });

  it('without a minimum the lucky KOC tops ROAS; a KPI without an order ranks best first', async () => {
    const answer = await answerKpiQuery(workspace, {
      kpis: ['roas'],
      dimensions: ['creator'],
      ...WINDOW,
      sort: 'roas',
    });
    expect(idsOf(answer.result.rows)).toEqual(['c3', 'c2', 'c1', 'c4', 'c5', 'c6', null]);
    expect(idsOf(answer.result.rows.slice(0, 6))).toEqual(
      rankedByHand('roas', 'desc', Number.NEGATIVE_INFINITY),
    );
    expect(answer.ranking?.belowMinimum).toBe(0);
    expect(answer.names.creator).toEqual({ c1: '花花', c2: 'Leo', c3: '小米', c5: '阿橙' });
  });

  it('cost per action: lowest first, 0 where spend was recorded as 0, none where spend or conversions are missing', async () => {
    const answer = await answerKpiQuery(workspace, {
      kpis: ['cpa'],
      dimensions: ['creator'],
      ...WINDOW,
      sort: 'cpa',
    });
    expect(answer.ranking?.sort).toEqual({ key: 'cpa', order: 'asc' });
    expect(answer.result.rows).toEqual([
      { creator: 'c5', cpa: 0 },
      { creator: 'c3', cpa: 25 },
      { creator: 'c2', cpa: 50 },
      { creator: 'c1', cpa: 100 },
      // No conversions (c4) and no spend data (c6): no cost per action, last in either direction.
      { creator: 'c4', cpa: null },
      { creator: 'c6', cpa: null },
      { creator: null, cpa: 90, [NONE_ROW_FLAG]: true },
    ]);
    expect(idsOf(answer.result.rows.slice(0, 6))).toEqual(
      rankedByHand('cpa', 'asc', Number.NEGATIVE_INFINITY),
    );
    // The cut that keeps only rows that paid: spend of at least 1.
    const paid = await answerKpiQuery(workspace, {
      kpis: ['cpa'],
      dimensions: ['creator'],
      ...WINDOW,
      sort: 'cpa:asc',
      min: ['spend=1'],
    });
    expect(idsOf(paid.result.rows)).toEqual(['c3', 'c2', 'c1', 'c4', null]);
    expect(idsOf(paid.result.rows.slice(0, 4))).toEqual(rankedByHand('cpa', 'asc', 1));
  });

  it('a limit keeps the best rows, not the first keys', async () => {
    const answer = await answerKpiQuery(workspace, {
      kpis: ['roas', 'spend'],
      dimensions: ['creator'],
      ...WINDOW,
      sort: 'roas:desc',
      min: 'spend=1000',
      limit: 1,
    });
    expect(idsOf(answer.result.rows)).toEqual(['c2', null]);
    expect(answer.query.limit).toBe(1);
    expect(answer.ranking?.belowMinimum).toBe(3);
  });

  it('ranks within each day when the rows have a time grain', async () => {
    const answer = await answerKpiQuery(workspace, {
      kpis: ['spend'],
      dimensions: ['creator'],
      grain: 'day',
      ...WINDOW,
      sort: 'spend',
    });
    // 1 March: none 9000, c2 1500, c1 1200, c4 1200 (ties in key order); 2 March: c1 800, c3 50, c5 0.
    expect(answer.result.rows.map((row) => [row.day, row.creator, row.spend])).toEqual([
      ['2026-03-01', 'c2', 1500],
      ['2026-03-01', 'c1', 1200],
      ['2026-03-01', 'c4', 1200],
      ['2026-03-02', 'c1', 800],
      ['2026-03-02', 'c3', 50],
      ['2026-03-02', 'c5', 0],
      ['2026-03-01', null, 9000],
    ]);
  });

  it('names ids without a ranking, and leaves dimensions without names alone', async () => {
    const answer = await answerKpiQuery(workspace, {
      kpis: ['spend'],
      dimensions: ['channel', 'creator'],
      ...WINDOW,
    });
    expect(answer.ranking).toBeUndefined();
    expect(answer.names).toEqual({ creator: { c1: '花花', c2: 'Leo', c3: '小米', c5: '阿橙' } });
    // Unranked rows stay in the planner's order, the none row among them, unflagged; c6 has no
    // spend at all, so the planner has no row for it.
    expect(answer.result.rows.map((row) => row.creator).sort()).toEqual(['c1', 'c2', 'c3', 'c4', 'c5', null]);
    expect(answer.result.rows.some((row) => NONE_ROW_FLAG in row)).toBe(false);
  });

  it('refuses a sort or a minimum it cannot apply', async () => {
    const base = { kpis: ['roas'], dimensions: ['creator'], ...WINDOW };
    const codeOf = async (extra: Record<string, unknown>) => {
      try {
        await answerKpiQuery(workspace, { ...base, ...extra });
      } catch (error) {
        return isMarkpiError(error) ? error.code : String(error);
      }
      return 'answered';
    };
    expect(await codeOf({ sort: 'region' })).toBe('invalid_sort');
    expect(await codeOf({ sort: 'roas:up' })).toBe('invalid_sort');
    expect(await codeOf({ min: 'spend>1000' })).toBe('invalid_query');
    expect(await codeOf({ min: 'spend=lots' })).toBe('invalid_query');
    expect(await codeOf({ min: 'spendd=1000' })).toBe('unknown_kpi');
    expect(await codeOf({ min: 5 })).toBe('invalid_request');
  });
});

describe('ranking a comparison table', () => {
  it('cuts at the minimum, pages ranked rows only, and shows the none row after the first page', async () => {
    const first = await answerComparison(workspace, 'creators', {
      ...WINDOW,
      kpis: ['roas'],
      min: 'spend=1000',
      sort: 'roas',
      order: 'desc',
      limit: 2,
    });
    expect(first.columns.map((column) => column.key)).toEqual(['creator', 'creator_tier', 'roas', 'spend']);
    expect(idsOf(first.rows)).toEqual(['c2', 'c1', null]);
    expect(first.rows[2]?.[NONE_ROW_FLAG]).toBe(true);
    expect(first.total).toBe(3);
    expect(first.ranking).toEqual({
      sort: { key: 'roas', order: 'desc' },
      minimum: [{ kpi: 'spend', value: 1000 }],
      belowMinimum: 3,
      apart: 1,
    });
    expect(first.labels).toEqual({ c1: '花花', c2: 'Leo' });
    const second = await answerComparison(workspace, 'creators', {
      ...WINDOW,
      kpis: ['roas'],
      min: 'spend=1000',
      sort: 'roas',
      order: 'desc',
      limit: 2,
      offset: 2,
    });
    expect(idsOf(second.rows)).toEqual(['c4']);
  });
});
