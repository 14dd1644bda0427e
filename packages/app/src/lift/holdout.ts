/**
 * Holdout tests, their sample size, and brand search lift, from counts (core `analyzeHoldout`,
 * `holdoutSampleSize`, `searchLift`). The counts come from wherever the test was run — a
 * platform's holdout report, a CRM — so these take numbers, not the workspace; recording one in
 * the ledger needs the test's period, and a factor needs the channel and the conversions
 * attribution claimed in the treatment group.
 */
import {
  analyzeHoldout,
  type HoldoutResult,
  type HoldoutSampleSize,
  holdoutSampleSize,
  invalidRequest,
  type SearchLiftResult,
  searchLift,
} from '@markpi/core';
import { z } from 'zod';
import { levelSchema, sayAll } from './analysis.js';
import { PLATFORM_CONVERSIONS } from './calibration.js';
import { type LiftAppMessage, type LiftSaid, liftAppMessage } from './messages.js';
import { type LiftCalibration, type LiftRecordDraft, liftPeriodSchema } from './records.js';

const count = z.number().int().min(0);

export const holdoutRequestSchema = z.object({
  treatment: z.object({ users: count.min(1), conversions: count }),
  control: z.object({ users: count.min(1), conversions: count }),
  level: levelSchema.optional(),
  prior: z.object({ alpha: z.number().positive(), beta: z.number().positive() }).optional(),
  spend: z.number().min(0).optional().describe('spend on the treatment group, for iROAS and cost'),
  valuePerUnit: z.number().min(0).optional().describe('value of one conversion'),
  period: liftPeriodSchema.optional().describe('the days the test ran; needed to record it'),
  channel: z.string().min(1).optional().describe('the channel tested, for the factor'),
  attributed: z
    .number()
    .positive()
    .optional()
    .describe("conversions the channel's attribution claimed in the treatment group, for the factor"),
});
export type HoldoutRequest = z.input<typeof holdoutRequestSchema>;

export interface HoldoutAnswer {
  method: 'holdout';
  result: HoldoutResult;
  calibration: LiftCalibration | null;
  summary: LiftSaid;
  notes: LiftSaid[];
  /** Null without a period: the ledger keeps when a test ran. */
  draft: LiftRecordDraft | null;
}

export function holdoutLift(input: HoldoutRequest): HoldoutAnswer {
  const parsed = holdoutRequestSchema.safeParse(input);
  if (!parsed.success) throw invalidRequest(parsed.error, 'holdout');
  const request = parsed.data;
  const result = analyzeHoldout({
    treatment: request.treatment,
    control: request.control,
    ...(request.level !== undefined ? { level: request.level } : {}),
    ...(request.prior ? { prior: request.prior } : {}),
    ...(request.spend !== undefined && request.spend > 0
      ? {
          economics: {
            spend: request.spend,
            ...(request.valuePerUnit !== undefined ? { valuePerUnit: request.valuePerUnit } : {}),
          },
        }
      : {}),
  });
  const notes: LiftAppMessage[] = [];
  let calibration: LiftCalibration | null = null;
  if (request.channel !== undefined && request.attributed !== undefined) {
    const { attributed, channel } = request;
    const factor = {
      value: result.incremental.value / attributed,
      low: result.incremental.low / attributed,
      high: result.incremental.high / attributed,
    };
    calibration = {
      basis: PLATFORM_CONVERSIONS.id,
      channel,
      attributedKpi: 'conversions',
      attributed,
      factor,
    };
    notes.push(
      liftAppMessage('lift.calibration.factor', {
        channel,
        factor: factor.value,
        incremental: result.incremental.value,
        attributed,
        basis: PLATFORM_CONVERSIONS.id,
      }),
    );
    if (factor.value < 0) notes.push(liftAppMessage('lift.calibration.negative', { channel }));
  }
  const groups = `treatment ${request.treatment.conversions}/${request.treatment.users}, control ${request.control.conversions}/${request.control.users}`;
  return {
    method: 'holdout',
    result,
    calibration,
    summary: sayAll([result.summary])[0]!,
    notes: sayAll([...result.notes, ...notes]),
    draft: request.period
      ? {
          method: 'holdout',
          source: 'counts',
          kpi: null,
          scope: {
            filter: null,
            dimension: null,
            locations: [],
            label: request.channel ? `${request.channel}: ${groups}` : groups,
          },
          period: request.period,
          pre: null,
          incremental: result.incremental,
          lift: result.relativeLift,
          pValue: result.zTest.pValue,
          level: result.level,
          summary: result.summary,
          calibration,
        }
      : null,
  };
}

export const holdoutSizeRequestSchema = z.object({
  baselineRate: z.number().gt(0).lt(1).describe("the control group's expected conversion rate"),
  minimumDetectableLift: z.number().gt(0).describe('the smallest relative lift to detect (0.1 is +10%)'),
  alpha: z.number().gt(0).lt(1).optional(),
  power: z.number().gt(0).lt(1).optional(),
  treatmentShare: z.number().gt(0).lt(1).optional().describe('share of users in the treatment group'),
});
export type HoldoutSizeRequest = z.input<typeof holdoutSizeRequestSchema>;

export function holdoutSize(input: HoldoutSizeRequest): HoldoutSampleSize {
  const parsed = holdoutSizeRequestSchema.safeParse(input);
  if (!parsed.success) throw invalidRequest(parsed.error, 'holdout size');
  const request = parsed.data;
  return holdoutSampleSize({
    baselineRate: request.baselineRate,
    minimumDetectableLift: request.minimumDetectableLift,
    ...(request.alpha !== undefined ? { alpha: request.alpha } : {}),
    ...(request.power !== undefined ? { power: request.power } : {}),
    ...(request.treatmentShare !== undefined ? { treatmentShare: request.treatmentShare } : {}),
  });
}

export const searchLiftRequestSchema = z.object({
  viewers: count.min(1),
  searchers: count.describe('viewers who searched for the brand afterwards'),
  baseline: z
    .object({ users: count.min(1), searchers: count })
    .describe('the matched group that did not view'),
  level: levelSchema.optional(),
  period: liftPeriodSchema.optional().describe('the days measured; needed to record it'),
});
export type SearchLiftRequest = z.input<typeof searchLiftRequestSchema>;

export interface SearchLiftAnswer {
  method: 'search';
  result: SearchLiftResult;
  summary: LiftSaid;
  draft: LiftRecordDraft | null;
}

export function brandSearchLift(input: SearchLiftRequest): SearchLiftAnswer {
  const parsed = searchLiftRequestSchema.safeParse(input);
  if (!parsed.success) throw invalidRequest(parsed.error, 'search lift');
  const request = parsed.data;
  const result = searchLift({
    viewers: request.viewers,
    searchersAfterViewing: request.searchers,
    baseline: request.baseline,
    ...(request.level !== undefined ? { level: request.level } : {}),
  });
  return {
    method: 'search',
    result,
    summary: sayAll([result.summary])[0]!,
    draft: request.period
      ? {
          method: 'search',
          source: 'counts',
          kpi: null,
          scope: {
            filter: null,
            dimension: null,
            locations: [],
            label: `viewers ${request.searchers}/${request.viewers}, baseline ${request.baseline.searchers}/${request.baseline.users}`,
          },
          period: request.period,
          pre: null,
          incremental: result.incrementalSearchers,
          lift: result.relativeLift,
          pValue: result.pValue,
          level: result.level,
          summary: result.summary,
          calibration: null,
        }
      : null,
  };
}
