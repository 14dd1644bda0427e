/**
 * The attribution routes as the dashboard calls them, and the shapes they answer with (the
 * server's zod schemas in `server/src/routes/attribution.ts`; `api.test.ts` beside this file keeps
 * the two in step).
 */
import { http, type Params } from '../../api/client';

/** Every model the side-by-side view can show, in its column order. */
export const MODELS = [
  'first_touch',
  'last_touch',
  'last_non_direct',
  'linear',
  'position',
  'time_decay',
  'markov',
  'shapley',
] as const;
export type ModelId = (typeof MODELS)[number];

export const ATTRIBUTION_KEYS = ['channel', 'campaign', 'creator'] as const;
export type AttributionKey = (typeof ATTRIBUTION_KEYS)[number];

export type AttributionMeasure = 'conversions' | 'value';

export interface SaidMessage {
  message: { key: string; params: Record<string, string | number | string[]> };
  text: { en: string; zh: string };
}

export interface ModelShare {
  model: ModelId;
  share: number;
}

export interface AttributionRow {
  key: string;
  /** A readable name for campaigns and creators, when the workspace has one. */
  label?: string | undefined;
  first_touch: number;
  last_touch: number;
  last_non_direct: number;
  linear: number;
  position: number;
  time_decay: number | null;
  markov: number;
  shapley: number;
  removal_effect: number;
  spread: { low: ModelShare; high: ModelShare; points: number; ratio: number | null };
  disagreement: SaidMessage | null;
}

export interface AttributionReport {
  by: string;
  measure: AttributionMeasure;
  total: number;
  totals: { conversions: number; value: number; nulls: number };
  factor: number;
  minShare: number;
  models: ModelId[];
  rows: AttributionRow[];
  markov: { order: number; conversionProbability: number; valuePerJourney: number };
  shapley: { exact: boolean; players: number; samples: number };
  notes: SaidMessage[];
}

export interface WorkspaceAttribution extends AttributionReport {
  window: { from: string; to: string };
  lookbackDays: number;
}

export interface CreatorModelFigures {
  model: ModelId;
  conversions: number;
  value: number;
  /** Attributed value / fee; null without a fee. */
  roi: number | null;
  /** Fee / attributed conversions; null without either. */
  costPerConversion: number | null;
}

export interface CreatorRoiRow {
  creator: string;
  label?: string | undefined;
  tier: string | null;
  fee: number;
  models: CreatorModelFigures[];
}

export interface CreatorRoi {
  window: { from: string; to: string };
  lookbackDays: number;
  models: ModelId[];
  creators: CreatorRoiRow[];
  tiers: { tier: string; fee: number; models: CreatorModelFigures[] }[];
  notes: SaidMessage[];
}

export interface RefreshSummary {
  lookbackDays: number;
  window: { from: string; to: string } | null;
  rows: number;
  models: ModelId[];
}

export interface AttributionParams extends Params {
  from?: string;
  to?: string;
  lookback?: number;
  by?: AttributionKey;
  measure?: AttributionMeasure;
  factor?: number;
}

const base = (workspace: string) => `/api/workspaces/${encodeURIComponent(workspace)}/attribution`;

export const attributionApi = {
  report: (workspace: string, params: AttributionParams, signal?: AbortSignal) =>
    http.get<WorkspaceAttribution>(base(workspace), params, signal),
  creators: (workspace: string, params: AttributionParams, signal?: AbortSignal) =>
    http.get<CreatorRoi>(`${base(workspace)}/creators`, params, signal),
  refresh: (workspace: string, lookbackDays: number) =>
    http.post<RefreshSummary>(`${base(workspace)}/refresh`, { lookbackDays }),
};
