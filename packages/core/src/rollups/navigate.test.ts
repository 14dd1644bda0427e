import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../catalog/catalog.js';
import { duckDbDialect } from '../dialects/duckdb.js';
import { isUserError } from '../errors.js';
import { compileKpiQuery } from '../plan/compile.js';
import { addDays, addMonths, daysBetween } from '../plan/dates.js';
import type { Grain, KpiQuery } from '../plan/query.js';
import { bucketStart, nextBucket, wholeBuckets } from './buckets.js';
import {
  ROLLUP_GRAINS,
  type RollupGrain,
  type RollupTable,
  resolveRollup,
  rollupColumns,
} from './definition.js';
import { rollupUseMessage, sayRollupMessage } from './messages.js';
import { chooseRollup, grainFits, type RollupRequest } from './navigate.js';
import { rollupRefreshStatements } from './sql.js';

const catalog = buildCatalog();

const rollup = (name: string, grain: RollupGrain, dimensions: string[], rows?: number, days?: number) => ({
  ...resolveRollup(catalog, { name, fact: 'performance', grain, dimensions }),
  ...(rows !== undefined ? { rows } : {}),
  ...(days !== undefined ? { days } : {}),
});

/** Days between two ISO dates, one by one: the brute-force side of the bucket tests. */
function eachDay(from: string, toExclusive: string): string[] {
  const days: string[] = [];
  for (let day = from; day < toExclusive; day = addDays(day, 1)) days.push(day);
  return days;
}

/** Start of a query bucket, written independently of the dialects: from the day's fields. */
function queryBucket(grain: Exclude<Grain, 'total'>, day: string): string {
  const [year, month] = [Number(day.slice(0, 4)), Number(day.slice(5, 7))];
  const pad = (value: number) => String(value).padStart(2, '0');
  switch (grain) {
    case 'day':
      return day;
    case 'week': {
      // 2024-01-01 was a Monday: whole weeks since then.
      const offset = (((daysBetween('2024-01-01', day) % 7) + 7) % 7) as number;
      return addDays(day, -offset);
    }
    case 'month':
      return `${year}-${pad(month)}-01`;
    case 'quarter':
      return `${year}-${pad(Math.floor((month - 1) / 3) * 3 + 1)}-01`;
    case 'year':
      return `${year}-01-01`;
  }
}

const isoDay = fc.integer({ min: 0, max: 900 }).map((offset) => addDays('2024-11-01', offset));

describe('rollup definitions', () => {
  it('holds the summed columns and leaves out those a distinct measure reads', () => {
    const columns = rollupColumns(catalog, 'performance');
    expect(columns).toEqual(expect.arrayContaining(['impressions', 'clicks', 'spend', 'conversions']));
    expect(columns).not.toContain('reach');
    const resolved = resolveRollup(catalog, {
      name: 'by_channel',
      fact: 'performance',
      grain: 'month',
      dimensions: ['campaign', 'channel'],
    });
    // Dimensions in the fact's order, so equal sets are one table shape.
    expect(resolved.dimensions).toEqual(['channel', 'campaign']);
    expect(resolved.table).toBe('rollup_by_channel');
  });

  it('refuses names that are not identifiers, unknown dimensions, snapshots and monthly facts, all at once', () => {
    const attempt = (definition: Parameters<typeof resolveRollup>[1]) => {
      try {
        resolveRollup(catalog, definition);
      } catch (error) {
        if (isUserError(error)) return error;
        throw error;
      }
      throw new Error('expected a refusal');
    };
    const bad = attempt({
      name: 'x; drop',
      fact: 'performance',
      grain: 'month',
      dimensions: ['chanel', 'channel', 'channel'],
    });
    expect(bad.code).toBe('invalid_rollup');
    expect(bad.problems.map((problem) => problem.path)).toEqual(['name', 'dimensions', 'dimensions']);
    expect(bad.problems[1]!.hint).toContain('channel');
    expect(attempt({ name: 'f', fact: 'followers', grain: 'day', dimensions: [] }).message).toContain(
      'snapshots',
    );
    expect(attempt({ name: 'c', fact: 'costs', grain: 'month', dimensions: [] }).message).toContain(
      'daily facts',
    );
  });
});

