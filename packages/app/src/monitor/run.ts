/**
 * One run of the monitor over a workspace: read the settings and what is stored, ask the planner
 * for every watched series, score them, group the alerts into incidents, check the data's
 * freshness and the targets' pace, and record what changed — all in the workspace, so the CLI
 * runs it on a workspace file and a server finds the same incidents.
 *
 * Conventions:
 * - the scored days end on the last day every active daily source has (`sources.ts`): a day some
 *   channels have not delivered would read as a fall; weekly monitors score whole weeks only;
 * - history: up to `historyDays` (730) before that day, all of it scored causally, each slot from
 *   the slots before it;
 * - declared events: the retail sales days, saved calendars and the workspace's promotion and
 *   launch campaigns on their channels (`calendar.ts`);
 * - a run that finds the data, the settings, the targets and the false alarms as the last run left
 *   them, on the same day, changes nothing and is skipped (`force` runs it anyway).
 */
import { createHash } from 'node:crypto';
import { addDays, type Catalog, isMarkpiError } from '@markpi/core';
import { listTargets } from '@markpi/store';
import { explainChange } from '../diagnosis/index.js';
import { type WorkspaceContext, workspaceDataRange, workspaceToday } from '../workspace.js';
import {
  type CampaignSpan,
  campaignSpans,
  type DeclaredEvents,
  declaredEvents,
  type PlannedPush,
  plannedPushes,
  segmentCalendars,
} from './calendar.js';
import { falseAlarmCounts, strictened } from './feedback.js';
import { workspaceFreshness } from './freshness.js';
import { detectionOf, type GroupInput, groupEpisodes, joinTierDetections } from './grouping.js';
import { type Detection, foldIncident, type Incident, isActive } from './incidents.js';
import { mergeDetections } from './merge.js';
import { monitorMessage, type Said, sayMonitor } from './messages.js';
import { checkPace } from './pace.js';
import {
  appendIncidentEvents,
  loadIncidentEvents,
  loadMonitorSettings,
  loadMonitorState,
  saveMonitorState,
} from './repository.js';
import { type Episode, type ScoredSeries, scoreFrame, trackingEpisodes, trackingPairs } from './scoring.js';
import {
  channelOf,
  parseSegmentKey,
  parseSeriesKey,
  type Segment,
  type SegmentLevel,
  type SegmentTree,
  segmentFilter,
} from './segments.js';
import { type Frame, type FrameGrain, fetchFrame, mondayOf, readsMonthlyFact } from './series.js';
import { isMixKpi, type MonitorDefinition, type MonitorSettings, seriesProbability } from './settings.js';
import { type MonitorShape, partsOf, shapeOf } from './shapes.js';
import { classifySources, completeThrough, sourceDays } from './sources.js';

export interface RunOptions {
  /** Run even when nothing changed since the last run. */
  force?: boolean;
  /** Explain new incidents with the diagnosis (default true). */
  explain?: boolean;
}

export interface MonitorRun {
  at: string;
  /** Nothing changed since the last run, which is what `summary` reports. */
  skipped: boolean;
  /** The days scored. */
  from: string | null;
  through: string | null;
  /** Series scored and alerts found. */
  series: number;
  alerts: number;
  /** Incidents this run opened, found again with changes, and reopened. */
  opened: Incident[];
  updated: Incident[];
  reopened: Incident[];
  /** Incidents to tell people about now. */
  notify: Incident[];
  /** Incidents still open or acknowledged after the run. */
  active: number;
  /** KPIs not watched, and why. */
  unwatched: Said[];
  /** Series and targets that could not be checked, and why. */
  problems: Said[];
  summary: Said;
  /** Statements the planner ran for the series. */
  queries: number;
}

interface StoredRun {
  at: string;
  fingerprint: string;
  day: string;
  summary: Said;
  series: number;
  alerts: number;
  from: string | null;
  through: string | null;
}

export const RUN_STATE_KEY = 'run';

