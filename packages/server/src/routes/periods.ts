/**
 * The windows a period picker offers: every preset resolved against today in the workspace's time
 * zone, and the latest occurrence of each of the workspace's events with the same event's window
 * the year before (`period=` / `compare=` on the analytics routes name them).
 */
import { answerPeriodChoices } from '@markpi/app';
import { isoDateSchema } from '@markpi/core';
import { z } from 'zod';
import { defineRoute, type Route, workspaceRole } from '../http/route.js';
import { workspaceParams } from '../schemas.js';
import { workspaceContextOf } from './support.js';

const periodSchema = z.object({ from: isoDateSchema, to: isoDateSchema });

export const periodChoicesSchema = z.object({
  today: isoDateSchema.describe('today in the workspace’s time zone'),
  timeZone: z.string(),
  presets: z.array(z.object({ id: z.string(), period: periodSchema })),
  events: z
    .array(
      z.object({
        spec: z.string().describe('what `period=` takes for it, e.g. `event:618@2026`'),
        key: z.string().describe('the event’s name without its year'),
        name: z.string(),
        year: z.number(),
        period: periodSchema,
        lastYear: periodSchema
          .nullable()
          .describe('the same event’s window the year before; null when it did not happen'),
      }),
    )
    .describe('the latest occurrence of each event by today, newest first'),
});

export const periodRoutes: Route[] = [
  defineRoute({
    method: 'GET',
    path: '/api/workspaces/:ws/periods',
    tag: 'analytics',
    summary: 'Period presets and the workspace’s events as windows, as of today',
    access: workspaceRole('viewer'),
    params: workspaceParams,
    response: periodChoicesSchema,
    async handler(context) {
      return answerPeriodChoices(await workspaceContextOf(context));
    },
  }),
];
