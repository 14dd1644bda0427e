/**
 * The rollup plan over HTTP: what `markpi rollups plan` shows — the rollups worth keeping within
 * a budget of rows, each with the questions of the workspace it serves and the rows it saves a
 * day, the rule that chose them and what was read — for the dashboard's settings. Every sentence
 * is a message key with its parameters (core's `rollups/messages.ts`), said in either language by
 * the reader. Editors ask it: it names every saved view, target and monitor of the workspace.
 */
import { DEFAULT_ROLLUP_BUDGET_ROWS, planRollups } from '@markpi/app';
import { ROLLUP_GRAINS, ROLLUP_MESSAGE_KEYS } from '@markpi/core';
import { z } from 'zod';
import { defineRoute, type Route, workspaceRole } from '../http/route.js';
import { workspaceParams } from '../schemas.js';
import { workspaceContextOf } from './support.js';

const messageSchema = z.object({
  key: z.enum(ROLLUP_MESSAGE_KEYS as [string, ...string[]]),
  params: z.record(z.string(), z.string()),
});

const definitionSchema = z.object({
  name: z.string(),
  fact: z.string(),
  grain: z.enum(ROLLUP_GRAINS),
  dimensions: z.array(z.string()).readonly(),
});

const rollupPlanSchema = z.object({
  budgetRows: z.number(),
  proposed: z.array(
    z.object({
      definition: definitionSchema,
      estimatedRows: z.number(),
      askedBy: z
        .array(z.string())
        .describe('stable ids of the questions it serves (`view:<id>`, `monitor:<id>/…`)'),
      questions: z.array(messageSchema).describe('those questions as a person is told them'),
      savedRowsPerDay: z.number().describe('raw rows a day its questions no longer read (estimated)'),
      pinned: z.literal(true).optional().describe('pinned in the workspace file (`rollups:` in markpi.yaml)'),
    }),
  ),
  existing: z
    .array(
      definitionSchema.extend({
        table: z.string(),
        columns: z.array(z.string()).readonly().describe('the fact’s columns it sums'),
        rows: z.number().optional(),
        days: z.number().optional(),
        createdAt: z.string(),
      }),
    )
    .describe('the rollups the workspace keeps now'),
  rule: messageSchema.describe('how the plan chose'),
  read: messageSchema.describe('which of the workspace’s questions it read'),
});

export const rollupRoutes: Route[] = [
  defineRoute({
    method: 'GET',
    path: '/api/workspaces/:ws/rollups/plan',
    tag: 'analytics',
    summary: 'Rollups proposed from the questions the workspace runs, within a budget of rows',
    description:
      'Greedy by rows saved per row stored, each question weighed by its runs a day times the days it reads; ' +
      `budget default ${DEFAULT_ROLLUP_BUDGET_ROWS.toLocaleString('en-US')} rows. The same plan as \`markpi rollups plan\`.`,
    access: workspaceRole('editor'),
    params: workspaceParams,
    query: z.object({ budget: z.coerce.number().int().positive().max(1e12).optional() }),
    response: rollupPlanSchema,
    async handler(context) {
      return planRollups(
        await workspaceContextOf(context),
        context.query.budget ?? DEFAULT_ROLLUP_BUDGET_ROWS,
      );
    },
  }),
];
