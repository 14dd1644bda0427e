import { describe, expect, it } from 'vitest';
import type { MarkpiError } from '../errors.js';
import { analyzeGeoExperiment, conformalTest, type GeoPanel } from './geo.js';
import { sayLiftMessage } from './messages.js';
import { bruteForceSimplex, consecutiveDays, seededRandom, syntheticPanel } from './testing.js';

describe('geo experiment, a hand-worked example', () => {
  // Pre-period means: C1 100, C2 50, C3 80, treated 60. Demeaned over the four pre days:
  //   C1 (2, −2, 0, 0), C2 (0, 0, 2, −2), C3 (−2, −2, 2, 2), treated (1.5, −0.5, 0.5, −1.5)
  //   = ½C1 + ½C2 − ¼C3. The three are orthogonal with ‖C1‖² = ‖C2‖² = 8, ‖C3‖² = 16, so the
  // imbalance is 8(w1 − ½)² + 8(w2 − ½)² + 16(w3 + ¼)²: on the simplex w = (½, ½, 0), where the
  // imbalance is 16/16 = 1 (L2 = 1); equal weights give 8/36 + 8/36 + 16·(7/12)² = 5.8889.
  // Test days: synthetic 60 + ½(104 − 100) + ½(51 − 50) = 62.5 and 60 + ½·6 + ½·5 = 65.5
  // against 70 and 72: gaps 7.5 and 6.5, ATT 7 per location per day.
  const dates = consecutiveDays('2026-04-01', 6);
  const treated = [61.5, 59.5, 60.5, 58.5, 70, 72];
  const panel: GeoPanel = {
    dates,
    locations: [
      { location: 'shanghai', values: treated.map((value) => value + 10) },
      { location: 'hangzhou', values: treated.map((value) => value - 10) },
      { location: 'beijing', values: [102, 98, 100, 100, 104, 106] },
      { location: 'chengdu', values: [50, 50, 52, 48, 51, 55] },
      { location: 'wuhan', values: [78, 78, 82, 82, 90, 70] },
    ],
  };
  const result = analyzeGeoExperiment({
    panel,
    pre: { from: dates[0]!, to: dates[3]! },
    test: { from: dates[4]!, to: dates[5]! },
    cells: [{ name: 'east', treated: ['shanghai', 'hangzhou'], economics: { spend: 56, valuePerUnit: 3 } }],
  });
  const cell = result.cells[0]!;

  it('finds the weights, counterfactual, lift, incremental, ATT and imbalance', () => {
    expect(result.controls).toEqual(['beijing', 'chengdu', 'wuhan']);
    expect(cell.weights.map((entry) => [entry.location, Number(entry.weight.toFixed(12))])).toEqual([
      ['beijing', 0.5],
      ['chengdu', 0.5],
      ['wuhan', 0],
    ]);
    const test = cell.days.filter((day) => day.period === 'test');
    expect(test.map((day) => day.synthetic)).toEqual([expect.closeTo(62.5, 12), expect.closeTo(65.5, 12)]);
    expect(cell.days.filter((day) => day.period === 'pre').map((day) => day.gap)).toEqual([
      expect.closeTo(0.5, 12),
      expect.closeTo(0.5, 12),
      expect.closeTo(-0.5, 12),
      expect.closeTo(-0.5, 12),
    ]);
    expect(cell.att).toBeCloseTo(7, 12);
    // Two locations × two days × 7; totals over both locations: 2 × 142 and 2 × 128.
    expect(cell.incremental).toBeCloseTo(28, 12);
    expect(cell.actual).toBeCloseTo(284, 12);
    expect(cell.counterfactual).toBeCloseTo(256, 12);
    expect(cell.percentLift).toBeCloseTo(14 / 128, 12);
    expect(cell.imbalance.l2).toBeCloseTo(1, 12);
    expect(cell.imbalance.scaledL2).toBeCloseTo(1 / Math.sqrt(16 / 36 + 16 * (7 / 12) ** 2), 12);
    expect(cell.economics!.incrementalRoas!.value).toBeCloseTo(1.5, 12);
    expect(cell.economics!.costPerIncremental.value).toBeCloseTo(2, 12);
  });

  it('says six days are too few for a permutation test at 5%', () => {
    expect(cell.inference).toMatchObject({ permutations: 6, att: { low: null, high: null } });
    expect(cell.notes[0]!.key).toBe('lift.note.few_permutations');
    expect(sayLiftMessage(cell.notes[0]!)).toMatch(/cannot fall below 1\/6/);
    expect(sayLiftMessage(cell.summary, 'zh')).toMatch(/^east：增量 28/);
  });
});

