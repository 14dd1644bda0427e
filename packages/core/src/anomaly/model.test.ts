import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logGamma } from './distributions.js';
import {
  CHI2_MEDIAN,
  countVariance,
  cusumRunLength,
  dispersionCrossing,
  highestRate,
  type ModelSettings,
  type ModelSlot,
  runModel,
  sustainedHeight,
  weightedMedian,
} from './model.js';
import { degreesForRatio, studentUpperTail, TailWeight, tailRatio } from './tails.js';

/** A seeded generator for the simulations below (Park–Miller). */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };
}

const plain = (y: number): ModelSlot => ({ y, exposure: 1, phase: -1, weekday: -1, event: null });

describe('a prediction and its band, by hand', () => {
  it('four counts of 100: expected 100, q = 287.5 / 52,500, band from the negative binomial of those moments', () => {
    // No phase, equal weights, trend covariates −1, −¾, −½, −¼ and Poisson weights μ = 100:
    //   XᵀWX + Λ = [[400, −250], [−250, 187.5 + 100]],  det = 52,500,  q = (XᵀWX + Λ)⁻¹₀₀ = 287.5 / 52,500.
    // No wobble (every residual is 0), so Var = μ + (e^q − 1) μ² = 100 + 54.91 = 154.91.
    // (The trend prior's precision is 100: sd 0.1 per window.)
    const settings: ModelSettings = {
      family: 'count',
      phases: 0,
      weekdays: false,
      window: 4,
      halfLife: 1e15,
      warmup: 4,
      refitEvery: 1,
      quarantine: 7,
      alertProbability: 0.01,
      bands: true,
    };
    const scores = runModel([100, 100, 100, 100, 100].map(plain), settings);
    const last = scores[4]!;
    const q = 287.5 / 52_500;
    expect(last.expected).toBeCloseTo(100, 8);
    expect(last.wobble).toBe(0);
    expect(last.uncertainty).toBeCloseTo(q, 10);
    const variance = 100 + Math.expm1(q) * 100 * 100;
    expect(variance).toBeCloseTo(154.912, 3);
    // Band: values that don't alert on their own, between the α/4 and 1 − α/4 quantiles of the
    // negative binomial with size r = μ² / (Var − μ), summed here term by term.
    const size = 100 ** 2 / (variance - 100);
    const p = size / (size + 100);
    const pmf: number[] = [Math.exp(size * Math.log(p))];
    for (let k = 0; k < 400; k++) pmf.push((pmf[k]! * (k + size) * (1 - p)) / (k + 1));
    let cumulative = 0;
    let low = -1;
    let high = -1;
    for (let k = 0; k < pmf.length; k++) {
      cumulative += pmf[k]!;
      if (low < 0 && cumulative >= 0.0025) low = k;
      if (high < 0 && cumulative >= 0.9975) high = k;
    }
    expect([last.low, last.high]).toEqual([low, high]);
    expect(low).toBeGreaterThan(55);
    expect(high).toBeLessThan(150);
  });

  it('continues a weekly pattern and a trend exactly when the data have no noise', () => {
    // Weekdays 100, weekends 50, growing 1% a day: slot 69 (a Sunday) is 50 · e^0.69 = 99.6858.
    const pattern = [100, 100, 100, 100, 100, 50, 50];
    const slots = Array.from({ length: 70 }, (_, t) => ({
      y: pattern[t % 7]! * Math.exp(0.01 * t),
      exposure: 1,
      phase: t % 7,
      weekday: -1,
      event: null,
    }));
    const scores = runModel(slots, {
      family: 'amount',
      phases: 7,
      weekdays: false,
      window: 56,
      halfLife: 28,
      warmup: 14,
      refitEvery: 1,
      quarantine: 7,
      alertProbability: 1e-3,
      bands: false,
    });
    expect(scores[69]!.expected! / 99.6858).toBeCloseTo(1, 4);
    expect(scores[68]!.expected! / (50 * Math.exp(0.68))).toBeCloseTo(1, 4);
    expect(scores[66]!.expected! / (100 * Math.exp(0.66))).toBeCloseTo(1, 4);
    expect(scores.slice(14).every((score) => score.p > 0.1)).toBe(true);
    expect(scores.slice(0, 14).every((score) => score.status === 'warmup')).toBe(true);
  });
});