/** Every KPI a monitor watches, with its shape (KPIs it names that the catalog lost are skipped). */
export function watchedShapes(catalog: Catalog, monitor: MonitorDefinition): MonitorShape[] {
  const ids =
    monitor.kpis === 'all' ? [...catalog.kpis.keys()] : monitor.kpis.filter((id) => catalog.kpis.has(id));
  return ids.map((id) => {
    const kpi = catalog.kpis.get(id)!;
    // LTV, retention or a growth rate compare a period with the one before: a day is not their period.
    if (kpi.aggregation === 'period_over_period') return { kind: 'unwatched', kpi: id, reason: 'period' };
    if (monitor.kpis === 'all' && isMixKpi(kpi)) return { kind: 'unwatched', kpi: id, reason: 'mix' };
    const shape = shapeOf(catalog, kpi);
    // A KPI that reads a monthly ledger would jump on the first of each month.
    if (shape.kind !== 'unwatched' && partsOf(shape).some((part) => readsMonthlyFact(catalog, part)))
      return { kind: 'unwatched', kpi: id, reason: 'monthly' };
    return shape;
  });
}

/** KPIs no enabled monitor watches, each with the first monitor's reason. */
function unwatchedByAll(catalog: Catalog, monitors: readonly MonitorDefinition[]): MonitorShape[] {
  const shapes = monitors.flatMap((monitor) => watchedShapes(catalog, monitor));
  const watched = new Set(shapes.filter((shape) => shape.kind !== 'unwatched').map((shape) => shape.kpi));
  return shapes.filter(
    (shape, index, all) =>
      !watched.has(shape.kpi) && all.findIndex((other) => other.kpi === shape.kpi) === index,
  );
}

function unwatchedSaid(catalog: Catalog, shapes: readonly MonitorShape[]): Said[] {
  return shapes
    .filter((shape) => shape.kind === 'unwatched')
    .map((shape) =>
      sayMonitor(catalog, monitorMessage(`monitor.unwatched.${shape.reason}`, { kpi: shape.kpi })),
    );
}

/** Reads every stored incident as of `now`. */
export async function storedIncidents(workspace: WorkspaceContext, now: Date): Promise<Incident[]> {
  const events = await loadIncidentEvents(workspace.warehouse);
  return [...events.values()].map((list) => foldIncident(list, now)).filter((incident) => incident !== null);
}

function fingerprint(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/** The channel a segment's series count in, for the alert probability; `*` across channels. */
function familyOf(segment: Segment, tree: SegmentTree): string {
  return channelOf(segment, tree) ?? '*';
}

/** How many series each channel watches (see `settings.ts`): every shape its segments have parts for. */
function familySizes(
  frame: Frame,
  shapes: readonly MonitorShape[],
  levels: ReadonlySet<string>,
): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const series of frame.segments.values()) {
    if (!levels.has(series.segment.level)) continue;
    const family = familyOf(series.segment, frame.tree);
    const watched = shapes.filter(
      (shape) => shape.kind !== 'unwatched' && partsOf(shape).every((part) => series.parts.has(part)),
    );
    sizes.set(family, (sizes.get(family) ?? 0) + watched.length);
  }
  return sizes;
}

interface CadenceScores {
  frame: Frame;
  episodes: Episode[];
  series: Map<string, ScoredSeries>;
  count: number;
}

