/**
 * "Why did this KPI move" and "which funnel step is weakest" over HTTP: the same use cases as
 * `markpi why`, with their wire schemas. Every sentence comes as a message (a stable key and its
 * parameters) next to its text in English and Chinese.
 */
import { explainChange, weakestLink } from '@markpi/app';
import {
  bilingualSchema,
  COMPARISON_BASES,
  COMPARISONS,
  DIRECTIONS,
  isoDateSchema,
  KPI_UNITS,
} from '@markpi/core';
import { z } from 'zod';
import { defineRoute, type Route, workspaceRole } from '../http/route.js';
import { workspaceParams } from '../schemas.js';

const commaList = (description: string) =>
  z
    .string()
    .describe(description)
    .transform((text) =>
      text
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part.length > 0),
    );

// ---------------------------------------------------------------- messages

/**
 * A diagnosis message: a stable key and its parameters — numbers (fractions for shares and
 * changes), text (ids, dates), lists, and messages said first. Diagnosis messages nest at most
 * five deep; the levels are spelled out so the JSON schema needs no recursion.
 */
const messageValueSchema = z.union([z.string(), z.number(), z.array(z.string())]);
const messageOf = <T extends z.ZodType>(param: T) =>
  z.object({
    key: z.string().describe('stable id of the sentence, e.g. `diagnosis.finding.rate_below`'),
    params: z.record(z.string(), param),
  });
const nestOnce = <T extends z.ZodType>(inner: T) =>
  messageOf(z.union([messageValueSchema, inner, z.array(inner)]));
const diagnosisMessageSchema = nestOnce(nestOnce(nestOnce(nestOnce(messageOf(messageValueSchema)))));

const textSchema = bilingualSchema.describe('the message said in English and Chinese');
const saidSchema = z.object({ message: diagnosisMessageSchema, text: textSchema });

// ---------------------------------------------------------------- findings and advice

const comparisonSchema = z.object({
  basis: z.enum(COMPARISON_BASES),
  reference: z.number(),
  gap: z.number().describe('value / reference − 1 in the better direction: −0.72 is 72% short'),
  peers: z.number().optional().describe('peers: how many channels the median is taken over'),
  source: z.string().optional().describe('benchmark: where the figure comes from'),
  segment: z.string().optional().describe('benchmark: the segment it is for'),
});

const unitSchema = z.enum(KPI_UNITS);
const findingBase = {
  subject: z.string().nullable().describe('the channel the finding is about; null for the whole scope'),
  evidence: diagnosisMessageSchema,
  text: textSchema,
};

const findingSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('weak_step'),
    ...findingBase,
    funnel: z.string(),
    from: z.string().describe('the stage measure the step goes from'),
    to: z.string(),
    kpi: z.string().optional(),
    value: z.number(),
    unit: unitSchema,
    comparisons: z.array(comparisonSchema),
    judged: comparisonSchema,
  }),
  z.object({
    kind: z.literal('low_exposure'),
    ...findingBase,
    funnel: z.string(),
    measure: z.string(),
    value: z.number(),
    comparisons: z.array(comparisonSchema),
    judged: comparisonSchema,
  }),
  z.object({
    kind: z.literal('below_target'),
    ...findingBase,
    kpi: z.string(),
    value: z.number(),
    target: z.number(),
    unit: unitSchema,
    gap: z.number(),
  }),
  z.object({
    kind: z.literal('tracking_break'),
    ...findingBase,
    measure: z.string().describe('the outcome that collapsed'),
    change: z.number(),
    held: z.array(z.object({ measure: z.string(), change: z.number() })),
  }),
]);

const adviceSchema = z.object({
  rule: z.string(),
  priority: z.number(),
  kind: z.enum(['weak_step', 'low_exposure', 'below_target', 'tracking_break']),
  subject: z.string().nullable(),
  finding: z.number().int().describe('index of the finding answered, in `findings`'),
  message: diagnosisMessageSchema,
  text: textSchema,
});

// ---------------------------------------------------------------- why did a KPI move

const periodSchema = z.object({ from: isoDateSchema, to: isoDateSchema });
const stepSchema = z.object({
  dimension: z.string(),
  segment: z.string().describe("the dimension's value; `''` for rows without one"),
  label: z.string().optional().describe('its readable name (campaigns, creators, content)'),
});

const factorFields = {
  numerator: z.string(),
  scale: z.number(),
  exponent: z.number(),
  before: z.number().nullable(),
  after: z.number().nullable(),
  contribution: z.number().describe("the part's share of the change, in the KPI's unit"),
  share: z.number().nullable().describe('contribution / change'),
  name: bilingualSchema,
};

export const whyParamsSchema = z.object({
  kpi: z.string().min(1).describe('the KPI whose change is explained'),
  from: isoDateSchema.optional().describe('default: 29 days before `to`'),
  to: isoDateSchema.optional().describe('default: the last day with data'),
  compare: z.enum(COMPARISONS).default('previous').describe('the window the change is measured against'),
  filter: z.string().max(10_000).optional().describe('condition on dimensions, in the formula language'),
  by: commaList(
    'dimensions to split by, each within the one before (default channel → campaign → ad group or creator → content)',
  ).optional(),
});

