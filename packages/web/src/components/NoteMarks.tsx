/**
 * Notes laid over a tile's line of days: a thin mark at each noted day the line holds (a span from
 * its first day it holds), the notes in its tooltip, read in the reader's language where a note is
 * a retail sales day's name.
 */
import type { Annotation } from '@markpi/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { eventName } from '../lib/periods';
import './annotations.css';

/** The sparkline's width (`lib/sparkline.ts`). */
const WIDTH = 120;

export function NoteMarks({
  days,
  notes,
  children,
}: {
  days: readonly string[];
  notes: readonly Annotation[];
  children: ReactNode;
}) {
  const { i18n } = useTranslation();
  const marks = new Map<number, string[]>();
  for (const note of notes) {
    const first = days.findIndex((day) => day >= note.date && day <= (note.to ?? note.date));
    if (first >= 0) marks.set(first, [...(marks.get(first) ?? []), eventName(note.note, i18n.language)]);
  }
  if (marks.size === 0) return <>{children}</>;
  const step = WIDTH / Math.max(days.length - 1, 1);
  return (
    <div className="noted-sparkline" data-notes={marks.size}>
      {children}
      {[...marks].map(([index, texts]) => (
        <span
          key={index}
          className="note-mark"
          style={{ left: index * step }}
          title={`${days[index]} ${texts.join(' · ')}`}
          data-testid="note-mark"
          data-day={days[index]}
        />
      ))}
    </div>
  );
}