describe('ratio uncertainty', () => {
  it('a CTR of 1% wobbling by 20%: Var(k/n) = r(1 − r)/n + (1 − 1/n) v r², by hand', () => {
    const rate = 0.01;
    const wobble = 0.04;
    const ratioVariance = (n: number) => countVariance('binomial', n * rate, n, wobble) / (n * n);
    // 40 impressions: 0.0099/40 + 0.975 · 0.04 · 1e-4 = 2.475e-4 + 3.9e-6 = 2.514e-4: counting dominates.
    expect(ratioVariance(40)).toBeCloseTo(2.514e-4, 9);
    // 4M impressions: 2.475e-9 + 4e-6 · (1 − 2.5e-7) = 4.002475e-6: the wobble dominates.
    expect(ratioVariance(4e6)).toBeCloseTo(4.002475e-6, 11);
    // A gamma-Poisson count: μ + v μ²; an amount: v μ².
    expect(countVariance('count', 50, 1, 0.04)).toBe(50 + 0.04 * 2500);
    expect(countVariance('amount', 50, 1, 0.04)).toBe(100);
  });

  it('keeps a rate of every trial succeeding half a trial away from 1', () => {
    // Two trials, both expected to succeed: the rate is taken as 1 − 0.5/3, Var = 2 · (0.5/3) = 1/3.
    expect(highestRate(2)).toBeCloseTo(1 - 0.5 / 3, 15);
    expect(countVariance('binomial', 2, 2, 0)).toBeCloseTo(1 / 3, 12);
    // At a million trials the floor is below the counting noise of any real rate.
    expect(countVariance('binomial', 5e5, 1e6, 0)).toBe(5e5 * 0.5);
  });

  it('does not call one miss out of two news after weeks of two out of two', () => {
    const settings: ModelSettings = {
      family: 'binomial',
      phases: 0,
      weekdays: false,
      window: 56,
      halfLife: 28,
      warmup: 14,
      refitEvery: 1,
      quarantine: 7,
      alertProbability: 1e-3,
      bands: false,
    };
    const slots: ModelSlot[] = Array.from({ length: 40 }, (_, t) => ({
      y: t === 39 ? 1 : 2,
      exposure: 2,
      phase: -1,
      weekday: -1,
      event: null,
    }));
    const last = runModel(slots, settings)[39]!;
    expect(last.status).toBe('scored');
    expect(last.p).toBeGreaterThan(1e-3);
  });
});

describe('the wobble, solved from residuals', () => {
  it('is the weighted median of each residual’s crossing: the median ratio is then χ²₁’s (against bisection)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            mean: fc.double({ min: 1, max: 1e5, noNaN: true }),
            residual: fc.double({ min: -3, max: 3, noNaN: true }),
            weight: fc.double({ min: 0.1, max: 1, noNaN: true }),
          }),
          { minLength: 5, maxLength: 40 },
        ),
        (rows) => {
          // Residuals of a few sds of a 20% wobble around the mean: some below Poisson, most above.
          const squared = rows.map((row) => (row.residual * 0.2 * row.mean) ** 2);
          const weights = Float64Array.from(rows, (row) => row.weight);
          const crossings = Float64Array.from(rows, (row, j) =>
            dispersionCrossing('count', row.mean, 1, squared[j]!),
          );
          const solved = Math.max(0, weightedMedian(crossings, weights, rows.length));
          const medianRatio = (v: number) =>
            weightedMedian(
              Float64Array.from(rows, (row, j) => squared[j]! / countVariance('count', row.mean, 1, v)),
              weights,
              rows.length,
            );
          // Bisection on v for the ratio to cross χ²₁'s median, written independently.
          let low = 0;
          let high = 100;
          if (medianRatio(0) <= CHI2_MEDIAN) high = 0;
          for (let round = 0; round < 200; round++) {
            const middle = (low + high) / 2;
            if (medianRatio(middle) > CHI2_MEDIAN) low = middle;
            else high = middle;
          }
          expect(solved).toBeCloseTo(high, 6);
        },
      ),
      { numRuns: 80 },
    );
  });
});

