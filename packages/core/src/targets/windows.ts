/**
 * Windows of history as long as a target's period, for judging a target that is not whole
 * calendar months (a 14-day campaign) against what the scope did over 14 days before, instead of
 * against calendar months pro-rated by days.
 *
 * Convention: back-to-back windows of the period's length, stepped by that length, the latest
 * ending the day before the period starts, as many as fit in the look-back (at most
 * SAME_LENGTH_MAX_WINDOWS). Each day of history lies in one window only, so the windows are
 * separate observations: rolling windows stepped by one day would count a strong fortnight
 * fourteen times and weigh a percentile towards whatever history had most overlaps of.
 *
 * Each window's value is the KPI over the window as the engine computes it: a ratio of the
 * window's sums, a reach counted over the window (flagged `upper_bound` when the engine had to
 * add days' reach up, which the place then says). Windows of an additive KPI with data on fewer
 * than half their days are left out as partial (MIN_ACTIVE_SHARE), as monthly history is.
 */

import { addDays, addMonths } from '../plan/dates.js';
import { MIN_ACTIVE_SHARE, type WindowValue } from './baselines.js';
import { type MessagePhrase, periodTerm, phrase } from './messages.js';
import { type Period, periodDays } from './periods.js';
import { percentileRank } from './stats.js';
import { breakdownMethod, improvementOver, type KpiTraits, relativeChange } from './traits.js';

/** How far back same-length windows reach: the monthly history's two years. */
export const SAME_LENGTH_LOOKBACK_MONTHS = 24;
/** At most this many windows (a year of fortnights), so a 3-day target asks a bounded history. */
export const SAME_LENGTH_MAX_WINDOWS = 26;

/**
 * The windows of `period`'s length before it, oldest first: back to back, the latest ending the
 * day before the period, none starting before the look-back's first day.
 */
export function sameLengthWindows(
  period: Period,
  options: { lookbackMonths?: number; maxWindows?: number } = {},
): Period[] {
  const days = periodDays(period);
  const earliest = addMonths(period.from, -(options.lookbackMonths ?? SAME_LENGTH_LOOKBACK_MONTHS));
  const maxWindows = options.maxWindows ?? SAME_LENGTH_MAX_WINDOWS;
  const windows: Period[] = [];
  for (let to = addDays(period.from, -1); windows.length < maxWindows; to = addDays(to, -days)) {
    const from = addDays(to, -(days - 1));
    if (from < earliest) break;
    windows.unshift({ from, to });
  }
  return windows;
}

export interface WindowComparison {
  window: WindowValue & { value: number };
  change: number | null;
  improvement: number | null;
}

export interface WindowPlace {
  /** The windows' length in days (the period's). */
  days: number;
  /** Windows with data that were compared, oldest first. */
  compared: (WindowValue & { value: number })[];
  /** Windows with data left out as partial. */
  partial: number;
  /** The first compared window's first day to the last one's last day; null without any. */
  span: Period | null;
  /** The best window in the KPI's direction (the highest for a KPI without one). */
  best: WindowComparison | null;
  /** Share of compared windows below the value, 0–100 (mid-rank); null without any. */
  percentile: number | null;
  /** Engine flags on compared windows (`upper_bound`: reach added up over days). */
  flags: string[];
  messages: { best?: MessagePhrase; percentile?: MessagePhrase; approximate?: MessagePhrase };
}

/** Where `value` sits among same-length windows of history (see the module's comment). */
export function placeAmongWindows(
  kpi: KpiTraits,
  value: number,
  windows: readonly WindowValue[],
): WindowPlace {
  const additive = breakdownMethod(kpi) === 'split';
  const withData = windows.filter(
    (window): window is WindowValue & { value: number } => window.value !== null,
  );
  const isPartial = (window: WindowValue) =>
    additive && window.activeDays !== undefined && window.activeDays < MIN_ACTIVE_SHARE * periodDays(window);
  const compared = withData.filter((window) => !isPartial(window));
  const days = windows[0] ? periodDays(windows[0]) : 0;
  const span = compared.length > 0 ? { from: compared[0]!.from, to: compared.at(-1)!.to } : null;
  const flags = [...new Set(compared.map((window) => window.flag).filter((flag): flag is string => !!flag))];
  const said: WindowPlace['messages'] = {};
  let best: WindowComparison | null = null;
  if (compared.length > 0) {
    const pickLow = kpi.direction === 'down';
    const top = compared.reduce((kept, window) =>
      pickLow ? (window.value < kept.value ? window : kept) : window.value > kept.value ? window : kept,
    );
    best = {
      window: top,
      change: relativeChange(value, top.value),
      improvement: improvementOver(kpi.direction, value, top.value),
    };
    if (best.change !== null && best.improvement !== null) {
      const at = { days, period: periodTerm(top) };
      const { change } = best;
      said.best =
        best.improvement > 0
          ? phrase(pickLow ? 'history.window.needs_under' : 'history.window.needs_over', { change, ...at })
          : change === 0
            ? phrase('history.window.matches_best', at)
            : phrase('history.window.within', { change, ...at });
    }
  }
  const values = compared.map((window) => window.value);
  const percentile = percentileRank(value, values);
  if (percentile !== null && span) {
    const count = compared.length;
    const where = { count, days, span: periodTerm(span) };
    // For a cost KPI the ambitious side is the low one.
    const ambitious = kpi.direction === 'down' ? 100 - percentile : percentile;
    said.percentile =
      ambitious >= 100
        ? phrase('history.window.beyond_all', where)
        : ambitious <= 0
          ? phrase('history.window.short_of_all', where)
          : phrase('history.window.percentile', { percentile, ...where });
  }
  if (flags.includes('upper_bound')) said.approximate = phrase('history.window.upper_bound', { kpi: kpi.id });
  return {
    days,
    compared,
    partial: withData.length - compared.length,
    span,
    best,
    percentile,
    flags,
    messages: said,
  };
}
