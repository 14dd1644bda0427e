import { describe, expect, it } from 'vitest';
import { eventDayWeights, parseEventCalendar, retailEventCalendar } from './events.js';
import { deriveTargetId, diffTargets, parseTarget } from './model.js';
import { calendarBuckets, quarterStartOf } from './periods.js';
import { largestRemainderSplit, splitUnits } from './rounding.js';
import { canonicalFilter, combineFilters, sameScope, scopePins } from './scope.js';

const base = {
  id: 'impressions-618',
  kpi: 'impressions',
  scope: { filter: "campaign = '618-2026'", label: '618 2026' },
  period: { from: '2026-05-20', to: '2026-06-20' },
  value: 5_000_000,
};

describe('target model', () => {
  it('fills defaults: monthly review, even breakdown, whole-workspace scope', () => {
    const target = parseTarget({
      id: 'x',
      kpi: 'ctr',
      period: { from: '2026-01-01', to: '2026-01-31' },
      value: 0.02,
    });
    expect(target).toMatchObject({
      cadence: 'monthly',
      breakdown: { mode: 'even' },
      scope: { label: 'whole workspace' },
    });
  });

  it('reports every problem of a bad target with its path', () => {
    try {
      parseTarget({
        id: 'Bad Id',
        kpi: 'ctr',
        period: { from: '2026-02-01', to: '2026-01-01' },
        value: Number.NaN,
        cadence: 'daily',
      });
      expect.unreachable();
    } catch (error) {
      const paths = (error as { problems: { path: string }[] }).problems.map((problem) => problem.path);
      expect(paths).toEqual(expect.arrayContaining(['id', 'period.to', 'value', 'cadence']));
    }
  });

  it('lists what changed between versions', () => {
    const before = parseTarget(base);
    const after = parseTarget({
      ...base,
      value: 5_500_000,
      period: { from: '2026-05-20', to: '2026-06-18' },
      owner: 'Ana',
    });
    expect(diffTargets(before, after)).toEqual([
      { field: 'owner', before: undefined, after: 'Ana' },
      { field: 'period.to', before: '2026-06-20', after: '2026-06-18' },
      { field: 'value', before: 5_000_000, after: 5_500_000 },
    ]);
    expect(diffTargets(before, before)).toEqual([]);
  });

  it('derives a readable id', () => {
    expect(deriveTargetId('roi', '618 2026 · Douyin 抖音', '2026-05-20')).toBe(
      'roi-618-2026-douyin-2026-05-20',
    );
  });
});

describe('scopes', () => {
  it('reads the values a scope pins', () => {
    expect(scopePins(undefined)).toEqual({});
    expect(scopePins("campaign = '618-2026'")).toEqual({ campaign: '618-2026' });
    expect(scopePins("channel = 'douyin' and '618-2026' = campaign")).toEqual({
      channel: 'douyin',
      campaign: '618-2026',
    });
    expect(scopePins("channel in ('douyin')")).toEqual({ channel: 'douyin' });
    expect(scopePins("channel = 'douyin' or channel = 'weibo'")).toBeNull();
    expect(scopePins("channel != 'douyin'")).toBeNull();
    expect(scopePins("channel = 'a' and channel = 'b'")).toBeNull();
  });

  it('compares and combines conditions', () => {
    expect(sameScope("channel='douyin'", "channel = 'douyin'")).toBe(true);
    expect(sameScope(undefined, '  ')).toBe(true);
    expect(canonicalFilter("channel='douyin'")).toBe("channel = 'douyin'");
    expect(combineFilters("channel = 'douyin'", undefined, "campaign = 'x'")).toBe(
      "(channel = 'douyin') and (campaign = 'x')",
    );
    expect(combineFilters(undefined)).toBeUndefined();
  });
});

describe('largest-remainder rounding', () => {
  it('splits exactly and gives left-over units to the largest remainders', () => {
    expect(splitUnits(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(splitUnits(100, [1, 2, 3, 1])).toEqual([14, 29, 43, 14]);
    expect(splitUnits(5, [0, 0])).toEqual([3, 2]);
    expect(splitUnits(-10, [1, 1, 1])).toEqual([-3, -3, -4]);
    expect(largestRemainderSplit(100, [1, 1, 1], 2)).toEqual([33.34, 33.33, 33.33]);
  });
});

describe('periods and calendars', () => {
  it('finds quarter starts and clips buckets', () => {
    expect(quarterStartOf('2026-08-15')).toBe('2026-07-01');
    expect(calendarBuckets({ from: '2026-03-15', to: '2026-04-10' }, 'quarter')).toEqual([
      { from: '2026-03-15', to: '2026-03-31' },
      { from: '2026-04-01', to: '2026-04-10' },
    ]);
  });

  it('weights retail days and validates calendars', () => {
    const calendar = retailEventCalendar([2025]);
    expect(eventDayWeights(['2025-11-10', '2025-11-11', '2025-11-12'], calendar)).toEqual([
      { weight: 1.5, event: 'Double 11 presale 2025' },
      { weight: 6, event: 'Double 11 2025' },
      { weight: 1 },
    ]);
    expect(() =>
      parseEventCalendar({
        id: 'x',
        name: 'x',
        events: [{ name: 'e', from: '2026-02-02', to: '2026-02-01', weight: 1 }],
      }),
    ).toThrow(/1 problem/);
  });
});
