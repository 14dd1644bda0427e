/**
 * The monitor as a scoped caller reads it: the incidents, markers and sources inside the scope
 * (`rules.ts`; a target's pace when the target is), read through the monitor's own use cases
 * and then kept or left out, so the lists, counts and notes say nothing of what is left out. An
 * incident outside the scope is not found, in the very words an unknown id gets, so its id
 * reveals nothing either.
 */
import { filterTextWithinScope, isScoped, MarkpiError } from '@markpi/core';
import { listTargets } from '@markpi/store';
import { type Freshness, workspaceFreshness } from '../monitor/freshness.js';
import { INCIDENT_STATES, type Incident, type IncidentState } from '../monitor/incidents.js';
import {
  getIncident,
  type IncidentQuery,
  listIncidents,
  listMarkers,
  type MarkerQuery,
  type MarkerView,
} from '../monitor/use-cases.js';
import type { WorkspaceContext } from '../workspace.js';
import { incidentWithinScope, segmentWithinScope } from './rules.js';

const EVERY = Number.MAX_SAFE_INTEGER;

/** What `getIncident` says of an id it does not know; a hidden incident gets the same. */
function noIncident(id: string): MarkpiError {
  return new MarkpiError('not_found', `no incident ${id}`, [
    { message: `no incident ${id}`, hint: 'list them with `markpi monitor incidents`' },
  ]);
}

/** Whether the caller sees an incident: by its segments, or for a target's pace, by the target's filter. */
async function incidentRule(workspace: WorkspaceContext): Promise<(incident: Incident) => boolean> {
  const { scope } = workspace;
  if (!isScoped(scope)) return () => true;
  const inside = new Set(
    (await listTargets(workspace.warehouse))
      .filter((entry) => filterTextWithinScope(scope, entry.target.scope.filter))
      .map((entry) => entry.target.id),
  );
  return (incident) => incidentWithinScope(scope, incident, (id) => inside.has(id));
}

/** The incidents list (`listIncidents`) with the incidents outside the caller's scope left out of it and its counts. */
export async function scopedIncidents(
  workspace: WorkspaceContext,
  query: IncidentQuery = {},
): Promise<{ incidents: Incident[]; total: number; counts: Record<IncidentState, number> }> {
  if (!isScoped(workspace.scope)) return listIncidents(workspace, query);
  const [matching, all, seen] = await Promise.all([
    listIncidents(workspace, { ...query, limit: EVERY }),
    listIncidents(workspace, { limit: EVERY }),
    incidentRule(workspace),
  ]);
  const visible = matching.incidents.filter(seen);
  const counts = Object.fromEntries(INCIDENT_STATES.map((state) => [state, 0])) as Record<
    IncidentState,
    number
  >;
  for (const incident of all.incidents) if (seen(incident)) counts[incident.state]++;
  return { incidents: visible.slice(0, query.limit ?? 200), total: visible.length, counts };
}

/** The ids of every incident the caller sees (all of them for an unscoped caller). */
export async function visibleIncidentIds(workspace: WorkspaceContext): Promise<Set<string>> {
  const { incidents } = await scopedIncidents(workspace, { limit: EVERY });
  return new Set(incidents.map((incident) => incident.id));
}

/** One incident (`getIncident`); outside the caller's scope it is not found, as an unknown id. */
export async function scopedIncident(workspace: WorkspaceContext, id: string): Promise<Incident> {
  const incident = await getIncident(workspace, id);
  if (!(await incidentRule(workspace))(incident)) throw noIncident(id);
  return incident;
}

/**
 * A KPI's markers in a segment (`listMarkers`): none for a segment outside the caller's scope
 * (the whole workspace's series is not the caller's), and none of an incident they don't see.
 */
export async function scopedMarkers(workspace: WorkspaceContext, query: MarkerQuery): Promise<MarkerView[]> {
  const { scope } = workspace;
  const markers = await listMarkers(workspace, query);
  if (!isScoped(scope)) return markers;
  if (!segmentWithinScope(scope, query.segment ?? 'workspace')) return [];
  const visible = await visibleIncidentIds(workspace);
  return markers.filter((marker) => visible.has(marker.incident.id));
}

/**
 * Freshness (`workspaceFreshness`) as a scoped caller sees it. A scoped workspace's data range is
 * the scope's (`scopedWorkspace`) and its sources the scope's platform accounts (`sourceDays`
 * keeps those inside the catalog's scope), so its last day, the day it is complete through, where
 * its default windows end, its sources, the ones behind and the note are all the scope's own.
 */
export async function scopedFreshness(workspace: WorkspaceContext): Promise<Freshness> {
  return workspaceFreshness(workspace);
}
