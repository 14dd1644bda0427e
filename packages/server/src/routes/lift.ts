/**
 * Incrementality over HTTP: the same use cases as `markpi lift` — pre/post, geo tests and their
 * design over the workspace, holdouts and search lift from counts — and the lift ledger. An
 * analysis is read-only (viewers may run one); recording one is a change (editors), and the
 * server records only what it computed itself: the request is analysed again and its result
 * kept. Every sentence comes as a message (key and parameters) with its English and Chinese.
 */
import {
  brandSearchLift,
  channelCalibrations,
  designGeoTest,
  designRequestSchema,
  geoLift,
  geoRequestSchema,
  holdoutLift,
  holdoutRequestSchema,
  liftCalibrationSchema,
  liftEntryWithinScope,
  liftRecordBodySchema,
  liftRecordDraftSchema,
  listLiftLedger,
  PLATFORM_CONVERSIONS,
  prePostLift,
  prePostRequestSchema,
  recordLift,
  searchLiftRequestSchema,
  withdrawLift,
} from '@markpi/app';
import { bilingualSchema, isoDateSchema, KPI_UNITS, MarkpiError } from '@markpi/core';
import { z } from 'zod';
import { defineRoute, type Route, workspaceRole } from '../http/route.js';
import { workspaceParams } from '../schemas.js';
import { type AnyContext, audit } from './support.js';

// ---------------------------------------------------------------- shared shapes

const messageParamsSchema = z.record(z.string(), z.union([z.string(), z.number(), z.array(z.string())]));
const messageSchema = z.object({
  key: z.string().describe('stable id of the sentence, e.g. `lift.prepost.summary`'),
  params: messageParamsSchema,
});
const saidSchema = messageSchema.extend({
  text: bilingualSchema.describe('the message in English and Chinese'),
});
const estimateSchema = z.object({ value: z.number(), low: z.number(), high: z.number() });
const openEstimateSchema = z.object({
  value: z.number().nullable(),
  low: z.number().nullable(),
  high: z.number().nullable(),
});
const intervalSchema = z.object({ low: z.number().nullable(), high: z.number().nullable() });
const periodSchema = z.object({ from: isoDateSchema, to: isoDateSchema });
const kpiSchema = z.object({ id: z.string(), name: bilingualSchema, unit: z.enum(KPI_UNITS) });
const economicsSchema = z.object({
  spend: z.number(),
  valuePerUnit: z.number().nullable(),
  incrementalValue: estimateSchema.nullable(),
  incrementalRoas: estimateSchema.nullable(),
  incrementalRoi: estimateSchema.nullable(),
  costPerIncremental: openEstimateSchema.describe(
    'spend ÷ incremental volume; null where it has no finite value',
  ),
});

// ---------------------------------------------------------------- pre/post

const prePostResultSchema = z.object({
  convention: z.object({
    trend: z.enum(['none', 'linear', 'quadratic']),
    weekly: z.boolean(),
    errors: z.enum(['independent', 'ar1']),
    level: z.number(),
    events: z.array(z.string()).describe('event groups with an effect of their own in the baseline'),
    leftOutEvents: z
      .array(z.string())
      .describe('event groups absent from the pre-period, their days left out'),
    controls: z.array(z.string()),
  }),
  fit: z.object({
    days: z.number().int(),
    parameters: z.number().int(),
    degreesOfFreedom: z.number().int(),
    residualSd: z.number(),
    rSquared: z.number(),
    autocorrelation: z.number().nullable(),
    rho: z.number(),
    coefficients: z.array(z.object({ name: z.string(), value: z.number(), standardError: z.number() })),
  }),
  days: z.array(
    z.object({
      date: isoDateSchema,
      actual: z.number().nullable(),
      counterfactual: z.number().nullable(),
      low: z.number().nullable(),
      high: z.number().nullable(),
      effect: z.number().nullable(),
      leftOut: z.enum(['event', 'missing']).optional(),
    }),
  ),
  measuredDays: z.number().int(),
  actual: z.number(),
  counterfactual: estimateSchema,
  incremental: estimateSchema.extend({ standardError: z.number() }),
  lift: estimateSchema.nullable(),
  pValue: z.number(),
  economics: economicsSchema.nullable(),
  notes: z.array(messageSchema),
  summary: messageSchema,
});

