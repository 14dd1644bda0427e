import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RollupDefinition, RollupGrain } from './definition.js';
import {
  candidateRollups,
  estimateRollupRows,
  type FactSizing,
  proposeRollups,
  type QuestionShape,
  rollupServes,
  rowsSavedPerDay,
} from './propose.js';

const sizing: FactSizing = { rows: 1_000_000, days: 365, distinct: { channel: 8, campaign: 40, region: 30 } };

// The overview twice (20 opens a day, 30 days), Explore by channel and month (twice a day, a
// year), the monitor by campaign and channel (once a day over two years).
const shapes: QuestionShape[] = [
  { fact: 'performance', dimensions: [], grain: 'day', askedBy: 'overview', runsPerDay: 20, windowDays: 30 },
  {
    fact: 'performance',
    dimensions: ['channel'],
    grain: 'day',
    askedBy: 'funnel',
    runsPerDay: 20,
    windowDays: 30,
  },
  {
    fact: 'performance',
    dimensions: ['channel'],
    grain: 'month',
    askedBy: 'explore',
    runsPerDay: 2,
    windowDays: 365,
  },
  {
    fact: 'performance',
    dimensions: ['channel', 'campaign'],
    grain: 'day',
    askedBy: 'monitor',
    runsPerDay: 1,
    windowDays: 730,
  },
];

const names = (proposed: { definition: RollupDefinition }[]) =>
  proposed.map((entry) => entry.definition.name);

