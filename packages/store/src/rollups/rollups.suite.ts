/**
 * Rollups on every engine: for random questions — KPIs with and without reach, dimensions,
 * filters, grains, windows starting and ending mid-bucket, comparisons, period rows cut by the
 * window — the answer through rollups equals the answer from the raw fact to 1e-9, flags
 * included. Each engine's test file runs it with its own warehouse.
 */
import {
  addDays,
  buildCatalog,
  compileKpiQuery,
  type Grain,
  type KpiQuery,
  type RollupDefinition,
} from '@markpi/core';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { valuesAgree } from '../compare-values.js';
import { runKpiQuery } from '../run-query.js';
import type { CellValue, ColumnBatch, Row, Warehouse } from '../warehouse.js';
import { createRollup, rollupOptions } from './rollups.js';

const catalog = buildCatalog();

const CHANNELS = ['douyin', 'meta', 'xiaohongshu'];
const ACCOUNTS = ['a1', 'a2'];
const CAMPAIGNS = ['spring', 'summer', null];
const TRAFFIC = ['paid', 'organic'];

/** A small random performance table: a row per day and some combinations, some measures null. */
export function randomDaily(seed: number, from: string, days: number): ColumnBatch {
  let state = seed;
  const next = () => {
    // A fixed linear congruential generator: the same rows on every run for a seed.
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)]!;
  const columns: Record<string, CellValue[]> = {
    date: [],
    channel: [],
    account: [],
    campaign: [],
    traffic_type: [],
    impressions: [],
    clicks: [],
    spend: [],
    conversions: [],
    conversion_value: [],
    reach: [],
    import_id: [],
  };
  for (let day = 0; day < days; day++) {
    const rows = 1 + Math.floor(next() * 4);
    for (let index = 0; index < rows; index++) {
      columns.date!.push(addDays(from, day));
      columns.channel!.push(pick(CHANNELS));
      columns.account!.push(pick(ACCOUNTS));
      columns.campaign!.push(pick(CAMPAIGNS));
      columns.traffic_type!.push(pick(TRAFFIC));
      columns.impressions!.push(Math.round(next() * 10_000));
      columns.clicks!.push(next() < 0.1 ? null : Math.round(next() * 300));
      columns.spend!.push(Math.round(next() * 50_000) / 100);
      columns.conversions!.push(next() < 0.2 ? null : Math.round(next() * 20));
      columns.conversion_value!.push(Math.round(next() * 90_000) / 100);
      columns.reach!.push(next() < 0.5 ? null : Math.round(next() * 5_000));
      columns.import_id!.push('seed');
    }
  }
  return { rowCount: columns.date!.length, columns };
}

const PERIODS: ColumnBatch = {
  rowCount: 2,
  columns: {
    date: ['2025-03-18', '2025-05-01'],
    period_end: ['2025-04-15', '2025-05-31'],
    channel: ['meta', 'douyin'],
    account: ['a1', 'a2'],
    campaign: [null, 'spring'],
    traffic_type: ['paid', 'paid'],
    impressions: [90_000, 40_000],
    clicks: [1_800, 600],
    spend: [9_000, 4_000],
    conversions: [90, 20],
    import_id: ['periods', 'periods'],
  },
};

const ROLLUPS: RollupDefinition[] = [
  {
    name: 'channel_campaign_month',
    fact: 'performance',
    grain: 'month',
    dimensions: ['channel', 'campaign', 'traffic_type'],
  },
  { name: 'channel_week', fact: 'performance', grain: 'week', dimensions: ['channel', 'traffic_type'] },
  {
    name: 'channel_account_day',
    fact: 'performance',
    grain: 'day',
    dimensions: ['channel', 'account', 'campaign', 'traffic_type'],
  },
];

/** The answer from the raw fact, whatever rollups exist: the plan without them, its columns as shown. */
async function rawAnswer(warehouse: Warehouse, query: KpiQuery): Promise<{ keys: string[]; rows: Row[] }> {
  const compiled = compileKpiQuery(catalog, query, warehouse.dialect);
  const rows = await warehouse.query(compiled.sql, compiled.params as CellValue[]);
  const keys = compiled.columns
    .filter((column) => !column.onlyWhenSet || rows.some((row) => (row[column.key] ?? null) !== null))
    .map((column) => column.key);
  return { keys, rows: rows.map((row) => Object.fromEntries(keys.map((key) => [key, row[key] ?? null]))) };
}

