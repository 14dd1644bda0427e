import { describe, expect, it } from 'vitest';
import { MarkpiError } from '../errors.js';
import { sayLiftMessage } from './messages.js';
import { analyzePrePost, type LiftEvent } from './prepost.js';
import { consecutiveDays, normalSampler, seededRandom } from './testing.js';

describe('pre/post, figures worked by hand', () => {
  // Intercept only: the forecast is the pre-period mean 12 (residuals −2, 0, 2, 0: RSS 8 on 3
  // degrees of freedom, σ² = 8/3). Two campaign days: forecast 24, actual 32, incremental 8.
  // Var = σ²(m + m²/n) = 8/3 · (2 + 4/4) = 8; t(0.975, 3) = 3.182446305.
  const dates = consecutiveDays('2026-03-01', 6);
  const flat = analyzePrePost({
    dates,
    values: [10, 12, 14, 12, 15, 17],
    pre: { from: dates[0]!, to: dates[3]! },
    post: { from: dates[4]!, to: dates[5]! },
    trend: 'none',
    weekly: false,
    errors: 'independent',
    economics: { spend: 4, valuePerUnit: 2 },
  });

  it('forecasts the mean with the textbook prediction interval', () => {
    expect(flat.fit).toMatchObject({ days: 4, parameters: 1, degreesOfFreedom: 3 });
    expect(flat.fit.residualSd).toBeCloseTo(Math.sqrt(8 / 3), 12);
    expect(flat.counterfactual.value).toBeCloseTo(24, 12);
    expect(flat.actual).toBe(32);
    expect(flat.incremental.value).toBeCloseTo(8, 12);
    expect(flat.incremental.standardError).toBeCloseTo(Math.sqrt(8), 12);
    expect(flat.incremental.low).toBeCloseTo(8 - 3.182446305 * Math.sqrt(8), 7);
    expect(flat.incremental.high).toBeCloseTo(8 + 3.182446305 * Math.sqrt(8), 7);
    expect(flat.lift!.value).toBeCloseTo(1 / 3, 12);
    // Two-sided p from the t(3) CDF in closed form: F(t) = ½ + (u/(1 + u²) + atan u)/π, u = t/√3.
    const u = Math.sqrt(8) / Math.sqrt(3);
    expect(flat.pValue).toBeCloseTo(2 * (1 - (0.5 + (u / (1 + u * u) + Math.atan(u)) / Math.PI)), 12);
    // One day's band: ŷ ± t·σ·√(1 + 1/n).
    expect(flat.days[0]!.high! - flat.days[0]!.counterfactual!).toBeCloseTo(
      3.182446305 * Math.sqrt(8 / 3) * Math.sqrt(1.25),
      7,
    );
  });

  it('turns the incremental volume into value, ROAS, ROI and cost per incremental unit', () => {
    const half = 3.182446305 * Math.sqrt(8);
    expect(flat.economics!.incrementalValue!.value).toBeCloseTo(16, 12);
    expect(flat.economics!.incrementalRoas!.value).toBeCloseTo(4, 12);
    expect(flat.economics!.incrementalRoi!.value).toBeCloseTo(3, 12);
    expect(flat.economics!.incrementalRoas!.low).toBeCloseTo(((8 - half) * 2) / 4, 7);
    expect(flat.economics!.costPerIncremental.value).toBeCloseTo(0.5, 12);
    expect(flat.economics!.costPerIncremental.low).toBeCloseTo(4 / (8 + half), 7);
    // The interval reaches below zero: no finite upper cost.
    expect(flat.economics!.costPerIncremental.high).toBeNull();
  });

  it('adds a trend’s extrapolation uncertainty: σ²(m + m²/n + (Σ(t_h − t̄))²/Sxx)', () => {
    // y = 10, 11, 13, 12, 14, 15 at t = 0…5: slope 0.942857, intercept 10.142857, RSS 1.942857
    // on 4 degrees of freedom. Forecast for t = 6, 7: 15.8 + 16.742857 = 32.542857.
    // Sxx = 17.5, Σ(t_h − t̄) = 3.5 + 4.5 = 8: Var = 0.485714 · (2 + 4/6 + 64/17.5) = 3.071565.
    const days = consecutiveDays('2026-03-01', 8);
    const result = analyzePrePost({
      dates: days,
      values: [10, 11, 13, 12, 14, 15, 19, 20],
      pre: { from: days[0]!, to: days[5]! },
      post: { from: days[6]!, to: days[7]! },
      weekly: false,
      errors: 'independent',
    });
    const slope = (0 * -2.5 * 10 + -1.5 * 11 + -0.5 * 13 + 0.5 * 12 + 1.5 * 14 + 2.5 * 15 - 2.5 * 10) / 17.5;
    expect(slope).toBeCloseTo(0.942857142857, 10);
    const sigma2 = 1.9428571428571 / 4;
    expect(result.counterfactual.value).toBeCloseTo(32.542857142857, 10);
    expect(result.incremental.value).toBeCloseTo(6.457142857143, 10);
    expect(result.incremental.standardError ** 2).toBeCloseTo(sigma2 * (2 + 4 / 6 + 64 / 17.5), 10);
    expect(result.pValue).toBeCloseTo(0.0211231972, 8);
    const trend = result.fit.coefficients.find((coefficient) => coefficient.name === 'trend')!;
    // The trend is per pre-period length (6 days): 6 × the daily slope.
    expect(trend.value).toBeCloseTo(6 * slope, 10);
    expect(trend.standardError).toBeCloseTo(6 * Math.sqrt(sigma2 / 17.5), 10);
  });

  it('widens the interval for day-to-day carry-over under AR(1) errors, exactly as the formula says', () => {
    const days = consecutiveDays('2026-03-01', 11);
    const values = [10, 11, 12, 11, 10, 11, 12, 13, 14, 13, 15];
    const result = analyzePrePost({
      dates: days,
      values,
      pre: { from: days[0]!, to: days[7]! },
      post: { from: days[8]!, to: days[10]! },
      trend: 'none',
      weekly: false,
    });
    // Residuals from the mean 11.25; ρ = Σ e_t e_{t+1} / Σ e².
    const residuals = values.slice(0, 8).map((value) => value - 11.25);
    let lagged = 0;
    for (let t = 1; t < 8; t++) lagged += residuals[t]! * residuals[t - 1]!;
    const squares = residuals.reduce((sum, value) => sum + value * value, 0);
    const rho = lagged / squares;
    expect(rho).toBeGreaterThan(0);
    expect(result.fit.rho).toBeCloseTo(rho, 12);
    // Intercept only: u = (m/n)·1, so Var/σ² = Σ_hh' ρ^|h−h'| + (m/n)² Σ_ii' ρ^|i−i'| − 2(m/n) Σ_ih ρ^|i−h|.
    const pre = [0, 1, 2, 3, 4, 5, 6, 7];
    const post = [8, 9, 10];
    let variance = 0;
    for (const h of post) for (const k of post) variance += rho ** Math.abs(h - k);
    for (const i of pre) for (const k of pre) variance += (3 / 8) ** 2 * rho ** Math.abs(i - k);
    for (const i of pre) for (const h of post) variance -= 2 * (3 / 8) * rho ** Math.abs(i - h);
    expect(result.incremental.standardError ** 2).toBeCloseTo((squares / 7) * variance, 10);
    const independent = analyzePrePost({
      dates: days,
      values,
      pre: { from: days[0]!, to: days[7]! },
      post: { from: days[8]!, to: days[10]! },
      trend: 'none',
      weekly: false,
      errors: 'independent',
    });
    expect(independent.incremental.standardError ** 2).toBeCloseTo((squares / 7) * (3 + 9 / 8), 10);
    expect(independent.notes.map((note) => note.key)).toContain('lift.note.autocorrelated');
  });
});

