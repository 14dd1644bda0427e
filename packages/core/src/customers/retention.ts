/**
 * Customer retention over a period by the documents' formula (CE − CN) / CS, with a churn rule.
 *
 * Conventions:
 * - Churn rule: a customer is *counted* on a day when they have ordered on or before it and
 *   their latest such order is fewer than `churnDays` days before it (with 30, an order on
 *   1 January counts through 30 January; from 31 January they have churned).
 * - CS: customers counted at the end of the day before the period starts. CE: counted at the
 *   end of its last day. CN: customers acquired during the period — an order on a day when the
 *   customer was not counted at the end of the day before: a first order, or a return after
 *   having churned (acquired again) — each customer counted once.
 * - Retention is (CE − CN) / CS (null when CS is 0). A customer acquired in the period who
 *   churns before its end is in CN but not CE, so the formula can fall below the share of the
 *   starting customers still counted at the end; that share is reported beside it
 *   (`retainedShare`), with the reactivated customers CN includes.
 */
import { MarkpiError } from '../errors.js';
import { addDays, daysBetween, isValidIsoDate } from '../plan/dates.js';

/** One customer's distinct purchase days, ascending (`YYYY-MM-DD`). */
export interface PurchaseDays {
  customer: string;
  days: readonly string[];
}

export interface RetentionOptions {
  /** First day of the period, inclusive. */
  from: string;
  /** Last day, inclusive. */
  to: string;
  /** Days without an order after which a customer has churned. */
  churnDays: number;
}

export interface PeriodRetention {
  from: string;
  to: string;
  churnDays: number;
  /** CS: customers at the start. */
  startCustomers: number;
  /** CE: customers at the end. */
  endCustomers: number;
  /** CN: customers acquired in the period (first orders and returns after churning). */
  acquiredCustomers: number;
  /** The part of CN who had ordered before: returned after churning. */
  reactivatedCustomers: number;
  /** (CE − CN) / CS; null when CS is 0. */
  retention: number | null;
  /** Customers counted at the start and at the end. */
  retainedCustomers: number;
  /** Retained over CS; null when CS is 0. */
  retainedShare: number | null;
}

export function checkRetentionOptions(options: RetentionOptions): void {
  const problems: { message: string; path: string }[] = [];
  if (!isValidIsoDate(options.from))
    problems.push({ path: 'from', message: `${options.from} is not a date` });
  if (!isValidIsoDate(options.to)) problems.push({ path: 'to', message: `${options.to} is not a date` });
  if (problems.length === 0 && options.from > options.to) {
    problems.push({ path: 'to', message: `the period ends ${options.to}, before it starts ${options.from}` });
  }
  if (!Number.isInteger(options.churnDays) || options.churnDays < 1) {
    problems.push({ path: 'churnDays', message: `${options.churnDays} is not a whole number of days ≥ 1` });
  }
  if (problems.length > 0) {
    throw new MarkpiError('customers.invalid_input', 'the retention period is not valid', problems);
  }
}

/** Whether the latest of `days` on or before `day` is fewer than `churnDays` days before it. */
function countedOn(days: readonly string[], day: string, churnDays: number): boolean {
  let latest: string | undefined;
  for (const purchase of days) {
    if (purchase > day) break;
    latest = purchase;
  }
  return latest !== undefined && daysBetween(latest, day) < churnDays;
}

/** Retention by (CE − CN) / CS over `customers`' purchase days (see the conventions above). */
export function periodRetention(
  customers: Iterable<PurchaseDays>,
  options: RetentionOptions,
): PeriodRetention {
  checkRetentionOptions(options);
  const { from, to, churnDays } = options;
  const dayBefore = addDays(from, -1);
  let startCustomers = 0;
  let endCustomers = 0;
  let acquiredCustomers = 0;
  let reactivatedCustomers = 0;
  let retainedCustomers = 0;
  for (const { days } of customers) {
    const atStart = countedOn(days, dayBefore, churnDays);
    const atEnd = countedOn(days, to, churnDays);
    if (atStart) startCustomers++;
    if (atEnd) endCustomers++;
    if (atStart && atEnd) retainedCustomers++;
    let previous: string | undefined;
    for (const day of days) {
      if (day > to) break;
      if (day >= from && (previous === undefined || daysBetween(previous, day) > churnDays)) {
        acquiredCustomers++;
        if (previous !== undefined) reactivatedCustomers++;
        break;
      }
      previous = day;
    }
  }
  const share = (count: number) => (startCustomers === 0 ? null : count / startCustomers);
  return {
    from,
    to,
    churnDays,
    startCustomers,
    endCustomers,
    acquiredCustomers,
    reactivatedCustomers,
    retention: share(endCustomers - acquiredCustomers),
    retainedCustomers,
    retainedShare: share(retainedCustomers),
  };
}
