import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scoreSeries } from './score-series.js';

function seeded(seed: number) {
  let state = seed;
  const uniform = () => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };
  return { uniform, gauss: () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform()) };
}

const HOUR = 3_600_000;
const iso = (time: number) => new Date(time).toISOString().slice(0, 19).replace('T', ' ');

/** Hourly values with a daily cycle (busy afternoons, quiet nights) and noise of sd 1, from 2026-03-02. */
function hourly(hours: number, seed: number): { timestamp: string; value: number }[] {
  const { gauss } = seeded(seed);
  const start = Date.UTC(2026, 2, 2);
  return Array.from({ length: hours }, (_, index) => {
    const hour = index % 24;
    return {
      timestamp: iso(start + index * HOUR),
      value: 50 + 20 * Math.sin(((hour - 9) / 24) * 2 * Math.PI) + gauss(),
    };
  });
}

describe('scoring any labelled series', () => {
  it('reads the hourly grid and its daily cycle from the timestamps and flags what is out of place', () => {
    const points = hourly(24 * 21, 4);
    // A night hour at an afternoon's level: ordinary for the series, not for 3 a.m.
    const night = 24 * 20 + 3;
    points[night] = { ...points[night]!, value: 70 };
    // An afternoon hour twenty below its own level.
    const afternoon = 24 * 19 + 15;
    points[afternoon] = { ...points[afternoon]!, value: points[afternoon]!.value - 20 };
    const scores = scoreSeries(points);
    expect(scores).toHaveLength(points.length);
    expect(scores[night]!.score).toBeGreaterThan(0.999);
    expect(scores[afternoon]!.score).toBeGreaterThan(0.999);
    // Before 8 days of history nothing is scored; afterwards almost nothing else alerts.
    expect(scores.slice(0, 24 * 8).every((row) => row.score === 0)).toBe(true);
    const others = scores.filter((_, index) => index >= 24 * 8 && index !== night && index !== afternoon);
    expect(others.filter((row) => row.score > 0.999).length).toBeLessThanOrEqual(3);
    expect(scores.every((row) => row.score >= 0 && row.score <= 1)).toBe(true);
  });

  it('keeps the input order, scores missing values 0, and scores rows of one slot alike', () => {
    const points: { timestamp: string; value: number | null }[] = hourly(24 * 10, 8);
    points.splice(24 * 9, 5);
    points[200] = { ...points[200]!, value: null };
    points.push({ ...points[230]! });
    const reversed = [...points].reverse();
    const scores = scoreSeries(reversed);
    expect(scores.map((row) => row.timestamp)).toEqual(reversed.map((point) => point.timestamp));
    expect(scores.find((row) => row.value === null)!.score).toBe(0);
    const twins = scores.filter((row) => row.timestamp === points[230]!.timestamp);
    expect(twins).toHaveLength(2);
    expect(twins[0]!.score).toBe(twins[1]!.score);
  });

  it('is causal: later rows on the same grid never change an earlier score (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 24 * 8, max: 24 * 12 }),
        fc.integer({ min: 1, max: 48 }),
        (seed, cut, extra) => {
          const { uniform } = seeded(seed);
          const points = hourly(cut + extra, seed).filter((_, index) => index < 2 || uniform() > 0.15);
          const prefix = points.filter((_, index) => index < cut - 20);
          const early = scoreSeries(prefix);
          const later = scoreSeries(points).slice(0, prefix.length);
          expect(later).toEqual(early);
        },
      ),
      { numRuns: 12 },
    );
  });
});
