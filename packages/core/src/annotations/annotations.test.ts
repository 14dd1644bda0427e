import { describe, expect, it } from 'vitest';
import { annotationInputSchema } from './schemas.js';
import { type Annotation, annotationInView, annotationsInView } from './view.js';

const note = (over: Partial<Annotation>): Annotation => ({
  id: 'a',
  date: '2026-06-18',
  note: '618',
  scope: 'all',
  createdAt: '2026-06-01T00:00:00.000Z',
  author: null,
  ...over,
});

describe('annotations', () => {
  it('shows a note on charts whose window holds one of its days', () => {
    const window = { from: '2026-06-01', to: '2026-06-30' };
    expect(annotationInView(note({}), window)).toBe(true);
    expect(annotationInView(note({ date: '2026-07-01' }), window)).toBe(false);
    // A span that starts before the window and ends in it.
    expect(annotationInView(note({ date: '2026-05-20', to: '2026-06-01' }), window)).toBe(true);
    expect(annotationInView(note({ date: '2026-05-20', to: '2026-05-31' }), window)).toBe(false);
  });

  it('shows a channel’s note where the chart’s scope holds that channel', () => {
    const window = { from: '2026-06-01', to: '2026-06-30' };
    const douyin = note({ id: 'd', scope: 'channel', value: 'douyin', date: '2026-06-10' });
    const tmall = note({ id: 't', scope: 'channel', value: 'tmall', date: '2026-06-05' });
    const everywhere = note({ id: 'w' });
    const all = [everywhere, douyin, tmall];
    expect(annotationsInView(all, window).map((entry) => entry.id)).toEqual(['t', 'd', 'w']);
    expect(annotationsInView(all, window, { channel: ['douyin'] }).map((entry) => entry.id)).toEqual([
      'd',
      'w',
    ]);
    expect(
      annotationsInView(all, window, { channel: ['douyin', 'tmall'], campaign: ['c1'] }).map(
        (entry) => entry.id,
      ),
    ).toEqual(['t', 'd', 'w']);
    expect(annotationsInView(all, window, { campaign: ['c1'] }).map((entry) => entry.id)).toEqual([
      't',
      'd',
      'w',
    ]);
  });

  it('refuses notes without a day, with a reversed span, or a scope without its value', () => {
    expect(annotationInputSchema.safeParse({ date: '2026-02-30', note: 'x' }).success).toBe(false);
    expect(annotationInputSchema.safeParse({ date: '2026-06-18', to: '2026-06-01', note: 'x' }).success).toBe(
      false,
    );
    expect(annotationInputSchema.safeParse({ date: '2026-06-18', note: 'x', scope: 'channel' }).success).toBe(
      false,
    );
    expect(annotationInputSchema.safeParse({ date: '2026-06-18', note: '  ' }).success).toBe(false);
    expect(annotationInputSchema.parse({ date: '2026-06-18', note: ' price change ' })).toEqual({
      date: '2026-06-18',
      note: 'price change',
      scope: 'all',
    });
  });
});
