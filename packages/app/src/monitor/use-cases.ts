/**
 * The monitor as the edges ask about it: incidents listed and worked, markers for a KPI's chart,
 * what is watched, the settings, the last run. The CLI and the API call these, so both list,
 * filter and act the same way.
 */
import { MarkpiError } from '@markpi/core';
import type { WorkspaceContext } from '../workspace.js';
import {
  type ActionRequest,
  foldIncident,
  INCIDENT_STATES,
  type Incident,
  type IncidentKind,
  type IncidentState,
  incidentAction,
  type Marker,
} from './incidents.js';
import { monitorMessage, type Said, sayMonitor } from './messages.js';
import {
  appendIncidentEvents,
  loadIncidentEvents,
  loadMonitorSettings,
  saveMonitorSettings,
} from './repository.js';
import { lastMonitorRun, type StoredRun, storedIncidents, watchedShapes } from './run.js';
import { parseSegmentKey, SEGMENT_LEVELS, type SegmentLevel } from './segments.js';
import { type MonitorDefinition, type MonitorSettings, parseMonitorSettings } from './settings.js';
import type { MonitorShape, UnwatchedReason } from './shapes.js';

export interface IncidentQuery {
  state?: IncidentState | readonly IncidentState[] | undefined;
  kind?: IncidentKind | undefined;
  /** Incidents whose days reach into this window. */
  from?: string | undefined;
  to?: string | undefined;
  /** A segment key (`channel:meta`): incidents with an alert there. */
  segment?: string | undefined;
  kpi?: string | undefined;
  limit?: number | undefined;
}

const SEVERITY_ORDER = { critical: 0, warning: 1, info: 2 } as const;

/** Newest first by last day, then most severe. */
function order(a: Incident, b: Incident): number {
  return (
    b.to.localeCompare(a.to) ||
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    b.openedAt.localeCompare(a.openedAt) ||
    a.id.localeCompare(b.id)
  );
}

export async function listIncidents(
  workspace: WorkspaceContext,
  query: IncidentQuery = {},
): Promise<{ incidents: Incident[]; total: number; counts: Record<IncidentState, number> }> {
  const all = await storedIncidents(workspace, workspace.now());
  const counts = Object.fromEntries(INCIDENT_STATES.map((state) => [state, 0])) as Record<
    IncidentState,
    number
  >;
  for (const incident of all) counts[incident.state]++;
  const states =
    query.state === undefined ? null : new Set(typeof query.state === 'string' ? [query.state] : query.state);
  const matching = all
    .filter((incident) => states === null || states.has(incident.state))
    .filter((incident) => query.kind === undefined || incident.kind === query.kind)
    .filter((incident) => query.from === undefined || incident.to >= query.from)
    .filter((incident) => query.to === undefined || incident.from <= query.to)
    .filter((incident) => query.segment === undefined || incident.segments.includes(query.segment))
    .filter(
      (incident) =>
        query.kpi === undefined || incident.kpis.includes(query.kpi) || incident.kpi === query.kpi,
    )
    .sort(order);
  return { incidents: matching.slice(0, query.limit ?? 200), total: matching.length, counts };
}

export async function getIncident(workspace: WorkspaceContext, id: string): Promise<Incident> {
  const events = (await loadIncidentEvents(workspace.warehouse, [id])).get(id) ?? [];
  const incident = foldIncident(events, workspace.now());
  if (!incident) {
    throw new MarkpiError('not_found', `no incident ${id}`, [
      { message: `no incident ${id}`, hint: 'list them with `markpi monitor incidents`' },
    ]);
  }
  return incident;
}

/** Acknowledges, snoozes, resolves, marks a false alarm, reopens, assigns or comments. */
export async function actOnIncident(
  workspace: WorkspaceContext,
  id: string,
  request: ActionRequest,
  actor: string | null,
): Promise<Incident> {
  await workspace.warehouse.transaction(async (scoped) => {
    const scopedWorkspace = { ...workspace, warehouse: scoped };
    const incident = await getIncident(scopedWorkspace, id);
    await appendIncidentEvents(scoped, [incidentAction(incident, request, actor, workspace.now())]);
  });
  return getIncident(workspace, id);
}

