/**
 * A labelled laboratory for the monitor's detectors: synthetic daily series with injected
 * anomalies of five classes, the two baselines they must beat, and the metrics.
 *
 * Series (seeded: the same seed gives the same series everywhere). Each series is a count KPI
 * (daily expected count = its volume), a ratio KPI (clicks of impressions; impressions = its
 * volume, a rate of 1–5%) or, for tracking breaks, clicks (its volume) with the conversions they
 * bring (3%). The background has a weekly pattern (log amplitude 0.1–0.5), a trend of up to
 * ±30% a year, a real-world wobble of 3–12% (AR(1) on the log scale, correlation 0–0.4, on the
 * rate and on the volume), counting noise (Poisson, binomial), and in half the series one
 * declared sales event of 1–3 days (volume ×2–4, rate ×1.1–1.5) in the series' calendar.
 *
 * Anomalies, two per series after day 90, sized in the series' own noise on the log scale,
 * s = √(wobble² + 1/expected count):
 * - spike: one day × e^(±k s), k 4–7, within ×⅙…×6;   labelled window: that day and the next;
 * - level shift: from a day on, × e^(±k s), k 2–4, within ×⅓…×3;  14 days;
 * - drift: a ramp over 21 days to × e^(±k s), k 3–6, within ×⅓…×3;  the ramp and 7 days more;
 * - seasonal: one day takes the weekly factor of the weekday furthest from its own (series of
 *   this class have a weekly amplitude of 0.3–0.5);    that day and the next;
 * - tracking break: conversions fall to 0–5% of normal for 1–3 days while clicks go on;
 *                                                       the break and a day more.
 *
 * Methods score every day (higher: more anomalous) from the days before it only:
 * - markpi: −log10 of the detector's probability (`detectKpiAnomalies`, and for tracking breaks
 *   `detectTrackingBreaks`), with the series' calendar;
 * - rolling z-score: |x − mean| / sd of the previous 28 days;
 * - seasonal median/MAD: |x − median| / (1.4826 · MAD) of the same weekday's previous 8 values.
 * Baselines score the KPI's value (the ratio for ratio KPIs, conversions for tracking breaks).
 *
 * One false-positive budget for all: each method's threshold is the lowest that leaves at most
 * `falseAlertsPerYear` alerting days per 365 clean days (days outside every labelled window,
 * after the 56-day warm-up) over the whole pool. At that threshold, per class: recall (an
 * anomaly is found when a day of its window alerts), precision (alert runs that touch a
 * labelled window, over all alert runs in that class's series), their F1, and detection delay
 * (days from the anomaly's first day to its first alert). markpi beats a baseline on a class
 * with a higher F1, or the same F1 sooner.
 */
import {
  detectKpiAnomalies,
  detectTrackingBreaks,
  type EventCalendar,
  type RatioPoint,
  type VolumePoint,
} from '@markpi/core';

export const ANOMALY_CLASSES = ['spike', 'level_shift', 'drift', 'seasonal', 'tracking_break'] as const;
export type AnomalyClass = (typeof ANOMALY_CLASSES)[number];

export const METHODS = ['markpi', 'rolling_zscore', 'seasonal_mad'] as const;
export type Method = (typeof METHODS)[number];

export const WARMUP_DAYS = 56;

export interface LabConfig {
  seed: number;
  /** Series per class, per KPI kind and per volume. */
  seriesPerCell: number;
  days: number;
  /** Daily volumes: expected counts for count KPIs and clicks, impressions for ratio KPIs. */
  volumes: readonly number[];
  /** Alerting days per 365 clean days every method is held to. */
  falseAlertsPerYear: number;
}

export const DEFAULT_LAB: LabConfig = {
  seed: 20260618,
  seriesPerCell: 6,
  days: 240,
  volumes: [1e2, 1e3, 1e4, 1e5, 1e6],
  falseAlertsPerYear: 1,
};

