/**
 * Period rows (a total over a report's date range) read back through the planner, run on every
 * engine: exact whenever a bucket of the query holds a row's whole period, prorated by day and
 * flagged with the prorated share when a window or bucket cuts through it. Checked against
 * figures worked out by hand and, for random rows and windows, against a reference written here
 * that walks the days one by one.
 */
import { addDays, buildCatalog, type Grain, type KpiQuery } from '@markpi/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { valuesAgree } from './compare-values.js';
import { runKpiQuery } from './run-query.js';
import type { CellValue, ColumnBatch, Row, Warehouse } from './warehouse.js';

const catalog = buildCatalog();

export interface PeriodRow {
  channel: string;
  account: string;
  campaign?: string;
  from: string;
  to: string;
  spend: number;
  clicks?: number;
  impressions?: number;
  reach?: number;
}

export function periodBatch(rows: readonly PeriodRow[]): ColumnBatch {
  const column = (pick: (row: PeriodRow) => CellValue) => rows.map(pick);
  return {
    rowCount: rows.length,
    columns: {
      date: column((row) => row.from),
      period_end: column((row) => row.to),
      channel: column((row) => row.channel),
      account: column((row) => row.account),
      campaign: column((row) => row.campaign ?? null),
      spend: column((row) => row.spend),
      clicks: column((row) => row.clicks ?? null),
      impressions: column((row) => row.impressions ?? null),
      reach: column((row) => row.reach ?? null),
      import_id: column(() => 'periods'),
    },
  };
}

// Hand-worked rows. A: Meta, 18 May – 15 Aug 2025, 90 days (14 in May, 30 in June, 31 in July,
// 15 in August; 44 in Q2, 46 in Q3). B: Google Ads, 7–20 April 2025, 14 days. C: one Meta day.
const HAND_PERIODS: PeriodRow[] = [
  {
    channel: 'meta',
    account: 'm1',
    from: '2025-05-18',
    to: '2025-08-15',
    spend: 900,
    clicks: 180,
    impressions: 9000,
    reach: 5000,
  },
  {
    channel: 'google_ads',
    account: 'g1',
    from: '2025-04-07',
    to: '2025-04-20',
    spend: 140,
    clicks: 28,
    impressions: 1400,
  },
];
const HAND_DAILY: ColumnBatch = {
  rowCount: 1,
  columns: {
    date: ['2025-09-01'],
    channel: ['meta'],
    account: ['m1'],
    spend: [10],
    clicks: [2],
    impressions: [100],
    import_id: ['daily'],
  },
};

const query = (overrides: Partial<KpiQuery>): KpiQuery => ({
  kpis: ['spend', 'ctr'],
  dimensions: [],
  from: '2025-04-01',
  to: '2025-09-30',
  grain: 'total',
  ...overrides,
});

/** Day-by-day reference: the bucket (first day) a day falls in. */
function bucketOf(day: string, grain: Exclude<Grain, 'total'>): string {
  const [year, month] = day.split('-').map(Number) as [number, number];
  switch (grain) {
    case 'day':
      return day;
    case 'week': {
      const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
      return addDays(day, -weekday);
    }
    case 'month':
      return `${day.slice(0, 7)}-01`;
    case 'quarter':
      return `${year}-${String(Math.floor((month - 1) / 3) * 3 + 1).padStart(2, '0')}-01`;
    case 'year':
      return `${year}-01-01`;
  }
}

function daysOf(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}

interface ExpectedBucket {
  spend: number;
  prorated: number;
}

/**
 * The reference: a row counts whole in its bucket when the window holds its whole period and
 * one bucket holds all of it; otherwise each of its days inside the window brings value ÷ days.
 */
export function referenceSpend(
  rows: readonly PeriodRow[],
  from: string,
  to: string,
  grain: Grain,
): Map<string, ExpectedBucket> {
  const key = (day: string) => (grain === 'total' ? 'total' : bucketOf(day, grain));
  const buckets = new Map<string, ExpectedBucket>();
  const add = (bucket: string, spend: number, prorated: number) => {
    const entry = buckets.get(bucket) ?? { spend: 0, prorated: 0 };
    entry.spend += spend;
    entry.prorated += prorated;
    buckets.set(bucket, entry);
  };
  for (const row of rows) {
    if (row.from >= from && row.to <= to && key(row.from) === key(row.to)) {
      add(key(row.from), row.spend, 0);
      continue;
    }
    const length = daysOf(row.from, row.to).length;
    for (const day of daysOf(row.from, row.to)) {
      if (day < from || day > to) continue;
      add(key(day), row.spend / length, row.spend / length);
    }
  }
  return buckets;
}

const number = (row: Row | undefined, key: string) => {
  const value = row?.[key];
  return value === null || value === undefined ? null : Number(value);
};

