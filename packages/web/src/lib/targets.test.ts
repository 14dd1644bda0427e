import { describe, expect, it } from 'vitest';
import { bucketStart, coveringTarget, sameFilter, targetPerBucket } from './targets';

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
    expect(sameFilter("channel = 'douyin'", "CHANNEL='douyin'")).toBe(true);
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
  });
});