export interface MarkerQuery {
  kpi: string;
  /** Segment key; default the whole workspace. */
  segment?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  /** Include markers of incidents called false alarms (default false). */
  falseAlarms?: boolean | undefined;
}

export interface MarkerView extends Marker {
  incident: { id: string; state: IncidentState; severity: Incident['severity']; title: Said };
}

/** The dots of one KPI's chart in one segment: each alert with its explanation and incident. */
export async function listMarkers(workspace: WorkspaceContext, query: MarkerQuery): Promise<MarkerView[]> {
  workspace.catalog.kpi(query.kpi);
  const segment = query.segment ?? 'workspace';
  if (!parseSegmentKey(segment)) {
    throw new MarkpiError('invalid_request', `not a segment: ${segment}`, [
      {
        message: `not a segment: ${segment}`,
        path: 'segment',
        hint: `workspace, or a level and a value: ${SEGMENT_LEVELS.filter((level) => level !== 'workspace')
          .map((level) => `${level}:…`)
          .join(', ')}`,
      },
    ]);
  }
  const incidents = await storedIncidents(workspace, workspace.now());
  const markers: MarkerView[] = [];
  for (const incident of incidents) {
    if (incident.state === 'false_alarm' && !query.falseAlarms) continue;
    for (const marker of incident.markers) {
      if (marker.kpi !== query.kpi || marker.segment !== segment) continue;
      if (query.from !== undefined && marker.time < query.from) continue;
      if (query.to !== undefined && marker.time > query.to) continue;
      markers.push({
        ...marker,
        incident: {
          id: incident.id,
          state: incident.state,
          severity: incident.severity,
          title: incident.title,
        },
      });
    }
  }
  return markers.sort((a, b) => a.time.localeCompare(b.time));
}

export interface WatchedMonitor extends MonitorDefinition {
  /** KPIs scored, with how. */
  watched: { kpi: string; shape: 'volume' | 'ratio' }[];
  /** KPIs it names that are not scored, and why. */
  unwatched: { kpi: string; reason: UnwatchedReason; said: Said }[];
}

export interface MonitorSettingsView {
  settings: MonitorSettings;
  version: number;
  updatedAt: string | null;
  author: string | null;
  monitors: WatchedMonitor[];
  segments: SegmentLevel[];
  lastRun: StoredRun | null;
}

function describe(workspace: WorkspaceContext, monitor: MonitorDefinition): WatchedMonitor {
  const shapes: MonitorShape[] = watchedShapes(workspace.catalog, monitor);
  return {
    ...monitor,
    watched: shapes.flatMap((shape) =>
      shape.kind === 'unwatched' ? [] : [{ kpi: shape.kpi, shape: shape.kind }],
    ),
    unwatched: shapes.flatMap((shape) =>
      shape.kind === 'unwatched'
        ? [
            {
              kpi: shape.kpi,
              reason: shape.reason,
              said: sayMonitor(
                workspace.catalog,
                monitorMessage(`monitor.unwatched.${shape.reason}`, { kpi: shape.kpi }),
              ),
            },
          ]
        : [],
    ),
  };
}

export async function monitorSettings(workspace: WorkspaceContext): Promise<MonitorSettingsView> {
  const stored = await loadMonitorSettings(workspace.warehouse);
  return {
    ...stored,
    monitors: stored.settings.monitors.map((monitor) => describe(workspace, monitor)),
    segments: [...SEGMENT_LEVELS],
    lastRun: await lastMonitorRun(workspace),
  };
}

export async function updateMonitorSettings(
  workspace: WorkspaceContext,
  input: unknown,
  author: string | null,
): Promise<MonitorSettingsView> {
  const settings = parseMonitorSettings(input, workspace.catalog);
  const current = await loadMonitorSettings(workspace.warehouse);
  if (current.version > 0 && JSON.stringify(current.settings) === JSON.stringify(settings)) {
    throw new MarkpiError('no_change', 'the monitor settings are unchanged', [
      { message: 'the new settings equal the saved ones' },
    ]);
  }
  await saveMonitorSettings(workspace.warehouse, settings, { now: workspace.now(), author });
  return monitorSettings(workspace);
}