describe('conformal inference', () => {
  it('matches a p-value computed by refitting with brute force and counting shifts', () => {
    const panel = syntheticPanel({ seed: 9, regions: 4, days: 40, noise: 0.03, mixed: 1 });
    const treated = panel.locations[0]!.values;
    const controls = panel.locations.slice(1).map((series) => series.values);
    const pre = Array.from({ length: 30 }, (_, t) => t);
    const testRows = [30, 31, 32, 33, 34, 35, 36, 37, 38, 39];
    const conformal = conformalTest(treated, controls, pre, testRows, null);
    for (const tau of [-80, -10, 0, 12.5, 40, 150]) {
      // The null's data: τ off the test days; every day demeaned; simplex weights by brute force.
      const adjusted = treated.map((value, t) => value - (t >= 30 ? tau : 0));
      const centre = (series: readonly number[]) => {
        const mean = series.reduce((sum, value) => sum + value, 0) / series.length;
        return series.map((value) => value - mean);
      };
      const target = centre(adjusted);
      const columns = controls.map(centre);
      const { weights } = bruteForceSimplex(columns, target);
      const residuals = target.map(
        (value, t) => value - columns.reduce((sum, column, j) => sum + weights[j]! * column[t]!, 0),
      );
      const windowSum = (shift: number) => {
        let sum = 0;
        for (let i = 0; i < 10; i++) sum += residuals[(30 + i + shift) % 40]!;
        return Math.abs(sum);
      };
      let atLeast = 0;
      for (let shift = 0; shift < 40; shift++) if (windowSum(shift) >= windowSum(0) - 1e-9) atLeast++;
      expect(conformal.pValue(tau)).toBe(atLeast / 40);
    }
  });

  it('reports an interval whose ends are where the test starts to reject', () => {
    const panel = syntheticPanel({ seed: 21, regions: 12, days: 91, noise: 0.03, mixed: 1 });
    for (let t = 70; t < 91; t++) panel.locations[0]!.values[t] = panel.locations[0]!.values[t]! + 60;
    const result = analyzeGeoExperiment({
      panel,
      pre: { from: panel.dates[0]!, to: panel.dates[69]! },
      test: { from: panel.dates[70]!, to: panel.dates[90]! },
      cells: [{ name: 'a', treated: ['region-01'] }],
    });
    const { inference } = result.cells[0]!;
    const { low, high } = inference!.att;
    const controls = panel.locations.slice(1).map((series) => series.values);
    const rows = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
    const test = conformalTest(panel.locations[0]!.values, controls, rows(0, 70), rows(70, 91), null);
    expect(low!).toBeLessThan(60);
    expect(high!).toBeGreaterThan(60);
    expect(test.pValue(low!)).toBeGreaterThan(0.05);
    expect(test.pValue(high!)).toBeGreaterThan(0.05);
    expect(test.pValue(low! - 1e-6)).toBeLessThanOrEqual(0.05);
    expect(test.pValue(high! + 1e-6)).toBeLessThanOrEqual(0.05);
    expect(inference!.pValue).toBe(test.pValue(0));
    expect(inference!.pValue).toBeLessThan(0.05);
    expect(inference!.incremental.low).toBeCloseTo(low! * 21, 9);
  });
});

