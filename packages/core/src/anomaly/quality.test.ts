import { describe, expect, it } from 'vitest';
import { sayAnomaly } from './messages.js';
import { checkDeliveries, dataFreshness, detectTrackingBreaks, type TrackingPoint } from './quality.js';

function seeded(seed: number) {
  let state = seed;
  const uniform = () => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

const dayFrom = (offset: number) =>
  new Date(Date.UTC(2026, 0, 5) + offset * 86_400_000).toISOString().slice(0, 10);

/** 90 days of clicks around `clicks` a day converting at 3%, each with a 5% wobble. */
function traffic(clicks: number, seed: number): TrackingPoint[] {
  const gauss = seeded(seed);
  return Array.from({ length: 90 }, (_, index) => {
    const volume = Math.round(clicks * Math.exp(0.05 * gauss()));
    return {
      timestamp: dayFrom(index),
      volume,
      outcome: Math.round(volume * 0.03 * Math.exp(0.05 * gauss())),
    };
  });
}

const series = (points: TrackingPoint[]) => ({
  source: 'meta',
  volume: { name: 'clicks', measure: 'count' as const },
  outcome: { name: 'conversions', measure: 'count' as const },
  points,
});

describe('tracking breaks', () => {
  it('finds conversions stopping while clicks go on, as one break over its days', () => {
    const points = traffic(5000, 1).map((point, index) =>
      index === 70 || index === 71 ? { ...point, outcome: 0 } : point,
    );
    const { breaks, slots } = detectTrackingBreaks(series(points));
    expect(breaks).toHaveLength(1);
    const [found] = breaks;
    expect(found).toMatchObject({
      from: dayFrom(70),
      to: dayFrom(71),
      slots: 2,
      actual: 0,
      outcome: 'conversions',
    });
    // What the clicks should have brought: 3% of the two days' clicks, give or take the wobble.
    const clicks = points[70]!.volume! + points[71]!.volume!;
    expect(found!.expected / (0.03 * clicks)).toBeGreaterThan(0.9);
    expect(found!.expected / (0.03 * clicks)).toBeLessThan(1.1);
    expect(found!.volumeShare).toBeGreaterThan(0.9);
    expect(found!.probability).toBeLessThan(1e-6);
    expect(found!.text).toMatch(
      new RegExp(
        `^meta: conversions fell to 0 against the expected [\\d,]+ from ${dayFrom(70)} to ${dayFrom(71)} while clicks held at \\d+% of usual: tracking looks broken$`,
      ),
    );
    expect(sayAnomaly(found!.message, 'zh')).toContain('追踪疑似中断');
    expect(slots.filter((slot) => slot.broken).map((slot) => slot.time)).toEqual([dayFrom(70), dayFrom(71)]);
  });

  it('is no tracking break when the clicks fell too, the conversions only halved, or they were too few to tell', () => {
    const clicksGone = traffic(5000, 2).map((point, index) =>
      index === 70 ? { ...point, volume: 400, outcome: 0 } : point,
    );
    expect(detectTrackingBreaks(series(clicksGone)).breaks).toEqual([]);
    const halved = traffic(5000, 3).map((point, index) =>
      index === 70 ? { ...point, outcome: Math.round(point.outcome! / 2) } : point,
    );
    expect(detectTrackingBreaks(series(halved)).breaks).toEqual([]);
    // 30 clicks at 3%: about one conversion a day; a day with none is an ordinary day.
    const small = traffic(30, 4).map((point, index) => (index === 70 ? { ...point, outcome: 0 } : point));
    expect(detectTrackingBreaks(series(small)).breaks).toEqual([]);
  });
});

describe('late sources', () => {
  it('learns a daily source’s delay and cadence from its arrivals, and says when it is late', () => {
    const arrivals = Array.from({ length: 20 }, (_, index) => ({
      arrivedOn: dayFrom(index + 1),
      lastDay: dayFrom(index),
    }));
    const source = { source: 'meta', days: arrivals.map((arrival) => arrival.lastDay), arrivals };
    // Data through day 19 (2026-01-24), a day's delay, a delivery a day: newer data due 2026-01-26.
    const onTime = checkDeliveries([source], { today: '2026-01-26' })[0]!;
    expect(onTime).toMatchObject({
      status: 'on_time',
      lastDay: '2026-01-24',
      delayDays: 1,
      cadenceDays: 1,
      dueBy: '2026-01-26',
      daysLate: 0,
      message: null,
    });
    const late = checkDeliveries([source], { today: '2026-01-29' })[0]!;
    expect(late).toMatchObject({ status: 'late', daysLate: 3 });
    expect(late.text).toBe(
      'meta is 3 days late: its data ends on 2026-01-24, and with its usual delay of 1 day and a delivery every 1 day, newer data was due by 2026-01-26',
    );
    expect(sayAnomaly(late.message!, 'zh')).toBe(
      'meta 已延迟 3天：数据截至 2026-01-24；按其通常 1天的延迟、每 1天交付一次，新数据应在 2026-01-26 前到达',
    );
    expect(checkDeliveries([source], { today: '2026-01-29', graceDays: 3 })[0]!.status).toBe('on_time');
  });

  it('reads a weekly cadence from the days alone, and knows a source with no data', () => {
    const mondays = Array.from({ length: 8 }, (_, index) => dayFrom(index * 7));
    const weekly = { source: 'xhs-report', days: mondays };
    // Last day 2026-02-23; every 7 days with the default delay of 1: due 2026-03-03.
    expect(checkDeliveries([weekly], { today: '2026-03-03' })[0]).toMatchObject({
      status: 'on_time',
      cadenceDays: 7,
      delayDays: 1,
      dueBy: '2026-03-03',
    });
    expect(checkDeliveries([weekly], { today: '2026-03-04' })[0]).toMatchObject({
      status: 'late',
      daysLate: 1,
    });
    expect(checkDeliveries([{ source: 'new', days: [] }], { today: '2026-03-04' })[0]!.status).toBe(
      'no_data',
    );
    expect(() => checkDeliveries([{ source: 'odd', days: ['2026-02-30'] }], { today: '2026-03-04' })).toThrow(
      /not YYYY-MM-DD/,
    );
  });
});

describe('freshness', () => {
  it('gives the last day every active source has and who is behind, furthest first', () => {
    const fresh = dataFreshness([
      { source: 'douyin', lastDay: '2026-03-09' },
      { source: 'meta', lastDay: '2026-03-07' },
      { source: 'weibo', lastDay: '2026-03-08' },
      { source: 'wechat', lastDay: '2026-03-09' },
    ]);
    expect(fresh).toMatchObject({
      completeThrough: '2026-03-07',
      latest: '2026-03-09',
      behind: [
        { source: 'meta', lastDay: '2026-03-07', daysBehind: 2 },
        { source: 'weibo', lastDay: '2026-03-08', daysBehind: 1 },
      ],
    });
    expect(fresh.text).toBe(
      'data is complete through 2026-03-07; meta and weibo are behind the latest day 2026-03-09',
    );
    expect(sayAnomaly(fresh.message!, 'zh')).toBe(
      '数据完整至 2026-03-07；meta、weibo 落后于最新日期 2026-03-09',
    );
    expect(dataFreshness([{ source: 'a', lastDay: '2026-03-09' }]).text).toBe(
      'every active source has data through 2026-03-09',
    );
    const missing = dataFreshness([
      { source: 'a', lastDay: '2026-03-09' },
      { source: 'b', lastDay: null },
    ]);
    expect(missing).toMatchObject({
      completeThrough: null,
      behind: [{ source: 'b', lastDay: null, daysBehind: null }],
    });
    expect(missing.text).toBe(
      'data is not complete for any day: b has no data yet (the latest day is 2026-03-09)',
    );
  });
});
