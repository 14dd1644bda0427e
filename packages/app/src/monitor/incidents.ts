/**
 * Incidents as people work them: what the monitor detected, its severity, owner, state (open,
 * acknowledged, snoozed until a time, resolved, false alarm), comments, and the history of all of
 * it. An incident is the fold of its events, in order (`foldIncident`): the monitor appends
 * `detected` (and `reopened` when alerts come back after it was closed), people append the rest
 * (`incidentAction` checks an action against the state first). Pure: the repository stores the
 * events, this decides what they mean.
 *
 * A snooze holds until its time: from then on the incident reads as open again, without an event.
 */
import { MarkpiError, type RarityLevel, type Severity } from '@markpi/core';
import type { Said } from './messages.js';
import { parseSegmentKey, segmentFilter } from './segments.js';

export const INCIDENT_STATES = ['open', 'acknowledged', 'snoozed', 'resolved', 'false_alarm'] as const;
export type IncidentState = (typeof INCIDENT_STATES)[number];

export const INCIDENT_KINDS = ['kpi', 'tracking_break', 'late_source', 'pace'] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];

export const INCIDENT_ACTIONS = [
  'acknowledge',
  'snooze',
  'resolve',
  'false_alarm',
  'reopen',
  'assign',
  'comment',
] as const;
export type IncidentAction = (typeof INCIDENT_ACTIONS)[number];

export const INCIDENT_EVENT_KINDS = [
  'detected',
  'acknowledged',
  'snoozed',
  'resolved',
  'false_alarm',
  'reopened',
  'assigned',
  'commented',
] as const;
export type IncidentEventKind = (typeof INCIDENT_EVENT_KINDS)[number];

/** One alert on one series: a dot on a chart, with what it says. */
export interface Marker {
  /** `kpi@segment`. */
  series: string;
  kpi: string;
  /** Segment key (`channel:meta`). */
  segment: string;
  /** The slot: `YYYY-MM-DD` (a week's slot is its Monday). */
  time: string;
  kind: 'point' | 'sustained' | 'tracking';
  direction: 'above' | 'below';
  value: number;
  expected: number;
  /** The usual range (values outside it alert on their own); null when the detector gives none. */
  low: number | null;
  high: number | null;
  probability: number;
  rarity: RarityLevel | null;
  /** Slots a sustained run had lasted (1 for a point). */
  run: number;
  /** The declared event the slot fell on. */
  event: string | null;
  said: Said;
}

/** What the monitor found: the body of a `detected` event. */
export interface Detection {
  kind: IncidentKind;
  severity: Severity;
  title: Said;
  /** The incident's lines: the headline alert first, then related ones. */
  lines: Said[];
  /** First and last day the alerts cover. */
  from: string;
  to: string;
  /** The headline: the deepest segment that explains it, and its KPI (null for sources and targets). */
  segment: string;
  kpi: string | null;
  direction: 'above' | 'below' | null;
  /** Every segment, KPI and series with an alert in the incident. */
  segments: string[];
  kpis: string[];
  series: string[];
  markers: Marker[];
  /** The driver breakdown from the diagnosis, when there is one. */
  drivers: Said[];
  /** The monitor this came from (`tracking`, `sources`, `pace` for data and targets). */
  monitor: string;
  /** The target a pace incident is about. */
  target?: string;
  /** Who the monitor hands a new incident to (a target's owner). */
  suggestedOwner?: string;
}

export interface IncidentEvent {
  incidentId: string;
  seq: number;
  kind: IncidentEventKind;
  /** ISO instant. */
  at: string;
  /** Who did it; null for the monitor. */
  actor: string | null;
  body: EventBody;
}

export type EventBody =
  | { detection: Detection }
  | { until: string; note?: string }
  | { owner: string | null }
  | { text: string }
  | { through: string }
  | { note?: string };

export interface IncidentComment {
  at: string;
  author: string | null;
  text: string;
}

