/**
 * Designing a geo test: which locations to treat, for how long, and what effect that can detect
 * (core `selectMarkets`), on the workspace's history of a KPI per day and location, or on a
 * panel read from a file.
 *
 * Defaults, each stated in the answer: the history is the scope's days up to the last day with
 * data (or `to`), at most a year; every combination of `treatedCount` locations (default 1) is a
 * candidate, refused beyond 5,000 so a question does not run for hours by accident.
 */
import {
  addDays,
  type GeoPanel,
  invalidRequest,
  type MarketSelectionResult,
  type RidgeOption,
  selectMarkets,
} from '@markpi/core';
import { z } from 'zod';
import { lastDayWithData, type WorkspaceContext } from '../workspace.js';
import { filterSchema, isoDate, sayAll, scopeLabel } from './analysis.js';
import type { LiftSaid } from './messages.js';
import { type LiftKpi, liftKpi, locationPanel } from './series.js';

/** Longest default history, in days. */
export const DESIGN_HISTORY_DAYS = 365;
/** Most candidates a design compares unless asked for more. */
export const DESIGN_MAX_CANDIDATES = 5000;

const designFields = {
  duration: z.number().int().min(1).describe('test length in days'),
  treatedCount: z.number().int().min(1).optional().describe('locations per candidate; default 1'),
  candidates: z
    .array(z.array(z.string().min(1)).min(1))
    .optional()
    .describe('treated sets to compare'),
  windows: z.number().int().min(1).optional().describe('placebo windows'),
  preDays: z.number().int().min(2).optional(),
  alpha: z.number().gt(0).lt(1).optional(),
  power: z.number().gt(0).lt(1).optional(),
  exclude: z.array(z.string().min(1)).optional(),
  ridge: z.union([z.boolean(), z.number().positive()]).optional(),
  costPerIncremental: z
    .number()
    .min(0)
    .optional()
    .describe('expected cost per incremental unit, for the budget'),
  effects: z.array(z.number().min(0)).optional().describe('effects (0.05 is +5%) to report the power of'),
  maxCandidates: z.number().int().min(1).optional(),
  limit: z
    .number()
    .int()
    .min(1)
    .max(1000)
    .optional()
    .describe('candidates to return, best first; default 20'),
};

export const designRequestSchema = z.object({
  kpi: z.string().min(1),
  filter: filterSchema.optional(),
  by: z.string().min(1).default('region'),
  from: isoDate.optional().describe('first day of the history'),
  to: isoDate.optional().describe('last day of the history; default the last day with data'),
  ...designFields,
});
export type DesignRequest = z.input<typeof designRequestSchema>;

export const designPanelRequestSchema = z.object(designFields);
export type DesignPanelRequest = z.input<typeof designPanelRequestSchema>;

export interface DesignAnswer {
  method: 'design';
  kpi: Omit<LiftKpi, 'additive'> | null;
  measure: string;
  scope: { filter: string | null; dimension: string; label: string };
  history: { from: string; to: string; days: number; locations: number };
  /** Candidates compared, before `limit`. */
  compared: number;
  result: MarketSelectionResult;
  notes: LiftSaid[];
}

function runDesign(
  panel: GeoPanel,
  request: z.output<typeof designPanelRequestSchema>,
): MarketSelectionResult {
  const ridge: RidgeOption | undefined =
    request.ridge === undefined || request.ridge === false
      ? undefined
      : request.ridge === true
        ? {} // each placebo window's strength cross-validated over its pre-period
        : { lambda: request.ridge };
  return selectMarkets({
    panel,
    duration: request.duration,
    ...(request.candidates
      ? { candidates: request.candidates }
      : { treatedCount: request.treatedCount ?? 1 }),
    ...(request.windows !== undefined ? { windows: request.windows } : {}),
    ...(request.preDays !== undefined ? { preDays: request.preDays } : {}),
    ...(request.alpha !== undefined ? { alpha: request.alpha } : {}),
    ...(request.power !== undefined ? { power: request.power } : {}),
    ...(request.exclude ? { exclude: request.exclude } : {}),
    ...(ridge ? { ridge } : {}),
    ...(request.costPerIncremental !== undefined ? { costPerIncremental: request.costPerIncremental } : {}),
    ...(request.effects ? { effects: request.effects } : {}),
    maxCandidates: request.maxCandidates ?? DESIGN_MAX_CANDIDATES,
  });
}

function limited(result: MarketSelectionResult, limit: number | undefined): MarketSelectionResult {
  return { ...result, candidates: result.candidates.slice(0, limit ?? 20) };
}

export async function designGeoTest(
  workspace: WorkspaceContext,
  input: DesignRequest,
): Promise<DesignAnswer> {
  const parsed = designRequestSchema.safeParse(input);
  if (!parsed.success) throw invalidRequest(parsed.error, 'design');
  const request = parsed.data;
  const kpi = liftKpi(workspace, request.kpi);
  const dimension = workspace.catalog.dimension(request.by).id;
  const to = request.to ?? (await lastDayWithData(workspace));
  const from = request.from ?? addDays(to, -(DESIGN_HISTORY_DAYS - 1));
  const { panel, notes } = await locationPanel(workspace, {
    kpi: kpi.id,
    filter: request.filter,
    dimension,
    from,
    to,
  });
  const result = runDesign(panel, request);
  const filter = request.filter ?? null;
  return {
    method: 'design',
    kpi: { id: kpi.id, name: kpi.name, unit: kpi.unit },
    measure: kpi.id,
    scope: { filter, dimension, label: `${scopeLabel(filter)}, by ${dimension}` },
    history: {
      from: panel.dates[0]!,
      to: panel.dates.at(-1)!,
      days: panel.dates.length,
      locations: panel.locations.length,
    },
    compared: result.candidates.length,
    result: limited(result, request.limit),
    notes: sayAll([...notes, ...result.notes]),
  };
}

export function designGeoTestOnPanel(
  panel: GeoPanel,
  input: DesignPanelRequest,
  about: { measure: string; dimension: string; label: string },
): DesignAnswer {
  const parsed = designPanelRequestSchema.safeParse(input);
  if (!parsed.success) throw invalidRequest(parsed.error, 'design');
  const result = runDesign(panel, parsed.data);
  return {
    method: 'design',
    kpi: null,
    measure: about.measure,
    scope: { filter: null, dimension: about.dimension, label: about.label },
    history: {
      from: panel.dates[0] ?? '',
      to: panel.dates.at(-1) ?? '',
      days: panel.dates.length,
      locations: panel.locations.length,
    },
    compared: result.candidates.length,
    result: limited(result, parsed.data.limit),
    notes: sayAll(result.notes),
  };
}
