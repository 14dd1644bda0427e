/**
 * Customer acquisition cost, LTV/CAC and payback per channel.
 *
 * Conventions:
 * - Cost of a channel over a range of months = its media spend (daily performance) + its
 *   non-media costs in the cost ledger (SEO, content, agency, staff …). Ledger costs with no
 *   channel are shared: each month's shared cost is spread over the channels in proportion to
 *   the customers they acquired that month (a month with no new customer leaves its shared cost
 *   unallocated, reported as such).
 * - CAC = cost / customers acquired (first orders) through the channel over the same months;
 *   null when it acquired none.
 * - Payback month: the first month k (0 = the acquisition month) at which margin × realised LTV
 *   through month k reaches the CAC, on the channel's pooled LTV curve (`cohorts.ts`); null when
 *   the curve never reaches it within the months observed. Margin defaults to 1 (revenue).
 * - LTV/CAC = margin × the pooled realised LTV at `horizon` months (default 12: months 0 … 11), or
 *   at the curve's last month when it is shorter (the months used are reported), over CAC.
 */
import { MarkpiError } from '../errors.js';
import type { LtvCurve } from './cohorts.js';

export interface ChannelMonthCost {
  /** A channel, or '' for costs shared by every channel. */
  channel: string;
  month: string;
  /** Media spend. */
  media: number;
  /** Non-media costs from the ledger. */
  nonMedia: number;
}

export interface ChannelMonthCustomers {
  channel: string;
  month: string;
  /** Customers whose first order came through the channel in the month. */
  customers: number;
}

export interface ChannelEconomics {
  channel: string;
  newCustomers: number;
  media: number;
  nonMedia: number;
  /** This channel's share of the ledger's shared costs. */
  shared: number;
  cost: number;
  cac: number | null;
  /** Pooled realised LTV at the horizon (null without a curve for the channel). */
  ltv: number | null;
  /** Months of LTV counted: the horizon, or fewer when the curve is shorter. */
  ltvMonths: number;
  ltvToCac: number | null;
  /** First month (0 = acquisition month) when margin × LTV reaches CAC; null when not reached. */
  paybackMonth: number | null;
}

export interface EconomicsOptions {
  /** Gross margin applied to revenue for payback and LTV/CAC (0 < margin ≤ 1); default 1. */
  margin?: number;
  /** Months of LTV for LTV/CAC; default 12. */
  horizon?: number;
}

export interface EconomicsResult {
  channels: ChannelEconomics[];
  /** Shared costs of months in which no channel acquired anyone. */
  unallocatedShared: number;
  margin: number;
  horizon: number;
}

/** The first month at which margin × LTV reaches `cac`; null when it never does. */
export function paybackMonth(curve: LtvCurve, cac: number, margin = 1): number | null {
  for (const point of curve.points) {
    if (margin * point.ltv >= cac) return point.offset;
  }
  return null;
}

export function channelEconomics(
  costs: readonly ChannelMonthCost[],
  acquired: readonly ChannelMonthCustomers[],
  curves: readonly LtvCurve[],
  options: EconomicsOptions = {},
): EconomicsResult {
  const margin = options.margin ?? 1;
  const horizon = options.horizon ?? 12;
  const problems = [];
  if (!(margin > 0 && margin <= 1)) problems.push({ path: 'margin', message: `${margin} is not in (0, 1]` });
  if (!Number.isInteger(horizon) || horizon < 1) {
    problems.push({ path: 'horizon', message: `${horizon} is not a whole number of months ≥ 1` });
  }
  if (problems.length > 0)
    throw new MarkpiError('customers.invalid_input', 'the options are not valid', problems);

  const rows = new Map<string, ChannelEconomics>();
  const row = (channel: string) => {
    let found = rows.get(channel);
    if (!found) {
      found = {
        channel,
        newCustomers: 0,
        media: 0,
        nonMedia: 0,
        shared: 0,
        cost: 0,
        cac: null,
        ltv: null,
        ltvMonths: 0,
        ltvToCac: null,
        paybackMonth: null,
      };
      rows.set(channel, found);
    }
    return found;
  };
  const acquiredByMonth = new Map<string, ChannelMonthCustomers[]>();
  for (const entry of acquired) {
    row(entry.channel).newCustomers += entry.customers;
    const list = acquiredByMonth.get(entry.month) ?? [];
    list.push(entry);
    acquiredByMonth.set(entry.month, list);
  }
  let unallocatedShared = 0;
  for (const cost of costs) {
    if (cost.channel !== '') {
      const target = row(cost.channel);
      target.media += cost.media;
      target.nonMedia += cost.nonMedia;
      continue;
    }
    const shared = cost.media + cost.nonMedia;
    const month = (acquiredByMonth.get(cost.month) ?? []).filter((entry) => entry.customers > 0);
    const total = month.reduce((sum, entry) => sum + entry.customers, 0);
    if (total === 0) {
      unallocatedShared += shared;
      continue;
    }
    for (const entry of month) row(entry.channel).shared += (shared * entry.customers) / total;
  }
  const curveOf = new Map(curves.map((curve) => [curve.channel, curve]));
  for (const economics of rows.values()) {
    economics.cost = economics.media + economics.nonMedia + economics.shared;
    economics.cac = economics.newCustomers > 0 ? economics.cost / economics.newCustomers : null;
    const curve = curveOf.get(economics.channel);
    if (curve && curve.points.length > 0) {
      const point = curve.points[Math.min(horizon, curve.points.length) - 1]!;
      economics.ltv = point.ltv;
      economics.ltvMonths = point.offset + 1;
      economics.ltvToCac =
        economics.cac !== null && economics.cac > 0 ? (margin * point.ltv) / economics.cac : null;
      economics.paybackMonth = economics.cac === null ? null : paybackMonth(curve, economics.cac, margin);
    }
  }
  const channels = [...rows.values()].sort((left, right) => left.channel.localeCompare(right.channel));
  return { channels, unallocatedShared, margin, horizon };
}
