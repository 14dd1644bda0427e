/**
 * What the lift ledger keeps of a finished test or analysis: its scope, period and method, the
 * incremental result with its interval, and — when the test measured what attribution counts
 * in one channel — the incrementality factor that calibrates that channel's ROAS. The same
 * schema checks a record on its way into the store and on its way out.
 */
import { isValidIsoDate } from '@markpi/core';
import { z } from 'zod';

export const LIFT_METHODS = ['prepost', 'geo', 'holdout', 'search'] as const;
export type LiftMethod = (typeof LIFT_METHODS)[number];

/** Where a result's numbers came from: the workspace through the planner, a file, or counts typed in. */
export const LIFT_SOURCES = ['workspace', 'file', 'counts'] as const;

const isoDate = z.string().refine(isValidIsoDate, 'a date as YYYY-MM-DD');

export const liftPeriodSchema = z
  .object({ from: isoDate, to: isoDate })
  .refine((period) => period.from <= period.to, { message: '`from` must not be after `to`', path: ['to'] });
export type LiftPeriod = z.output<typeof liftPeriodSchema>;

/** A figure with its interval; an end the test could not bound is null. */
export const liftEstimateSchema = z.object({
  value: z.number(),
  low: z.number().nullable(),
  high: z.number().nullable(),
});
export type LiftEstimate = z.output<typeof liftEstimateSchema>;

export const liftMessageParamsSchema = z.record(
  z.string(),
  z.union([z.string(), z.number(), z.array(z.string())]),
);

/**
 * Incremental ÷ attributed conversions over the test's scope and days, for one channel; the
 * interval is the incremental interval over the same attributed count.
 */
export const liftCalibrationSchema = z.object({
  /** Which attributed conversions the factor divides by (see `calibration.ts`). */
  basis: z.string().min(1),
  channel: z.string().min(1),
  /** The KPI attribution counts that the test measured (`conversions`, `conversion_value`). */
  attributedKpi: z.string().min(1),
  attributed: z.number().positive(),
  factor: liftEstimateSchema,
});
export type LiftCalibration = z.output<typeof liftCalibrationSchema>;

/** A result as an analysis hands it over for the ledger: everything but the name. */
export const liftRecordDraftSchema = z.object({
  method: z.enum(LIFT_METHODS),
  source: z.enum(LIFT_SOURCES),
  /** The KPI measured; null for counts typed in (a holdout's conversions). */
  kpi: z.string().nullable(),
  scope: z.object({
    filter: z.string().nullable(),
    /** The dimension locations are values of (geo tests), else null. */
    dimension: z.string().nullable(),
    /** The treated locations of a geo test, else empty. */
    locations: z.array(z.string()),
    label: z.string(),
  }),
  /** The campaign window or test. */
  period: liftPeriodSchema,
  /** What the counterfactual was fitted on, when there was such a period. */
  pre: liftPeriodSchema.nullable(),
  incremental: liftEstimateSchema,
  lift: liftEstimateSchema.nullable(),
  pValue: z.number().nullable(),
  level: z.number().gt(0).lt(1),
  /** The model's own summary: a message key and its parameters. */
  summary: z.object({ key: z.string(), params: liftMessageParamsSchema }),
  calibration: liftCalibrationSchema.nullable(),
});
export type LiftRecordDraft = z.output<typeof liftRecordDraftSchema>;

export const liftRecordBodySchema = liftRecordDraftSchema.extend({
  name: z.string().trim().min(1).max(200),
  /** Set by a later version that takes the entry back; a withdrawn entry calibrates nothing. */
  withdrawn: z.object({ reason: z.string().nullable() }).nullable().default(null),
});
export type LiftRecordBody = z.output<typeof liftRecordBodySchema>;