export interface LabelledAnomaly {
  class: AnomalyClass;
  onset: number;
  /** Last day of the labelled window (inclusive). */
  end: number;
}

export interface LabSeries {
  id: string;
  class: AnomalyClass;
  kind: 'count' | 'ratio' | 'tracking';
  volume: number;
  days: string[];
  /** Count KPI: the counts; ratio KPI: clicks; tracking: conversions. */
  numerator: number[];
  /** Ratio KPI: impressions; tracking: clicks; count KPI: null. */
  denominator: number[] | null;
  anomalies: LabelledAnomaly[];
  calendar: EventCalendar;
}

// ---------------------------------------------------------------- seeded randomness

/** mulberry32: a small, fast, well-mixed 32-bit generator. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normalSampler(uniform: () => number): () => number {
  return () => {
    const u = Math.max(uniform(), 1e-300);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
  };
}

/** Poisson by inversion below 30, else the normal approximation (rounded, at least 0). */
function poissonSample(mean: number, uniform: () => number, gauss: () => number): number {
  if (mean <= 0) return 0;
  if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * gauss()));
  let k = 0;
  let p = Math.exp(-mean);
  let cumulative = p;
  const u = uniform();
  while (u > cumulative && k < 1000) {
    k++;
    p *= mean / k;
    cumulative += p;
  }
  return k;
}

function binomialSample(trials: number, rate: number, uniform: () => number, gauss: () => number): number {
  const mean = trials * rate;
  if (mean < 30) return Math.min(trials, poissonSample(mean, uniform, gauss));
  const sd = Math.sqrt(mean * (1 - rate));
  return Math.min(trials, Math.max(0, Math.round(mean + sd * gauss())));
}

const isoDay = (index: number) =>
  new Date(Date.UTC(2025, 0, 6) + index * 86_400_000).toISOString().slice(0, 10);

// ---------------------------------------------------------------- the generator

export function generateLab(config: LabConfig): LabSeries[] {
  const series: LabSeries[] = [];
  const days = Array.from({ length: config.days }, (_, index) => isoDay(index));
  let counter = 0;
  for (const anomalyClass of ANOMALY_CLASSES) {
    const kinds: LabSeries['kind'][] = anomalyClass === 'tracking_break' ? ['tracking'] : ['count', 'ratio'];
    for (const kind of kinds) {
      for (const volume of config.volumes) {
        for (let copy = 0; copy < config.seriesPerCell; copy++) {
          counter++;
          const uniform = random(config.seed * 1009 + counter * 7919);
          series.push(
            generateSeries(
              `${anomalyClass}-${kind}-${volume}-${copy}`,
              anomalyClass,
              kind,
              volume,
              days,
              uniform,
            ),
          );
        }
      }
    }
  }
  return series;
}

