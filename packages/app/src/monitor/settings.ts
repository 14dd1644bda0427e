/**
 * What a workspace's monitor watches and how keenly, as the API takes and gives it. With no
 * set-up one monitor watches every KPI that has data, daily, in every segment (the workspace,
 * channels, campaigns, creator tiers, the top creators by spend), at normal sensitivity, with the
 * data-quality and pace monitors on. A workspace adds monitors of its own: chosen KPIs, a
 * cadence (a daily or a weekly series), the segments and the sensitivity.
 *
 * Mix KPIs (shares a strategy moves, `isMixKpi`) are watched only by a monitor that names them.
 *
 * Sensitivity is how many incidents chance alone may raise per channel per quarter (`low` 0.05,
 * `normal` 0.25, `high` 1): each series then alerts at the probability that budget leaves it, the
 * budget divided by the slots of a quarter (91 days, 13 weeks) and by the series watched in its
 * channel (its campaigns and creators included; series across channels count as one more
 * channel) — the more is watched, the stricter each series, so watching everything does not mean
 * being told about everything. A series whose alerts people marked false alarms gets stricter
 * still (`feedback.ts`).
 */
import { type Catalog, type CatalogKpi, MarkpiError } from '@markpi/core';
import { z } from 'zod';
import { SEGMENT_LEVELS } from './segments.js';

export const MONITOR_CADENCES = ['daily', 'weekly'] as const;
export type MonitorCadence = (typeof MONITOR_CADENCES)[number];

/**
 * Which moves alert: `against` a KPI's direction (a fall of what should rise, a rise of a cost;
 * both ways for KPIs without a direction, like spend), or `both` ways for every KPI.
 */
export const MONITOR_DIRECTIONS = ['against', 'both'] as const;
export type MonitorDirections = (typeof MONITOR_DIRECTIONS)[number];

export const SENSITIVITIES = ['low', 'normal', 'high'] as const;
export type Sensitivity = (typeof SENSITIVITIES)[number];

/** Incidents chance alone may raise per channel per quarter. */
export const SENSITIVITY_BUDGET: Readonly<Record<Sensitivity, number>> = {
  low: 0.05,
  normal: 0.25,
  high: 1,
};

export const SLOTS_PER_QUARTER: Readonly<Record<MonitorCadence, number>> = { daily: 91, weekly: 13 };

/** The alert probability of each series of a channel that watches `series` series (see above). */
export function seriesProbability(sensitivity: Sensitivity, cadence: MonitorCadence, series: number): number {
  const probability = SENSITIVITY_BUDGET[sensitivity] / (SLOTS_PER_QUARTER[cadence] * Math.max(1, series));
  return Math.min(1e-2, Math.max(1e-12, probability));
}

const monitorId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'lower-case letters, digits, - and _')
  .max(40);

export const monitorDefinitionSchema = z.strictObject({
  id: monitorId,
  name: z.string().trim().min(1).max(100),
  enabled: z.boolean().default(true),
  /** KPI ids, or `all`: every KPI of the catalog that has data. */
  kpis: z.union([z.literal('all'), z.array(z.string().min(1).max(100)).min(1).max(200)]).default('all'),
  cadence: z.enum(MONITOR_CADENCES).default('daily'),
  segments: z
    .array(z.enum(SEGMENT_LEVELS))
    .min(1)
    .default([...SEGMENT_LEVELS]),
  sensitivity: z.enum(SENSITIVITIES).default('normal'),
  directions: z.enum(MONITOR_DIRECTIONS).default('against'),
});
export type MonitorDefinition = z.output<typeof monitorDefinitionSchema>;

/** Every KPI, day by day, in the workspace, its channels and its campaigns. */
export const DEFAULT_MONITOR: MonitorDefinition = monitorDefinitionSchema.parse({
  id: 'kpis',
  name: 'Every KPI, daily',
  segments: ['workspace', 'channel', 'campaign'],
});

/**
 * Every KPI of creator tiers and the top creators, week by week: creators post and are paid on the
 * days they do, so their days are lumpy and their weeks are what can be told apart from chance.
 */
export const DEFAULT_CREATOR_MONITOR: MonitorDefinition = monitorDefinitionSchema.parse({
  id: 'creators',
  name: 'Creators, weekly',
  cadence: 'weekly',
  segments: ['creator_tier', 'creator'],
});

/**
 * Shares of a whole whose good direction is a strategy's (organic share of conversions): budget
 * decisions move them — boosting a creator's post lowers its campaign's and its channel's organic
 * share the week it starts — so they report decisions rather than problems, and a move of the
 * conversions behind them is watched anyway. The monitors of every KPI leave them out (the run
 * lists them as not watched, with this reason); a monitor that names one watches it.
 */
/** A share whose good direction depends on the strategy: a percentage ratio without a direction. */
export function isMixKpi(kpi: CatalogKpi): boolean {
  return kpi.direction === 'context' && kpi.unit === 'percent' && kpi.aggregation === 'ratio';
}

export const monitorSettingsSchema = z
  .strictObject({
    monitors: z.array(monitorDefinitionSchema).max(20).default([DEFAULT_MONITOR, DEFAULT_CREATOR_MONITOR]),
    /** How many creators, by spend over the last 90 days, get series of their own. */
    topCreators: z.number().int().min(0).max(50).default(10),
    /** How many days of history a run scores (all of it up to this). */
    historyDays: z.number().int().min(60).max(1100).default(730),
    /** Conversions stopping while clicks and spend go on. */
    trackingBreaks: z.boolean().default(true),
    /** Platform accounts whose data stops arriving. */
    lateSources: z.boolean().default(true),
    /** Targets turning amber or red, and periods ending met or missed. */
    pace: z.boolean().default(true),
  })
  .superRefine((settings, context) => {
    const seen = new Set<string>();
    settings.monitors.forEach((monitor, index) => {
      if (seen.has(monitor.id))
        context.addIssue({
          code: 'custom',
          message: `monitor id ${monitor.id} is used twice`,
          path: ['monitors', index, 'id'],
        });
      seen.add(monitor.id);
    });
  });
export type MonitorSettings = z.output<typeof monitorSettingsSchema>;
export type MonitorSettingsInput = z.input<typeof monitorSettingsSchema>;

export const DEFAULT_MONITOR_SETTINGS: MonitorSettings = monitorSettingsSchema.parse({});

/** Settings as given, checked: the schema, then every KPI named against the catalog. */
export function parseMonitorSettings(input: unknown, catalog: Catalog): MonitorSettings {
  const parsed = monitorSettingsSchema.safeParse(input);
  if (!parsed.success) {
    throw new MarkpiError(
      'invalid_request',
      'the monitor settings are not valid',
      parsed.error.issues.map((issue) => ({ message: issue.message, path: issue.path.join('.') })),
    );
  }
  const problems = parsed.data.monitors.flatMap((monitor, index) =>
    monitor.kpis === 'all'
      ? []
      : monitor.kpis
          .filter((kpi) => !catalog.kpis.has(kpi))
          .map((kpi) => ({
            message: `unknown KPI \`${kpi}\``,
            path: `monitors.${index}.kpis`,
            hint: 'run `markpi kpis` for the list',
          })),
  );
  if (problems.length > 0) {
    throw new MarkpiError(
      'unknown_kpi',
      `the monitor settings name ${problems.length} unknown KPI(s)`,
      problems,
    );
  }
  return parsed.data;
}