/** Fetches and scores every enabled monitor of one cadence. */
async function scoreCadence(
  workspace: WorkspaceContext,
  settings: MonitorSettings,
  monitors: readonly MonitorDefinition[],
  window: { from: string; to: string },
  grain: FrameGrain,
  events: {
    declared: DeclaredEvents;
    pushes: readonly PlannedPush[];
    spans: ReadonlyMap<string, CampaignSpan>;
  },
  falseAlarms: ReadonlyMap<string, number>,
  problems: Said[],
): Promise<CadenceScores> {
  const { catalog } = workspace;
  const plans = monitors.map((monitor) => ({ monitor, shapes: watchedShapes(catalog, monitor) }));
  const parts = new Map<SegmentLevel, Set<string>>();
  for (const { monitor, shapes } of plans) {
    for (const level of monitor.segments) {
      const set = parts.get(level) ?? new Set<string>();
      for (const shape of shapes) for (const part of partsOf(shape)) set.add(part);
      parts.set(level, set);
    }
  }
  if (grain === 'day' && settings.trackingBreaks) {
    const set = parts.get('channel') ?? new Set<string>();
    for (const pair of trackingPairs(catalog)) set.add(pair.volume).add(pair.outcome);
    parts.set('channel', set);
  }
  const frame = await fetchFrame(workspace, {
    from: window.from,
    to: window.to,
    grain,
    parts: new Map([...parts].map(([level, set]) => [level, [...set].sort()])),
    topCreators: settings.topCreators,
  });
  const scores: CadenceScores = { frame, episodes: [], series: new Map(), count: 0 };
  const calendarFor = segmentCalendars(events.declared, events.pushes, frame.tree);
  const cadence = grain === 'day' ? 'daily' : 'weekly';
  const familyOfKey = (key: string) => {
    const parsed = parseSeriesKey(key.replace(/^tracking:[^@]*/, 'tracking'));
    return parsed ? familyOf(parsed.segment, frame.tree) : '*';
  };
  for (const { monitor, shapes } of plans) {
    const sizes = familySizes(frame, shapes, new Set(monitor.segments));
    const scored = scoreFrame(catalog, frame, shapes, new Set(monitor.segments), {
      calendarFor,
      directions: monitor.directions,
      spanOf: (segment) => (segment.level === 'campaign' ? (events.spans.get(segment.value!) ?? null) : null),
      alertProbability: (key) =>
        strictened(
          seriesProbability(monitor.sensitivity, cadence, sizes.get(familyOfKey(key)) ?? 1),
          falseAlarms.get(key) ?? 0,
        ),
    });
    scores.count += scored.count;
    for (const [key, series] of scored.series) scores.series.set(key, series);
    scores.episodes.push(...scored.episodes.map((episode) => ({ ...episode, monitor: monitor.id })));
    problems.push(...scored.problems.map((problem) => problem.said));
  }
  if (grain === 'day' && settings.trackingBreaks) {
    const trackingProblems: { series: string; said: Said }[] = [];
    // Breaks count among the series of their channel, at normal sensitivity.
    const sizes = familySizes(
      frame,
      plans.flatMap((plan) => plan.shapes),
      new Set(['channel', 'campaign', 'creator']),
    );
    const pairs = trackingPairs(catalog).length;
    const found = trackingEpisodes(
      catalog,
      frame,
      frame.tree,
      {
        calendarFor,
        alertProbability: (key) =>
          strictened(
            seriesProbability('normal', 'daily', (sizes.get(familyOfKey(key)) ?? 0) + pairs),
            falseAlarms.get(key) ?? 0,
          ),
      },
      trackingProblems,
    );
    scores.episodes.push(...found.map((episode) => ({ ...episode, monitor: 'tracking' })));
    problems.push(...trackingProblems.map((problem) => problem.said));
  }
  return scores;
}

/** The change behind an incident, from the diagnosis; none when it can't be split. */
async function driversOf(workspace: WorkspaceContext, detection: Detection): Promise<Said[]> {
  if ((detection.kind !== 'kpi' && detection.kind !== 'tracking_break') || !detection.kpi) return [];
  if (!workspace.catalog.kpis.has(detection.kpi)) return [];
  const segment = parseSegmentKey(detection.segment);
  try {
    const explained = await explainChange(workspace, {
      kpi: detection.kpi,
      from: detection.from,
      to: detection.to,
      ...(segment && segmentFilter(segment) ? { filter: segmentFilter(segment) } : {}),
    });
    return [
      ...explained.summary,
      ...explained.findings.slice(0, 2).map((finding) => ({ message: finding.evidence, text: finding.text })),
    ];
  } catch (error) {
    if (isMarkpiError(error)) return [];
    throw error;
  }
}

