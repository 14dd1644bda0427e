/**
 * What a question for KPIs looks like, whoever asks it (dashboard, CLI, API, targets,
 * scorecards). Validated with zod so every edge rejects the same bad input the same way.
 */
import { z } from 'zod';

export const GRAINS = ['day', 'week', 'month', 'quarter', 'year', 'total'] as const;
export type Grain = (typeof GRAINS)[number];

export const COMPARISONS = ['previous', 'last_year'] as const;
export type Comparison = (typeof COMPARISONS)[number];

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

const kpiQueryFields = z.object({
  kpis: z.array(z.string().min(1)).min(1, 'at least one KPI'),
  /** Dimension ids to group by, besides time. */
  dimensions: z.array(z.string().min(1)).default([]),
  /** A condition over dimensions in the formula language, e.g. `channel = 'douyin'`. */
  filter: z.string().max(10_000).optional(),
  /** First day, inclusive. */
  from: isoDate,
  /** Last day, inclusive. */
  to: isoDate,
  grain: z.enum(GRAINS).default('total'),
  /** IANA time zone that resolves relative dates; daily facts are already local dates. */
  timeZone: z.string().default('UTC'),
  compare: z.enum(COMPARISONS).optional(),
  /** Cap on returned rows. */
  limit: z.number().int().positive().max(1_000_000).optional(),
});

export const kpiQuerySchema = kpiQueryFields.refine((query) => query.from <= query.to, {
  message: '`from` must not be after `to`',
  path: ['to'],
});

export type KpiQuery = z.input<typeof kpiQuerySchema>;
export type ResolvedKpiQuery = z.output<typeof kpiQuerySchema>;

/**
 * A question as a person asks it: the window and the time zone may be left out, and the
 * application layer fills them from the workspace (its last day with data, its time zone).
 */
export const kpiRequestSchema = kpiQueryFields.extend({
  from: isoDate.optional().describe('first day, inclusive; default: 29 days before `to`'),
  to: isoDate.optional().describe('last day, inclusive; default: the last day with data'),
  timeZone: z.string().optional().describe('default: the workspace’s time zone'),
});

export type KpiRequest = z.input<typeof kpiRequestSchema>;
