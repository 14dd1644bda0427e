/**
 * The wire shapes of a board's answer — every card's numbers in one response — and of the
 * overview's tiles as a workspace (and, over it, one person) arranged them. The overview is the
 * workspace's default board: its tiles are a list of KPI ids, in order.
 */
import { z } from 'zod';
import { DIRECTIONS, KPI_UNITS } from '../catalog/schema.js';
import { COMPARE_MODES } from '../periods/windows.js';
import { bilingualSchema, cellSchema, columnSchema, isoDateSchema } from '../wire/analytics.js';
import { boardSchema } from './schemas.js';

const periodSchema = z.object({ from: isoDateSchema, to: isoDateSchema });

const comparisonSchema = z.object({
  mode: z.enum(COMPARE_MODES),
  period: periodSchema,
  event: z.string().optional().describe('the event compared with, for `same_event`'),
});

const answeredBase = {
  view: z.string().describe('the saved view’s id'),
  name: z.string(),
  period: periodSchema.describe('the days answered: the view’s rule resolved today, or its dates'),
  periodSpec: z.string().optional().describe('the view’s period rule, when it keeps one'),
  comparison: comparisonSchema.optional().describe('the window changes are measured against'),
};

export const boardCardSchema = z.union([
  z.object({
    status: z.literal('answered'),
    kind: z.literal('tile'),
    ...answeredBase,
    tile: z.object({
      kpi: z.string(),
      name: bilingualSchema,
      unit: z.enum(KPI_UNITS),
      direction: z.enum(DIRECTIONS),
      value: z.number().nullable(),
      previous: z.number().nullable(),
      change: z.number().nullable().describe('(value − previous) / |previous|'),
      flag: z.string().nullable(),
      grain: z.enum(['day', 'week', 'month', 'quarter', 'year']).describe('the sparkline’s buckets'),
      sparkline: z.array(z.object({ bucket: z.string(), value: z.number().nullable() })),
    }),
    warnings: z.array(z.string()),
  }),
  z.object({
    status: z.literal('answered'),
    kind: z.enum(['line', 'bar', 'table']),
    ...answeredBase,
    grain: z.string(),
    columns: z.array(columnSchema),
    rows: z.array(z.record(z.string(), cellSchema)),
    warnings: z.array(z.string()),
  }),
  z.object({
    status: z.literal('missing'),
    view: z.string().describe('a pinned view since removed'),
  }),
  z.object({
    status: z.literal('failed'),
    view: z.string(),
    name: z.string(),
    error: z.object({ code: z.string(), message: z.string() }),
  }),
]);

export const boardAnswerSchema = z.object({
  board: boardSchema,
  cards: z.array(boardCardSchema).describe('one per pinned view, in the board’s order'),
});

export type BoardCard = z.input<typeof boardCardSchema>;
export type BoardAnswer = z.input<typeof boardAnswerSchema>;

/** Most tiles an overview shows. */
export const OVERVIEW_TILE_LIMIT = 24;

export const OVERVIEW_TILE_SCOPES = ['workspace', 'mine'] as const;

export const overviewTilesInputSchema = z.strictObject({
  kpis: z.array(z.string().min(1).max(100)).min(1).max(OVERVIEW_TILE_LIMIT).describe('KPI ids, in order'),
  scope: z
    .enum(OVERVIEW_TILE_SCOPES)
    .default('workspace')
    .describe('`workspace`: everyone’s tiles (editors); `mine`: one’s own, over the workspace’s'),
});

export const overviewTilesSchema = z.object({
  kpis: z.array(z.string()).describe('the tiles the overview shows this person, in order'),
  source: z.enum(['defaults', 'workspace', 'mine']),
  workspace: z.array(z.string()).nullable().describe('the workspace’s tiles, when it set them'),
  mine: z.array(z.string()).nullable().describe('this person’s own tiles, when they set them'),
  defaults: z.array(z.string()),
});

export type OverviewTilesInput = z.input<typeof overviewTilesInputSchema>;
export type OverviewTiles = z.output<typeof overviewTilesSchema>;