function generateSeries(
  id: string,
  anomalyClass: AnomalyClass,
  kind: LabSeries['kind'],
  volume: number,
  days: string[],
  uniform: () => number,
): LabSeries {
  const gauss = normalSampler(uniform);
  const between = (low: number, high: number) => low + (high - low) * uniform();
  const length = days.length;
  // Weekly shapes: a random profile with mean 0 and largest swing 1, for volume and rate.
  const shape = () => {
    const raw = Array.from({ length: 7 }, () => gauss());
    const mean = raw.reduce((sum, value) => sum + value, 0) / 7;
    const centred = raw.map((value) => value - mean);
    const largest = Math.max(...centred.map(Math.abs));
    return centred.map((value) => value / largest);
  };
  const amplitude = anomalyClass === 'seasonal' ? between(0.3, 0.5) : between(0.1, 0.5);
  const volumeShape = shape();
  const rateShape = shape();
  const rateAmplitude = amplitude / 3;
  const trend = between(-0.3, 0.3) / 365;
  const wobble = between(0.03, 0.12);
  const correlation = between(0, 0.4);
  const baseRate = kind === 'ratio' ? between(0.01, 0.05) : 0.03;
  const weekday = (day: number) => day % 7;

  // Anomaly days: two after day 90, far enough apart for a drift and its window.
  const first = 95 + Math.floor(uniform() * 25);
  const second = Math.min(length - 40, first + 65 + Math.floor(uniform() * 20));
  const anomalies: LabelledAnomaly[] = [];
  const expectedCount = (day: number) =>
    (kind === 'count' ? volume : volume * baseRate) *
    Math.exp(amplitude * volumeShape[weekday(day)]! + trend * day);
  const noiseAt = (day: number) => Math.sqrt(wobble * wobble + 1 / Math.max(expectedCount(day), 1e-9));

  // Anomalies beyond a factor a marketer would still call a change (×6 for a spike, ×3 for a
  // shift) are held there: at small volumes, s-sized changes would otherwise be absurd.
  const capped = (logSize: number, factor: number) =>
    Math.max(-Math.log(factor), Math.min(Math.log(factor), logSize));
  // Multiplier per day from the anomalies (on the count for count KPIs, the rate for ratios).
  const logEffect = new Float64Array(length);
  const seasonalDays = new Map<number, number>();
  const brokenDays = new Map<number, number>();
  for (const onset of [first, second]) {
    const sign = uniform() < 0.5 ? -1 : 1;
    const s = noiseAt(onset);
    switch (anomalyClass) {
      case 'spike': {
        logEffect[onset] = capped(sign * between(4, 7) * s, 6);
        anomalies.push({ class: anomalyClass, onset, end: onset + 1 });
        break;
      }
      case 'level_shift': {
        const size = capped(sign * between(2, 4) * s, 3);
        for (let day = onset; day < length; day++) logEffect[day] = logEffect[day]! + size;
        anomalies.push({ class: anomalyClass, onset, end: onset + 13 });
        break;
      }
      case 'drift': {
        const size = capped(sign * between(3, 6) * s, 3);
        for (let day = onset; day < length; day++) {
          logEffect[day] = logEffect[day]! + size * Math.min(1, (day - onset + 1) / 21);
        }
        anomalies.push({ class: anomalyClass, onset, end: onset + 27 });
        break;
      }
      case 'seasonal': {
        const own = weekday(onset);
        const profile = kind === 'ratio' ? rateShape : volumeShape;
        let furthest = own;
        for (let other = 0; other < 7; other++) {
          if (Math.abs(profile[other]! - profile[own]!) > Math.abs(profile[furthest]! - profile[own]!))
            furthest = other;
        }
        const scaleOf = kind === 'ratio' ? rateAmplitude * 3 : amplitude;
        seasonalDays.set(onset, scaleOf * (profile[furthest]! - profile[own]!));
        anomalies.push({ class: anomalyClass, onset, end: onset + 1 });
        break;
      }
      case 'tracking_break': {
        const duration = 1 + Math.floor(uniform() * 3);
        for (let day = onset; day < onset + duration; day++) brokenDays.set(day, between(0, 0.05));
        anomalies.push({ class: anomalyClass, onset, end: onset + duration });
        break;
      }
    }
  }

  // A declared event in half the series, away from the anomalies.
  const events: EventCalendar['events'] = [];
  const eventLift = new Float64Array(length);
  const eventRateLift = new Float64Array(length);
  if (uniform() < 0.5) {
    const duration = 1 + Math.floor(uniform() * 3);
    let start = 70 + Math.floor(uniform() * (length - 80));
    const clash = (day: number) =>
      anomalies.some((anomaly) => day >= anomaly.onset - 3 && day <= anomaly.end + 3);
    for (
      let tries = 0;
      tries < 50 && Array.from({ length: duration }, (_, k) => clash(start + k)).some(Boolean);
      tries++
    ) {
      start = 70 + Math.floor(uniform() * (length - 80));
    }
    const lift = between(2, 4);
    const rateLift = between(1.1, 1.5);
    for (let day = start; day < Math.min(length, start + duration); day++) {
      eventLift[day] = Math.log(lift);
      eventRateLift[day] = Math.log(rateLift);
    }
    events.push({
      name: 'Sale',
      from: days[start]!,
      to: days[Math.min(length - 1, start + duration - 1)]!,
      weight: Math.round(lift * 2) / 2,
    });
  }

  const numerator: number[] = [];
  const denominator: number[] = [];
  let volumeNoise = 0;
  let rateNoise = 0;
  const innovation = wobble * Math.sqrt(1 - correlation * correlation);
  for (let day = 0; day < length; day++) {
    volumeNoise = correlation * volumeNoise + innovation * gauss();
    rateNoise = correlation * rateNoise + innovation * gauss();
    const seasonalShift = seasonalDays.get(day) ?? 0;
    if (kind === 'count') {
      const mean =
        volume *
        Math.exp(
          amplitude * volumeShape[weekday(day)]! +
            seasonalShift +
            trend * day +
            volumeNoise +
            logEffect[day]! +
            eventLift[day]!,
        );
      numerator.push(poissonSample(mean, uniform, gauss));
    } else if (kind === 'ratio') {
      const impressions = Math.max(
        1,
        Math.round(
          volume *
            Math.exp(amplitude * volumeShape[weekday(day)]! + trend * day + volumeNoise + eventLift[day]!),
        ),
      );
      const rate = Math.min(
        0.95,
        baseRate *
          Math.exp(
            rateAmplitude * rateShape[weekday(day)]! +
              seasonalShift +
              rateNoise +
              logEffect[day]! +
              eventRateLift[day]!,
          ),
      );
      denominator.push(impressions);
      numerator.push(binomialSample(impressions, rate, uniform, gauss));
    } else {
      const clicks = Math.max(
        1,
        Math.round(
          volume *
            Math.exp(amplitude * volumeShape[weekday(day)]! + trend * day + volumeNoise + eventLift[day]!),
        ),
      );
      const rate =
        baseRate * Math.exp(rateAmplitude * rateShape[weekday(day)]! + rateNoise + eventRateLift[day]!);
      const conversions = binomialSample(clicks, Math.min(0.95, rate), uniform, gauss);
      const kept = brokenDays.get(day);
      denominator.push(clicks);
      numerator.push(kept === undefined ? conversions : Math.round(conversions * kept));
    }
  }
  return {
    id,
    class: anomalyClass,
    kind,
    volume,
    days,
    numerator,
    denominator: kind === 'count' ? null : denominator,
    anomalies,
    calendar: { id: 'lab', name: 'lab', events },
  };
}

