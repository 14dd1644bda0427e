/**
 * The shapes the edges exchange for analytics answers (KPI query results, the overview, comparison
 * tables, formula checks), as zod schemas: the server validates and documents its responses with
 * them, the application layer returns their types, and the dashboard reads the same types.
 */
import { z } from 'zod';
import { AGGREGATION_CLASSES, DIRECTIONS, KPI_UNITS } from '../catalog/schema.js';
import { saidSchema } from '../messages/schema.js';
import { COMPARE_MODES } from '../periods/windows.js';

export const problemSchema = z.object({
  message: z.string(),
  file: z.string().optional(),
  path: z.string().optional(),
  row: z.number().optional(),
  column: z.union([z.number(), z.string()]).optional(),
  start: z.number().optional().describe('0-based offset into a formula, for underlining'),
  end: z.number().optional(),
  hint: z.string().optional(),
  said: saidSchema.optional().describe('the message as a key and parameters, to say it in any language'),
});

export const bilingualSchema = z.object({ en: z.string(), zh: z.string() });

export const isoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

export const cellSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const formulaCheckSchema = z.object({
  valid: z.boolean(),
  problems: z.array(problemSchema).describe('each with `start`/`end` offsets into the formula'),
  unit: z
    .string()
    .nullable()
    .describe('what the formula computes, e.g. `money per count`; null when unknown'),
  suggestedUnits: z.array(z.enum(KPI_UNITS)).describe('declared units that fit what the formula computes'),
  aggregation: z
    .enum(AGGREGATION_CLASSES)
    .nullable()
    .describe('the aggregation class the formula’s shape implies'),
  references: z.object({
    measures: z.array(z.string()),
    kpis: z.array(z.string()),
    dimensions: z.array(z.string()),
  }),
});

export const columnSchema = z.object({
  key: z.string().describe('the key of this column in each row'),
  role: z.enum(['time', 'dimension', 'kpi', 'previous', 'change', 'flag']),
  kpi: z.string().optional(),
  unit: z.enum(KPI_UNITS).optional(),
  onlyWhenSet: z.literal(true).optional().describe('a flag of prorated period rows, left out when unset'),
});

const rollupRangeSchema = z.object({ from: isoDateSchema, toExclusive: isoDateSchema });
/** One scan of a question answered from a rollup (the plan's `RollupUse`). */
const rollupUseSchema = z.object({
  rollup: z.string(),
  table: z.string(),
  fact: z.string(),
  whole: rollupRangeSchema.describe('the whole buckets read from the rollup'),
  edges: z.array(rollupRangeSchema).describe('days of the window outside them, read from the raw fact'),
  earlierWindow: z.boolean().describe('the scan reads a comparison or earlier window'),
});

/** How a table's rows were ranked (the application layer's `Ranking`). */
export const rankingSchema = z.object({
  sort: z
    .object({ key: z.string(), order: z.enum(['asc', 'desc']) })
    .optional()
    .describe('the column ranked by; empty cells last either way'),
  minimum: z
    .array(z.object({ kpi: z.string(), value: z.number() }))
    .describe('floors a ranked row reaches (value ≥ floor)'),
  belowMinimum: z.number().describe('rows under a floor, left out of the table'),
  apart: z
    .number()
    .describe(
      'rows without a value for a grouped dimension (no creator…), after the ranked ones with `__none`',
    ),
});

export const queryResultSchema = z.object({
  columns: z.array(columnSchema),
  rows: z
    .array(z.record(z.string(), cellSchema))
    .describe(
      'keyed by KPI id, dimension id, the grain name, and `<kpi>__previous`, `<kpi>__change`, `<kpi>__flag`',
    ),
  warnings: z.array(z.string()),
  period: z
    .object({ from: isoDateSchema, to: isoDateSchema })
    .optional()
    .describe('the days answered, defaults filled in'),
  comparison: z
    .object({
      mode: z.enum(COMPARE_MODES),
      period: z.object({ from: isoDateSchema, to: isoDateSchema }),
      event: z.string().optional().describe('the event compared with, for `same_event`'),
    })
    .optional()
    .describe('the window `<kpi>__previous` was read over, when a comparison was asked'),
  rollups: z
    .array(rollupUseSchema)
    .optional()
    .describe('the rollups read instead of the raw fact, one per scan; absent when none was'),
  ranking: rankingSchema.optional().describe('present when a `sort` or `min` was asked'),
  names: z
    .record(z.string(), z.record(z.string(), z.string()))
    .optional()
    .describe(
      'readable names of the ids in the rows, per dimension that has them (campaign, creator, content)',
    ),
});