describe('buckets', () => {
  it('starts weeks on Monday and months on the first (by hand)', () => {
    // 2026-01-01 is a Thursday.
    expect(bucketStart('week', '2026-01-01')).toBe('2025-12-29');
    expect(bucketStart('week', '2025-12-29')).toBe('2025-12-29');
    expect(bucketStart('month', '2026-02-28')).toBe('2026-02-01');
    expect(nextBucket('month', '2026-01-01')).toBe('2026-02-01');
    expect(wholeBuckets('month', '2026-01-10', '2026-03-21')).toEqual({
      from: '2026-02-01',
      toExclusive: '2026-03-01',
    });
    expect(wholeBuckets('month', '2026-01-01', '2026-02-01')).toEqual({
      from: '2026-01-01',
      toExclusive: '2026-02-01',
    });
    expect(wholeBuckets('month', '2026-01-02', '2026-02-27')).toBeUndefined();
    expect(wholeBuckets('week', '2025-12-30', '2026-01-13')).toEqual({
      from: '2026-01-05',
      toExclusive: '2026-01-12',
    });
  });

  it('whole buckets are exactly the buckets lying inside the window (brute force over days)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ROLLUP_GRAINS),
        isoDay,
        fc.integer({ min: 1, max: 120 }),
        (grain, from, length) => {
          const toExclusive = addDays(from, length);
          const inside = eachDay(addDays(from, -40), addDays(toExclusive, 40)).filter((day) => {
            if (bucketStart(grain, day) !== day) return false;
            return day >= from && nextBucket(grain, day) <= toExclusive;
          });
          const found = wholeBuckets(grain, from, toExclusive);
          if (inside.length === 0) expect(found).toBeUndefined();
          else expect(found).toEqual({ from: inside[0], toExclusive: nextBucket(grain, inside.at(-1)!) });
          // The bucket of every day agrees with the independent truncation.
          for (const day of eachDay(from, toExclusive))
            expect(bucketStart(grain, day)).toBe(queryBucket(grain, day));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a rollup grain fits a query grain and shift exactly when every day of each bucket lands in one query bucket', () => {
    const queryGrains: Exclude<Grain, 'total'>[] = ['day', 'week', 'month', 'quarter', 'year'];
    const shifts = [
      { months: 0, days: 0 },
      { months: 0, days: 1 },
      { months: 0, days: 7 },
      { months: 0, days: 14 },
      { months: 0, days: 30 },
      { months: 1, days: 0 },
      { months: 3, days: 0 },
      { months: 12, days: 0 },
      { months: 1, days: 7 },
    ];
    // Five years: weeks crossing each month and year boundary, long and short Februaries.
    const starts = eachDay('2021-12-01', '2027-01-01');
    for (const rollupGrain of ROLLUP_GRAINS) {
      for (const grain of queryGrains) {
        for (const shift of shifts) {
          // The planner moves an earlier window's day forward: months first, then days.
          const moved = (day: string) =>
            queryBucket(grain, addDays(addMonths(day, shift.months), shift.days));
          const everyBucketLandsWhole = starts
            .filter((day) => bucketStart(rollupGrain, day) === day)
            .every((start) =>
              eachDay(start, nextBucket(rollupGrain, start)).every((day) => moved(day) === moved(start)),
            );
          expect(
            grainFits(rollupGrain, grain, shift),
            `${rollupGrain} in ${grain} moved ${JSON.stringify(shift)}`,
          ).toBe(everyBucketLandsWhole);
        }
      }
    }
  });
});

