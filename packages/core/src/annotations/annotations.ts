/**
 * Annotations: dated notes a workspace keeps beside its numbers (a launch, a price change, a
 * tracking fix), each on one day or a span of days, with a scope — the whole workspace, one
 * channel or one campaign.
 *
 * Where a note is shown: on every chart whose window holds one of its days and whose scope holds
 * the note's. A chart's scope is what its page picked per dimension (`constraints`: dimension →
 * the values kept); a dimension the chart does not constrain holds every value, so a workspace
 * chart shows every note, a chart of Douyin shows the workspace's notes and Douyin's but not
 * Tmall's. A formula filter typed by hand says nothing structured and leaves its dimensions
 * unconstrained.
 */
import { z } from 'zod';
import { isValidIsoDate } from '../plan/dates.js';
import type { Period } from '../targets/periods.js';

export const ANNOTATION_SCOPES = ['all', 'channel', 'campaign'] as const;
export type AnnotationScope = (typeof ANNOTATION_SCOPES)[number];

const calendarDate = z.string().refine(isValidIsoDate, 'a date as YYYY-MM-DD');

export const annotationInputSchema = z
  .strictObject({
    date: calendarDate.describe('the note’s day, or its first day'),
    to: calendarDate.optional().describe('last day of a span, inclusive; one day when absent'),
    note: z.string().trim().min(1).max(500),
    scope: z.enum(ANNOTATION_SCOPES).default('all'),
    value: z.string().min(1).max(200).optional().describe('the channel or campaign, for those scopes'),
  })
  .refine((input) => input.to === undefined || input.date <= input.to, {
    message: 'a note must not end before it starts',
    path: ['to'],
  })
  .refine((input) => (input.scope === 'all') === (input.value === undefined), {
    message: 'a channel or campaign note names its channel or campaign; a workspace note names none',
    path: ['value'],
  });
export type AnnotationInput = z.input<typeof annotationInputSchema>;

export const annotationSchema = z.object({
  id: z.string(),
  date: z.string(),
  to: z.string().optional(),
  note: z.string(),
  scope: z.enum(ANNOTATION_SCOPES),
  value: z.string().optional(),
  createdAt: z.string(),
  author: z.string().nullable(),
});
export type Annotation = z.output<typeof annotationSchema>;

/** The days a note covers. */
export function annotationPeriod(annotation: Pick<Annotation, 'date' | 'to'>): Period {
  return { from: annotation.date, to: annotation.to ?? annotation.date };
}

/** Whether a chart of this window and scope shows the note (see the module's comment). */
export function annotationInView(
  annotation: Pick<Annotation, 'date' | 'to' | 'scope' | 'value'>,
  window: Period,
  constraints: Readonly<Record<string, readonly string[]>> = {},
): boolean {
  const { from, to } = annotationPeriod(annotation);
  if (to < window.from || from > window.to) return false;
  if (annotation.scope === 'all' || annotation.value === undefined) return true;
  const kept = constraints[annotation.scope];
  return kept === undefined || kept.length === 0 || kept.includes(annotation.value);
}

/** The notes a chart shows, by first day. */
export function annotationsInView<T extends Pick<Annotation, 'date' | 'to' | 'scope' | 'value'>>(
  annotations: readonly T[],
  window: Period,
  constraints: Readonly<Record<string, readonly string[]>> = {},
): T[] {
  return annotations
    .filter((annotation) => annotationInView(annotation, window, constraints))
    .sort((a, b) => a.date.localeCompare(b.date));
}
