/**
 * Pre/post over the workspace: a KPI per day in a scope, from the planner, against the baseline
 * the pre-period forecasts (core `analyzePrePost`), with the workspace's event calendar as the
 * baseline's known events.
 *
 * Defaults, each stated in the answer: the pre-period ends the day before the campaign window
 * and spans max(56, 2 × the window's length) days (from the scope's first day with data at the
 * earliest); the calendar is the built-in China sales calendar (`cn-retail`), and the same event
 * in different years shares one effect (its name without the year: `618 presale 2025` and
 * `618 presale 2026` are `618 presale`). The spend is the scope's over the window; a KPI in
 * money is worth itself per unit, any other KPI only what `valuePerUnit` says.
 */
import {
  addDays,
  analyzePrePost,
  daysBetween,
  type EconomicsInput,
  invalidRequest,
  type LiftEvent,
  MarkpiError,
  type PrePostResult,
  RETAIL_CALENDAR_ID,
} from '@markpi/core';
import { getEventCalendar } from '@markpi/store';
import { z } from 'zod';
import type { WorkspaceContext } from '../workspace.js';
import {
  calibrationOf,
  filterSchema,
  isoDate,
  levelSchema,
  sayAll,
  scopeLabel,
  scopeSpend,
} from './analysis.js';
import { type LiftSaid, liftAppMessage } from './messages.js';
import { type LiftCalibration, type LiftPeriod, type LiftRecordDraft, liftPeriodSchema } from './records.js';
import { dailySeries, type LiftKpi, liftKpi } from './series.js';

/** Shortest default pre-period, in days. */
export const PREPOST_MIN_PRE_DAYS = 56;
/** No events: `calendar: 'none'`. */
export const NO_CALENDAR = 'none';

export const prePostRequestSchema = z
  .object({
    kpi: z.string().min(1).describe('the KPI measured, e.g. `impressions`'),
    filter: filterSchema.optional(),
    from: isoDate.describe('first day of the campaign window'),
    to: isoDate.describe('last day of the campaign window'),
    preFrom: isoDate.optional().describe('first day of the pre-period; default: see the convention'),
    preTo: isoDate.optional().describe('last day of the pre-period; default: the day before `from`'),
    calendar: z
      .string()
      .min(1)
      .optional()
      .describe("event calendar id for the baseline's known events; default cn-retail, `none` for none"),
    trend: z.enum(['none', 'linear', 'quadratic']).optional(),
    weekly: z.boolean().optional().describe('weekday effects; default true'),
    errors: z.enum(['independent', 'ar1']).optional().describe('error model; default ar1'),
    level: levelSchema.optional(),
    valuePerUnit: z.number().min(0).optional().describe('value of one unit of the KPI, for ROAS'),
    channel: z.string().min(1).optional().describe('the channel the campaign ran on, for the factor'),
  })
  .refine((request) => request.from <= request.to, {
    message: '`from` must not be after `to`',
    path: ['to'],
  });
export type PrePostRequest = z.input<typeof prePostRequestSchema>;

export interface PrePostAnswer {
  method: 'prepost';
  kpi: Omit<LiftKpi, 'additive'>;
  scope: { filter: string | null; label: string };
  window: LiftPeriod;
  pre: LiftPeriod;
  calendar: { id: string; events: LiftEvent[] } | null;
  /** The scope's spend over the window; null when it spent nothing. */
  spend: number | null;
  result: PrePostResult;
  calibration: LiftCalibration | null;
  summary: LiftSaid;
  notes: LiftSaid[];
  /** The result as the ledger would keep it. */
  draft: LiftRecordDraft;
}

/** `618 presale 2025` → `618 presale`: one effect for the same event every year. */
export function eventGroup(name: string): string {
  return (
    name
      .replace(/(^|\s)(19|20)\d{2}(?=\s|$)/g, ' ')
      .replace(/\s+/g, ' ')
      .trim() || name
  );
}