/** A daily KPI: level with trend, weekday shape, paydays and declared events, noise. */
function syntheticSeries(seed: number, options: { lift: number; noise: number; spike618?: number }) {
  const random = seededRandom(seed);
  const normal = normalSampler(random);
  const dates = consecutiveDays('2026-02-01', 148); // 120 days before, 28 in the campaign window
  const weekday = [0.9, 1, 1, 1.05, 1.1, 1.3, 1.2];
  const sale = new Set(['2026-02-14', '2026-03-08', '2026-04-15', '2026-05-20', '2026-06-10']);
  const baseline = dates.map((date, t) => {
    let value = (1000 + 2.5 * t) * weekday[t % 7]!;
    if (sale.has(date)) value *= 1.8;
    if (date === '2026-06-18') value *= 1 + (options.spike618 ?? 0);
    return value;
  });
  const inCampaign = (t: number) => t >= 120;
  const values = baseline.map(
    (value, t) => value * (inCampaign(t) ? 1 + options.lift : 1) + options.noise * 1000 * normal(),
  );
  const events: LiftEvent[] = [...sale].map((day) => ({ name: `sale ${day}`, from: day, group: 'sale' }));
  return {
    dates,
    values,
    baseline,
    events,
    pre: { from: dates[0]!, to: dates[119]! },
    post: { from: dates[120]!, to: dates[147]! },
  };
}