const prePostAnswerSchema = z.object({
  method: z.literal('prepost'),
  kpi: kpiSchema,
  scope: z.object({ filter: z.string().nullable(), label: z.string() }),
  window: periodSchema,
  pre: periodSchema,
  calendar: z
    .object({
      id: z.string(),
      events: z.array(
        z.object({
          name: z.string(),
          from: isoDateSchema,
          to: isoDateSchema.optional(),
          group: z.string().optional(),
        }),
      ),
    })
    .nullable(),
  spend: z.number().nullable(),
  result: prePostResultSchema,
  calibration: liftCalibrationSchema.nullable(),
  summary: saidSchema,
  notes: z.array(saidSchema),
  draft: liftRecordDraftSchema.describe('the result as the ledger would keep it'),
});

// ---------------------------------------------------------------- geo

const weightSchema = z.object({ location: z.string(), weight: z.number() });
const geoCellSchema = z.object({
  cell: z.string(),
  treated: z.array(z.string()),
  weights: z.array(weightSchema),
  simplexWeights: z.array(weightSchema),
  ridge: z.number().nullable(),
  days: z.array(
    z.object({
      date: isoDateSchema,
      period: z.enum(['pre', 'test']),
      treated: z.number().describe('mean of the treated locations'),
      synthetic: z.number(),
      gap: z.number(),
    }),
  ),
  testDays: z.number().int(),
  actual: z.number(),
  counterfactual: z.number(),
  att: z.number(),
  incremental: z.number(),
  percentLift: z.number().nullable(),
  imbalance: z.object({ l2: z.number(), scaledL2: z.number().nullable() }),
  inference: z
    .object({
      method: z.literal('conformal'),
      permutations: z.number().int(),
      pValue: z.number(),
      level: z.number(),
      att: intervalSchema,
      incremental: intervalSchema,
      lift: intervalSchema,
    })
    .nullable(),
  economics: economicsSchema.nullable(),
  notes: z.array(messageSchema),
  summary: messageSchema,
});

const geoAnswerSchema = z.object({
  method: z.literal('geo'),
  source: z.enum(['workspace', 'file']),
  kpi: kpiSchema.nullable(),
  measure: z.string(),
  scope: z.object({ filter: z.string().nullable(), dimension: z.string(), label: z.string() }),
  test: periodSchema,
  pre: periodSchema,
  controls: z.array(z.string()),
  cell: geoCellSchema,
  spend: z.number().nullable(),
  calibration: liftCalibrationSchema.nullable(),
  summary: saidSchema,
  notes: z.array(saidSchema),
  draft: liftRecordDraftSchema,
});

// ---------------------------------------------------------------- design

const designAnswerSchema = z.object({
  method: z.literal('design'),
  kpi: kpiSchema.nullable(),
  measure: z.string(),
  scope: z.object({ filter: z.string().nullable(), dimension: z.string(), label: z.string() }),
  history: z.object({
    from: isoDateSchema,
    to: isoDateSchema,
    days: z.number().int(),
    locations: z.number().int(),
  }),
  compared: z.number().int().describe('candidates compared, before `limit`'),
  result: z.object({
    convention: z.object({
      duration: z.number().int(),
      windows: z.number().int(),
      preDays: z.number().int().nullable(),
      alpha: z.number(),
      power: z.number(),
      ridge: z.object({ lambda: z.number().optional(), relative: z.number().optional() }).nullable(),
    }),
    candidates: z.array(
      z.object({
        treated: z.array(z.string()),
        mde: z.number().nullable(),
        mdeIncremental: z.number().nullable(),
        budget: z.number().nullable(),
        power: z.array(z.object({ effect: z.number(), power: z.number() })),
        expectedVolume: z.number(),
        placebo: z.object({
          rmse: z.number(),
          meanLift: z.number(),
          meanAbsoluteLift: z.number(),
          falsePositiveRate: z.number(),
          meanScaledL2: z.number().nullable(),
        }),
        summary: messageSchema,
      }),
    ),
    notes: z.array(messageSchema),
  }),
  notes: z.array(saidSchema),
});

// ---------------------------------------------------------------- holdout and search

const rateSchema = estimateSchema.extend({ method: z.literal('wilson') });
const holdoutAnswerSchema = z.object({
  method: z.literal('holdout'),
  result: z.object({
    treatmentRate: rateSchema,
    controlRate: rateSchema,
    difference: estimateSchema,
    relativeLift: estimateSchema.nullable(),
    zTest: z.object({ z: z.number(), pValue: z.number() }),
    level: z.number(),
    incremental: estimateSchema,
    bayes: z.object({
      probabilityTreatmentBetter: z.number(),
      method: z.enum(['closed_form', 'quadrature']),
      prior: z.object({ alpha: z.number(), beta: z.number() }),
    }),
    economics: economicsSchema.nullable(),
    notes: z.array(messageSchema),
    summary: messageSchema,
  }),
  calibration: liftCalibrationSchema.nullable(),
  summary: saidSchema,
  notes: z.array(saidSchema),
  draft: liftRecordDraftSchema.nullable(),
});

