/**
 * The monitor's wire shapes the dashboard reads (the server's `routes/monitor.ts`), and what the
 * header makes of freshness. Every sentence the monitor says arrives as a message with its text
 * in English and Chinese, so the dashboard shows the text of the interface's language as it is.
 */

/** A sentence of the monitor: its stable key and parameters, and the text in both languages. */
export interface MonitorSaid {
  message: { key: string; params: Record<string, unknown> };
  text: { en: string; zh: string };
}

export interface SourceFreshness {
  source: string;
  fact: string;
  channel: string;
  account: string;
  lastDay: string;
  daily: boolean;
  active: boolean;
  status: 'on_time' | 'late';
  delayDays: number | null;
  cadenceDays: number | null;
  dueBy: string;
  daysLate: number;
  daysBehind: number;
  said: MonitorSaid | null;
}

export interface Freshness {
  today: string;
  firstDay: string | null;
  lastDay: string | null;
  completeThrough: string | null;
  windowEnd: string;
  sources: SourceFreshness[];
  /** Sources behind the latest day, furthest first. */
  behind: string[];
  note: MonitorSaid;
}

/**
 * The sources the header names as behind, in the server's order (furthest first). A source the
 * list names but the answer does not describe is left out rather than shown half known.
 */
export function sourcesBehind(freshness: Freshness): SourceFreshness[] {
  const bySource = new Map(freshness.sources.map((source) => [source.source, source]));
  return freshness.behind.flatMap((id) => {
    const source = bySource.get(id);
    return source ? [source] : [];
  });
}

/** The day the header says data runs through: complete through, else the last day with data. */
export function freshThrough(freshness: Freshness): string | null {
  return freshness.completeThrough ?? freshness.lastDay;
}

export const INCIDENT_STATES = ['open', 'acknowledged', 'snoozed', 'resolved', 'false_alarm'] as const;
export type IncidentState = (typeof INCIDENT_STATES)[number];
export type IncidentSeverity = 'info' | 'warning' | 'critical';
export type IncidentActionPath = 'acknowledge' | 'snooze' | 'resolve' | 'false-alarm' | 'reopen';

export interface IncidentSummary {
  id: string;
  kind: 'kpi' | 'tracking_break' | 'late_source' | 'pace';
  severity: IncidentSeverity;
  state: IncidentState;
  snoozedUntil: string | null;
  owner: string | null;
  title: MonitorSaid;
  from: string;
  to: string;
  segment: string;
  kpi: string | null;
  lines: number;
  comments: number;
}

export interface IncidentHistoryEntry {
  seq: number;
  at: string;
  actor: string | null;
  kind: string;
  from?: string;
  to?: string;
  until?: string;
  owner?: string | null;
  note?: string;
}

export interface Incident extends Omit<IncidentSummary, 'lines' | 'comments'> {
  lines: MonitorSaid[];
  drivers: MonitorSaid[];
  comments: { at: string; author: string | null; text: string }[];
  history: IncidentHistoryEntry[];
  /** The diagnosis' question for it (its KPI in its segment over its days); null for late sources and pace. */
  why: { kpi: string; from: string; to: string; compare: 'previous'; filter?: string } | null;
}

export interface IncidentList {
  incidents: IncidentSummary[];
  total: number;
  counts: Partial<Record<IncidentState, number>>;
}

/** The states each view of the inbox lists: what still needs someone, what is closed, everything. */
export const INCIDENT_VIEWS = {
  active: ['open', 'acknowledged', 'snoozed'],
  closed: ['resolved', 'false_alarm'],
  all: [...INCIDENT_STATES],
} as const satisfies Record<string, readonly IncidentState[]>;
export type IncidentView = keyof typeof INCIDENT_VIEWS;

/**
 * What an editor may do to an incident in a state, as the server allows it: acknowledge what is
 * open or snoozed; snooze or resolve what is not closed; call anything but a false alarm a false
 * alarm; reopen anything that is not open.
 */
export function incidentActions(state: IncidentState): IncidentActionPath[] {
  const allowed: Record<IncidentActionPath, readonly IncidentState[]> = {
    acknowledge: ['open', 'snoozed'],
    snooze: ['open', 'acknowledged', 'snoozed'],
    resolve: ['open', 'acknowledged', 'snoozed'],
    'false-alarm': ['open', 'acknowledged', 'snoozed', 'resolved'],
    reopen: ['acknowledged', 'snoozed', 'resolved', 'false_alarm'],
  };
  return (Object.keys(allowed) as IncidentActionPath[]).filter((action) => allowed[action].includes(state));
}

/** A snooze's end: the start of the chosen day on the member's own clock, as an instant. */
export function snoozeUntil(day: string): string {
  return new Date(`${day}T00:00:00`).toISOString();
}

/** An alert on one KPI series: a dot on its line, with the monitor's explanation. */
export interface AnomalyMarker {
  series: string;
  kpi: string;
  segment: string;
  time: string;
  kind: 'point' | 'sustained' | 'tracking';
  direction: 'above' | 'below';
  value: number;
  expected: number;
  said: MonitorSaid;
  incident: { id: string; state: IncidentState; severity: IncidentSeverity; title: MonitorSaid };
}

/**
 * The dots a line of days carries: each marker on the index of its day. Markers on days the line
 * does not have (a weekly line, another window) are left out; of two on one day, the first kept.
 */
export function markerDots(
  days: readonly string[],
  markers: readonly AnomalyMarker[],
): { index: number; marker: AnomalyMarker }[] {
  const indexOf = new Map(days.map((day, index) => [day, index]));
  const taken = new Set<number>();
  const dots: { index: number; marker: AnomalyMarker }[] = [];
  for (const marker of markers) {
    const index = indexOf.get(marker.time);
    if (index === undefined || taken.has(index)) continue;
    taken.add(index);
    dots.push({ index, marker });
  }
  return dots.sort((a, b) => a.index - b.index);
}