function sameRows(actual: readonly Row[], expected: readonly Row[]): string | undefined {
  if (actual.length !== expected.length) return `${actual.length} rows against ${expected.length}`;
  for (let index = 0; index < expected.length; index++) {
    const want = expected[index]!;
    const got = actual[index]!;
    for (const [key, value] of Object.entries(want)) {
      const gotValue = got[key] ?? null;
      const wantValue = typeof value === 'number' && !Number.isFinite(value) ? null : value;
      if (!valuesAgree(gotValue, wantValue)) return `row ${index} ${key}: ${gotValue} against ${wantValue}`;
    }
  }
  return undefined;
}

/**
 * The property on one engine: `questions` random questions (fewer where each is slower), each
 * two statements, within `timeoutMs` (ClickHouse 18.16 takes up to a second to analyse each).
 */
export function describeRollupAnswers(
  engine: string,
  open: () => Promise<Warehouse>,
  questions: number,
  timeoutMs?: number,
): void {
  describe(`rollups on ${engine}`, () => {
    let warehouse: Warehouse;
    beforeEach(async () => {
      warehouse = await open();
    });
    afterEach(async () => {
      await warehouse.close();
    });

    it(
      'answers random questions through rollups exactly as the raw fact does, flags included',
      async () => {
        await warehouse.append('fact_performance', randomDaily(7, '2025-01-01', 240));
        await warehouse.append('fact_performance_periods', PERIODS);
        for (const definition of ROLLUPS) await createRollup(warehouse, catalog, definition);
        const options = await rollupOptions(warehouse);

        const kpiSets = [
          ['spend', 'ctr', 'cpc', 'roas'],
          ['cpm', 'cvr', 'conversions'],
          ['reach', 'frequency', 'spend'],
          ['organic_conversion_share', 'clicks'],
          ['cpa', 'impressions'],
        ];
        const grains: Grain[] = ['day', 'week', 'month', 'quarter', 'total'];
        const filters = [
          undefined,
          "channel = 'meta'",
          "traffic_type = 'paid' and channel in ('douyin', 'meta')",
          "account = 'a1'",
        ];
        const dimensionSets = [[], ['channel'], ['channel', 'campaign'], ['traffic_type'], ['account']];
        const used = new Set<string>();
        let answeredThroughRollups = 0;
        await fc.assert(
          fc.asyncProperty(
            fc.constantFrom(...kpiSets),
            fc.constantFrom(...dimensionSets),
            fc.constantFrom(...filters),
            fc.constantFrom(...grains),
            fc.integer({ min: 0, max: 200 }),
            fc.integer({ min: 0, max: 150 }),
            fc.constantFrom(undefined, 'previous' as const, 'last_year' as const),
            async (kpis, dimensions, filter, grain, start, length, compare) => {
              const query: KpiQuery = {
                kpis,
                dimensions,
                ...(filter ? { filter } : {}),
                from: addDays('2025-01-01', start),
                to: addDays('2025-01-01', Math.min(239, start + length)),
                grain,
                ...(compare ? { compare } : {}),
              };
              const through = await runKpiQuery(warehouse, catalog, query, options);
              const raw = await rawAnswer(warehouse, query);
              for (const use of through.rollups ?? []) used.add(use.rollup);
              if (through.rollups) answeredThroughRollups++;
              expect(through.columns.map((column) => column.key)).toEqual(raw.keys);
              const difference = sameRows(through.rows, raw.rows);
              expect(difference, JSON.stringify(query)).toBeUndefined();
            },
          ),
          { numRuns: questions, seed: 19 },
        );
        // The property must have gone through each rollup, not only the raw path.
        expect([...used].sort()).toEqual(ROLLUPS.map((definition) => definition.name).sort());
        expect(answeredThroughRollups).toBeGreaterThan(questions / 3);
      },
      timeoutMs,
    );
  });
}