// ---------------------------------------------------------------- methods

/** The value baselines look at: the count, the ratio, or the conversions. */
export function observed(series: LabSeries): number[] {
  if (series.kind !== 'ratio') return series.numerator;
  return series.numerator.map((count, day) => count / series.denominator![day]!);
}

/** |x − mean| / sd of the previous `window` values (0 before the window fills or with sd 0). */
export function rollingZScore(values: readonly number[], window = 28): Float64Array {
  const scores = new Float64Array(values.length);
  for (let day = window; day < values.length; day++) {
    let sum = 0;
    let squares = 0;
    for (let k = day - window; k < day; k++) {
      sum += values[k]!;
      squares += values[k]! * values[k]!;
    }
    const mean = sum / window;
    const variance = (squares - window * mean * mean) / (window - 1);
    const sd = Math.sqrt(Math.max(variance, 0));
    scores[day] = sd > 0 ? Math.abs(values[day]! - mean) / sd : values[day] === mean ? 0 : 1e6;
  }
  return scores;
}

const medianOf = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/**
 * |x − median| / (1.4826 MAD) of the same weekday's previous `cycles` values; where more than
 * half of them are equal (MAD 0: small counts), the mean absolute deviation × 1.2533 instead.
 */
export function seasonalMadScore(values: readonly number[], period = 7, cycles = 8): Float64Array {
  const scores = new Float64Array(values.length);
  for (let day = period * cycles; day < values.length; day++) {
    const history = Array.from({ length: cycles }, (_, k) => values[day - (k + 1) * period]!);
    const center = medianOf(history);
    const deviations = history.map((value) => Math.abs(value - center));
    const mad = 1.4826 * medianOf(deviations);
    const spread = mad > 0 ? mad : (1.2533 * deviations.reduce((sum, value) => sum + value, 0)) / cycles;
    scores[day] = spread > 0 ? Math.abs(values[day]! - center) / spread : values[day] === center ? 0 : 1e6;
  }
  return scores;
}

