/** The zod schemas of annotations, for the edges that check them (kept apart from the pure rules so the dashboard's bundle carries no zod). */
import { z } from 'zod';
import { isValidIsoDate } from '../plan/dates.js';

export const ANNOTATION_SCOPES = ['all', 'channel', 'campaign'] as const;

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