const funnelStageSchema = z.object({
  stage: z.enum(['exposure', 'click', 'conversion']),
  kpi: z.string().describe('the count at this stage: impressions, clicks, conversions'),
  value: z.number().nullable(),
  rateKpi: z.string().nullable().describe('the step rate into this stage: ctr for click, cvr for conversion'),
  rate: z.number().nullable(),
  medianRate: z.number().nullable().describe('median of this rate across the workspace’s channels'),
  relativeToMedian: z
    .number()
    .nullable()
    .describe('rate / medianRate; below 1 is worse than the typical channel'),
  weakest: z.boolean().describe('the weakest stage of the whole funnel'),
});

export const RAG_STATUSES = ['green', 'amber', 'red'] as const;

export const ragSchema = z.enum(RAG_STATUSES);

export const tileTargetSchema = z.object({
  id: z.string().describe('the target’s id'),
  scope: z.string().describe('the target’s scope label'),
  period: z
    .object({ from: isoDateSchema, to: isoDateSchema })
    .describe('the target’s own period (it contains the tile’s)'),
  value: z
    .number()
    .describe(
      'the target for the tile’s period: the days’ share of an additive target, the level of a ratio, the planned level on the last day for a snapshot',
    ),
  fullValue: z.number().describe('the target as set, for its whole period'),
  attainment: z
    .number()
    .nullable()
    .describe('value vs target in the KPI’s direction (1 = on target; a cost under target is above 1)'),
  rag: ragSchema
    .nullable()
    .describe('below 90% red, 90–100% amber, else green; null without a value to judge'),
});

export const overviewSchema = z.object({
  period: z.object({ from: isoDateSchema, to: isoDateSchema }),
  periodSpec: z.string().optional().describe('how the window was named: a preset or `event:<name>@<year>`'),
  compare: z.enum(COMPARE_MODES),
  comparePeriod: z
    .object({ from: isoDateSchema, to: isoDateSchema })
    .optional()
    .describe('the window the tiles’ `previous` values cover'),
  compareEvent: z.string().optional().describe('the event compared with, for `same_event`'),
  tiles: z.array(
    z.object({
      kpi: z.string(),
      name: bilingualSchema,
      unit: z.enum(KPI_UNITS),
      direction: z.enum(DIRECTIONS),
      value: z.number().nullable(),
      previous: z.number().nullable(),
      change: z.number().nullable().describe('(value − previous) / |previous|'),
      flag: z.string().nullable().describe('e.g. `upper_bound` for reach summed over days'),
      sparkline: z.array(z.object({ date: isoDateSchema, value: z.number().nullable() })),
      target: tileTargetSchema
        .optional()
        .describe(
          'present when a target for this KPI covers the whole period, scoped to the whole workspace (no `filter`) or to exactly the requested `filter`',
        ),
    }),
  ),
  funnel: z.object({
    channels: z.array(
      z.object({
        channel: z.string(),
        stages: z.array(funnelStageSchema),
        weakestStage: z
          .enum(['click', 'conversion'])
          .nullable()
          .describe('this channel’s stage furthest below the median'),
      }),
    ),
    medians: z.object({ ctr: z.number().nullable(), cvr: z.number().nullable() }),
    weakest: z
      .object({ channel: z.string(), stage: z.enum(['click', 'conversion']), relativeToMedian: z.number() })
      .nullable(),
  }),
  warnings: z.array(z.string()),
  rollups: z
    .array(rollupUseSchema)
    .optional()
    .describe('the rollups its questions read instead of the raw fact, one per scan; absent when none was'),
});

export const COMPARISON_TABLES = [
  'channels',
  'campaigns',
  'creators',
  'content',
  'regions',
  'audiences',
] as const;

export type ComparisonTable = (typeof COMPARISON_TABLES)[number];

export const comparisonSchema = queryResultSchema.extend({
  table: z.enum(COMPARISON_TABLES),
  dimension: z.string().describe('the column holding each row’s id'),
  total: z.number().describe('rows after filtering and search, before paging'),
  labels: z.record(z.string(), z.string()).describe('display names of the ids on this page, where known'),
});

export type Overview = z.input<typeof overviewSchema>;
export type OverviewTile = Overview['tiles'][number];
export type FunnelChannel = Overview['funnel']['channels'][number];
export type FunnelStage = FunnelChannel['stages'][number];
export type TileTarget = z.input<typeof tileTargetSchema>;
export type ComparisonResult = z.input<typeof comparisonSchema>;
export type FormulaCheck = z.input<typeof formulaCheckSchema>;
export type QueryResultBody = z.input<typeof queryResultSchema>;
