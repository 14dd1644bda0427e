/** The attribution routes as the dashboard calls them (shapes in `lib/attribution.ts`). */
import { http, type Params } from '../../api/client';
import type {
  AttributionKey,
  AttributionMeasure,
  CreatorRoi,
  RefreshSummary,
  WorkspaceAttribution,
} from '../../lib/attribution';

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
