/**
 * Schemas of catalog entries: one zod schema each is both the runtime check of a workspace
 * file and the TypeScript type.
 */
import { z } from 'zod';
import { tierRulesSchema } from '../creators/tiers.js';
import { rollupPinSchema } from '../rollups/definition.js';

export const AGGREGATION_CLASSES = [
  'additive',
  'ratio',
  'snapshot',
  'distinct',
  'threshold',
  'period_over_period',
] as const;
export type AggregationClass = (typeof AGGREGATION_CLASSES)[number];

export const KPI_UNITS = ['count', 'currency', 'ratio', 'percent', 'multiple', 'number', 'seconds'] as const;
export const DIRECTIONS = ['up', 'down', 'context'] as const;
export type Direction = (typeof DIRECTIONS)[number];

const bilingual = z.object({
  en: z.string().min(1, 'an English text'),
  zh: z.string().min(1, 'a Chinese text'),
});

/** snake_case, starting with a letter; `__` is reserved for output columns like `ctr__previous`. */
export const idSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, 'snake_case: lower-case letters, digits and _, starting with a letter')
  .max(64)
  .refine((id) => !id.includes('__'), 'must not contain `__` (reserved for comparison columns)');

export const kpiDefinitionSchema = z.strictObject({
  id: idSchema,
  name: bilingual,
  description: bilingual,
  formula: z.string().min(1).max(2000),
  unit: z.enum(KPI_UNITS),
  direction: z.enum(DIRECTIONS),
  aggregation: z.enum(AGGREGATION_CLASSES),
  sources: z.array(z.string()).default([]),
});
export type KpiDefinitionInput = z.input<typeof kpiDefinitionSchema>;
export type KpiDefinition = z.output<typeof kpiDefinitionSchema>;

export const customMeasureSchema = z.strictObject({
  id: idSchema,
  fact: z.enum([
    'performance',
    'followers',
    'costs',
    'customers',
    'audience_stages',
    'audience_sizes',
    'search_results',
  ]),
  column: z.string().min(1),
  aggregation: z.enum(['sum', 'distinct', 'snapshot']),
  unit: z.enum(['count', 'currency', 'seconds', 'ratio']),
  name: bilingual,
  description: bilingual.optional(),
  filter: z.string().max(2000).optional(),
});
export type CustomMeasure = z.output<typeof customMeasureSchema>;

export const workspaceConfigSchema = z.strictObject({
  base_currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as CNY')
    .default('CNY'),
  time_zone: z.string().default('Asia/Shanghai'),
  measures: z.array(customMeasureSchema).default([]),
  kpis: z.array(kpiDefinitionSchema).default([]),
  creator_tiers: tierRulesSchema.optional(),
  rollups: z.array(rollupPinSchema).max(100).optional(),
});
export type WorkspaceConfig = z.output<typeof workspaceConfigSchema>;
