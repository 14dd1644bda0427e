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
import type { Period } from '../targets/periods.js';

export type AnnotationScope = 'all' | 'channel' | 'campaign';

/** A note as stored and answered (`annotationSchema` checks it on the wire). */
export interface Annotation {
  id: string;
  date: string;
  to?: string | undefined;
  note: string;
  scope: AnnotationScope;
  value?: string | undefined;
  createdAt: string;
  author: string | null;
}

/** What a person gives to add a note (`annotationInputSchema` checks it). */
export interface AnnotationInput {
  date: string;
  to?: string | undefined;
  note: string;
  scope?: AnnotationScope | undefined;
  value?: string | undefined;
}

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