export const changeExplanationSchema = z.object({
  kpi: z.object({
    id: z.string(),
    name: bilingualSchema,
    unit: unitSchema,
    direction: z.enum(DIRECTIONS),
  }),
  compare: z.enum(COMPARISONS),
  window: periodSchema,
  earlier: periodSchema.describe('the window compared with'),
  filter: z.string().nullable(),
  hierarchy: z
    .array(z.object({ dimension: z.string(), parent: z.number().int().nullable() }))
    .describe('the dimensions split by: each with the index of the level whose segments it splits'),
  before: z.number().nullable(),
  after: z.number().nullable(),
  change: z.number().nullable(),
  relativeChange: z.number().nullable(),
  summary: z.array(saidSchema),
  formula: z.object({
    method: z.enum(['lmdi', 'zero_limit', 'shapley', 'additive', 'unchanged', 'undefined']),
    basis: z.enum(['funnel', 'formula']),
    funnel: z.string().nullable(),
    factors: z.array(
      z.object({
        id: z.string().describe('the KPI the factor is, `numerator/denominator`, or the input'),
        ...factorFields,
        role: z.enum(['factor', 'term', 'input']),
        kpi: z.string().optional(),
        denominator: z.string().optional(),
      }),
    ),
    groups: z.array(
      z.object({
        ...factorFields,
        kpi: z.string().describe('the KPI a run of factors makes up (CPC inside CPA)'),
        denominator: z.string(),
        factors: z.array(z.number().int()),
      }),
    ),
    notes: z.array(saidSchema),
  }),
  segments: z
    .object({
      shape: z.enum(['additive', 'ratio']),
      mix: z.number().nullable(),
      rate: z.number().nullable(),
      steps: z.array(
        z.object({
          path: z.array(stepSchema),
          part: z.number(),
          considered: z.array(
            z.object({ dimension: z.string(), top: z.string().nullable(), topShare: z.number().nullable() }),
          ),
          dimension: z.string(),
          mix: z.number().nullable(),
          rate: z.number().nullable(),
          descended: z.string().nullable(),
        }),
      ),
      drivers: z.array(
        z.object({
          path: z.array(stepSchema),
          where: saidSchema,
          segment: z.string(),
          before: z.number().nullable(),
          after: z.number().nullable(),
          weightBefore: z.number().nullable(),
          weightAfter: z.number().nullable(),
          mix: z.number().nullable(),
          rate: z.number().nullable(),
          contribution: z.number(),
          share: z.number().nullable(),
          shareOfChange: z.number().nullable(),
          status: z.enum(['both', 'new', 'gone', 'no_denominator']),
        }),
      ),
      otherDrivers: z.object({ count: z.number().int(), contribution: z.number() }),
      notes: z.array(saidSchema),
    })
    .nullable(),
  findings: z.array(findingSchema),
  advice: z.array(adviceSchema),
  notes: z.array(saidSchema),
  warnings: z.array(z.string()),
});

// ---------------------------------------------------------------- the weakest link

export const weakestLinkParamsSchema = z.object({
  from: isoDateSchema.optional().describe('default: 29 days before `to`'),
  to: isoDateSchema.optional().describe('default: the last day with data'),
  filter: z.string().max(10_000).optional().describe('condition on dimensions, in the formula language'),
  funnel: z.string().optional().describe('a built-in funnel id; default `paid_conversion`'),
});

export const weakestLinkSchema = z.object({
  funnel: z.object({ id: z.string(), name: bilingualSchema }),
  window: periodSchema,
  previous: periodSchema,
  lastYear: periodSchema,
  filter: z.string().nullable(),
  order: z.array(z.enum(COMPARISON_BASES)).describe('the references a step is judged by, first found first'),
  channels: z.array(
    z.object({
      channel: z.string(),
      stages: z.array(
        z.object({
          stage: z.string(),
          measure: z.string(),
          value: z.number(),
          previous: z.number().nullable(),
          lastYear: z.number().nullable(),
        }),
      ),
      steps: z.array(
        z.object({
          from: z.string(),
          to: z.string(),
          kpi: z.string().nullable(),
          unit: unitSchema,
          value: z.number().nullable(),
          comparisons: z.array(comparisonSchema),
          judged: comparisonSchema.nullable(),
        }),
      ),
      exposure: z.array(comparisonSchema),
      weakest: z.number().int().nullable(),
    }),
  ),
  weakest: z
    .object({
      channel: z.string(),
      step: z.number().int(),
      from: z.string(),
      to: z.string(),
      kpi: z.string().nullable(),
      value: z.number(),
      judged: comparisonSchema,
    })
    .nullable(),
  summary: saidSchema,
  findings: z.array(findingSchema),
  advice: z.array(adviceSchema),
  notes: z.array(saidSchema),
  warnings: z.array(z.string()),
});

export const diagnosisRoutes: Route[] = [
  defineRoute({
    method: 'GET',
    path: '/api/workspaces/:ws/why',
    tag: 'analytics',
    summary: 'Why a KPI moved: its change split by formula and by segment, findings and advice',
    description:
      'The change between the window and the one compared with, split exactly over the factors of the formula ' +
      'and over segments (channel → campaign → ad group or creator → content, followed while one segment explains ' +
      'at least half), with funnel findings per channel (weak steps, low exposure, tracking breaks) and advice.',
    access: workspaceRole('viewer'),
    params: workspaceParams,
    query: whyParamsSchema,
    response: changeExplanationSchema,
    async handler(context) {
      const { services, query } = context;
      const workspace = await services.registry.context(context.workspace().record, services.now);
      return explainChange(workspace, query);
    },
  }),

  defineRoute({
    method: 'GET',
    path: '/api/workspaces/:ws/weakest-link',
    tag: 'analytics',
    summary: 'The weakest funnel step per channel, against peers, own history and benchmarks',
    description:
      'Each channel’s steps (CTR, CVR) judged against the median of the other channels in scope first, then its own ' +
      'previous period and same period last year, then benchmarks; a single channel against its own history.',
    access: workspaceRole('viewer'),
    params: workspaceParams,
    query: weakestLinkParamsSchema,
    response: weakestLinkSchema,
    async handler(context) {
      const { services, query } = context;
      const workspace = await services.registry.context(context.workspace().record, services.now);
      return weakestLink(workspace, query);
    },
  }),
];
