import { describe, expect, it } from 'vitest';
import { leastSquaresSlope, searchVisibility } from './search.js';

describe('search visibility', () => {
  // Three daily snapshots of one keyword, ten top results each, with 2, 3 and 5 own positive ones.
  const visibility = searchVisibility({
    keywords: [
      { keyword: 'A醇', top10Results: 30, ownPositiveTop10: 10, ownResults: 14, indexedPosts: 4 },
      { keyword: '精华推荐', top10Results: 20, ownPositiveTop10: 1, ownResults: 1, indexedPosts: 1 },
      { keyword: '无人问津', top10Results: 0, ownPositiveTop10: 0, ownResults: 0, indexedPosts: 0 },
    ],
    days: [
      { keyword: 'A醇', date: '2026-10-03', top10Results: 10, ownPositiveTop10: 5 },
      { keyword: 'A醇', date: '2026-10-01', top10Results: 10, ownPositiveTop10: 2 },
      { keyword: 'A醇', date: '2026-10-02', top10Results: 10, ownPositiveTop10: 3 },
      { keyword: '精华推荐', date: '2026-10-01', top10Results: 10, ownPositiveTop10: 1 },
      { keyword: '精华推荐', date: '2026-10-08', top10Results: 10, ownPositiveTop10: 0 },
    ],
    holders: [
      { keyword: 'A醇', creator: 'kol-1', label: '小美', tier: 'kol', top10Results: 6, indexedPosts: 2 },
      { keyword: 'A醇', creator: 'koc-9', tier: 'koc', top10Results: 4, indexedPosts: 1 },
      { keyword: 'A醇', creator: 'koc-3', tier: 'koc', top10Results: 0, indexedPosts: 1 },
      { keyword: '精华推荐', creator: 'koc-3', tier: 'koc', top10Results: 1, indexedPosts: 1 },
    ],
  });

  it('takes share of voice over every snapshot of the period, best keyword first', () => {
    expect(visibility.map((entry) => [entry.keyword, entry.shareOfVoice, entry.snapshots])).toEqual([
      ['A醇', 10 / 30, 3],
      ['精华推荐', 0.05, 2],
      ['无人问津', null, 0],
    ]);
    expect(visibility[0]!.indexedPosts).toBe(4);
  });

  it('gives the trend as the least-squares slope of the daily share, per week', () => {
    // x = 0, 1, 2 and y = .2, .3, .5: covariance .3 over variance 2 is .15 a day, 1.05 a week.
    expect(visibility[0]!.trend.map((point) => point.date)).toEqual([
      '2026-10-01',
      '2026-10-02',
      '2026-10-03',
    ]);
    expect(visibility[0]!.trendPerWeek).toBeCloseTo(1.05, 12);
    // 10% then 0% a week later: −10 points a week.
    expect(visibility[1]!.trendPerWeek).toBeCloseTo(-0.1, 12);
    expect(visibility[2]!.trendPerWeek).toBeNull();
  });

  it('names the creators whose posts hold top-ten positions, the most first', () => {
    expect(visibility[0]!.holders).toEqual([
      {
        creator: 'kol-1',
        label: '小美',
        tier: 'kol',
        top10Results: 6,
        top10Share: 0.2,
        averagePositions: 2,
        indexedPosts: 2,
      },
      {
        creator: 'koc-9',
        tier: 'koc',
        top10Results: 4,
        top10Share: 4 / 30,
        averagePositions: 4 / 3,
        indexedPosts: 1,
      },
    ]);
  });

  it('agrees with the slope solved from the normal equations by Cramer’s rule', () => {
    let seed = 3;
    const random = () => {
      seed = (seed * 69_069 + 1) % 4_294_967_296;
      return seed / 4_294_967_296;
    };
    for (let round = 0; round < 50; round++) {
      const points = Array.from({ length: 2 + Math.floor(random() * 30) }, (_, index) => ({
        x: index * 2 + Math.floor(random() * 2),
        y: random(),
      }));
      const n = points.length;
      const sx = points.reduce((t, p) => t + p.x, 0);
      const sy = points.reduce((t, p) => t + p.y, 0);
      const sxx = points.reduce((t, p) => t + p.x * p.x, 0);
      const sxy = points.reduce((t, p) => t + p.x * p.y, 0);
      // [n sx; sx sxx] [a; b] = [sy; sxy]
      const determinant = n * sxx - sx * sx;
      expect(leastSquaresSlope(points)).toBeCloseTo((n * sxy - sx * sy) / determinant, 9);
    }
    expect(leastSquaresSlope([{ x: 1, y: 2 }])).toBeNull();
    expect(
      leastSquaresSlope([
        { x: 1, y: 2 },
        { x: 1, y: 3 },
      ]),
    ).toBeNull();
  });
});