export interface HistoryEntry {
  seq: number;
  at: string;
  actor: string | null;
  kind: IncidentEventKind;
  /**
   * For `detected`: the days and severity found; for `reopened` by the monitor: the day it alerts
   * again through (`to`); for `snoozed`: until when; `assigned`: to whom.
   */
  from?: string;
  to?: string;
  severity?: Severity;
  until?: string;
  owner?: string | null;
  note?: string;
}

export interface Incident extends Detection {
  id: string;
  /** The state as of now: a snooze that has run out reads `open`. */
  state: IncidentState;
  snoozedUntil: string | null;
  owner: string | null;
  /** When the monitor first detected it, and when anything last happened to it. */
  openedAt: string;
  updatedAt: string;
  /** When the monitor's findings last changed. */
  detectedAt: string;
  comments: IncidentComment[];
  history: HistoryEntry[];
  /**
   * The question the diagnosis answers for it (`explainChange`: its KPI in its headline segment
   * over its days, against the days before): the same breakdown `markpi why` and "why?" give.
   * Null for incidents that are not about a KPI's value (a late source, a target's pace).
   */
  why: IncidentQuestion | null;
}

export interface IncidentQuestion {
  kpi: string;
  from: string;
  to: string;
  compare: 'previous';
  /** The headline segment as a filter; absent for the whole workspace. */
  filter?: string;
}

/** The diagnosis' question for an incident (see `Incident.why`). */
export function incidentQuestion(detection: Detection): IncidentQuestion | null {
  if ((detection.kind !== 'kpi' && detection.kind !== 'tracking_break') || !detection.kpi) return null;
  const segment = parseSegmentKey(detection.segment);
  const filter = segment ? segmentFilter(segment) : undefined;
  return {
    kpi: detection.kpi,
    from: detection.from,
    to: detection.to,
    compare: 'previous',
    ...(filter ? { filter } : {}),
  };
}

const MAX_NOTE = 2000;

/** The incident its events make, as of `now`; null when there is no `detected` event yet. */
export function foldIncident(events: readonly IncidentEvent[], now: Date): Incident | null {
  const ordered = [...events].sort((a, b) => a.seq - b.seq);
  let incident: Incident | null = null;
  let stored: IncidentState = 'open';
  for (const event of ordered) {
    const entry: HistoryEntry = { seq: event.seq, at: event.at, actor: event.actor, kind: event.kind };
    const body = event.body as Record<string, unknown>;
    if (event.kind === 'detected') {
      const detection = (body as { detection: Detection }).detection;
      entry.from = detection.from;
      entry.to = detection.to;
      entry.severity = detection.severity;
      if (!incident) {
        incident = {
          ...detection,
          id: event.incidentId,
          state: 'open',
          snoozedUntil: null,
          owner: null,
          openedAt: event.at,
          updatedAt: event.at,
          detectedAt: event.at,
          comments: [],
          history: [],
          why: null,
        };
      } else {
        Object.assign(incident as Incident, detection, { detectedAt: event.at });
      }
    }
    if (!incident) continue;
    switch (event.kind) {
      case 'acknowledged':
      case 'resolved':
      case 'false_alarm':
        stored = event.kind;
        incident.snoozedUntil = null;
        break;
      case 'reopened':
        stored = 'open';
        incident.snoozedUntil = null;
        // The monitor reopens an incident alerting again, through this day.
        if (typeof body.through === 'string') entry.to = body.through;
        break;
      case 'snoozed':
        stored = 'snoozed';
        incident.snoozedUntil = String(body.until);
        entry.until = String(body.until);
        break;
      case 'assigned':
        incident.owner = (body.owner as string | null) ?? null;
        entry.owner = incident.owner;
        break;
      case 'commented':
        incident.comments.push({ at: event.at, author: event.actor, text: String(body.text) });
        break;
      default:
        break;
    }
    if (typeof body.note === 'string' && body.note.length > 0) entry.note = body.note;
    incident.history.push(entry);
    incident.updatedAt = event.at;
  }
  if (!incident) return null;
  const snoozeOver =
    stored === 'snoozed' &&
    incident.snoozedUntil !== null &&
    Date.parse(incident.snoozedUntil) <= now.getTime();
  incident.state = snoozeOver ? 'open' : stored;
  if (snoozeOver) incident.snoozedUntil = null;
  incident.why = incidentQuestion(incident);
  return incident;
}