/** −log10 of markpi's probability per day (0 before the detector scores). */
export function markpiScore(series: LabSeries): Float64Array {
  const scores = new Float64Array(series.days.length);
  const fromProbability = (p: number) => (p >= 1 ? 0 : -Math.log10(Math.max(p, 1e-300)));
  if (series.kind === 'tracking') {
    const result = detectTrackingBreaks(
      {
        source: series.id,
        volume: { name: 'clicks', measure: 'count' },
        outcome: { name: 'conversions', measure: 'count' },
        points: series.days.map((day, index) => ({
          timestamp: day,
          volume: series.denominator![index]!,
          outcome: series.numerator[index]!,
        })),
      },
      { calendar: series.calendar, alertProbability: 0.5 },
    );
    result.slots.forEach((slot, index) => {
      scores[index] = slot.broken ? fromProbability(slot.probability) : 0;
    });
    return scores;
  }
  const detection =
    series.kind === 'count'
      ? detectKpiAnomalies(
          {
            kpi: 'clicks',
            measure: 'count',
            points: series.days.map(
              (day, index): VolumePoint => ({ timestamp: day, value: series.numerator[index]! }),
            ),
          },
          { calendar: series.calendar, bands: false },
        )
      : detectKpiAnomalies(
          {
            kpi: 'ctr',
            sampling: 'binomial',
            points: series.days.map(
              (day, index): RatioPoint => ({
                timestamp: day,
                numerator: series.numerator[index]!,
                denominator: series.denominator![index]!,
              }),
            ),
          },
          { calendar: series.calendar, bands: false },
        );
  detection.slots.forEach((slot, index) => {
    scores[index] = fromProbability(slot.probability);
  });
  return scores;
}

export function scoreWith(method: Method, series: LabSeries): Float64Array {
  switch (method) {
    case 'markpi':
      return markpiScore(series);
    case 'rolling_zscore':
      return rollingZScore(observed(series));
    case 'seasonal_mad':
      return seasonalMadScore(observed(series));
  }
}

// ---------------------------------------------------------------- metrics

export interface ClassMetrics {
  anomalies: number;
  detected: number;
  recall: number;
  alertRuns: number;
  trueRuns: number;
  precision: number;
  /** Mean days from onset to the first alert, over detected anomalies. */
  meanDelay: number | null;
}

export interface MethodResult {
  method: Method;
  /** Recall over every class, per series volume. */
  recallByVolume: Record<string, number>;
  /** Alert when the score is at least this (markpi: −log10 p; baselines: |z|). */
  threshold: number;
  /** Alerting clean days per 365 clean days at that threshold. */
  falseAlertsPerYear: number;
  perClass: Record<AnomalyClass, ClassMetrics>;
}

const inWindow = (series: LabSeries, day: number) =>
  series.anomalies.some((anomaly) => day >= anomaly.onset && day <= anomaly.end);

/** The lowest threshold that keeps alerting clean days within the budget. */
export function calibrate(
  pool: readonly { series: LabSeries; scores: Float64Array }[],
  falseAlertsPerYear: number,
): { threshold: number; rate: number } {
  const clean: number[] = [];
  for (const { series, scores } of pool) {
    for (let day = WARMUP_DAYS; day < series.days.length; day++)
      if (!inWindow(series, day)) clean.push(scores[day]!);
  }
  clean.sort((a, b) => b - a);
  const allowed = Math.floor((falseAlertsPerYear * clean.length) / 365);
  // Alert on scores ≥ threshold: put it just above the (allowed + 1)-th highest clean score.
  const above = clean[allowed] ?? 0;
  const threshold = above === Number.POSITIVE_INFINITY ? above : above * (1 + 1e-12) + 1e-12;
  const count = clean.filter((score) => score >= threshold).length;
  return { threshold, rate: (count * 365) / clean.length };
}