describe('aggregate navigation', () => {
  const request = (overrides: Partial<RollupRequest> = {}): RollupRequest => ({
    fact: 'performance',
    columns: ['clicks', 'impressions'],
    dimensions: ['channel'],
    readsDate: false,
    grain: 'month',
    shift: { months: 0, days: 0 },
    from: '2026-01-01',
    toExclusive: '2026-04-01',
    ...overrides,
  });
  const monthly = rollup('channel_month', 'month', ['channel'], 1_000, 3_650);
  const daily = rollup('channel_day', 'day', ['channel', 'campaign'], 300_000, 3_650);
  const weekly = rollup('channel_week', 'week', ['channel'], 5_000, 3_650);

  it('picks the smallest rollup covering the request, or none', () => {
    expect(chooseRollup([daily, monthly, weekly], request())?.rollup.name).toBe('channel_month');
    // A dimension the month rollup dropped.
    expect(chooseRollup([daily, monthly], request({ dimensions: ['campaign'] }))?.rollup.name).toBe(
      'channel_day',
    );
    expect(chooseRollup([monthly], request({ dimensions: ['region'] }))).toBeUndefined();
    // A column no rollup holds (reach) or another fact.
    expect(chooseRollup([monthly], request({ columns: ['reach'] }))).toBeUndefined();
    expect(chooseRollup([monthly], request({ fact: 'costs' }))).toBeUndefined();
    // A filter on `date` needs day buckets; weeks don't nest in months.
    expect(chooseRollup([monthly, daily], request({ readsDate: true }))?.rollup.name).toBe('channel_day');
    expect(chooseRollup([weekly], request())).toBeUndefined();
    expect(chooseRollup([weekly, monthly], request({ grain: 'week' }))?.rollup.name).toBe('channel_week');
  });

  it('reads the edges of a window cutting a bucket from the raw fact, and prices them', () => {
    const choice = chooseRollup([monthly], request({ from: '2026-01-10', toExclusive: '2026-03-21' }));
    expect(choice?.whole).toEqual({ from: '2026-02-01', toExclusive: '2026-03-01' });
    expect(choice?.edges).toEqual([
      { from: '2026-01-10', toExclusive: '2026-02-01' },
      { from: '2026-03-01', toExclusive: '2026-03-21' },
    ]);
    // 42 raw days at 10,000 rows a day cost far more than 69 days of the day rollup (~82 a day).
    const priced = chooseRollup(
      [monthly, daily],
      request({ from: '2026-01-10', toExclusive: '2026-03-21' }),
      {
        factRowsPerDay: { performance: 10_000 },
      },
    );
    expect(priced?.rollup.name).toBe('channel_day');
    expect(priced?.edges).toEqual([]);
    // A window inside one month has no whole month to read.
    expect(
      chooseRollup([monthly], request({ from: '2026-01-02', toExclusive: '2026-01-30' })),
    ).toBeUndefined();
  });
});

