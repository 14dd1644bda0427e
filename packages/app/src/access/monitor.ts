/**
 * The monitor as a scoped caller reads it: the incidents, markers and sources inside the scope
 * (`rules.ts`; a target's pace when the target is), read through the monitor's own use cases
 * and then kept or left out, so the lists, counts and notes say nothing of what is left out. An
 * incident outside the scope is not found, in the very words an unknown id gets, so its id
 * reveals nothing either.
 */
import { filterTextWithinScope, isScoped, MarkpiError } from '@markpi/core';
import { listTargets } from '@markpi/store';
import { type Freshness, type SourceFreshness, workspaceFreshness } from '../monitor/freshness.js';
import { INCIDENT_STATES, type Incident, type IncidentState } from '../monitor/incidents.js';
import { monitorMessage, sayMonitor } from '../monitor/messages.js';
import {
  getIncident,
  type IncidentQuery,
  listIncidents,
  listMarkers,
  type MarkerQuery,
  type MarkerView,
} from '../monitor/use-cases.js';
import type { WorkspaceContext } from '../workspace.js';
import { incidentWithinScope, segmentWithinScope, sourceWithinScope } from './rules.js';

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
 * Freshness (`workspaceFreshness`) with the sources inside the caller's scope: the dates stay
 * the workspace's — they are where the caller's default windows end too — while the sources, the
 * ones behind and the note name the scope's platform accounts alone.
 */
export async function scopedFreshness(workspace: WorkspaceContext): Promise<Freshness> {
  const { scope } = workspace;
  const whole = await workspaceFreshness(workspace);
  if (!isScoped(scope) || whole.lastDay === null) return whole;
  const sources = whole.sources.filter((source) => sourceWithinScope(scope, source));
  const kept = new Set(sources.map((source) => source.source));
  const byName = new Map(sources.map((source) => [source.source, source]));
  const behind = whole.behind.filter((name) => kept.has(name));
  const latest =
    whole.sources
      .map((source) => source.lastDay)
      .sort()
      .at(-1) ?? whole.lastDay;
  const sourceSaid = (source: SourceFreshness) =>
    monitorMessage('monitor.source', {
      channel: source.channel,
      account: source.account,
      lastDay: source.lastDay,
    });
  const complete = whole.completeThrough;
  const note =
    complete === null
      ? monitorMessage('monitor.freshness.none', { day: whole.lastDay })
      : behind.length === 0
        ? monitorMessage('monitor.freshness.complete', { day: complete })
        : monitorMessage(behind.length === 1 ? 'monitor.freshness.behind.one' : 'monitor.freshness.behind', {
            complete,
            latest,
            sources: behind.map((name) => sourceSaid(byName.get(name)!)),
          });
  return { ...whole, sources, behind, note: sayMonitor(workspace.catalog, note) };
}
