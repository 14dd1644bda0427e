/**
 * Pre/post with a counterfactual: what a daily KPI would have been in the campaign window had
 * nothing changed, forecast from the pre-period, and the difference.
 *
 * The baseline is a linear regression fitted on the pre-period by least squares (Householder
 * QR, exact up to rounding) on:
 * - an intercept, and a trend in days since the pre-period's start (`linear`, default; `quadratic`
 *   adds its square; `none`);
 * - weekly seasonality: one indicator per weekday against the pre-period's first weekday;
 * - known event days: one indicator per event group (an event's `group`, else its name), for the
 *   days from `from` to `to`. A group the pre-period has no day of cannot be estimated: its days
 *   in the campaign window are left out of the measured total (and said so), never counted as
 *   the campaign's effect;
 * - control series (other regions, channels, KPIs the campaign does not move), as they are.
 *
 * The forecast's error over the measured days is Σ ε_post − sᵀ(β̂ − β), s the sum of the
 * measured days' rows. Its variance is σ²·[1ᵀΩ_post1 + uᵀΩ_pre u − 2uᵀΩ_pre,post 1] with
 * u = X(XᵀX)⁻¹s and Ω the errors' correlation: the future days' own noise plus the parameters'
 * uncertainty. With `errors: 'independent'` Ω = I and this is the textbook prediction variance
 * σ²(m + sᵀ(XᵀX)⁻¹s); with `ar1` (default) Ω_ij = ρ^|day_i − day_j| with ρ the residuals' lag-1
 * correlation (floored at 0), so day-to-day carry-over widens the interval rather than hiding in
 * it. σ² is the residual variance on n − p degrees of freedom, and intervals and the p-value use
 * Student's t with n − p degrees of freedom. Per-day bands use the same formula for one day.
 *
 * Relative lift is incremental ÷ forecast total, its interval the incremental interval over the
 * same forecast total.
 */

import { MarkpiError } from '../errors.js';
import type { Period } from '../targets/periods.js';
import {
  checkDates,
  checkLevel,
  checkPeriod,
  DEFAULT_LEVEL,
  dayNumber,
  inPeriod,
  ProblemList,
} from './common.js';
import { studentTCdf, studentTQuantile } from './distributions.js';
import {
  type EconomicsInput,
  type Estimate,
  type LiftEconomics,
  liftEconomics,
  validateEconomics,
} from './economics.js';
import { CollinearColumnError, gramQuadraticForm, leastSquares, solveGram } from './linalg.js';
import { type LiftMessage, liftMessage } from './messages.js';

/** A known event: one day, or `from` … `to`. Events of one `group` share one effect. */
export interface LiftEvent {
  name: string;
  from: string;
  /** Last day, inclusive; a one-day event when absent. */
  to?: string;
  /** Events sharing an effect (618 of two years, every payday); the name when absent. */
  group?: string;
}

/** A series the campaign does not move, known in both windows, used as a regressor. */
export interface ControlSeries {
  name: string;
  values: readonly (number | null)[];
}

export type TrendKind = 'none' | 'linear' | 'quadratic';
export type ErrorModel = 'independent' | 'ar1';

export interface PrePostInput {
  /** Days of the series, increasing (gaps allowed). */
  dates: readonly string[];
  /** The KPI per day; null where unknown (left out). */
  values: readonly (number | null)[];
  /** Days the baseline is fitted on. */
  pre: Period;
  /** The campaign window, after the pre-period. */
  post: Period;
  events?: readonly LiftEvent[];
  controls?: readonly ControlSeries[];
  /** Default `linear`. */
  trend?: TrendKind;
  /** Weekday indicators; default true. */
  weekly?: boolean;
  /** Default `ar1`. */
  errors?: ErrorModel;
  /** Central probability of the intervals; default 0.95. */
  level?: number;
  economics?: EconomicsInput;
}

export interface PrePostDay {
  date: string;
  actual: number | null;
  /** The baseline forecast (null on days whose event cannot be forecast or a control is missing). */
  counterfactual: number | null;
  low: number | null;
  high: number | null;
  /** Actual − counterfactual on measured days. */
  effect: number | null;
  /** Why a day is not in the measured total. */
  leftOut?: 'event' | 'missing';
}