describe('the CUSUM', () => {
  it('reads its height by Siegmund’s run length, which a simulation confirms', () => {
    // h = 4, k = ½: b = 5.166, ARL₀ = (e^5.166 − 5.166 − 1)/0.5 = (175.21 − 6.166)/0.5 = 338.1.
    expect(cusumRunLength(4)).toBeCloseTo((Math.exp(5.166) - 5.166 - 1) / 0.5, 8);
    expect(cusumRunLength(4)).toBeCloseTo(338.1, 0);
    const uniform = seeded(20260618);
    const gauss = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
    let total = 0;
    const runs = 3000;
    for (let run = 0; run < runs; run++) {
      let height = 0;
      let steps = 0;
      while (height <= 4) {
        height = Math.max(0, height + gauss() - 0.5);
        steps++;
      }
      total += steps;
    }
    expect(total / runs / cusumRunLength(4)).toBeGreaterThan(0.9);
    expect(total / runs / cusumRunLength(4)).toBeLessThan(1.1);
    // The inverse: the height at which 2/ARL₀ is 1e-4.
    expect(2 / cusumRunLength(sustainedHeight(1e-4))).toBeCloseTo(1e-4, 10);
  });

  it('finds a sustained shift no single slot shows, and calls it sustained', () => {
    // Amounts 1000 with a 5% wobble, then a step up of 15% (under 3 sd) from slot 60 on.
    const uniform = seeded(7);
    const gauss = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
    const slots = Array.from({ length: 90 }, (_, t) =>
      plain(1000 * Math.exp(0.05 * gauss() + (t >= 60 ? 0.15 : 0))),
    );
    const scores = runModel(slots, {
      family: 'amount',
      phases: 0,
      weekdays: false,
      window: 56,
      halfLife: 28,
      warmup: 14,
      refitEvery: 1,
      quarantine: 7,
      alertProbability: 1e-3,
      bands: false,
    });
    const before = scores.slice(20, 60);
    const after = scores.slice(60, 72);
    expect(before.every((score) => score.p > 1e-3)).toBe(true);
    const first = after.findIndex((score) => score.p <= 1e-3);
    expect(first).toBeGreaterThan(0);
    expect(after[first]!.sustainedP).toBeLessThan(after[first]!.pointP);
    expect(after[first]!.runSide).toBe('above');
  });
});

describe('history scored with fits refreshed less often', () => {
  const settings: ModelSettings = {
    family: 'count',
    phases: 7,
    weekdays: false,
    window: 56,
    halfLife: 28,
    warmup: 14,
    refitEvery: 1,
    quarantine: 7,
    alertProbability: 1e-3,
    bands: false,
  };
  const uniform = seeded(11);
  // Weekly counts around 500 × a weekday shape, Poisson-like noise from a normal approximation.
  const slots = Array.from({ length: 200 }, (_, t) => {
    const mean = 500 * (1 + 0.2 * Math.sin((2 * Math.PI * t) / 7));
    const noise = Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
    return {
      y: Math.round(mean + Math.sqrt(mean) * noise),
      exposure: 1,
      phase: t % 7,
      weekday: -1,
      event: null,
    };
  });

  it('scores the recent slots as a fit before every slot does, and the history within its noise', () => {
    const every = runModel(slots, settings);
    const weekly = runModel(slots, { ...settings, historyRefitEvery: 7, recentSlots: 40 });
    for (let t = 160; t < 200; t++) {
      // The same fit up to the reweighting's own convergence (each starts from the last fit).
      expect(Math.abs(weekly[t]!.expected! / every[t]!.expected! - 1)).toBeLessThan(1e-6);
      // Probabilities carry the history's scores (its tail weight, the CUSUM): near, not equal.
      expect(Math.abs(weekly[t]!.p - every[t]!.p)).toBeLessThan(0.05);
    }
    // In the history a fit up to six slots old predicts: close to the fresh one, never equal to it
    // everywhere (which would mean the option did nothing).
    let differing = 0;
    for (let t = 20; t < 160; t++) {
      const relative = Math.abs(weekly[t]!.expected! / every[t]!.expected! - 1);
      expect(relative).toBeLessThan(0.05);
      if (relative > 1e-9) differing++;
    }
    expect(differing).toBeGreaterThan(50);
  });

  it('stays causal: changing a later value changes no earlier score', () => {
    const options = { ...settings, historyRefitEvery: 7, recentSlots: 40 };
    const base = runModel(slots, options);
    const changed = slots.map((slot, t) => (t === 120 ? { ...slot, y: slot.y * 3 } : slot));
    const after = runModel(changed, options);
    for (let t = 0; t < 120; t++) expect(after[t]).toEqual(base[t]);
  });
});

