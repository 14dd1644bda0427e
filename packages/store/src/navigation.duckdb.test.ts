/**
 * What `runKpiQuery` tells the planner about a workspace by itself: its rollups and where its
 * period rows lie. The spans are checked by hand; a server's read cache keeps them until a
 * write and no longer; and random questions, with period rows inside, across and outside their
 * windows, answer exactly as the plan that assumes period rows everywhere and reads no rollup.
 */
import { addDays, buildCatalog, type Grain, type KpiQuery } from '@markpi/core';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cachedWarehouse } from './cached-warehouse.js';
import { valuesAgree } from './compare-values.js';
import { openDuckDbWarehouse } from './duckdb/index.js';
import { createRollup } from './rollups/rollups.js';
import { periodRowSpans, runKpiQuery, workspaceNavigation } from './run-query.js';
import type { CellValue, ColumnBatch, Row, Warehouse } from './warehouse.js';

const catalog = buildCatalog();
const CHANNELS = ['douyin', 'meta', 'xiaohongshu'];

/** A row or two a day over `days` days from 2025-01-01, from a fixed generator (same rows each run). */
function dailyRows(days: number): ColumnBatch {
  let state = 11;
  const next = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  const columns: Record<string, CellValue[]> = {
    date: [],
    channel: [],
    account: [],
    impressions: [],
    clicks: [],
    spend: [],
    conversions: [],
    reach: [],
    import_id: [],
  };
  for (let day = 0; day < days; day++) {
    for (let row = 0; row < 1 + Math.floor(next() * 2); row++) {
      columns.date!.push(addDays('2025-01-01', day));
      columns.channel!.push(CHANNELS[Math.floor(next() * CHANNELS.length)]!);
      columns.account!.push(next() < 0.5 ? 'a1' : 'a2');
      columns.impressions!.push(Math.round(next() * 10_000));
      columns.clicks!.push(next() < 0.1 ? null : Math.round(next() * 300));
      columns.spend!.push(Math.round(next() * 50_000) / 100);
      columns.conversions!.push(Math.round(next() * 20));
      columns.reach!.push(next() < 0.5 ? null : Math.round(next() * 5_000));
      columns.import_id!.push('daily');
    }
  }
  return { rowCount: columns.date!.length, columns };
}

/** Two reports over date ranges: 10 March – 20 April and 1–31 May 2025. */
const PERIOD_ROWS: ColumnBatch = {
  rowCount: 2,
  columns: {
    date: ['2025-03-10', '2025-05-01'],
    period_end: ['2025-04-20', '2025-05-31'],
    channel: ['meta', 'douyin'],
    account: ['a1', 'a2'],
    impressions: [84_000, 31_000],
    clicks: [1_680, 620],
    spend: [8_400, 3_100],
    conversions: [84, 31],
    reach: [20_000, null],
    import_id: ['periods', 'periods'],
  },
};