describe('proposing rollups', () => {
  it('estimates buckets times distinct combinations, never above the raw rows (by hand)', () => {
    expect(estimateRollupRows(sizing, ['channel'], 'day')).toBe(365 * 8);
    // 365 days are 52.1 weeks: 53 buckets; 12.0 months: 12.
    expect(estimateRollupRows(sizing, ['channel', 'campaign'], 'week')).toBe(53 * 320);
    expect(estimateRollupRows(sizing, [], 'month')).toBe(12);
    expect(estimateRollupRows(sizing, ['channel', 'campaign', 'region'], 'day')).toBe(1_000_000);
  });

  it('weighs each question by runs × days read and takes the best saving per row stored (by hand)', () => {
    // Candidates: all_day 365 rows, channel_day 2,920, channel_month 96; campaign × channel by day
    // would hold 116,800 rows, over a tenth of the fact: not a candidate. Rows a day saved, with
    // weights 600, 600, 730 and 1,000,000 / 365 raw rows a day:
    //   channel_month alone: 730 × (1,000,000 − 96) / 365 = 1,999,808, per row stored 20,831;
    //   all_day alone: 600 × 999,635 / 365 = 1,643,235.6, per row 4,502;
    //   channel_day alone (answers all three): 1,930 × 997,080 / 365 = 5,272,245.5, per row 1,806.
    expect(names(candidateRollups(shapes, { performance: sizing }))).toEqual([
      'performance_all_day',
      'performance_channel_day',
      'performance_channel_month',
    ]);
    const roomy = proposeRollups(shapes, { performance: sizing }, 200_000);
    // Month first (20,831 a row), then all days (4,502), then by channel and day for the funnel
    // alone: 600 × 997,080 / 365 = 1,639,035.6, per row 561.
    expect(names(roomy)).toEqual([
      'performance_channel_month',
      'performance_all_day',
      'performance_channel_day',
    ]);
    expect(roomy.map((entry) => entry.askedBy)).toEqual([['explore'], ['overview'], ['funnel']]);
    expect(roomy.map((entry) => entry.savedRowsPerDay)).toEqual([
      expect.closeTo(1_999_808, 6),
      expect.closeTo((600 * 999_635) / 365, 6),
      expect.closeTo((600 * 997_080) / 365, 6),
    ]);
    expect(rowsSavedPerDay(roomy, shapes, { performance: sizing })).toBeCloseTo(
      1_999_808 + (600 * 999_635) / 365 + (600 * 997_080) / 365,
      6,
    );

    // 3,000 rows: greedy takes month and all days (461 rows, 3,643,043.6 a day) and has no room
    // for channel_day; channel_day alone saves 5,272,245.5 — it is taken instead.
    const tight = proposeRollups(shapes, { performance: sizing }, 3_000);
    expect(names(tight)).toEqual(['performance_channel_day']);
    expect(tight[0]!.askedBy).toEqual(['overview', 'funnel', 'explore']);
    // 3,100 rows: the best set is month + channel_day (3,016 rows: 5,277,879.2 a day); the rule
    // still gives channel_day alone, 99.9% of it — the rule is not always optimal.
    expect(names(proposeRollups(shapes, { performance: sizing }, 3_100))).toEqual([
      'performance_channel_day',
    ]);
  });

  it('keeps pins first, counts what they answer, and never proposes their shape again', () => {
    const pin: RollupDefinition = {
      name: 'by_channel',
      fact: 'performance',
      grain: 'day',
      dimensions: ['channel'],
    };
    const proposed = proposeRollups(shapes, { performance: sizing }, 200_000, [pin]);
    expect(names(proposed)).toEqual(['by_channel', 'performance_channel_month', 'performance_all_day']);
    expect(proposed[0]!.pinned).toBe(true);
    expect(proposed.map((entry) => entry.askedBy)).toEqual([['funnel'], ['explore'], ['overview']]);
  });

  it('says each question it serves with the message given, or its id', () => {
    const said = proposeRollups(
      [{ ...shapes[0]!, said: { key: 'rollup.asked.overview', params: {} } }, { ...shapes[2]! }],
      { performance: sizing },
      10_000,
    );
    expect(said.flatMap((entry) => entry.questions)).toEqual([
      { key: 'rollup.asked.other', params: { id: 'explore' } },
      { key: 'rollup.asked.overview', params: {} },
    ]);
  });

  it('stays within the budget and within ½(1 − 1/e) of the best subset (brute force, random shapes)', () => {
    const grain = fc.constantFrom<RollupGrain>('day', 'week', 'month');
    const dims = fc.subarray(['channel', 'campaign', 'region', 'account']);
    let optimal = 0;
    let runs = 0;
    let worst = 1;
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            dimensions: dims,
            grain,
            runsPerDay: fc.integer({ min: 1, max: 20 }),
            windowDays: fc.integer({ min: 1, max: 400 }),
          }),
          { maxLength: 7 },
        ),
        fc.integer({ min: 30, max: 800 }),
        fc.integer({ min: 0, max: 20_000 }),
        (asked, days, budget) => {
          const facts: FactSizing = {
            rows: 3_000_000,
            days,
            distinct: { channel: 6, campaign: 20, region: 9, account: 4 },
          };
          const sized = { performance: facts };
          const questions = asked.map((shape, index) => ({
            fact: 'performance' as const,
            ...shape,
            askedBy: `q${index}`,
          }));
          const proposed = proposeRollups(questions, sized, budget);
          const stored = proposed.reduce((sum, entry) => sum + entry.estimatedRows, 0);
          expect(stored).toBeLessThanOrEqual(budget);
          // Every subset of the candidates within the budget.
          const candidates = candidateRollups(questions, sized);
          let best = 0;
          for (let mask = 0; mask < 1 << candidates.length; mask++) {
            const subset = candidates.filter((_, index) => mask & (1 << index));
            if (subset.reduce((sum, entry) => sum + entry.estimatedRows, 0) > budget) continue;
            best = Math.max(best, rowsSavedPerDay(subset, questions, sized));
          }
          const got = rowsSavedPerDay(proposed, questions, sized);
          expect(got).toBeLessThanOrEqual(best * (1 + 1e-12));
          expect(got).toBeGreaterThanOrEqual(0.5 * (1 - 1 / Math.E) * best - 1e-9);
          runs++;
          if (got >= best * (1 - 1e-12)) optimal++;
          else worst = Math.min(worst, got / best);
          // Each question is said by the rollup the navigation would read: the smallest serving it.
          for (const question of questions) {
            const serving = proposed.filter((entry) => rollupServes(entry.definition, question));
            const holder = proposed.find((entry) => entry.askedBy.includes(question.askedBy));
            if (serving.length === 0) expect(holder).toBeUndefined();
            else expect(holder?.estimatedRows).toBe(Math.min(...serving.map((entry) => entry.estimatedRows)));
          }
        },
      ),
      { numRuns: 400, seed: 19 },
    );
    // Measured with this seed: 396 of 400 cases optimal, the worst at 0.66 of the best subset.
    expect(optimal / runs).toBeGreaterThan(0.95);
    expect(worst).toBeGreaterThan(0.6);
  });
});
