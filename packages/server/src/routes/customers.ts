/**
 * Customers over HTTP: cohort retention tables, retention by (CE − CN) / CS with a churn rule,
 * realised LTV curves, the BG/NBD and Gamma-Gamma fit with standard errors and projections, and
 * CAC with the cost ledger, LTV/CAC and payback — the same use cases as `markpi cohorts` and
 * `markpi ltv`. Every sentence comes as a message next to its text in English and Chinese.
 */
import { cohortRetention, customerRetention, fitLtv, ltvCurves, payback } from '@markpi/app';
import { isoDateSchema } from '@markpi/core';
import { z } from 'zod';
import { defineRoute, type Route, workspaceRole } from '../http/route.js';
import { workspaceParams } from '../schemas.js';
import { workspaceContextOf } from './support.js';

const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM');
const saidSchema = z.object({
  message: z.object({
    key: z.string().describe('stable id of the sentence, e.g. `customers.partial_month`'),
    params: z.record(z.string(), z.union([z.string(), z.number()])),
  }),
  text: z.object({ en: z.string(), zh: z.string() }).describe('the message said in English and Chinese'),
});
const booleanQuery = z
  .enum(['true', 'false'])
  .default('false')
  .transform((value) => value === 'true');

const scopeQuery = {
  through: isoDateSchema.optional().describe('last day of orders read; default the last day with an order'),
  filter: z
    .string()
    .max(10_000)
    .optional()
    .describe("which orders count: a condition on the conversions' dimensions, e.g. `shop = 'tmall'`"),
};

export const cohortQuerySchema = z.object({
  ...scopeQuery,
  fromCohort: monthSchema.optional().describe('first acquisition month shown'),
  byChannel: booleanQuery.describe('a row per acquisition month and first channel'),
});

const cellSchema = z.object({
  offset: z.number().describe('months after the acquisition month (0: the month itself)'),
  month: z.string(),
  activeCustomers: z.number(),
  retention: z.number().describe('active customers over the cohort’s size'),
  orders: z.number(),
  revenue: z.number(),
  cumulativeRevenue: z.number(),
  ltv: z.number().describe('realised LTV: cumulative revenue over the cohort’s size'),
});
const tableSchema = z.object({
  through: z.string().describe('last month shown, YYYY-MM'),
  rows: z.array(
    z.object({
      cohort: z.string(),
      channel: z.string().nullable().describe('first channel; null for every channel'),
      customers: z.number(),
      cells: z.array(cellSchema),
    }),
  ),
});

export const cohortAnswerSchema = z.object({
  through: z.string().nullable().describe('last day of orders read; null when there are none'),
  table: tableSchema,
  notes: z.array(saidSchema),
});

const curveSchema = z.object({
  channel: z.string().nullable(),
  customers: z.number(),
  points: z.array(
    z.object({
      offset: z.number(),
      cohorts: z.number(),
      customers: z.number(),
      ltv: z.number(),
      retention: z.number(),
    }),
  ),
});

export const ltvCurvesSchema = cohortAnswerSchema.extend({ curves: z.array(curveSchema) });

export const retentionQuerySchema = z.object({
  from: isoDateSchema,
  to: isoDateSchema,
  churnDays: z.coerce
    .number()
    .int()
    .min(1)
    .max(3660)
    .default(30)
    .describe('days without an order before churn'),
  filter: scopeQuery.filter,
});

export const retentionSchema = z.object({
  from: z.string(),
  to: z.string(),
  churnDays: z.number(),
  startCustomers: z.number().describe('CS'),
  endCustomers: z.number().describe('CE'),
  acquiredCustomers: z.number().describe('CN: first orders and returns after churning'),
  reactivatedCustomers: z.number(),
  retention: z.number().nullable().describe('(CE − CN) / CS'),
  retainedCustomers: z.number(),
  retainedShare: z.number().nullable(),
});

export const fitQuerySchema = z.object({
  ...scopeQuery,
  unit: z.enum(['week', 'day']).default('week'),
  horizon: z.coerce.number().int().min(1).max(3660).optional().describe('units ahead projected'),
});

const estimateSchema = z.object({ value: z.number(), standardError: z.number().nullable() });
const modelFit = <K extends string>(names: readonly [K, ...K[]]) =>
  z.object({
    parameters: z.object(
      Object.fromEntries(names.map((name) => [name, z.number()])) as Record<K, z.ZodNumber>,
    ),
    estimates: z.object(
      Object.fromEntries(names.map((name) => [name, estimateSchema])) as Record<K, typeof estimateSchema>,
    ),
    logLikelihood: z.number(),
    customers: z.number(),
    converged: z.boolean(),
  });

