import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RollupGrain } from './definition.js';
import { estimateRollupRows, type FactSizing, proposeRollups, type QuestionShape } from './propose.js';

const sizing: FactSizing = { rows: 1_000_000, days: 365, distinct: { channel: 8, campaign: 40, region: 30 } };

describe('proposing rollups', () => {
  it('estimates buckets times distinct combinations, never above the raw rows (by hand)', () => {
    expect(estimateRollupRows(sizing, ['channel'], 'day')).toBe(365 * 8);
    // 365 days are 52.1 weeks: 53 buckets; 12.0 months: 12.
    expect(estimateRollupRows(sizing, ['channel', 'campaign'], 'week')).toBe(53 * 320);
    expect(estimateRollupRows(sizing, [], 'month')).toBe(12);
    expect(estimateRollupRows(sizing, ['channel', 'campaign', 'region'], 'day')).toBe(1_000_000);
  });

  it('takes the cheapest first, merges the askers of a covered shape, and leaves out what is not worth it', () => {
    const shapes: QuestionShape[] = [
      { fact: 'performance', dimensions: ['channel'], grain: 'day', askedBy: 'overview' },
      { fact: 'performance', dimensions: ['channel'], grain: 'day', askedBy: 'monitor' },
      { fact: 'performance', dimensions: ['channel'], grain: 'month', askedBy: 'explore' },
      { fact: 'performance', dimensions: ['campaign', 'channel'], grain: 'day', askedBy: 'monitor' },
      {
        fact: 'performance',
        dimensions: ['campaign', 'channel', 'region'],
        grain: 'day',
        askedBy: 'region view',
      },
    ];
    const proposed = proposeRollups(shapes, { performance: sizing }, 200_000);
    expect(proposed.map((entry) => [entry.definition.name, entry.estimatedRows, entry.askedBy])).toEqual([
      ['performance_channel_month', 96, ['explore']],
      ['performance_channel_day', 2_920, ['overview', 'monitor']],
      // By campaign and channel, 116,800 rows: over a tenth of the fact (100,000), not worth it.
    ]);
    // A budget that lets the month rollup alone in.
    expect(
      proposeRollups(shapes, { performance: sizing }, 1_000).map((entry) => entry.definition.name),
    ).toEqual(['performance_channel_month']);
    // One campaign: by campaign and channel is as small as by channel alone, and answers it.
    const oneCampaign: FactSizing = { rows: 1_000_000, days: 60, distinct: { channel: 8, campaign: 1 } };
    const merged = proposeRollups(shapes.slice(0, 4), { performance: oneCampaign }, 10_000);
    expect(merged.map((entry) => [entry.definition.name, entry.askedBy])).toEqual([
      ['performance_channel_month', ['explore']],
      ['performance_campaign_channel_day', ['monitor', 'overview']],
    ]);
  });

  it('never passes the budget nor proposes a rollup over a tenth of its fact (random shapes)', () => {
    const grain = fc.constantFrom<RollupGrain>('day', 'week', 'month');
    const dims = fc.subarray(['channel', 'campaign', 'region', 'account']);
    fc.assert(
      fc.property(
        fc.array(fc.record({ dimensions: dims, grain }), { maxLength: 12 }),
        fc.integer({ min: 1, max: 2_000 }),
        fc.integer({ min: 1_000, max: 5_000_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        (asked, days, rows, budget) => {
          const facts: FactSizing = {
            rows,
            days,
            distinct: { channel: 9, campaign: 120, region: 31, account: 25 },
          };
          const shapes = asked.map((shape, index) => ({
            fact: 'performance' as const,
            ...shape,
            askedBy: `q${index}`,
          }));
          const proposed = proposeRollups(shapes, { performance: facts }, budget);
          expect(proposed.reduce((sum, entry) => sum + entry.estimatedRows, 0)).toBeLessThanOrEqual(budget);
          for (const entry of proposed) {
            expect(entry.estimatedRows).toBeLessThanOrEqual(rows / 10);
            expect(entry.estimatedRows).toBe(
              estimateRollupRows(facts, entry.definition.dimensions, entry.definition.grain),
            );
          }
          expect(new Set(proposed.map((entry) => entry.definition.name)).size).toBe(proposed.length);
        },
      ),
      { numRuns: 300 },
    );
  });
});
