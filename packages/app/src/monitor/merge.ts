/**
 * What a run's findings do to the incidents already stored: a detection that shares a series with
 * a stored incident on days at most one day apart is that incident again (its id stays, so the
 * same problem seen by every run stays one incident); the rest are new. Each stored incident is
 * claimed by one detection at most, the one that overlaps it most.
 *
 * - new: a `detected` event (and `assigned` when the monitor knows an owner);
 * - seen again and changed (days, severity, lines, markers): a `detected` event with the new
 *   findings; its diagnosis is kept when the headline and the days are the same;
 * - seen again with alerts after a day it was resolved or called a false alarm for: `reopened`.
 * People are told about new, reopened and more severe incidents whose last day is on or after
 * `notifyFrom` (the history a first run finds is recorded, not announced).
 */
import { createHash } from 'node:crypto';
import { addDays, daysBetween, SEVERITIES } from '@markpi/core';
import type { Detection, Incident, IncidentEvent } from './incidents.js';

export interface MergePlan {
  events: Omit<IncidentEvent, 'seq'>[];
  /** Incident id of every detection, in the order given. */
  ids: string[];
  opened: string[];
  updated: string[];
  reopened: string[];
  /** Ids to tell people about. */
  notify: string[];
  /** Detections whose diagnosis is to be (re)made, by incident id. */
  unexplained: string[];
}

const headlineOf = (detection: Detection) =>
  JSON.stringify([detection.kind, detection.kpi, detection.segment, detection.from, detection.to]);

/** Everything the monitor finds but the diagnosis, in a fixed order. */
const FINDINGS: readonly (keyof Detection)[] = [
  'kind',
  'severity',
  'title',
  'lines',
  'from',
  'to',
  'segment',
  'kpi',
  'direction',
  'segments',
  'kpis',
  'series',
  'markers',
  'monitor',
  'target',
  'suggestedOwner',
];

/** The findings as text, to tell whether anything the monitor saw changed. */
const findings = (detection: Detection) => JSON.stringify(FINDINGS.map((key) => detection[key] ?? null));

export function incidentId(detection: Detection, taken: ReadonlySet<string>): string {
  const seed = JSON.stringify([
    detection.kind,
    detection.segment,
    detection.kpi,
    detection.series[0],
    detection.from,
  ]);
  const base = `inc-${detection.from.replaceAll('-', '')}-${createHash('sha256').update(seed).digest('hex').slice(0, 8)}`;
  let id = base;
  for (let counter = 2; taken.has(id); counter++) id = `${base}-${counter}`;
  return id;
}

/** Days two incidents share, counting a day either side as shared. */
function overlap(a: { from: string; to: string }, b: { from: string; to: string }): number {
  const from = [a.from, addDays(b.from, -1)].sort()[1]!;
  const to = [a.to, addDays(b.to, 1)].sort()[0]!;
  return from > to ? 0 : daysBetween(from, to) + 1;
}

export function mergeDetections(
  stored: readonly Incident[],
  found: readonly Detection[],
  options: { now: Date; notifyFrom: string },
): MergePlan {
  const at = options.now.toISOString();
  const plan: MergePlan = {
    events: [],
    ids: [],
    opened: [],
    updated: [],
    reopened: [],
    notify: [],
    unexplained: [],
  };
  const taken = new Set(stored.map((incident) => incident.id));
  const claimed = new Set<string>();
  const bySeries = new Map<string, Incident[]>();
  for (const incident of stored) {
    for (const series of incident.series) bySeries.set(series, [...(bySeries.get(series) ?? []), incident]);
  }
  for (const detection of found) {
    const candidates = new Map<string, { incident: Incident; days: number }>();
    for (const series of detection.series) {
      for (const incident of bySeries.get(series) ?? []) {
        if (claimed.has(incident.id) || incident.kind !== detection.kind) continue;
        const days = overlap(detection, incident);
        if (days > 0 && days > (candidates.get(incident.id)?.days ?? 0))
          candidates.set(incident.id, { incident, days });
      }
    }
    const match = [...candidates.values()].sort(
      (a, b) => b.days - a.days || a.incident.openedAt.localeCompare(b.incident.openedAt),
    )[0]?.incident;
    const current = detection.to >= options.notifyFrom;
    if (!match) {
      const id = incidentId(detection, taken);
      taken.add(id);
      claimed.add(id);
      plan.ids.push(id);
      plan.events.push({ incidentId: id, kind: 'detected', at, actor: null, body: { detection } });
      if (detection.suggestedOwner)
        plan.events.push({
          incidentId: id,
          kind: 'assigned',
          at,
          actor: null,
          body: { owner: detection.suggestedOwner },
        });
      plan.opened.push(id);
      plan.unexplained.push(id);
      if (current) plan.notify.push(id);
      continue;
    }
    claimed.add(match.id);
    plan.ids.push(match.id);
    const sameHeadline = headlineOf(match) === headlineOf(detection);
    const next: Detection = sameHeadline ? { ...detection, drivers: match.drivers } : detection;
    if (findings(next) !== findings(match)) {
      plan.events.push({
        incidentId: match.id,
        kind: 'detected',
        at,
        actor: null,
        body: { detection: next },
      });
      plan.updated.push(match.id);
      if (!sameHeadline) plan.unexplained.push(match.id);
      const closed = match.state === 'resolved' || match.state === 'false_alarm';
      if (closed && detection.to > match.to) {
        plan.events.push({
          incidentId: match.id,
          kind: 'reopened',
          at,
          actor: null,
          // The day it alerts through, said in the reader's language (not a note of anyone's).
          body: { through: detection.to },
        });
        plan.reopened.push(match.id);
        if (current) plan.notify.push(match.id);
      } else if (
        current &&
        match.state === 'open' &&
        SEVERITIES.indexOf(detection.severity) > SEVERITIES.indexOf(match.severity)
      ) {
        plan.notify.push(match.id);
      }
    }
  }
  return plan;
}
