/**
 * Saved views: an Explore question kept by name — its KPIs, dimensions, filter (the formula and
 * the values picked per dimension), period rule, grain, comparison and chart — so it opens again
 * as it was asked. The period is kept as a rule where it was named (`last_month`,
 * `event:618@2026`; a preset is resolved again on the day the view is opened) and as dates
 * otherwise. Boards pin saved views in the order a person arranges them; a shared board is the
 * workspace's (its editors arrange it), a private one its owner's alone.
 */
import { z } from 'zod';
import { GRAINS } from '../plan/query.js';

export const VIEW_CHARTS = ['line', 'bar', 'table'] as const;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

export const viewInputSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    kpis: z.array(z.string().min(1).max(100)).min(1).max(20),
    dimensions: z.array(z.string().min(1).max(100)).max(5).default([]),
    filter: z.string().max(10_000).optional(),
    picks: z.record(z.string().max(100), z.array(z.string().max(200)).max(200)).optional(),
    period: z.string().min(1).max(300).optional().describe('a preset or `event:<name>@<year>`'),
    from: isoDate.optional(),
    to: isoDate.optional(),
    grain: z.enum(GRAINS).default('day'),
    compare: z.enum(['previous', 'last_year', 'same_event']).optional(),
    chart: z.enum(VIEW_CHARTS).default('line'),
  })
  .refine((view) => (view.period === undefined) === (view.from !== undefined && view.to !== undefined), {
    message: 'a view keeps a period rule or a first and a last day',
    path: ['period'],
  });

export const viewSchema = z.object({
  id: z.string(),
  name: z.string(),
  kpis: z.array(z.string()),
  dimensions: z.array(z.string()),
  filter: z.string().optional(),
  picks: z.record(z.string(), z.array(z.string())).optional(),
  period: z.string().optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  grain: z.enum(GRAINS),
  compare: z.enum(['previous', 'last_year', 'same_event']).optional(),
  chart: z.enum(VIEW_CHARTS),
  createdAt: z.string(),
  author: z.string().nullable(),
});
export type SavedView = z.output<typeof viewSchema>;
export type ViewInput = z.input<typeof viewInputSchema>;

export const boardInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  shared: z.boolean().default(true),
  views: z.array(z.string().min(1).max(100)).max(50).default([]).describe('saved view ids, in their order'),
});

export const boardSchema = z.object({
  id: z.string(),
  name: z.string(),
  shared: z.boolean(),
  views: z.array(z.string()),
  owner: z.string().nullable(),
  updatedAt: z.string(),
});
export type Board = z.output<typeof boardSchema>;
export type BoardInput = z.input<typeof boardInputSchema>;