export function describePeriodRows(name: string, open: () => Promise<Warehouse>, propertyRuns: number): void {
  describe(`period rows on ${name}`, () => {
    it('answers exactly when a bucket holds the whole period, and prorates, flagged, when one cuts it', async () => {
      const warehouse = await open();
      try {
        await warehouse.append('fact_performance_periods', periodBatch(HAND_PERIODS));
        await warehouse.append('fact_performance', HAND_DAILY);

        // Q2 and Q3 together hold both periods and the day: exact sums and a ratio of sums.
        const whole = await runKpiQuery(warehouse, catalog, query({}));
        expect(number(whole.rows[0], 'spend')).toBe(900 + 140 + 10);
        expect(number(whole.rows[0], 'ctr')).toBeCloseTo((180 + 28 + 2) / (9000 + 1400 + 100), 12);
        expect(whole.columns.map((column) => column.key)).toEqual(['spend', 'ctr']);

        // By quarter, A is cut at 30 June: 44 of its 90 days fall in Q2, 46 in Q3.
        const quarters = await runKpiQuery(warehouse, catalog, query({ grain: 'quarter' }));
        expect(quarters.rows.map((row) => row.quarter)).toEqual(['2025-04-01', '2025-07-01']);
        const [q2, q3] = quarters.rows;
        expect(number(q2, 'spend')).toBeCloseTo(140 + 440, 9);
        expect(q2?.spend__flag).toBe('approximate');
        expect(number(q2, 'spend__prorated')).toBeCloseTo(440 / 580, 9);
        expect(number(q3, 'spend')).toBeCloseTo(460 + 10, 9);
        expect(number(q3, 'spend__prorated')).toBeCloseTo(460 / 470, 9);
        // CTR over prorated rows is still a ratio of (prorated) sums: 44/90 of A's clicks and views.
        expect(number(q2, 'ctr')).toBeCloseTo((28 + 88) / (1400 + 4400), 9);
        expect(q2?.ctr__flag).toBe('approximate');

        // April alone holds B whole: exact, and no flag column at all.
        const april = await runKpiQuery(warehouse, catalog, query({ from: '2025-04-01', to: '2025-04-30' }));
        expect(april.rows).toEqual([{ spend: 140, ctr: 28 / 1400 }]);

        // A window from 10 April cuts B: 11 of its 14 days.
        const cut = await runKpiQuery(warehouse, catalog, query({ from: '2025-04-10', to: '2025-04-30' }));
        expect(number(cut.rows[0], 'spend')).toBeCloseTo(110, 9);
        expect(cut.rows[0]?.spend__flag).toBe('approximate');
        expect(number(cut.rows[0], 'spend__prorated')).toBe(1);

        // June by channel: Meta's 30 days of A, Google Ads nothing.
        const june = await runKpiQuery(
          warehouse,
          catalog,
          query({ from: '2025-06-01', to: '2025-06-30', dimensions: ['channel'] }),
        );
        expect(june.rows).toHaveLength(1);
        expect(june.rows[0]?.channel).toBe('meta');
        expect(number(june.rows[0], 'spend')).toBeCloseTo(300, 9);

        // Reach over a period, even whole, is already an upper bound when summed; cut, approximate.
        const reach = await runKpiQuery(
          warehouse,
          catalog,
          query({ kpis: ['reach'], from: '2025-06-01', to: '2025-06-30' }),
        );
        expect(reach.rows[0]?.reach__flag).toBe('approximate');
        const reachWhole = await runKpiQuery(warehouse, catalog, query({ kpis: ['reach'] }));
        expect(number(reachWhole.rows[0], 'reach')).toBe(5000);
        expect(reachWhole.rows[0]?.reach__flag).toBeNull();

        // A comparison window reads period rows the same way (Q2 against Q1, which has none).
        const compared = await runKpiQuery(
          warehouse,
          catalog,
          query({ from: '2025-07-01', to: '2025-09-30', compare: 'previous' }),
        );
        expect(number(compared.rows[0], 'spend')).toBeCloseTo(470, 9);
        expect(number(compared.rows[0], 'spend__previous')).toBeCloseTo(580, 9);
      } finally {
        await warehouse.close();
      }
    });

    it('for random period rows and windows: exact answers are never flagged, every prorated one is', async () => {
      const warehouse = await open();
      try {
        const day = fc.integer({ min: 0, max: 400 }).map((offset) => addDays('2025-01-01', offset));
        const row = fc.record({
          start: day,
          length: fc.integer({ min: 1, max: 120 }),
          spend: fc.integer({ min: 1, max: 100_000 }),
          channel: fc.constantFrom('meta', 'google_ads'),
        });
        const scenario = fc.record({
          rows: fc.array(row, { minLength: 1, maxLength: 6 }),
          from: day,
          days: fc.integer({ min: 0, max: 200 }),
          grain: fc.constantFrom<Grain>('total', 'day', 'week', 'month', 'quarter'),
        });
        // Each run writes rows of a campaign of its own and asks about that campaign alone.
        let run = 0;
        await fc.assert(
          fc.asyncProperty(scenario, async ({ rows, from, days, grain }) => {
            run += 1;
            const campaign = `run${run}`;
            const periods: PeriodRow[] = rows.map((entry, index) => ({
              channel: entry.channel,
              account: `a${index}`,
              campaign,
              from: entry.start,
              to: addDays(entry.start, entry.length - 1),
              spend: entry.spend,
            }));
            const to = addDays(from, days);
            await warehouse.append('fact_performance_periods', periodBatch(periods));
            const result = await runKpiQuery(warehouse, catalog, {
              kpis: ['spend'],
              dimensions: [],
              filter: `campaign = '${campaign}'`,
              from,
              to,
              grain,
            });
            const expected = referenceSpend(periods, from, to, grain);
            expect(result.rows).toHaveLength(expected.size);
            for (const answer of result.rows) {
              const bucket = grain === 'total' ? 'total' : String(answer[grain]);
              const wanted = expected.get(bucket);
              expect(wanted, `bucket ${bucket}`).toBeDefined();
              expect(
                valuesAgree(answer.spend ?? null, wanted!.spend),
                `${bucket}: ${answer.spend} vs ${wanted!.spend}`,
              ).toBe(true);
              if (wanted!.prorated > 0) {
                expect(answer.spend__flag).toBe('approximate');
                expect(valuesAgree(answer.spend__prorated ?? null, wanted!.prorated / wanted!.spend)).toBe(
                  true,
                );
              } else {
                expect(answer.spend__flag ?? null).toBeNull();
                expect(answer.spend__prorated ?? null).toBeNull();
              }
            }
          }),
          { numRuns: propertyRuns },
        );
      } finally {
        await warehouse.close();
      }
    });
  });
}