describe('pre/post on synthetic series with trend, weekly seasonality and event days', () => {
  it('recovers a known injected lift within its 95% interval in at least 90% of runs', () => {
    let covered = 0;
    let runs = 0;
    for (const lift of [0, 0.03, 0.08])
      for (const noise of [0.02, 0.06])
        for (let seed = 1; seed <= 7; seed++) {
          const series = syntheticSeries(seed * 100 + Math.round(lift * 100) + noise * 1000, { lift, noise });
          const result = analyzePrePost({ ...series, events: series.events });
          expect(result.convention.events).toEqual(['sale']);
          // The truth over the measured days: lift × what the series would have been.
          let truth = 0;
          for (const day of result.days)
            if (day.leftOut === undefined) truth += lift * series.baseline[series.dates.indexOf(day.date)]!;
          runs++;
          if (result.incremental.low <= truth && truth <= result.incremental.high) covered++;
          if (lift === 0.08 && noise === 0.02) expect(result.pValue).toBeLessThan(0.05);
        }
    expect(runs).toBe(42);
    expect(covered / runs).toBeGreaterThanOrEqual(0.9);
  });

  it('does not call a declared 618 in the campaign window an effect, and does when it is undeclared', () => {
    let significantDeclared = 0;
    let significantUndeclared = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const series = syntheticSeries(seed, { lift: 0, noise: 0.04, spike618: 2 });
      const event618: LiftEvent = { name: '618', from: '2026-06-18' };
      const declared = analyzePrePost({ ...series, events: [...series.events, event618] });
      expect(declared.convention.leftOutEvents).toEqual(['618']);
      expect(declared.days.find((day) => day.date === '2026-06-18')!.leftOut).toBe('event');
      expect(declared.measuredDays).toBe(27);
      expect(declared.notes[0]).toEqual({
        key: 'lift.note.events_left_out',
        params: { events: ['618'], days: 1 },
      });
      if (declared.pValue < 0.05) significantDeclared++;
      const undeclared = analyzePrePost({ ...series, events: series.events });
      if (undeclared.pValue < 0.05 && undeclared.incremental.value > 0) significantUndeclared++;
    }
    expect(significantDeclared).toBeLessThanOrEqual(2);
    expect(significantUndeclared).toBe(20);
  });

  it('models an event group the pre-period has seen, in the campaign window too', () => {
    const series = syntheticSeries(3, { lift: 0, noise: 0.03 });
    const result = analyzePrePost({ ...series, events: series.events });
    // 2026-06-10 is a sale day inside the campaign window: forecast with the sale's effect.
    expect(result.days.find((day) => day.date === '2026-06-10')!.leftOut).toBeUndefined();
    const sale = result.fit.coefficients.find((coefficient) => coefficient.name === 'event:sale')!;
    // The sale adds 80% of a day's level (about 1000–1300 here).
    expect(sale.value).toBeGreaterThan(600);
    expect(sale.value).toBeLessThan(1200);
    expect(result.incremental.low).toBeLessThan(0);
    expect(result.incremental.high).toBeGreaterThan(0);
  });

  it('uses control series as covariates', () => {
    let covered = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const normal = normalSampler(seededRandom(seed));
      const dates = consecutiveDays('2026-01-01', 90);
      let factor = 0;
      const common = dates.map(() => {
        factor = 0.8 * factor + 30 * normal();
        return factor;
      });
      const control = common.map((value) => 500 + value + 2 * normal());
      const kpi = common.map((value, t) => 1000 + 2 * value + 5 * normal() + (t >= 75 ? 50 : 0));
      const period = { pre: { from: dates[0]!, to: dates[74]! }, post: { from: dates[75]!, to: dates[89]! } };
      const without = analyzePrePost({ dates, values: kpi, ...period, weekly: false });
      const withControl = analyzePrePost({
        dates,
        values: kpi,
        ...period,
        weekly: false,
        controls: [{ name: 'brand-unrelated', values: control }],
      });
      expect(withControl.fit.residualSd).toBeLessThan(0.3 * without.fit.residualSd);
      const coefficient = withControl.fit.coefficients.find(
        (entry) => entry.name === 'control:brand-unrelated',
      )!;
      expect(Math.abs(coefficient.value - 2)).toBeLessThan(4 * coefficient.standardError);
      // 15 days × 50 = 750.
      if (withControl.incremental.low <= 750 && 750 <= withControl.incremental.high) covered++;
    }
    expect(covered).toBeGreaterThanOrEqual(8);
  });
});