describe('the planner with rollups', () => {
  const base: KpiQuery = {
    kpis: ['ctr', 'cpc', 'roas'],
    dimensions: ['channel'],
    from: '2026-01-01',
    to: '2026-03-31',
    grain: 'month',
  };
  const monthly: RollupTable = rollup('channel_month', 'month', ['channel', 'traffic_type'], 1_000, 3_650);
  const compile = (query: Partial<KpiQuery>, rollups: RollupTable[] = [monthly]) =>
    compileKpiQuery(catalog, { ...base, ...query }, duckDbDialect, { rollups });

  it('prints exactly the same statement when no rollup exists', () => {
    for (const query of [base, { ...base, kpis: ['reach', 'frequency'], compare: 'previous' as const }]) {
      const plain = compileKpiQuery(catalog, query, duckDbDialect);
      expect(compileKpiQuery(catalog, query, duckDbDialect, { rollups: [] })).toEqual(plain);
      expect(plain.rollups).toBeUndefined();
    }
  });

  it('reads the daily rows from the rollup and keeps period rows on their own table', () => {
    const compiled = compile({});
    expect(compiled.sql).toContain('FROM "rollup_channel_month"');
    expect(compiled.sql).toContain('"fact_performance_periods"');
    expect(compiled.sql).not.toMatch(/FROM "fact_performance" /);
    expect(compiled.rollups).toEqual([
      {
        rollup: 'channel_month',
        table: 'rollup_channel_month',
        fact: 'performance',
        whole: { from: '2026-01-01', toExclusive: '2026-04-01' },
        edges: [],
        earlierWindow: false,
      },
    ]);
    // Columns and flags are the raw plan's.
    expect(compiled.columns).toEqual(compileKpiQuery(catalog, base, duckDbDialect).columns);
  });

  it('keeps reach and filters on dropped dimensions on the raw table', () => {
    expect(compile({ kpis: ['reach'] }).rollups).toBeUndefined();
    expect(compile({ kpis: ['frequency'] }).rollups).toBeUndefined();
    expect(compile({ filter: "region = 'east'" }).rollups).toBeUndefined();
    expect(compile({ filter: "traffic_type = 'paid'" }).rollups?.[0]?.rollup).toBe('channel_month');
    // A measure counting some rows by a kept dimension sums exactly.
    expect(compile({ kpis: ['organic_conversion_share'] }).rollups).toHaveLength(1);
    // …but not when the rollup summed over that dimension.
    const channelOnly = rollup('channel_only', 'month', ['channel'], 100);
    expect(compile({ kpis: ['organic_conversion_share'] }, [channelOnly]).rollups).toBeUndefined();
  });

  it('answers a comparison window through the rollup too, and moved by days it stays raw', () => {
    const lastYear = compile({ compare: 'last_year' });
    expect(lastYear.rollups?.map((use) => use.earlierWindow)).toEqual([false, true]);
    expect(lastYear.rollups?.[1]?.whole).toEqual({ from: '2025-01-01', toExclusive: '2025-04-01' });
    const byWeek = compile({ grain: 'week', compare: 'previous' });
    expect(byWeek.rollups).toBeUndefined();
  });

  it('combines whole months with the raw days at a window’s edges, and says so in both languages', () => {
    const compiled = compile({ from: '2026-01-10', to: '2026-03-20' });
    expect(compiled.sql).toContain(
      `FROM "fact_performance" WHERE ("date" >= DATE '2026-01-10' AND "date" < DATE '2026-02-01') OR ("date" >= DATE '2026-03-01' AND "date" < DATE '2026-03-21')`,
    );
    const message = rollupUseMessage(compiled.rollups![0]!);
    expect(sayRollupMessage(message)).toBe(
      'read from rollup channel_month (rollup_channel_month), 2026-02-01 to 2026-02-28; the days 2026-01-10–2026-01-31, 2026-03-01–2026-03-20 from the raw table',
    );
    expect(sayRollupMessage(message, 'zh')).toContain('汇总表 channel_month');
  });
});

describe('refresh statements', () => {
  it('delete and rebuild the whole buckets holding the touched days, for the touched keys the rollup keeps', () => {
    const monthly = rollup('channel_month', 'month', ['channel'], 1_000);
    const [remove, insert] = rollupRefreshStatements(duckDbDialect, monthly, 'fact_performance', {
      from: '2026-01-20',
      to: '2026-02-03',
      keysOf: { importId: 'abc', columns: ['channel', 'account'] },
    });
    expect(remove!.sql).toBe(
      `DELETE FROM "rollup_channel_month" WHERE "rollup_channel_month"."date" >= DATE '2026-01-01' AND "rollup_channel_month"."date" < DATE '2026-03-01' AND COALESCE("rollup_channel_month"."channel", '(null)') IN (SELECT DISTINCT COALESCE("fresh"."channel", '(null)') FROM "fact_performance" AS "fresh" WHERE "fresh"."import_id" = $1)`,
    );
    expect(remove!.params).toEqual(['abc']);
    expect(insert!.sql).toContain(`"fact_rows"."date" >= DATE '2026-01-01'`);
    expect(insert!.params).toEqual(['abc']);
    // A rollup keeping none of the keys rebuilds the buckets whole.
    const total = rollup('month_total', 'month', [], 10);
    const [whole] = rollupRefreshStatements(duckDbDialect, total, 'fact_performance', {
      from: '2026-01-20',
      to: '2026-01-20',
      keysOf: { importId: 'abc', columns: ['channel', 'account'] },
    });
    expect(whole!.sql).not.toContain('fresh');
    expect(whole!.params).toEqual([]);
  });
});
