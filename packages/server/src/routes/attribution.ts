/**
 * Attribution over HTTP: every model side by side over the workspace's journeys, creators'
 * return on their fees, and the refresh that writes the attributed measures — the same use cases
 * as `markpi attribution`. Every sentence comes as a message (a stable key and its parameters)
 * next to its text in English and Chinese.
 */
import { ATTRIBUTION_KEYS, attributeWorkspace, creatorRoi, refreshAttribution } from '@markpi/app';
import { ATTRIBUTION_MODELS, isoDateSchema } from '@markpi/core';
import { z } from 'zod';
import { defineRoute, type Route, workspaceRole } from '../http/route.js';
import { workspaceParams } from '../schemas.js';

const modelSchema = z.enum(ATTRIBUTION_MODELS);
const periodSchema = z.object({ from: isoDateSchema, to: isoDateSchema });
const messageValueSchema = z.union([z.string(), z.number(), z.array(z.string())]);
const saidSchema = z.object({
  message: z.object({
    key: z.string().describe('stable id of the sentence, e.g. `attribution.disagreement.opens`'),
    params: z.record(z.string(), messageValueSchema),
  }),
  text: z.object({ en: z.string(), zh: z.string() }).describe('the message said in English and Chinese'),
});
const shareSchema = z.object({ model: modelSchema, share: z.number() });

const lookbackSchema = z.coerce
  .number()
  .positive()
  .max(366)
  .describe('days before a conversion whose touches count toward it; default 30');

export const attributionQuerySchema = z.object({
  from: isoDateSchema.optional().describe('first day of conversions; default 29 days before `to`'),
  to: isoDateSchema.optional().describe('last day of conversions; default the last day with data'),
  lookback: lookbackSchema.optional(),
  by: z.enum(ATTRIBUTION_KEYS).default('channel').describe('what a row credits'),
  measure: z
    .enum(['conversions', 'value'])
    .default('conversions')
    .describe('credit conversions or their value'),
  factor: z.coerce
    .number()
    .gt(1)
    .optional()
    .describe('a row is flagged when its highest share is more than this times its lowest; default 2'),
  minShare: z.coerce
    .number()
    .min(0)
    .max(1)
    .optional()
    .describe('rows below this highest share are never flagged'),
  filter: z
    .string()
    .max(10_000)
    .optional()
    .describe('by channel only: a condition on the touchpoints’ dimensions, in the formula language'),
});

export const attributionReportSchema = z.object({
  by: z.string(),
  measure: z.enum(['conversions', 'value']),
  total: z.number().describe('what every model’s credits add up to'),
  totals: z.object({ conversions: z.number(), value: z.number(), nulls: z.number() }),
  factor: z.number(),
  minShare: z.number(),
  models: z.array(modelSchema).describe('the model columns that hold numbers'),
  rows: z.array(
    z.object({
      key: z.string(),
      dimension: z
        .enum(ATTRIBUTION_KEYS)
        .describe('what `value` is: `by`, or `channel` for touches without one'),
      value: z.string(),
      label: z.string().optional().describe('a campaign’s or creator’s name'),
      first_touch: z.number(),
      last_touch: z.number(),
      last_non_direct: z.number(),
      linear: z.number(),
      position: z.number(),
      time_decay: z.number().nullable().describe('null when touch times are not read'),
      markov: z.number(),
      shapley: z.number(),
      removal_effect: z.number().describe('share lost without the row’s key, 0 … 1 (Markov)'),
      spread: z.object({
        low: shareSchema,
        high: shareSchema,
        points: z.number(),
        ratio: z.number().nullable(),
      }),
      disagreement: saidSchema.nullable(),
    }),
  ),
  markov: z.object({ order: z.number(), conversionProbability: z.number(), valuePerJourney: z.number() }),
  shapley: z.object({ exact: z.boolean(), players: z.number(), samples: z.number() }),
  notes: z.array(saidSchema),
  window: periodSchema,
  lookbackDays: z.number(),
  journeys: z.object({
    converting: z.number(),
    nonConverting: z.number(),
    untouched: z.object({ conversions: z.number(), value: z.number() }),
    imported: z.object({ conversions: z.number(), value: z.number(), nulls: z.number() }),
  }),
});