export function evaluate(
  pool: readonly { series: LabSeries; scores: Float64Array }[],
  threshold: number,
): Record<AnomalyClass, ClassMetrics> {
  const result = {} as Record<AnomalyClass, ClassMetrics>;
  for (const anomalyClass of ANOMALY_CLASSES) {
    let anomalies = 0;
    let detected = 0;
    let delaySum = 0;
    let alertRuns = 0;
    let trueRuns = 0;
    for (const { series, scores } of pool) {
      if (series.class !== anomalyClass) continue;
      const alerting = (day: number) => day >= WARMUP_DAYS && scores[day]! >= threshold;
      for (const anomaly of series.anomalies) {
        anomalies++;
        for (let day = anomaly.onset; day <= Math.min(anomaly.end, series.days.length - 1); day++) {
          if (alerting(day)) {
            detected++;
            delaySum += day - anomaly.onset;
            break;
          }
        }
      }
      let runStart = -1;
      for (let day = WARMUP_DAYS; day <= series.days.length; day++) {
        const on = day < series.days.length && alerting(day);
        if (on && runStart < 0) runStart = day;
        if (!on && runStart >= 0) {
          alertRuns++;
          let touches = false;
          for (let k = runStart; k < day && !touches; k++) touches = inWindow(series, k);
          if (touches) trueRuns++;
          runStart = -1;
        }
      }
    }
    result[anomalyClass] = {
      anomalies,
      detected,
      recall: anomalies > 0 ? detected / anomalies : 0,
      alertRuns,
      trueRuns,
      precision: alertRuns > 0 ? trueRuns / alertRuns : 1,
      meanDelay: detected > 0 ? delaySum / detected : null,
    };
  }
  return result;
}

/** Generates the pool, scores it with every method, calibrates each to the budget and evaluates. */
export function runLab(config: LabConfig): { series: number; results: MethodResult[] } {
  const series = generateLab(config);
  const results = METHODS.map((method): MethodResult => {
    const pool = series.map((one) => ({ series: one, scores: scoreWith(method, one) }));
    const { threshold, rate } = calibrate(pool, config.falseAlertsPerYear);
    const recallByVolume: Record<string, number> = {};
    for (const volume of config.volumes) {
      const metrics = Object.values(
        evaluate(
          pool.filter((one) => one.series.volume === volume),
          threshold,
        ),
      );
      const found = metrics.reduce((sum, metric) => sum + metric.detected, 0);
      const total = metrics.reduce((sum, metric) => sum + metric.anomalies, 0);
      recallByVolume[String(volume)] = total > 0 ? found / total : 0;
    }
    return {
      method,
      threshold,
      falseAlertsPerYear: rate,
      recallByVolume,
      perClass: evaluate(pool, threshold),
    };
  });
  return { series: series.length, results };
}

/** F1: the harmonic mean of recall and precision (0 when either is 0). */
export function f1(metrics: ClassMetrics): number {
  const sum = metrics.recall + metrics.precision;
  return sum > 0 ? (2 * metrics.recall * metrics.precision) / sum : 0;
}

/**
 * Whether markpi beats a baseline on a class at the same budget: a higher F1 (found more of the
 * anomalies, and its alerts were about them), or the same F1 with alerts sooner.
 */
export function beats(ours: ClassMetrics, theirs: ClassMetrics): boolean {
  const [mine, other] = [f1(ours), f1(theirs)];
  if (mine !== other) return mine > other;
  return ours.meanDelay !== null && theirs.meanDelay !== null && ours.meanDelay < theirs.meanDelay;
}