/** States an action may be taken from. */
export const ALLOWED_FROM: Readonly<Record<IncidentAction, readonly IncidentState[]>> = {
  acknowledge: ['open', 'snoozed'],
  snooze: ['open', 'acknowledged', 'snoozed'],
  resolve: ['open', 'acknowledged', 'snoozed'],
  false_alarm: ['open', 'acknowledged', 'snoozed', 'resolved'],
  reopen: ['acknowledged', 'snoozed', 'resolved', 'false_alarm'],
  assign: [...INCIDENT_STATES],
  comment: [...INCIDENT_STATES],
};

const EVENT_OF: Readonly<Record<IncidentAction, IncidentEventKind>> = {
  acknowledge: 'acknowledged',
  snooze: 'snoozed',
  resolve: 'resolved',
  false_alarm: 'false_alarm',
  reopen: 'reopened',
  assign: 'assigned',
  comment: 'commented',
};

export interface ActionRequest {
  action: IncidentAction;
  /** Snooze: until when (ISO instant, in the future). */
  until?: string | undefined;
  /** Assign: who owns it (a login or name); null or absent: nobody. */
  owner?: string | null | undefined;
  /** Comment: its text. Other actions: an optional note kept in the history. */
  text?: string | undefined;
}

/**
 * The event an action appends to an incident, checked against its state now: acting on a state it
 * can't leave that way (resolving what is resolved) is a conflict, a snooze needs a time to come.
 */
export function incidentAction(
  incident: Incident,
  request: ActionRequest,
  actor: string | null,
  now: Date,
): Omit<IncidentEvent, 'seq'> {
  const { action } = request;
  if (!ALLOWED_FROM[action].includes(incident.state)) {
    throw new MarkpiError(
      'conflict',
      `incident ${incident.id} is ${incident.state.replace('_', ' ')}: it can't be ${action === 'false_alarm' ? 'marked a false alarm' : `${EVENT_OF[action]}`} now`,
      [
        {
          message: `can't ${action.replace('_', ' ')} from ${incident.state}`,
          path: 'action',
          hint: `from ${incident.state}: ${INCIDENT_ACTIONS.filter((other) => ALLOWED_FROM[other].includes(incident.state)).join(', ')}`,
        },
      ],
    );
  }
  const note = request.text?.trim();
  if (note !== undefined && note.length > MAX_NOTE) {
    throw new MarkpiError('invalid_request', `a note or comment is at most ${MAX_NOTE} characters`, [
      { message: `${note.length} characters`, path: 'text' },
    ]);
  }
  let body: EventBody;
  switch (action) {
    case 'snooze': {
      const until = request.until === undefined ? Number.NaN : Date.parse(request.until);
      if (!Number.isFinite(until) || until <= now.getTime()) {
        throw new MarkpiError('invalid_request', 'a snooze needs a time to come: `until`', [
          {
            message: request.until === undefined ? 'missing' : `not a time after now: ${request.until}`,
            path: 'until',
            hint: 'an ISO time, e.g. 2026-11-03T09:00:00+08:00',
          },
        ]);
      }
      body = { until: new Date(until).toISOString(), ...(note ? { note } : {}) };
      break;
    }
    case 'assign': {
      const owner = request.owner?.trim() || null;
      if (owner === incident.owner) {
        throw new MarkpiError(
          'no_change',
          `incident ${incident.id} is already owned by ${owner ?? 'nobody'}`,
        );
      }
      body = { owner };
      break;
    }
    case 'comment':
      if (!note) {
        throw new MarkpiError('invalid_request', 'a comment needs text', [
          { message: 'empty', path: 'text' },
        ]);
      }
      body = { text: note };
      break;
    default:
      body = note ? { note } : {};
  }
  return { incidentId: incident.id, kind: EVENT_OF[action], at: now.toISOString(), actor, body };
}

/** Whether people still have to look at it: open, or acknowledged but not closed. */
export function isActive(state: IncidentState): boolean {
  return state === 'open' || state === 'acknowledged' || state === 'snoozed';
}