export const fitSchema = z.object({
  through: z.string().nullable(),
  unit: z.enum(['week', 'day']),
  horizon: z.number(),
  purchase: modelFit(['r', 'alpha', 'a', 'b'])
    .extend({
      dropout: z
        .enum(['estimated', 'not_identified'])
        .describe(
          '`not_identified`: no drop-out in the purchases; the NBD is given as a = 0, b = 0 (not estimated)',
        ),
    })
    .nullable()
    .describe('BG/NBD'),
  spend: modelFit(['p', 'q', 'gamma']).nullable().describe('Gamma-Gamma'),
  channels: z.array(
    z.object({
      channel: z.string(),
      customers: z.number(),
      expectedPurchases: z.number(),
      projectedValue: z.number(),
      realisedValue: z.number(),
    }),
  ),
  notes: z.array(saidSchema),
});

export const paybackQuerySchema = z.object({
  ...scopeQuery,
  fromCohort: monthSchema.optional().describe('first acquisition month counted; default 11 months before'),
  margin: z.coerce.number().gt(0).max(1).optional().describe('gross margin on revenue; default 1'),
  horizon: z.coerce.number().int().min(1).max(120).optional().describe('months of LTV for LTV/CAC'),
});

export const paybackSchema = z.object({
  through: z.string().nullable(),
  fromCohort: z.string().nullable(),
  acquisitionSource: z.enum(['customers_fact', 'orders']).nullable(),
  margin: z.number(),
  horizon: z.number(),
  unallocatedShared: z.number(),
  channels: z.array(
    z.object({
      channel: z.string(),
      newCustomers: z.number(),
      media: z.number(),
      nonMedia: z.number(),
      shared: z.number(),
      cost: z.number(),
      cac: z.number().nullable(),
      ltv: z.number().nullable(),
      ltvMonths: z.number(),
      ltvToCac: z.number().nullable(),
      paybackMonth: z.number().nullable(),
    }),
  ),
  curves: z.array(curveSchema),
  notes: z.array(saidSchema),
});

export const customerRoutes: Route[] = [
  defineRoute({
    method: 'GET',
    path: '/api/workspaces/:ws/customers/cohorts',
    tag: 'analytics',
    summary: 'Cohort retention by acquisition month (and first channel)',
    description:
      'Customers grouped by the month of their first order: each later month, how many ordered again, their ' +
      'orders, revenue and realised LTV.',
    access: workspaceRole('viewer'),
    params: workspaceParams,
    query: cohortQuerySchema,
    response: cohortAnswerSchema,
    async handler(context) {
      const workspace = await workspaceContextOf(context);
      return cohortRetention(workspace, context.query);
    },
  }),

  defineRoute({
    method: 'GET',
    path: '/api/workspaces/:ws/customers/retention',
    tag: 'analytics',
    summary: 'Retention over a period by (CE − CN) / CS, with a churn rule',
    description:
      'CS: customers at the start, CE: at the end, CN: acquired in the period (a first order, or a return after ' +
      '`churnDays` days without one); with the share of starting customers still active at the end.',
    access: workspaceRole('viewer'),
    params: workspaceParams,
    query: retentionQuerySchema,
    response: retentionSchema,
    async handler(context) {
      const workspace = await workspaceContextOf(context);
      return customerRetention(workspace, context.query);
    },
  }),

  defineRoute({
    method: 'GET',
    path: '/api/workspaces/:ws/customers/ltv',
    tag: 'analytics',
    summary: 'Realised LTV curves by month after acquisition, pooled per first channel and per cohort',
    access: workspaceRole('viewer'),
    params: workspaceParams,
    query: cohortQuerySchema,
    response: ltvCurvesSchema,
    async handler(context) {
      const workspace = await workspaceContextOf(context);
      return ltvCurves(workspace, context.query);
    },
  }),

  defineRoute({
    method: 'GET',
    path: '/api/workspaces/:ws/customers/ltv/fit',
    tag: 'analytics',
    summary: 'BG/NBD and Gamma-Gamma fitted by maximum likelihood, with projections per first channel',
    description:
      'Parameters with standard errors from the observed information; each customer’s expected purchases and ' +
      'spend over the next `horizon` units, added up per first channel.',
    access: workspaceRole('viewer'),
    params: workspaceParams,
    query: fitQuerySchema,
    response: fitSchema,
    async handler(context) {
      const workspace = await workspaceContextOf(context);
      return fitLtv(workspace, context.query);
    },
  }),

  defineRoute({
    method: 'GET',
    path: '/api/workspaces/:ws/customers/payback',
    tag: 'analytics',
    summary: 'CAC with media and the cost ledger, LTV/CAC and payback month per channel',
    access: workspaceRole('viewer'),
    params: workspaceParams,
    query: paybackQuerySchema,
    response: paybackSchema,
    async handler(context) {
      const workspace = await workspaceContextOf(context);
      return payback(workspace, context.query);
    },
  }),
];
