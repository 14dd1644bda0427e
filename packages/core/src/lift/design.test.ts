import { describe, expect, it } from 'vitest';
import { MarkpiError } from '../errors.js';
import { selectMarkets } from './design.js';
import { analyzeGeoExperiment, type GeoPanel, type RidgeOption } from './geo.js';
import { sayLiftMessage } from './messages.js';
import { syntheticPanel } from './testing.js';

/**
 * A window tested the slow way: the effect injected by multiplying the treated values in the
 * window by 1 + e, and the geo analysis run on the days before it and the window.
 */
function injectedTest(
  panel: GeoPanel,
  treated: readonly string[],
  start: number,
  duration: number,
  effect: number,
  options: { ridge?: RidgeOption; inference?: 'conformal' | 'none' } = {},
): { lift: number; pValue: number | null } {
  const injected: GeoPanel = {
    dates: panel.dates,
    locations: panel.locations.map((series) => ({
      location: series.location,
      values: treated.includes(series.location)
        ? series.values.map((value, t) => (t >= start && t < start + duration ? value * (1 + effect) : value))
        : series.values,
    })),
  };
  const cell = analyzeGeoExperiment({
    panel: injected,
    pre: { from: panel.dates[0]!, to: panel.dates[start - 1]! },
    test: { from: panel.dates[start]!, to: panel.dates[start + duration - 1]! },
    cells: [{ name: 'candidate', treated }],
    inference: options.inference ?? 'conformal',
    ...(options.ridge ? { ridge: options.ridge } : {}),
  }).cells[0]!;
  return { lift: cell.percentLift!, pValue: cell.inference?.pValue ?? null };
}