async function calendarEvents(
  workspace: WorkspaceContext,
  id: string,
  from: string,
  to: string,
): Promise<{ id: string; events: LiftEvent[] } | null> {
  if (id === NO_CALENDAR) return null;
  const years: number[] = [];
  for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)); year++) years.push(year);
  const calendar = await getEventCalendar(workspace.warehouse, id, years);
  const events = calendar.events
    .filter((event) => event.from <= to && (event.to ?? event.from) >= from)
    .map((event) => ({
      name: event.name,
      from: event.from,
      ...(event.to ? { to: event.to } : {}),
      group: eventGroup(event.name),
    }));
  return { id: calendar.id, events };
}

export async function prePostLift(
  workspace: WorkspaceContext,
  input: PrePostRequest,
): Promise<PrePostAnswer> {
  const parsed = prePostRequestSchema.safeParse(input);
  if (!parsed.success) throw invalidRequest(parsed.error, 'pre/post');
  const request = parsed.data;
  const kpi = liftKpi(workspace, request.kpi);
  const windowDays = daysBetween(request.from, request.to) + 1;
  const preTo = request.preTo ?? addDays(request.from, -1);
  const preFrom = request.preFrom ?? addDays(preTo, -(Math.max(PREPOST_MIN_PRE_DAYS, 2 * windowDays) - 1));
  const pre = liftPeriodSchema.safeParse({ from: preFrom, to: preTo });
  if (!pre.success) throw invalidRequest(pre.error, 'pre-period');
  if (preTo >= request.from)
    throw new MarkpiError('invalid_request', `the pre-period ends ${preTo}, not before the window starts`, [
      { message: `ends ${preTo}`, path: 'preTo', hint: `end it by ${addDays(request.from, -1)}` },
    ]);

  const series = await dailySeries(workspace, {
    kpi: kpi.id,
    filter: request.filter,
    from: preFrom,
    to: request.to,
  });
  const calendar = await calendarEvents(
    workspace,
    request.calendar ?? RETAIL_CALENDAR_ID,
    preFrom,
    request.to,
  );
  const spend = await scopeSpend(workspace, request.filter, request.from, request.to);
  const valuePerUnit = kpi.unit === 'currency' ? 1 : request.valuePerUnit;
  const economics: EconomicsInput | undefined =
    spend === null ? undefined : { spend, ...(valuePerUnit === undefined ? {} : { valuePerUnit }) };
  // The baseline is fitted from the scope's first day with data when that comes later.
  const fitted = {
    from: series.firstDay && series.firstDay > preFrom ? series.firstDay : preFrom,
    to: preTo,
  };
  const result = analyzePrePost({
    dates: series.dates,
    values: series.values,
    pre: fitted,
    post: { from: request.from, to: request.to },
    ...(calendar ? { events: calendar.events } : {}),
    ...(request.trend ? { trend: request.trend } : {}),
    ...(request.weekly !== undefined ? { weekly: request.weekly } : {}),
    ...(request.errors ? { errors: request.errors } : {}),
    ...(request.level !== undefined ? { level: request.level } : {}),
    ...(economics ? { economics } : {}),
  });
  const { calibration, notes: calibrationNotes } = await calibrationOf(
    workspace,
    { kpi: kpi.id, filter: request.filter, from: request.from, to: request.to, channel: request.channel },
    result.incremental,
  );
  const window = { from: request.from, to: request.to };
  const filter = request.filter ?? null;
  return {
    method: 'prepost',
    kpi: { id: kpi.id, name: kpi.name, unit: kpi.unit },
    scope: { filter, label: scopeLabel(filter) },
    window,
    pre: fitted,
    calendar,
    spend,
    result,
    calibration,
    summary: sayAll([result.summary])[0]!,
    notes: sayAll([
      ...series.notes,
      ...(kpi.additive ? [] : [liftAppMessage('lift.series.not_additive', { kpi: kpi.id })]),
      ...result.notes,
      ...calibrationNotes,
    ]),
    draft: {
      method: 'prepost',
      source: 'workspace',
      kpi: kpi.id,
      scope: { filter, dimension: null, locations: [], label: scopeLabel(filter) },
      period: window,
      pre: fitted,
      incremental: {
        value: result.incremental.value,
        low: result.incremental.low,
        high: result.incremental.high,
      },
      lift: result.lift,
      pValue: result.pValue,
      level: result.convention.level,
      summary: result.summary,
      calibration,
    },
  };
}