export interface PrePostCoefficient {
  name: string;
  value: number;
  standardError: number;
}

export interface PrePostResult {
  convention: {
    trend: TrendKind;
    weekly: boolean;
    errors: ErrorModel;
    level: number;
    /** Event groups with an effect in the baseline. */
    events: string[];
    /** Event groups absent from the pre-period, whose campaign-window days were left out. */
    leftOutEvents: string[];
    controls: string[];
  };
  fit: {
    days: number;
    parameters: number;
    degreesOfFreedom: number;
    residualSd: number;
    rSquared: number;
    /** Lag-1 correlation of the residuals on consecutive days (null with no such pair). */
    autocorrelation: number | null;
    /** ρ used by the error model (0 for independent errors). */
    rho: number;
    coefficients: PrePostCoefficient[];
  };
  /** The campaign window, day by day. */
  days: PrePostDay[];
  measuredDays: number;
  /** Σ actual over the measured days. */
  actual: number;
  /** Σ forecast over the measured days, with its prediction interval. */
  counterfactual: Estimate;
  incremental: Estimate & { standardError: number };
  /** Incremental ÷ forecast total; null when the forecast total is not positive. */
  lift: Estimate | null;
  /** Two-sided, H0: no incremental volume. */
  pValue: number;
  economics: LiftEconomics | null;
  notes: LiftMessage[];
  summary: LiftMessage;
}

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
/** Lag-1 correlation past which independent-day intervals are called too narrow. */
const AUTOCORRELATION_NOTE = 0.2;
/** Residual degrees of freedom under which the baseline is called thin. */
const FEW_DEGREES = 10;

interface Column {
  name: string;
  /** The regressor on a row of the input (a day). */
  value: (row: number) => number;
}