describe('pre/post input', () => {
  const dates = consecutiveDays('2026-03-01', 30);
  const values = dates.map((_, t) => 100 + t);

  it('leaves out campaign days without a value and says so in both languages', () => {
    const result = analyzePrePost({
      dates,
      values: values.map((value, t) => (t === 25 ? null : value)),
      pre: { from: dates[0]!, to: dates[19]! },
      post: { from: dates[20]!, to: dates[29]! },
      weekly: false,
    });
    expect(result.measuredDays).toBe(9);
    expect(result.days[5]!.leftOut).toBe('missing');
    const note = result.notes.find((entry) => entry.key === 'lift.note.missing_days')!;
    expect(sayLiftMessage(note)).toBe('1 day(s) without a value (of the KPI or a control) left out');
    expect(sayLiftMessage(note, 'zh')).toBe('已剔除 1 天缺失数据（指标或对照序列）');
    expect(sayLiftMessage(result.summary)).toMatch(/^incremental /);
  });

  it('names a control the other regressors already determine', () => {
    const run = () =>
      analyzePrePost({
        dates,
        values,
        pre: { from: dates[0]!, to: dates[19]! },
        post: { from: dates[20]!, to: dates[29]! },
        weekly: false,
        controls: [{ name: 'flat', values: dates.map(() => 7) }],
      });
    expect(run).toThrow(MarkpiError);
    try {
      run();
    } catch (error) {
      expect((error as MarkpiError).code).toBe('lift_collinear');
      expect((error as MarkpiError).problems[0]!.path).toBe('controls');
    }
  });

  it('refuses too few pre-period days and malformed input, listing every problem', () => {
    expect(() =>
      analyzePrePost({
        dates,
        values,
        pre: { from: dates[0]!, to: dates[5]! },
        post: { from: dates[20]!, to: dates[29]! },
      }),
    ).toThrow(/6 usable pre-period day\(s\) for 8 parameters/);
    try {
      analyzePrePost({
        dates: [...dates.slice(0, 5), 'not a day'],
        values: [1, 2, 3],
        pre: { from: '2026-03-10', to: '2026-03-01' },
        post: { from: '2026-03-20', to: '2026-03-25' },
        level: 1.5,
      });
    } catch (error) {
      expect((error as MarkpiError).code).toBe('invalid_lift_input');
      expect((error as MarkpiError).problems.map((problem) => problem.path)).toEqual([
        'dates[5]',
        'values',
        'pre',
        'level',
      ]);
    }
  });
});