/** Runs the monitor once (see the module's comment). */
export async function runMonitor(workspace: WorkspaceContext, options: RunOptions = {}): Promise<MonitorRun> {
  const { catalog, warehouse } = workspace;
  const now = workspace.now();
  const at = now.toISOString();
  const today = workspaceToday(workspace);
  const stored = await loadMonitorSettings(warehouse);
  const { settings } = stored;
  const incidents = await storedIncidents(workspace, now);
  const falseAlarms = falseAlarmCounts(incidents, now);
  const problems: Said[] = [];
  const enabled = settings.monitors.filter((monitor) => monitor.enabled);
  const unwatched = unwatchedSaid(catalog, unwatchedByAll(catalog, enabled));
  const range = await workspaceDataRange(workspace);
  const empty = (summary: Said, skipped: boolean, previous?: StoredRun): MonitorRun => ({
    at,
    skipped,
    from: previous?.from ?? null,
    through: previous?.through ?? null,
    series: previous?.series ?? 0,
    alerts: previous?.alerts ?? 0,
    opened: [],
    updated: [],
    reopened: [],
    notify: [],
    active: incidents.filter((incident) => isActive(incident.state)).length,
    unwatched,
    problems,
    summary,
    queries: 0,
  });
  if (!range) return empty(sayMonitor(catalog, monitorMessage('monitor.freshness.empty')), false);

  const sources = classifySources(await sourceDays(warehouse, catalog, range.to));
  const complete = completeThrough(sources);
  const through = complete !== null && complete < range.to ? complete : range.to;
  const targets = await listTargets(warehouse);
  const state = await loadMonitorState(warehouse, '');
  const previous = state.get(RUN_STATE_KEY) as StoredRun | undefined;
  const print = fingerprint({
    settings: stored.version,
    range,
    sources: sources.map((source) => [source.source, source.lastDay, source.days.length]),
    falseAlarms: [...falseAlarms].sort(),
    targets: targets.map((entry) => [entry.target.id, entry.version]),
    today,
  });
  if (!options.force && previous?.fingerprint === print) {
    return empty(
      sayMonitor(catalog, monitorMessage('monitor.run.unchanged', { at: previous.at })),
      true,
      previous,
    );
  }

  const from = [range.from, addDays(through, -(settings.historyDays - 1))].sort().at(-1)!;
  const spans = await campaignSpans(warehouse);
  const events = {
    declared: await declaredEvents(warehouse, from, through),
    pushes: plannedPushes(spans),
    spans: new Map(spans.map((span) => [span.campaign, span])),
  };
  const detections: Detection[] = [];
  let seriesCount = 0;
  let alerts = 0;
  let queries = 0;
  let scoredFrom: string | null = null;
  const byGrain: Record<FrameGrain, Detection[]> = { day: [], week: [] };
  const weeklyChannels = new Map<string, ReadonlySet<string>>();
  for (const grain of ['day', 'week'] as const) {
    const monitors = enabled.filter((monitor) => (monitor.cadence === 'daily') === (grain === 'day'));
    const trackingOnly = grain === 'day' && monitors.length === 0 && settings.trackingBreaks;
    if (monitors.length === 0 && !trackingOnly) continue;
    const window = grain === 'day' ? { from, to: through } : { from: mondayOf(from), to: through };
    const scores = await scoreCadence(
      workspace,
      settings,
      monitors,
      window,
      grain,
      events,
      falseAlarms,
      problems,
    );
    queries += scores.frame.queries;
    seriesCount += scores.count;
    scoredFrom ??= scores.frame.slots[0] ?? null;
    alerts += scores.episodes.reduce((sum, episode) => sum + Math.max(1, episode.markers.length), 0);
    const input: GroupInput = {
      catalog,
      tree: scores.frame.tree,
      slots: scores.frame.slots,
      episodes: scores.episodes,
      series: scores.series,
    };
    for (const group of groupEpisodes(input)) {
      const head = detectionOf(input, group);
      // A week's slot is its Monday: the incident runs to the Sunday of its last week.
      if (grain === 'week') head.to = addDays(head.to, 6);
      byGrain[grain].push({ ...head, drivers: [], monitor: scores.episodes[group[0]!]!.monitor ?? 'kpis' });
    }
    if (grain === 'week') {
      for (const [key, channels] of scores.frame.tree.channels) {
        if (key.startsWith('creator_tier:') || key.startsWith('creator:')) weeklyChannels.set(key, channels);
      }
    }
  }
  const joined = joinTierDetections(catalog, byGrain.day, byGrain.week, weeklyChannels);
  detections.push(...joined.daily, ...joined.weekly);

  if (settings.lateSources) {
    // Daily sources whose data stops on the same day share a cause: that day's delivery.
    const freshness = await workspaceFreshness(workspace);
    const late = freshness.sources.filter(
      (source) => source.status === 'late' && source.active && source.daily,
    );
    const byDay = new Map<string, typeof late>();
    for (const source of late) byDay.set(source.lastDay, [...(byDay.get(source.lastDay) ?? []), source]);
    for (const [lastDay, sources] of byDay) {
      const channels = [...new Set(sources.map((source) => source.channel))];
      const segment = channels.length === 1 ? `channel:${channels[0]}` : 'workspace';
      const lines = sources.map((source) => source.said!);
      const title =
        sources.length === 1
          ? lines[0]!
          : sayMonitor(
              catalog,
              monitorMessage('monitor.title.late_sources', {
                count: sources.length,
                lastDay,
                days: Math.max(...sources.map((source) => source.daysLate)),
              }),
            );
      detections.push({
        kind: 'late_source',
        severity: 'warning',
        title,
        lines,
        from: lastDay,
        to: lastDay,
        segment,
        kpi: null,
        direction: null,
        segments: [...new Set(sources.map((source) => `channel:${source.channel}`))].sort(),
        kpis: [],
        series: sources.map((source) => `source:${source.source}`).sort(),
        markers: [],
        drivers: [],
        monitor: 'sources',
      });
    }
  }

  const paceStates = new Map<string, unknown>();
  if (settings.pace) {
    const pace = await checkPace(workspace, { asOf: through, today, previous: state });
    detections.push(...pace.detections);
    for (const [key, value] of pace.states) paceStates.set(key, value);
  }

  detections.sort((a, b) => a.from.localeCompare(b.from) || a.segment.localeCompare(b.segment));
  const notifyFrom = addDays(through, -2);
  const plan = mergeDetections(incidents, detections, { now, notifyFrom });
  if (options.explain ?? true) {
    const byId = new Map(plan.ids.map((id, index) => [id, detections[index]!]));
    for (const id of plan.unexplained) {
      const detection = byId.get(id);
      if (!detection) continue;
      const drivers = await driversOf(workspace, detection);
      if (drivers.length === 0) continue;
      detection.drivers = drivers;
    }
  }

  const opened = new Set(plan.opened);
  const summary = sayMonitor(
    catalog,
    monitorMessage('monitor.run.summary', {
      series: seriesCount,
      through,
      alerts,
      incidents: detections.length,
      opened: opened.size,
    }),
  );
  const record: StoredRun = {
    at,
    fingerprint: print,
    day: today,
    summary,
    series: seriesCount,
    alerts,
    from: scoredFrom,
    through,
  };
  await warehouse.transaction(async (scoped) => {
    await appendIncidentEvents(scoped, plan.events);
    await saveMonitorState(scoped, new Map([...paceStates, [RUN_STATE_KEY, record]]), now);
  });

  const touched = new Set([...plan.opened, ...plan.updated, ...plan.reopened]);
  const after = touched.size > 0 ? await loadIncidentEvents(warehouse, [...touched]) : new Map();
  const fold = (id: string) => foldIncident(after.get(id) ?? [], now);
  const pick = (ids: readonly string[]) =>
    ids.map(fold).filter((incident): incident is Incident => incident !== null);
  const active = await storedIncidents(workspace, now);
  return {
    at,
    skipped: false,
    from: scoredFrom,
    through,
    series: seriesCount,
    alerts,
    opened: pick(plan.opened),
    updated: pick(plan.updated.filter((id) => !opened.has(id))),
    reopened: pick(plan.reopened),
    notify: pick([...new Set(plan.notify)]).filter((incident) => incident.state === 'open'),
    active: active.filter((incident) => isActive(incident.state)).length,
    unwatched,
    problems,
    summary,
    queries,
  };
}

/** The last run's record, when there was one. */
export async function lastMonitorRun(workspace: WorkspaceContext): Promise<StoredRun | null> {
  const state = await loadMonitorState(workspace.warehouse, RUN_STATE_KEY);
  return (state.get(RUN_STATE_KEY) as StoredRun | undefined) ?? null;
}

export type { StoredRun };