describe('what runKpiQuery tells the planner', () => {
  let warehouse: Warehouse;
  beforeEach(async () => {
    warehouse = await openDuckDbWarehouse({ path: ':memory:' });
  });
  afterEach(async () => {
    await warehouse.close();
  });

  it('finds where period rows lie: none, then the first day and the last day (by hand)', async () => {
    expect(await periodRowSpans(warehouse, catalog)).toEqual({ performance: null });
    await warehouse.append('fact_performance_periods', PERIOD_ROWS);
    expect(await periodRowSpans(warehouse, catalog)).toEqual({
      performance: { first: '2025-03-10', last: '2025-05-31' },
    });
  });

  it('is kept by a read cache that sees every write until the next one, and read afresh elsewhere', async () => {
    let spanReads = 0;
    const counting = new Proxy(warehouse, {
      get(target, property, receiver) {
        if (property === 'query') {
          return (sql: string, params?: readonly CellValue[]) => {
            if (sql.includes('MAX("period_end")')) spanReads += 1;
            return target.query(sql, params);
          };
        }
        const value = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const cached = cachedWarehouse(counting);
    const question: KpiQuery = { kpis: ['spend'], from: '2025-05-01', to: '2025-05-31' };
    await Promise.all([
      runKpiQuery(cached, catalog, question),
      runKpiQuery(cached, catalog, { ...question, kpis: ['ctr'] }),
    ]);
    await runKpiQuery(cached, catalog, { ...question, grain: 'day' });
    expect(spanReads).toBe(1);
    expect((await runKpiQuery(cached, catalog, question)).rows).toEqual([]);

    await cached.append('fact_performance_periods', PERIOD_ROWS);
    const after = await runKpiQuery(cached, catalog, question);
    expect(spanReads).toBe(2);
    expect(after.rows).toEqual([{ spend: 3_100 }]);
    expect((await workspaceNavigation(cached, catalog)).periodRows).toEqual({
      performance: { first: '2025-03-10', last: '2025-05-31' },
    });

    // Where others may write (answers kept for a time only), the spans are read for every question.
    const forAMinute = cachedWarehouse(counting, { ttlMs: 60_000 });
    await runKpiQuery(forAMinute, catalog, question);
    await runKpiQuery(forAMinute, catalog, question);
    expect(spanReads).toBe(4);
    // Without a cache, questions asked at once share one reading; one asked later reads again.
    await Promise.all([
      runKpiQuery(counting, catalog, question),
      runKpiQuery(counting, catalog, { ...question, kpis: ['cpc'] }),
      runKpiQuery(counting, catalog, { ...question, grain: 'week' }),
    ]);
    expect(spanReads).toBe(5);
    await runKpiQuery(counting, catalog, question);
    expect(spanReads).toBe(6);
  });

  it('answers random questions as the plan that reads period rows everywhere, flags included', async () => {
    await warehouse.append('fact_performance', dailyRows(200));
    await warehouse.append('fact_performance_periods', PERIOD_ROWS);
    await createRollup(warehouse, catalog, {
      name: 'channel_day',
      fact: 'performance',
      grain: 'day',
      dimensions: ['channel', 'account'],
    });
    const navigation = await workspaceNavigation(warehouse, catalog);
    const grains: Grain[] = ['day', 'week', 'month', 'total'];
    let withoutPeriods = 0;
    let withPeriods = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(['spend', 'ctr', 'cpc'], ['reach', 'frequency'], ['cvr', 'conversions']),
        fc.constantFrom([], ['channel'], ['account']),
        fc.constantFrom(undefined, "channel = 'meta'"),
        fc.constantFrom(...grains),
        fc.integer({ min: 0, max: 190 }),
        fc.integer({ min: 0, max: 90 }),
        fc.constantFrom(undefined, 'previous' as const),
        async (kpis, dimensions, filter, grain, start, length, compare) => {
          const query: KpiQuery = {
            kpis: [...kpis],
            dimensions: [...dimensions],
            ...(filter ? { filter } : {}),
            from: addDays('2025-01-01', start),
            to: addDays('2025-01-01', Math.min(199, start + length)),
            grain,
            ...(compare ? { compare } : {}),
          };
          const told = await runKpiQuery(warehouse, catalog, query);
          const assumed = await runKpiQuery(warehouse, catalog, query, {});
          if (told.sql.includes('fact_performance_periods')) withPeriods++;
          else withoutPeriods++;
          expect(told.columns).toEqual(assumed.columns);
          expect(differenceOf(told.rows, assumed.rows), JSON.stringify(query)).toBeUndefined();
          // The same navigation, given: the same plan.
          expect((await runKpiQuery(warehouse, catalog, query, navigation)).sql).toBe(told.sql);
        },
      ),
      { numRuns: 50, seed: 20 },
    );
    // Both kinds of window were asked about.
    expect(withoutPeriods).toBeGreaterThan(10);
    expect(withPeriods).toBeGreaterThan(10);
  });
});

function differenceOf(actual: readonly Row[], expected: readonly Row[]): string | undefined {
  if (actual.length !== expected.length) return `${actual.length} rows against ${expected.length}`;
  for (const [index, want] of expected.entries()) {
    for (const [key, value] of Object.entries(want)) {
      if (!valuesAgree(actual[index]?.[key] ?? null, value)) return `row ${index} ${key}`;
    }
  }
  return undefined;
}