const returnFields = {
  conversions: z.number(),
  value: z.number(),
  roi: z.number().nullable().describe('(attributed value − fee) / fee'),
  costPerConversion: z.number().nullable().describe('fee / attributed conversions'),
};
const modelFiguresSchema = z.object({ model: modelSchema, ...returnFields });

export const creatorRoiSchema = z.object({
  window: periodSchema,
  lookbackDays: z.number(),
  models: z.array(modelSchema),
  creators: z.array(
    z.object({
      creator: z.string(),
      label: z.string().optional(),
      tier: z.string().nullable(),
      fee: z.number().describe('fees dated in the window, base currency'),
      models: z.array(modelFiguresSchema),
      coupon: z
        .object({ ...returnFields, orders: z.number(), codes: z.array(z.string()) })
        .nullable()
        .describe('orders that used the creator’s codes or 口令'),
    }),
  ),
  tiers: z.array(
    z.object({
      tier: z.string(),
      creators: z.number(),
      fee: z.number(),
      models: z.array(modelFiguresSchema),
      coupon: z.object({ ...returnFields, orders: z.number() }).nullable(),
    }),
  ),
  notes: z.array(saidSchema),
});

export const refreshBodySchema = z.object({ lookbackDays: z.number().positive().max(366).optional() });

export const refreshSummarySchema = z.object({
  lookbackDays: z.number(),
  window: periodSchema.nullable(),
  rows: z.number(),
  months: z.number(),
  models: z.array(modelSchema),
  conversions: z.object({ credited: z.number(), untouched: z.number() }),
});

export const attributionRoutes: Route[] = [
  defineRoute({
    method: 'GET',
    path: '/api/workspaces/:ws/attribution',
    tag: 'analytics',
    summary: 'Every attribution model side by side, with removal effects and where the models disagree',
    description:
      'Conversions in the window, each with the touches up to `lookback` days before it: one row per channel ' +
      '(campaign, creator) with the credit of first touch, last touch, last non-direct, linear, position-based, ' +
      'time decay, Markov (exact removal effects) and Shapley, the spread between them and a sentence where ' +
      'they disagree by more than `factor`.',
    access: workspaceRole('viewer'),
    params: workspaceParams,
    query: attributionQuerySchema,
    response: attributionReportSchema,
    async handler(context) {
      const { services, query } = context;
      const workspace = await services.registry.context(context.workspace().record, services.now);
      return attributeWorkspace(workspace, { ...query, lookbackDays: query.lookback });
    },
  }),

  defineRoute({
    method: 'GET',
    path: '/api/workspaces/:ws/attribution/creators',
    tag: 'analytics',
    summary: 'Creators’ attributed orders and GMV under each model, against their fees',
    description:
      'Per creator and per tier: each model’s attributed conversions and value, ROI against the fees dated in ' +
      'the window and cost per attributed order, with the orders their coupon codes and 口令 brought.',
    access: workspaceRole('viewer'),
    params: workspaceParams,
    query: attributionQuerySchema.pick({ from: true, to: true, lookback: true }),
    response: creatorRoiSchema,
    async handler(context) {
      const { services, query } = context;
      const workspace = await services.registry.context(context.workspace().record, services.now);
      return creatorRoi(workspace, { ...query, lookbackDays: query.lookback });
    },
  }),

  defineRoute({
    method: 'POST',
    path: '/api/workspaces/:ws/attribution/refresh',
    tag: 'analytics',
    summary: 'Write every model’s credit as the attributed measures of the catalog',
    description:
      'Fits the models a month of conversions at a time and writes each model’s credit by day, channel, ' +
      'campaign and creator, replacing what an earlier refresh wrote, so `attributed_roas_markov` and the like ' +
      'answer in Explore, targets and scorecards.',
    access: workspaceRole('editor'),
    params: workspaceParams,
    body: refreshBodySchema,
    response: refreshSummarySchema,
    async handler(context) {
      const { services, body } = context;
      const workspace = await services.registry.context(context.workspace().record, services.now);
      return refreshAttribution(workspace, body);
    },
  }),
];