const searchAnswerSchema = z.object({
  method: z.literal('search'),
  result: z.object({
    exposedRate: rateSchema,
    baselineRate: rateSchema,
    difference: estimateSchema,
    relativeLift: estimateSchema.nullable(),
    incrementalSearchers: estimateSchema,
    pValue: z.number(),
    level: z.number(),
    summary: messageSchema,
  }),
  summary: saidSchema,
  draft: liftRecordDraftSchema.nullable(),
});

// ---------------------------------------------------------------- ledger

const entrySchema = liftRecordBodySchema.extend({
  id: z.string(),
  version: z.number().int(),
  recordedAt: z.string().describe('ISO-8601 UTC'),
  author: z.string().nullable(),
  ageDays: z.number().int().describe('days since the test ended, in the workspace’s time zone'),
});

const ledgerSchema = z.object({
  entries: z.array(entrySchema),
  calibrations: z
    .array(
      z.object({
        channel: z.string(),
        measured: z.object({ value: z.number(), low: z.number().nullable(), high: z.number().nullable() }),
        factor: z.number().describe('what calibrated ROAS multiplies by: the measured factor, 0 below 0'),
        source: z.object({
          id: z.string(),
          name: z.string(),
          method: z.string(),
          period: periodSchema,
          recordedAt: z.string(),
        }),
      }),
    )
    .describe('the factor in force for each channel: its latest test'),
  basis: z.object({ id: z.string(), label: bilingualSchema }),
});

const recordBodySchema = z.object({
  name: z.string().trim().min(1).max(200).describe('what the ledger calls the result'),
  analysis: z.discriminatedUnion('method', [
    z.object({ method: z.literal('prepost'), request: prePostRequestSchema }),
    z.object({ method: z.literal('geo'), request: geoRequestSchema }),
    z.object({ method: z.literal('holdout'), request: holdoutRequestSchema }),
    z.object({ method: z.literal('search'), request: searchLiftRequestSchema }),
  ]),
});

const entryParams = z.object({ ws: z.string(), id: z.string() });

async function workspaceOf(context: AnyContext) {
  const { services } = context;
  return services.registry.context(context.workspace().record, services.now);
}