export function analyzePrePost(input: PrePostInput): PrePostResult {
  const problems = new ProblemList();
  const dayNumbers = checkDates(input.dates, 'dates', problems);
  if (input.values.length !== input.dates.length)
    problems.add(`${input.values.length} values for ${input.dates.length} dates`, 'values');
  input.values.forEach((value, index) => {
    if (value !== null && !Number.isFinite(value))
      problems.add(`not a finite number: ${value}`, `values[${index}]`);
  });
  const periodsOk = checkPeriod(input.pre, 'pre', problems) && checkPeriod(input.post, 'post', problems);
  if (periodsOk && input.post.from <= input.pre.to)
    problems.add(`the campaign window starts ${input.post.from}, before the pre-period ends`, 'post');
  const level = input.level ?? DEFAULT_LEVEL;
  checkLevel(level, problems);
  const controls = input.controls ?? [];
  const controlNames = new Set<string>();
  controls.forEach((control, index) => {
    if (control.values.length !== input.dates.length)
      problems.add(
        `${control.values.length} values for ${input.dates.length} dates`,
        `controls[${index}].values`,
      );
    if (controlNames.has(control.name))
      problems.add(`a second control named ${control.name}`, `controls[${index}]`);
    controlNames.add(control.name);
    control.values.forEach((value, day) => {
      if (value !== null && !Number.isFinite(value))
        problems.add(`not a finite number: ${value}`, `controls[${index}].values[${day}]`);
    });
  });
  const events = input.events ?? [];
  events.forEach((event, index) => {
    if (!event.name) problems.add('an event needs a name', `events[${index}].name`);
    checkPeriod({ from: event.from, to: event.to ?? event.from }, `events[${index}]`, problems);
  });
  const trend = input.trend ?? 'linear';
  if (!['none', 'linear', 'quadratic'].includes(trend)) problems.add(`unknown trend ${trend}`, 'trend');
  const errors = input.errors ?? 'ar1';
  if (!['independent', 'ar1'].includes(errors)) problems.add(`unknown error model ${errors}`, 'errors');
  if (input.economics) validateEconomics(input.economics, 'economics');
  problems.check('pre/post');

  const weekly = input.weekly ?? true;
  const preStart = dayNumber(input.pre.from)!;
  const preLength = dayNumber(input.pre.to)! - preStart + 1;

  // Rows of each window: the pre-period rows with a value and every control; the campaign rows.
  const controlsKnown = (index: number) => controls.every((control) => control.values[index] !== null);
  const preRows: number[] = [];
  const postRows: number[] = [];
  input.dates.forEach((date, index) => {
    if (inPeriod(date, input.pre) && input.values[index] !== null && controlsKnown(index))
      preRows.push(index);
    if (inPeriod(date, input.post)) postRows.push(index);
  });

  // Event groups and the days they cover.
  const groupDays = new Map<string, Set<string>>();
  for (const event of events) {
    const group = event.group ?? event.name;
    const days = groupDays.get(group) ?? new Set<string>();
    const last = dayNumber(event.to ?? event.from)!;
    for (let day = dayNumber(event.from)!; day <= last; day++) days.add(isoOf(day));
    groupDays.set(group, days);
  }
  const modelledGroups: string[] = [];
  const leftOutGroups: string[] = [];
  for (const [group, days] of groupDays) {
    if (preRows.some((row) => days.has(input.dates[row]!))) modelledGroups.push(group);
    else leftOutGroups.push(group);
  }

  // Trend in units of the pre-period's length, so its coefficients stay of the data's order.
  const elapsed = (row: number) => (dayNumbers[row]! - preStart) / preLength;
  const columns: Column[] = [{ name: 'intercept', value: () => 1 }];
  if (trend !== 'none') columns.push({ name: 'trend', value: elapsed });
  if (trend === 'quadratic') columns.push({ name: 'trend²', value: (row) => elapsed(row) ** 2 });
  if (weekly) {
    const reference = weekdayOf(preStart);
    for (let offset = 1; offset < 7; offset++) {
      const weekday = (reference + offset) % 7;
      columns.push({
        name: `weekday:${WEEKDAYS[weekday]}`,
        value: (row) => (weekdayOf(dayNumbers[row]!) === weekday ? 1 : 0),
      });
    }
  }
  for (const group of modelledGroups) {
    const days = groupDays.get(group)!;
    columns.push({ name: `event:${group}`, value: (row) => (days.has(input.dates[row]!) ? 1 : 0) });
  }
  for (const control of controls)
    columns.push({ name: `control:${control.name}`, value: (row) => control.values[row]! });

  const p = columns.length;
  const n = preRows.length;
  if (n <= p)
    throw new MarkpiError(
      'lift_too_few_days',
      `pre/post: ${n} usable pre-period day(s) for ${p} parameters; the baseline needs more days than parameters`,
      [
        {
          message: `${n} usable day(s), ${p} parameters (${columns.map((column) => column.name).join(', ')})`,
          path: 'pre',
          hint: 'lengthen the pre-period, or drop the quadratic trend, weekly seasonality or some controls',
        },
      ],
    );
  const rowOf = (row: number) => columns.map((column) => column.value(row));
  const x = new Float64Array(n * p);
  const y = new Float64Array(n);
  preRows.forEach((row, r) => {
    x.set(rowOf(row), r * p);
    y[r] = input.values[row]!;
  });
  let fit: ReturnType<typeof leastSquares>;
  try {
    fit = leastSquares(x, n, p, y);
  } catch (error) {
    if (!(error instanceof CollinearColumnError)) throw error;
    const name = columns[error.column]!.name;
    throw new MarkpiError(
      'lift_collinear',
      `pre/post: ${name} is determined by the other regressors in the pre-period`,
      [
        {
          message: `${name} is a linear combination of ${columns
            .slice(0, error.column)
            .map((column) => column.name)
            .join(', ')} over the pre-period`,
          path: name.startsWith('control:') ? 'controls' : name.startsWith('event:') ? 'events' : 'pre',
          hint: 'drop it, or lengthen the pre-period so it varies on its own',
        },
      ],
    );
  }
  const degreesOfFreedom = n - p;
  const variance = fit.residualSquares / degreesOfFreedom;
  const residualSd = Math.sqrt(variance);
  const meanY = y.reduce((sum, value) => sum + value, 0) / n;
  const totalSquares = y.reduce((sum, value) => sum + (value - meanY) ** 2, 0);
  const rSquared = totalSquares > 0 ? 1 - fit.residualSquares / totalSquares : 1;

  // Lag-1 correlation over pairs of consecutive calendar days.
  const preDays = preRows.map((row) => dayNumbers[row]!);
  let lagged = 0;
  let pairs = 0;
  for (let r = 1; r < n; r++) {
    if (preDays[r]! - preDays[r - 1]! === 1) {
      lagged += fit.residuals[r]! * fit.residuals[r - 1]!;
      pairs++;
    }
  }
  const autocorrelation = pairs > 0 && fit.residualSquares > 0 ? lagged / fit.residualSquares : null;
  const rho = errors === 'ar1' ? Math.min(0.99, Math.max(0, autocorrelation ?? 0)) : 0;

  const coefficients = columns.map((column, j) => {
    const unit = new Float64Array(p);
    unit[j] = 1;
    return {
      name: column.name,
      value: fit.coefficients[j]!,
      standardError: Math.sqrt(variance * gramQuadraticForm(fit, unit)),
    };
  });

  // Variance (÷ σ²) of the error of forecasting Σ a_h y_h: the error is zᵀε over pre and
  // forecast days together, z = a on forecast days and −u on pre days (u = X(XᵀX)⁻¹Σ a_h x_h),
  // so the variance is zᵀΩz. For AR(1), Ω_ij = ρ^|t_i − t_j|, and Ωz comes from one pass each
  // way over the days in time order: F_i = z_i + ρ^(t_i − t_(i−1))·F_(i−1), B likewise
  // backwards, (Ωz)_i = F_i + B_i − z_i.
  const forecastVariance = (postDays: readonly number[], rowsSum: Float64Array): number => {
    const u = solveGram(fit, rowsSum);
    const points: { day: number; weight: number }[] = postDays.map((day) => ({ day, weight: 1 }));
    for (let r = 0; r < n; r++) {
      let value = 0;
      for (let j = 0; j < p; j++) value += x[r * p + j]! * u[j]!;
      points.push({ day: preDays[r]!, weight: -value });
    }
    if (rho === 0) return points.reduce((sum, point) => sum + point.weight * point.weight, 0);
    points.sort((a, b) => a.day - b.day);
    const forward = new Float64Array(points.length);
    const backward = new Float64Array(points.length);
    for (let i = 0; i < points.length; i++)
      forward[i] =
        points[i]!.weight + (i > 0 ? rho ** (points[i]!.day - points[i - 1]!.day) * forward[i - 1]! : 0);
    for (let i = points.length - 1; i >= 0; i--)
      backward[i] =
        points[i]!.weight +
        (i < points.length - 1 ? rho ** (points[i + 1]!.day - points[i]!.day) * backward[i + 1]! : 0);
    let total = 0;
    for (let i = 0; i < points.length; i++)
      total += points[i]!.weight * (forward[i]! + backward[i]! - points[i]!.weight);
    return total;
  };

  const t = studentTQuantile(0.5 + level / 2, degreesOfFreedom);
  const leftOutSet = new Set<string>();
  for (const group of leftOutGroups) for (const day of groupDays.get(group)!) leftOutSet.add(day);
  const days: PrePostDay[] = [];
  const measured: number[] = [];
  const measuredSum = new Float64Array(p);
  let actual = 0;
  let forecast = 0;
  let eventDays = 0;
  let missingDays = 0;
  const eventsHit = new Set<string>();
  for (const row of postRows) {
    const date = input.dates[row]!;
    const value = input.values[row] ?? null;
    if (!controlsKnown(row)) {
      missingDays++;
      days.push({
        date,
        actual: value,
        counterfactual: null,
        low: null,
        high: null,
        effect: null,
        leftOut: 'missing',
      });
      continue;
    }
    const features = rowOf(row);
    let predicted = 0;
    for (let j = 0; j < p; j++) predicted += features[j]! * fit.coefficients[j]!;
    const band =
      t * residualSd * Math.sqrt(forecastVariance([dayNumbers[row]!], Float64Array.from(features)));
    if (leftOutSet.has(date)) {
      eventDays++;
      for (const group of leftOutGroups) if (groupDays.get(group)!.has(date)) eventsHit.add(group);
      days.push({
        date,
        actual: value,
        counterfactual: null,
        low: null,
        high: null,
        effect: null,
        leftOut: 'event',
      });
      continue;
    }
    const day: PrePostDay = {
      date,
      actual: value,
      counterfactual: predicted,
      low: predicted - band,
      high: predicted + band,
      effect: value === null ? null : value - predicted,
    };
    if (value === null) {
      missingDays++;
      day.leftOut = 'missing';
    } else {
      measured.push(dayNumbers[row]!);
      for (let j = 0; j < p; j++) measuredSum[j] = measuredSum[j]! + features[j]!;
      actual += value;
      forecast += predicted;
    }
    days.push(day);
  }
  if (measured.length === 0)
    throw new MarkpiError(
      'lift_no_measured_days',
      'pre/post: the campaign window has no day that can be measured',
      [
        {
          message: 'every campaign day is missing a value or is an event day the pre-period cannot forecast',
          path: 'post',
        },
      ],
    );

  const standardError = residualSd * Math.sqrt(Math.max(0, forecastVariance(measured, measuredSum)));
  const incrementalValue = actual - forecast;
  const incremental = {
    value: incrementalValue,
    low: incrementalValue - t * standardError,
    high: incrementalValue + t * standardError,
    standardError,
  };
  const counterfactual = {
    value: forecast,
    low: forecast - t * standardError,
    high: forecast + t * standardError,
  };
  const pValue =
    standardError > 0
      ? 2 * (1 - studentTCdf(Math.abs(incrementalValue) / standardError, degreesOfFreedom))
      : incrementalValue === 0
        ? 1
        : 0;
  const lift =
    forecast > 0
      ? {
          value: incrementalValue / forecast,
          low: incremental.low / forecast,
          high: incremental.high / forecast,
        }
      : null;
  const economics = input.economics ? liftEconomics(incremental, input.economics) : null;

  const notes: LiftMessage[] = [];
  if (eventDays > 0)
    notes.push(liftMessage('lift.note.events_left_out', { events: [...eventsHit], days: eventDays }));
  if (missingDays > 0) notes.push(liftMessage('lift.note.missing_days', { days: missingDays }));
  if (errors === 'independent' && autocorrelation !== null && autocorrelation > AUTOCORRELATION_NOTE)
    notes.push(liftMessage('lift.note.autocorrelated', { rho: autocorrelation }));
  if (degreesOfFreedom < FEW_DEGREES)
    notes.push(liftMessage('lift.note.few_degrees', { degrees: degreesOfFreedom }));
  if (economics && economics.costPerIncremental.value === null)
    notes.push(liftMessage('lift.note.no_positive_lift', {}));
  const summary = lift
    ? liftMessage('lift.prepost.summary', {
        incremental: incrementalValue,
        low: incremental.low,
        high: incremental.high,
        lift: lift.value,
        pValue,
        level,
      })
    : liftMessage('lift.prepost.summary_no_baseline', {
        incremental: incrementalValue,
        low: incremental.low,
        high: incremental.high,
        pValue,
        level,
      });

  return {
    convention: {
      trend,
      weekly,
      errors,
      level,
      events: modelledGroups,
      leftOutEvents: leftOutGroups,
      controls: controls.map((control) => control.name),
    },
    fit: {
      days: n,
      parameters: p,
      degreesOfFreedom,
      residualSd,
      rSquared,
      autocorrelation,
      rho,
      coefficients,
    },
    days,
    measuredDays: measured.length,
    actual,
    counterfactual,
    incremental,
    lift,
    pValue,
    economics,
    notes,
    summary,
  };
}

/** 0 = Sunday … 6 = Saturday, for a day number (1970-01-01 was a Thursday). */
function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

function isoOf(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}