describe('geo experiments on synthetic panels', () => {
  const window = (panel: GeoPanel, preDays: number) => ({
    pre: { from: panel.dates[0]!, to: panel.dates[preDays - 1]! },
    test: { from: panel.dates[preDays]!, to: panel.dates.at(-1)! },
  });

  it('recovers a known injected lift within its 95% interval in at least 90% of runs', () => {
    // Effects of 3%, 6% and 10%, noise of 2% and 5% of a region's level, 10 to 40 regions, one or
    // two treated regions that a synthetic control can reach; 105 days, the last 21 treated.
    let covered = 0;
    let runs = 0;
    for (const regions of [10, 20, 40])
      for (const noise of [0.02, 0.05])
        for (let rep = 0; rep < 6; rep++) {
          const treatedCount = 1 + (rep % 2);
          const effect = [0.03, 0.06, 0.1][rep % 3]!;
          const panel = syntheticPanel({
            seed: 500 + regions * 10 + noise * 1000 + rep,
            regions,
            days: 105,
            noise,
            mixed: treatedCount,
          });
          let truth = 0;
          for (let region = 0; region < treatedCount; region++)
            for (let t = 84; t < 105; t++) {
              const added = effect * panel.expected[region]![t]!;
              panel.locations[region]!.values[t] = panel.locations[region]!.values[t]! + added;
              truth += added;
            }
          const treated = panel.locations.slice(0, treatedCount).map((series) => series.location);
          const { inference } = analyzeGeoExperiment({
            panel,
            ...window(panel, 84),
            cells: [{ name: 'test', treated }],
          }).cells[0]!;
          runs++;
          if (inference!.incremental.low! <= truth && truth <= inference!.incremental.high!) covered++;
        }
    expect(runs).toBe(36);
    expect(covered / runs).toBeGreaterThanOrEqual(0.9);
  });

  it('finds placebo regions significant at 5% in about 5% of runs at most', () => {
    // Untreated regions picked at random, so some lie beyond what equal-signed weights reach:
    // the ridge-augmented fit (default relative λ) keeps those honest.
    let significant = 0;
    let runs = 0;
    for (const regions of [10, 20, 40])
      for (const noise of [0.02, 0.05])
        for (let rep = 0; rep < 10; rep++) {
          const seed = 77 + regions * 1000 + noise * 10_000 + rep;
          const panel = syntheticPanel({ seed, regions, days: 105, noise });
          const random = seededRandom(seed + 1);
          const order = panel.locations
            .map((series) => ({ series, key: random() }))
            .sort((a, b) => a.key - b.key);
          const treated = order.slice(0, 1 + (rep % 2)).map((entry) => entry.series.location);
          const { inference } = analyzeGeoExperiment({
            panel,
            ...window(panel, 84),
            ridge: {},
            cells: [{ name: 'placebo', treated }],
          }).cells[0]!;
          runs++;
          if (inference!.pValue < 0.05) significant++;
        }
    expect(runs).toBe(60);
    expect(significant).toBeLessThanOrEqual(4);
  });

  it('measures several cells at once against the controls no cell uses', () => {
    const panel = syntheticPanel({ seed: 4, regions: 15, days: 70, noise: 0.03, mixed: 3 });
    const both = analyzeGeoExperiment({
      panel,
      ...window(panel, 56),
      cells: [
        { name: 'a', treated: ['region-01'] },
        { name: 'b', treated: ['region-02', 'region-03'] },
      ],
      inference: 'none',
    });
    expect(both.controls).toHaveLength(12);
    const alone = analyzeGeoExperiment({
      panel,
      ...window(panel, 56),
      cells: [{ name: 'b', treated: ['region-02', 'region-03'] }],
      exclude: ['region-01'],
      inference: 'none',
    });
    expect(both.cells[1]).toEqual(alone.cells[0]);
    expect(both.cells[0]!.inference).toBeNull();
  });

  it('augments the weights by ridge: w + (Q + λI)⁻¹(c − Qw), λ relative to the controls', () => {
    const panel = syntheticPanel({ seed: 8, regions: 6, days: 50, noise: 0.03 });
    const input = {
      panel,
      ...window(panel, 40),
      cells: [{ name: 'a', treated: ['region-01'] }],
      inference: 'none' as const,
    };
    const plain = analyzeGeoExperiment(input).cells[0]!;
    const ridge = analyzeGeoExperiment({ ...input, ridge: { lambda: 5000 } }).cells[0]!;
    expect(ridge.ridge).toBe(5000);
    expect(ridge.simplexWeights).toEqual(plain.weights);
    // Check the augmentation by hand: demeaned pre-period controls and treated, (Q + λI)Δ = c − Qw.
    const controls = panel.locations.slice(1);
    const centred = controls.map((series) => {
      const pre = series.values.slice(0, 40);
      const mean = pre.reduce((sum, value) => sum + value, 0) / 40;
      return pre.map((value) => value - mean);
    });
    const treatedPre = panel.locations[0]!.values.slice(0, 40);
    const treatedMean = treatedPre.reduce((sum, value) => sum + value, 0) / 40;
    const target = treatedPre.map((value) => value - treatedMean);
    const weightOf = (result: typeof plain, location: string) =>
      result.weights.find((entry) => entry.location === location)!.weight;
    const w = controls.map((series) => weightOf(plain, series.location));
    const delta = controls.map(
      (series) => weightOf(ridge, series.location) - weightOf(plain, series.location),
    );
    for (let i = 0; i < controls.length; i++) {
      let left = 5000 * delta[i]!;
      let right = 0;
      for (let t = 0; t < 40; t++) {
        const fitted = centred.reduce((sum, column, j) => sum + w[j]! * column[t]!, 0);
        right += centred[i]![t]! * (target[t]! - fitted);
        left += centred[i]![t]! * centred.reduce((sum, column, j) => sum + delta[j]! * column[t]!, 0);
      }
      expect(left).toBeCloseTo(right, 6);
    }
    expect(ridge.imbalance.l2).toBeLessThan(plain.imbalance.l2);
    // Relative λ: 0.1 × the controls' mean sum of squared deviations.
    const relative = analyzeGeoExperiment({ ...input, ridge: { relative: 0.1 } }).cells[0]!;
    const trace = centred.reduce(
      (sum, column) => sum + column.reduce((total, value) => total + value * value, 0),
      0,
    );
    expect(relative.ridge).toBeCloseTo((0.1 * trace) / 5, 6);
  });

  it('refuses malformed input with every problem', () => {
    const panel = syntheticPanel({ seed: 1, regions: 3, days: 20, noise: 0.03 });
    try {
      analyzeGeoExperiment({
        panel,
        pre: { from: panel.dates[0]!, to: panel.dates[15]! },
        test: { from: panel.dates[10]!, to: panel.dates[19]! },
        cells: [
          { name: 'a', treated: ['region-01', 'nowhere'] },
          { name: 'a', treated: ['region-01'] },
        ],
        ridge: { lambda: -1 },
      });
      expect.unreachable();
    } catch (error) {
      expect((error as MarkpiError).code).toBe('invalid_lift_input');
      expect((error as MarkpiError).problems.map((problem) => problem.message)).toEqual([
        `the test starts ${panel.dates[10]}, before the pre-period ends`,
        'lambda must be a positive number, got -1',
        'unknown location nowhere',
        'a second cell named a',
        'region-01 is treated in two cells',
      ]);
    }
  });
});
