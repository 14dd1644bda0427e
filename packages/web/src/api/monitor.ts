/** Typed calls to the monitor's routes (docs/api.md): freshness, and the incidents inbox. */
import type {
  AnomalyMarker,
  Freshness,
  Incident,
  IncidentActionPath,
  IncidentList,
  IncidentState,
} from '../lib/monitor';
import { http } from './client';

const ws = (id: string) => `/api/workspaces/${encodeURIComponent(id)}`;
const incident = (id: string, incidentId: string) =>
  `${ws(id)}/monitor/incidents/${encodeURIComponent(incidentId)}`;

export const monitorApi = {
  freshness: (id: string, signal?: AbortSignal) =>
    http.get<Freshness>(`${ws(id)}/freshness`, undefined, signal),
  incidents: (id: string, states: readonly IncidentState[], signal?: AbortSignal) =>
    http.get<IncidentList>(`${ws(id)}/monitor/incidents`, { state: states.join(',') }, signal),
  incident: (id: string, incidentId: string, signal?: AbortSignal) =>
    http.get<Incident>(incident(id, incidentId), undefined, signal),
  act: (
    id: string,
    incidentId: string,
    action: IncidentActionPath,
    body: { until?: string; note?: string } = {},
  ) => http.post<Incident>(`${incident(id, incidentId)}/${action}`, body),
  markers: (id: string, kpi: string, from: string, to: string, signal?: AbortSignal) =>
    http.get<{ markers: AnomalyMarker[] }>(
      `${ws(id)}/monitor/markers`,
      { kpi, segment: 'workspace', from, to },
      signal,
    ),
  comment: (id: string, incidentId: string, text: string) =>
    http.post<Incident>(`${incident(id, incidentId)}/comments`, { text }),
};
