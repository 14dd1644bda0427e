/**
 * The values of a dimension for the dashboard's value pickers, searchable, each with its name
 * where the dimension has names and a count from the planner (the same use case as the filter
 * bar's, `answerDimensionValues`).
 */
import { answerDimensionValues, DEFAULT_VALUE_KPI, DEFAULT_VALUE_LIMIT } from '@markpi/app';
import { isoDateSchema } from '@markpi/core';
import { z } from 'zod';
import { defineRoute, type Route, workspaceRole } from '../http/route.js';
import { workspaceContextOf } from './support.js';

const valuesParams = z.object({ ws: z.string(), dimension: z.string().max(100) });

export const valuesQuerySchema = z.object({
  search: z.string().max(200).optional().describe('keep values whose id or name contains this text'),
  period: z
    .string()
    .max(300)
    .optional()
    .describe('a preset or `event:<name>[@<year>]`, instead of `from`/`to`'),
  from: isoDateSchema.optional().describe('default: 29 days before `to`'),
  to: isoDateSchema.optional().describe('default: the last day with data'),
  filter: z.string().max(10_000).optional().describe('only values with data within this condition'),
  kpi: z.string().max(100).optional().describe(`what each value's count is; default ${DEFAULT_VALUE_KPI}`),
  limit: z.coerce.number().int().positive().max(1000).default(DEFAULT_VALUE_LIMIT),
});

export const dimensionValuesSchema = z.object({
  dimension: z.string(),
  kpi: z.string().describe('the KPI each count is'),
  period: z.object({ from: isoDateSchema, to: isoDateSchema }),
  total: z.number().describe('values matching the search, before the limit'),
  values: z.array(
    z.object({
      value: z.string(),
      label: z.string().optional().describe('the display name, where the dimension has names'),
      count: z.number().nullable(),
    }),
  ),
});

export const valuesRoutes: Route[] = [
  defineRoute({
    method: 'GET',
    path: '/api/workspaces/:ws/values/:dimension',
    tag: 'analytics',
    summary: 'The values of a dimension with data in a window, largest first, for value pickers',
    access: workspaceRole('viewer'),
    params: valuesParams,
    query: valuesQuerySchema,
    response: dimensionValuesSchema,
    async handler(context) {
      return answerDimensionValues(
        await workspaceContextOf(context),
        context.params.dimension,
        context.query,
      );
    },
  }),
];
