import { addDays, eachDay } from '@markpi/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketStart, coveringTarget, targetPerBucket } from './targets';

const item = (id: string, kpi: string, from: string, to: string, filter?: string) => ({
  target: { id, kpi, scope: { label: id, ...(filter ? { filter } : {}) }, period: { from, to } },
});

describe('targets on charts', () => {
  it('finds the target of the same KPI and scope whose period overlaps most', () => {
    const items = [
      item('q2', 'spend', '2026-04-01', '2026-06-30'),
      item('june', 'spend', '2026-06-01', '2026-06-30'),
      item('douyin', 'spend', '2026-06-01', '2026-06-30', "channel = 'douyin'"),
      item('ctr', 'ctr', '2026-06-01', '2026-06-30'),
    ];
    expect(
      coveringTarget(items, 'spend', { from: '2026-06-10', to: '2026-07-10' }, undefined)?.target.id,
    ).toBe('q2');
    expect(
      coveringTarget(items, 'spend', { from: '2026-06-10', to: '2026-06-20' }, "channel='douyin'")?.target.id,
    ).toBe('douyin');
    expect(
      coveringTarget(items, 'spend', { from: '2026-08-01', to: '2026-08-31' }, undefined),
    ).toBeUndefined();
  });

  it('matches scopes as the engine reads them: spacing and brackets aside, values and names exact', () => {
    const items = [item('douyin', 'spend', '2026-06-01', '2026-06-30', "channel = 'douyin'")];
    const june = { from: '2026-06-01', to: '2026-06-30' };
    const found = (filter: string | undefined) => coveringTarget(items, 'spend', june, filter)?.target.id;
    expect(found("channel='douyin'")).toBe('douyin');
    expect(found("(channel = 'douyin')")).toBe('douyin');
    // Dimension values and names are case-sensitive in the formula language.
    expect(found("channel = 'Douyin'")).toBeUndefined();
    expect(found("CHANNEL = 'douyin'")).toBeUndefined();
    expect(found(undefined)).toBeUndefined();
  });

  it('picks a target sharing the most days with the shown period, as counting the days one by one does', () => {
    const day = fc.integer({ min: 0, max: 120 }).map((offset) => addDays('2026-01-01', offset));
    const period = fc.tuple(day, day).map(([a, b]) => (a <= b ? { from: a, to: b } : { from: b, to: a }));
    fc.assert(
      fc.property(fc.array(period, { maxLength: 6 }), period, (periods, shown) => {
        const items = periods.map((p, index) => item(`t${index}`, 'spend', p.from, p.to));
        const shownDays = new Set(eachDay(shown));
        const shared = (p: { from: string; to: string }) => eachDay(p).filter((d) => shownDays.has(d)).length;
        const best = Math.max(0, ...periods.map(shared));
        const chosen = coveringTarget(items, 'spend', shown, undefined);
        if (best === 0) expect(chosen).toBeUndefined();
        else expect(chosen && shared(chosen.target.period)).toBe(best);
      }),
    );
  });

  it('turns a cumulative target into a target per bucket; levels stay levels', () => {
    const series = [
      { date: '2026-06-29', target: 10 },
      { date: '2026-06-30', target: 25 },
      { date: '2026-07-01', target: 40 },
      { date: '2026-07-02', target: 60 },
    ];
    const byMonth = targetPerBucket(series, 'split', (day) => bucketStart(day, 'month'));
    expect([...byMonth]).toEqual([
      ['2026-06-01', 25],
      ['2026-07-01', 35],
    ]);
    const levels = targetPerBucket(series, 'level', (day) => bucketStart(day, 'month'));
    expect(levels.get('2026-07-01')).toBe(60);
  });

  it('starts weeks on Monday and quarters on their first month', () => {
    expect(bucketStart('2026-06-18', 'week')).toBe('2026-06-15');
    expect(bucketStart('2026-06-15', 'week')).toBe('2026-06-15');
    expect(bucketStart('2026-08-31', 'quarter')).toBe('2026-07-01');
    // 2027-01-01 is a Friday: its week began on Monday 2026-12-28.
    expect(bucketStart('2027-01-01', 'week')).toBe('2026-12-28');
    expect(bucketStart('2026-12-31', 'month')).toBe('2026-12-01');
    expect(bucketStart('2026-12-31', 'year')).toBe('2026-01-01');
  });
});