export const liftRoutes: Route[] = [
  defineRoute({
    method: 'POST',
    path: '/api/workspaces/:ws/lift/prepost',
    tag: 'lift',
    summary: 'Pre/post: a KPI per day in a scope against the baseline its pre-period forecasts',
    description:
      'The baseline is a regression on the pre-period (trend, weekdays, the event calendar’s events — one effect per ' +
      'event across years — and controls), its forecast error AR(1) by default; the pre-period defaults to ' +
      'max(56, 2 × window) days before the window. Returns the day-by-day counterfactual, the incremental volume with ' +
      'its interval and p-value, the economics against the scope’s spend, and the incrementality factor when the KPI ' +
      'is what attribution counts in one channel.',
    access: workspaceRole('viewer'),
    params: workspaceParams,
    body: prePostRequestSchema,
    response: prePostAnswerSchema,
    async handler(context) {
      return prePostLift(await workspaceOf(context), context.body);
    },
  }),

  defineRoute({
    method: 'POST',
    path: '/api/workspaces/:ws/lift/geo',
    tag: 'lift',
    summary: 'Geo test: treated locations against a synthetic control of the others',
    description:
      'The KPI per day and value of `by` (default `region`) in the scope, through the planner; weights on the simplex ' +
      '(or ridge-augmented) fitted on the pre-period (default max(56, 4 × test) days before the test); conformal ' +
      'inference by moving-block permutations.',
    access: workspaceRole('viewer'),
    params: workspaceParams,
    body: geoRequestSchema,
    response: geoAnswerSchema,
    async handler(context) {
      return geoLift(await workspaceOf(context), context.body);
    },
  }),

  defineRoute({
    method: 'POST',
    path: '/api/workspaces/:ws/lift/design',
    tag: 'lift',
    summary: 'Designing a geo test: which locations to treat and what a test can detect',
    description:
      'Every candidate set of locations is judged on placebo windows of the history: its minimum detectable effect at ' +
      'the power asked, the volume and budget that implies, and its power at given effects. At most 5,000 candidates ' +
      'unless `maxCandidates` says more.',
    access: workspaceRole('viewer'),
    params: workspaceParams,
    body: designRequestSchema,
    response: designAnswerSchema,
    async handler(context) {
      return designGeoTest(await workspaceOf(context), context.body);
    },
  }),

  defineRoute({
    method: 'POST',
    path: '/api/workspaces/:ws/lift/holdout',
    tag: 'lift',
    summary: 'A holdout test from its counts: rates, difference, relative lift, incremental conversions',
    access: workspaceRole('viewer'),
    params: workspaceParams,
    body: holdoutRequestSchema,
    response: holdoutAnswerSchema,
    async handler(context) {
      return holdoutLift(context.body);
    },
  }),

  defineRoute({
    method: 'POST',
    path: '/api/workspaces/:ws/lift/search',
    tag: 'lift',
    summary: 'Brand search lift: the search rate of viewers against a matched baseline',
    access: workspaceRole('viewer'),
    params: workspaceParams,
    body: searchLiftRequestSchema,
    response: searchAnswerSchema,
    async handler(context) {
      return brandSearchLift(context.body);
    },
  }),

  defineRoute({
    method: 'GET',
    path: '/api/workspaces/:ws/lift/ledger',
    tag: 'lift',
    summary:
      'The lift ledger: recorded tests, latest first, and the factor each channel’s ROAS is calibrated by',
    access: workspaceRole('viewer'),
    params: workspaceParams,
    query: z.object({
      withdrawn: z
        .enum(['true', 'false'])
        .optional()
        .describe('list withdrawn entries too')
        .transform((value) => value === 'true'),
    }),
    response: ledgerSchema,
    async handler(context) {
      const workspace = await workspaceOf(context);
      // A scoped caller reads the entries whose filter lies inside the scope, and the factors they make.
      const entries = (await listLiftLedger(workspace, { withdrawn: context.query.withdrawn })).filter(
        (entry) => liftEntryWithinScope(workspace.scope, entry),
      );
      const inForce = entries.filter((entry) => entry.withdrawn === null);
      return {
        entries,
        calibrations: channelCalibrations(inForce, PLATFORM_CONVERSIONS),
        basis: { id: PLATFORM_CONVERSIONS.id, label: PLATFORM_CONVERSIONS.label },
      };
    },
  }),

  defineRoute({
    method: 'POST',
    path: '/api/workspaces/:ws/lift/ledger',
    tag: 'lift',
    summary:
      'Records a result in the lift ledger: the analysis is run again and its result kept under a name',
    description:
      'Send the analysis’s method and the request it was run with. A holdout or search lift needs its `period`. A ' +
      'result that measured what attribution counts in one channel calibrates that channel’s ROAS (`calibrated_roas`).',
    access: workspaceRole('editor'),
    params: workspaceParams,
    body: recordBodySchema,
    response: entrySchema,
    async handler(context) {
      const workspace = await workspaceOf(context);
      const { analysis, name } = context.body;
      const answer =
        analysis.method === 'prepost'
          ? await prePostLift(workspace, analysis.request)
          : analysis.method === 'geo'
            ? await geoLift(workspace, analysis.request)
            : analysis.method === 'holdout'
              ? holdoutLift(analysis.request)
              : brandSearchLift(analysis.request);
      if (!answer.draft)
        throw new MarkpiError('invalid_request', 'recording a result needs the days the test ran', [
          { message: 'no period', path: 'analysis.request.period', hint: 'give `period: { from, to }`' },
        ]);
      const entry = await recordLift(workspace, answer.draft, { name, author: context.user().login });
      await audit(context, {
        action: 'lift.record',
        target: entry.id,
        details: { method: entry.method, channel: entry.calibration?.channel ?? null },
      });
      return entry;
    },
  }),

  defineRoute({
    method: 'POST',
    path: '/api/workspaces/:ws/lift/ledger/:id/withdraw',
    tag: 'lift',
    summary: 'Takes a ledger entry back: kept in its history, it no longer calibrates ROAS',
    access: workspaceRole('editor'),
    params: entryParams,
    body: z.object({ reason: z.string().max(500).optional() }),
    response: entrySchema,
    async handler(context) {
      const workspace = await workspaceOf(context);
      const entry = await withdrawLift(workspace, context.params.id, {
        ...(context.body.reason ? { reason: context.body.reason } : {}),
        author: context.user().login,
      });
      await audit(context, { action: 'lift.withdraw', target: entry.id, details: {} });
      return entry;
    },
  }),
];