describe('market selection', () => {
  const panel = syntheticPanel({ seed: 31, regions: 10, days: 84, noise: 0.03 });
  const treated = ['region-03', 'region-07'];
  const duration = 14;
  const windows = 20;
  const selection = selectMarkets({
    panel,
    candidates: [treated],
    duration,
    windows,
    costPerIncremental: 12,
    effects: [0, 0.02, 0.05, 0.1, 0.3],
  });
  const candidate = selection.candidates[0]!;

  it('injects effects as the analysis would see them: the MDE is where 80% of windows start to detect', () => {
    const starts = Array.from({ length: windows }, (_, k) => 84 - duration - k);
    const placebo = starts.map(
      (start) => injectedTest(panel, treated, start, duration, 0, { inference: 'none' }).lift,
    );
    expect(candidate.placebo.meanLift).toBeCloseTo(
      placebo.reduce((sum, value) => sum + value, 0) / windows,
      9,
    );
    // Detected: the analysis's own conformal p-value ≤ 0.05 with a positive lift, in a window
    // that finds nothing when nothing is injected.
    const detects = (start: number, effect: number) => {
      const test = injectedTest(panel, treated, start, duration, effect);
      return test.pValue! <= 0.05 && test.lift > 0;
    };
    const honest = starts.filter((start) => !detects(start, 0));
    expect(candidate.placebo.falsePositiveRate).toBe((windows - honest.length) / windows);
    const detections = (effect: number) => honest.filter((start) => detects(start, effect)).length;
    const mde = candidate.mde!;
    expect(mde).toBeGreaterThan(0.005);
    // Power 0.8 of 20 windows: 16 must detect.
    expect(detections(mde * 1.002)).toBeGreaterThanOrEqual(16);
    expect(detections(mde * 0.998)).toBeLessThan(16);
    // The estimate is linear in the injected effect: r_k + e·(1 + r_k).
    expect(injectedTest(panel, treated, starts[5]!, duration, 0.07, { inference: 'none' }).lift).toBeCloseTo(
      placebo[5]! + 0.07 * (1 + placebo[5]!),
      10,
    );
  });

  it('gives the MDE as a volume and a budget, and the power at chosen effects', () => {
    // Treated volume per window: both regions' totals over its 14 days, averaged over windows.
    let volume = 0;
    for (let k = 0; k < windows; k++)
      for (const location of treated) {
        const values = panel.locations.find((series) => series.location === location)!.values;
        for (let t = 84 - duration - k; t < 84 - k; t++) volume += values[t]!;
      }
    expect(candidate.expectedVolume).toBeCloseTo(volume / windows, 6);
    expect(candidate.mdeIncremental).toBeCloseTo(candidate.mde! * candidate.expectedVolume, 6);
    expect(candidate.budget).toBeCloseTo(candidate.mdeIncremental! * 12, 6);
    const powers = candidate.power.map((entry) => entry.power);
    expect([...powers].sort((a, b) => a - b)).toEqual(powers);
    expect(powers[0]).toBeLessThanOrEqual(0.05);
    expect(powers.at(-1)).toBe(1);
    expect(sayLiftMessage(candidate.summary)).toMatch(
      /^testing in region-03, region-07 detects \+\d+\.\d% \([\d,]+ incremental\) with 80\.0% power; at the expected cost per incremental conversion that takes a budget of [\d,]+$/,
    );
  });

  it('ranks every combination of locations by its placebo error', () => {
    const all = selectMarkets({ panel, treatedCount: 2, duration, windows, exclude: ['region-10'] });
    // 9 eligible locations: C(9, 2) = 36 pairs.
    expect(all.candidates).toHaveLength(36);
    expect(all.candidates.some((entry) => entry.treated.includes('region-10'))).toBe(false);
    const errors = all.candidates.map((entry) => entry.placebo.rmse);
    expect([...errors].sort((a, b) => a - b)).toEqual(errors);
    // The same pair alone gives the same figures (its controls are the other eligible locations).
    const pair = all.candidates.find((entry) => entry.treated.join() === treated.join())!;
    const alone = selectMarkets({ panel, candidates: [treated], duration, windows, exclude: ['region-10'] });
    expect(alone.candidates[0]).toEqual(pair);
  });

  it('ranks by the placebo RMSE, which is √(bias² + variance) of the lifts a brute-force evaluation finds', () => {
    const all = selectMarkets({ panel, treatedCount: 2, duration, windows, exclude: ['region-10'] });
    const starts = Array.from({ length: windows }, (_, k) => 84 - duration - k);
    const eligible = panel.locations.filter((series) => series.location !== 'region-10');
    const slow = all.candidates.map((entry) => {
      // The analysis run window by window on a panel without the excluded region.
      const lifts = starts.map(
        (start) =>
          injectedTest({ dates: panel.dates, locations: eligible }, entry.treated, start, duration, 0, {
            inference: 'none',
          }).lift,
      );
      const bias = lifts.reduce((sum, lift) => sum + lift, 0) / windows;
      const variance = lifts.reduce((sum, lift) => sum + (lift - bias) ** 2, 0) / windows;
      return { treated: entry.treated.join(), bias, rmse: Math.sqrt(bias ** 2 + variance) };
    });
    all.candidates.forEach((entry, position) => {
      expect(entry.placebo.meanLift).toBeCloseTo(slow[position]!.bias, 9);
      expect(entry.placebo.rmse).toBeCloseTo(slow[position]!.rmse, 9);
    });
    const order = [...slow].sort((a, b) => a.rmse - b.rmse).map((entry) => entry.treated);
    expect(all.candidates.map((entry) => entry.treated.join())).toEqual(order);
  });

  it('never ranks a control that runs high above one as precise and unbiased', () => {
    // Hand-built: the same lifts shifted by a bias keep their spread and move away from zero.
    const spread = [0.02, -0.02, 0.02, -0.02];
    const rmse = (lifts: number[]) =>
      Math.sqrt(lifts.reduce((sum, lift) => sum + lift * lift, 0) / lifts.length);
    expect(rmse(spread)).toBeCloseTo(0.02, 12);
    expect(rmse(spread.map((lift) => lift + 0.129))).toBeCloseTo(Math.sqrt(0.129 ** 2 + 0.02 ** 2), 12);
    // On a panel: `drifting` follows region-03 but grows 0.4% a day on top, so a synthetic control
    // fitted before a window runs low and the window's lift runs high (+10% and more) with the
    // same day-to-day noise.
    const drifting = {
      location: 'drifting',
      values: panel.locations[2]!.values.map((value, t) => value * (1 + 0.004 * t)),
    };
    const withDrift: GeoPanel = { dates: panel.dates, locations: [...panel.locations, drifting] };
    const ranked = selectMarkets({
      panel: withDrift,
      candidates: [['drifting'], ['region-03']],
      duration,
      windows,
    });
    const [first, second] = ranked.candidates;
    expect(first!.treated).toEqual(['region-03']);
    expect(second!.treated).toEqual(['drifting']);
    expect(second!.placebo.meanLift).toBeGreaterThan(0.1);
    expect(Math.abs(first!.placebo.meanLift)).toBeLessThan(0.02);
    // More than a fifth of its windows find an effect with none injected, so no effect reaches
    // 80% power there (where the old ranking called ±0% detectable), and it says why.
    expect(second!.placebo.falsePositiveRate).toBeGreaterThan(0.2);
    expect(second!.mde).toBeNull();
    expect(sayLiftMessage(second!.summary)).toMatch(
      /^testing in drifting: in \d+\.\d% of the history's placebo windows the synthetic control finds an effect where there was none \(placebo lift \+\d+\.\d% on average\)/,
    );
    // The same figures as the analysis run on each window.
    const lifts = Array.from(
      { length: windows },
      (_, k) =>
        injectedTest(withDrift, ['drifting'], 84 - duration - k, duration, 0, { inference: 'none' }).lift,
    );
    expect(second!.placebo.rmse).toBeCloseTo(rmse(lifts), 9);
  });

  it("cross-validates each window's ridge over its own pre-period, as the analysis does", () => {
    const cv = selectMarkets({ panel, candidates: [treated], duration, windows: 3, ridge: {} });
    const lifts = [0, 1, 2].map(
      (k) =>
        injectedTest(panel, treated, 84 - duration - k, duration, 0, { ridge: {}, inference: 'none' }).lift,
    );
    expect(cv.candidates[0]!.placebo.meanLift).toBeCloseTo(
      lifts.reduce((sum, value) => sum + value, 0) / 3,
      9,
    );
    expect(cv.candidates[0]!.placebo.rmse).toBeCloseTo(
      Math.sqrt(lifts.reduce((sum, value) => sum + value * value, 0) / 3),
      9,
    );
  });

  it('passes ridge augmentation through to the placebo fits', () => {
    const ridge = { relative: 0.1 };
    const ridged = selectMarkets({ panel, candidates: [treated], duration, windows: 3, ridge });
    const lifts = [0, 1, 2].map(
      (k) => injectedTest(panel, treated, 84 - duration - k, duration, 0, { ridge, inference: 'none' }).lift,
    );
    expect(ridged.candidates[0]!.placebo.meanAbsoluteLift).toBeCloseTo(
      lifts.reduce((sum, value) => sum + Math.abs(value), 0) / 3,
      9,
    );
  });

  it('says when the windows hold too few days for a permutation test', () => {
    // 4 pre-period days + 14 test days: a p-value of at least 1/18 > 5%.
    const short = selectMarkets({ panel, candidates: [treated], duration, windows: 5, preDays: 4 });
    expect(short.candidates[0]!.mde).toBeNull();
    expect(short.notes).toEqual([{ key: 'lift.note.few_permutations', params: { days: 18, alpha: 0.05 } }]);
    expect(sayLiftMessage(short.candidates[0]!.summary, 'zh')).toBe(
      '在 region-03、region-07 测试：历史安慰剂窗口中没有任何效应能达到 80.0% 的检验力',
    );
  });

  it('refuses windows the history cannot hold and unknown locations', () => {
    expect(() => selectMarkets({ panel, candidates: [treated], duration, windows: 80 })).toThrow(MarkpiError);
    try {
      selectMarkets({ panel, candidates: [['nowhere']], duration: 0 });
      expect.unreachable();
    } catch (error) {
      expect((error as MarkpiError).problems.map((problem) => problem.path)).toEqual([
        'duration',
        'candidates[0]',
      ]);
    }
  });
});
