/**
 * Notes on the pacing chart: one-day notes as lines (two on a day share one), spans as areas
 * clipped to the chart's days, notes outside them left out — against a day-by-day check of which
 * days each mark covers.
 */
import { describe, expect, it } from 'vitest';
import { paceNoteMarks } from './pace-notes';

const days = ['2026-06-01', '2026-06-02', '2026-06-03', '2026-06-04'];

describe('notes on the pacing chart', () => {
  it('marks days as lines and spans as clipped areas', () => {
    const marks = paceNoteMarks(
      [
        { date: '2026-06-02', note: 'Price change' },
        { date: '2026-06-02', note: 'Tracking fix' },
        { date: '2026-05-30', to: '2026-06-02', note: 'Presale' },
        { date: '2026-06-04', to: '2026-06-20', note: '618' },
        { date: '2026-05-01', note: 'Before' },
        { date: '2026-06-05', to: '2026-06-06', note: 'After' },
      ],
      days,
      (note) => note.toUpperCase(),
    );
    expect(marks.lines).toEqual([{ xAxis: '2026-06-02', name: 'PRICE CHANGE · TRACKING FIX' }]);
    expect(marks.areas).toEqual([
      [{ xAxis: '2026-06-01', name: 'PRESALE' }, { xAxis: '2026-06-02' }],
      [{ xAxis: '2026-06-04', name: '618' }, { xAxis: '2026-06-04' }],
    ]);
  });

  it('covers exactly the chart’s days each note holds', () => {
    const spans = [
      ['2026-05-31', '2026-06-01'],
      ['2026-06-02', '2026-06-03'],
      ['2026-06-03', '2026-06-09'],
      ['2026-05-20', '2026-05-31'],
    ] as const;
    const marks = paceNoteMarks(
      spans.map(([date, to]) => ({ date, to, note: `${date}…${to}` })),
      days,
    );
    const covered = (area: PaceArea) => days.filter((day) => day >= area[0].xAxis && day <= area[1].xAxis);
    const expected = spans
      .map(([date, to]) => days.filter((day) => day >= date && day <= to))
      .filter((held) => held.length > 0);
    expect(marks.areas.map(covered)).toEqual(expected);
  });
});

type PaceArea = ReturnType<typeof paceNoteMarks>['areas'][number];
