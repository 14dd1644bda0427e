/**
 * False alarms teach the monitor: every series of an incident people marked a false alarm (and
 * left so) within the last year alerts at a tenth of the probability it did before, for each such
 * incident, down to a thousandth — so a series that cried wolf twice needs a value a hundred times
 * rarer to alert again. Reopening the incident takes its lesson back.
 */
import type { Incident } from './incidents.js';

export const FALSE_ALARM_MEMORY_DAYS = 365;
/** Each false alarm divides a series' alert probability by this. */
export const FALSE_ALARM_FACTOR = 10;
export const MAX_FALSE_ALARMS_COUNTED = 3;

/** How many standing false alarms each series has had within the memory. */
export function falseAlarmCounts(incidents: readonly Incident[], now: Date): Map<string, number> {
  const since = now.getTime() - FALSE_ALARM_MEMORY_DAYS * 86_400_000;
  const counts = new Map<string, number>();
  for (const incident of incidents) {
    if (incident.state !== 'false_alarm') continue;
    const marked = incident.history.findLast((entry) => entry.kind === 'false_alarm');
    if (!marked || Date.parse(marked.at) < since) continue;
    for (const series of incident.series) counts.set(series, (counts.get(series) ?? 0) + 1);
  }
  return counts;
}

/** A series' alert probability after its false alarms. */
export function strictened(probability: number, falseAlarms: number): number {
  return probability / FALSE_ALARM_FACTOR ** Math.min(MAX_FALSE_ALARMS_COUNTED, Math.max(0, falseAlarms));
}