describe('heavy tails', () => {
  it('has exact Student t tails (t tables)', () => {
    expect(studentUpperTail(3.182446305284263, 3)).toBeCloseTo(0.025, 12);
    expect(studentUpperTail(2.570581835636314, 5)).toBeCloseTo(0.025, 12);
    expect(studentUpperTail(1, 1)).toBeCloseTo(0.25, 12);
    // ν = 1 is Cauchy: P(T ≥ t) = ½ − atan(t)/π.
    expect(studentUpperTail(7, 1)).toBeCloseTo(0.5 - Math.atan(7) / Math.PI, 12);
    expect(logGamma(3)).toBeCloseTo(Math.log(2), 12);
  });

  it('recovers ν from the ratio of quantiles, and leaves a normal series alone', () => {
    expect(tailRatio(1)).toBeCloseTo(12.706204736 / 1, 6);
    for (const nu of [1.5, 3, 8, 40]) expect(degreesForRatio(tailRatio(nu)) / nu).toBeCloseTo(1, 1);
    const uniform = seeded(11);
    const gauss = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
    const normalScores = new TailWeight();
    for (let k = 0; k < 365; k++) normalScores.record(gauss());
    // The prior (60 scores at ν = 5) still leans on a year of normal scores: ν ≈ 10.
    expect(normalScores.degrees()).toBeGreaterThan(8);
    // Cauchy scores: the series jumps all the time, so a 5-sd value is not news.
    const heavy = new TailWeight();
    for (let k = 0; k < 365; k++) heavy.record(Math.tan(Math.PI * (uniform() - 0.5)) * 0.6745);
    expect(heavy.degrees()).toBeLessThan(2);
    expect(heavy.probability(5)).toBeGreaterThan(0.05);
    // On a year of normal scores (ν ≈ 10) a 5-sd value stays rare, if less than a normal's 5.7e-7.
    expect(normalScores.probability(5)).toBeLessThan(1e-3);
    expect(normalScores.probability(5)).toBeGreaterThan(5.7e-7);
  });

  it('reads ν from its last year of scores, as sorting them afresh does', () => {
    // Past the year's memory the oldest scores leave; the kept-sorted copy must follow exactly.
    const uniform = seeded(5);
    const weight = new TailWeight();
    const all: number[] = [];
    for (let k = 0; k < 900; k++) {
      const z = Math.tan(Math.PI * (uniform() - 0.5)) * (k % 3 === 0 ? 2 : 0.5);
      weight.record(z);
      all.push(Math.abs(z));
      if (k % 97 !== 0 && k !== 899) continue;
      const kept = all.slice(-365).sort((a, b) => a - b);
      const at = (q: number) => kept[Math.min(kept.length - 1, Math.floor(q * kept.length))]!;
      const prior = tailRatio(5);
      const ratio =
        kept.length >= 2 ? (kept.length * (at(0.95) / at(0.5)) + 60 * prior) / (kept.length + 60) : prior;
      expect(weight.degrees()).toBe(degreesForRatio(ratio));
    }
  });
});
