/**
 * Notes on a target's pacing chart: a note of one day is a line on that day, a span a shaded area
 * over its days, clipped to the days the chart draws (a span that began before the period starts
 * on its first day). Several one-day notes on one day share a line, their texts joined.
 */
import type { Annotation } from '@markpi/core';

export interface PaceNoteMarks {
  lines: { xAxis: string; name: string }[];
  areas: [{ xAxis: string; name: string }, { xAxis: string }][];
}

export function paceNoteMarks(
  notes: readonly Pick<Annotation, 'date' | 'to' | 'note'>[],
  days: readonly string[],
  say: (note: string) => string = (note) => note,
): PaceNoteMarks {
  const first = days[0];
  const last = days[days.length - 1];
  const byDay = new Map<string, string[]>();
  const areas: PaceNoteMarks['areas'] = [];
  if (first === undefined || last === undefined) return { lines: [], areas };
  for (const note of notes) {
    const to = note.to ?? note.date;
    if (to < first || note.date > last) continue;
    if (to === note.date) {
      byDay.set(note.date, [...(byDay.get(note.date) ?? []), say(note.note)]);
      continue;
    }
    // ISO days sort as text: the later of the two starts, the earlier ends.
    const [, from] = [note.date, first].sort();
    const [end] = [to, last].sort();
    areas.push([{ xAxis: from!, name: say(note.note) }, { xAxis: end! }]);
  }
  const lines = [...byDay].map(([day, texts]) => ({ xAxis: day, name: texts.join(' · ') }));
  return { lines, areas };
}
