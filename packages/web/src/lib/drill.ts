/**
 * Drilling down from a row: channel → campaign → ad group or creator → content, the hierarchy
 * "why?" splits a change along. The path walked so far is kept in the URL (`drill.channel=weibo`),
 * one parameter per level, and narrows whatever the page shows with `level = 'value'` conditions
 * added to the page's own filter, which stays as it was, as do the period and the comparison.
 */
import { combineFilters } from '@markpi/core';
import type { ComparisonTable } from '../api/types';
import { equalsCondition } from './why';

export const DRILL_LEVELS = ['channel', 'campaign', 'ad_group', 'creator', 'content'] as const;
export type DrillLevel = (typeof DRILL_LEVELS)[number];

/** What each level splits into: an ad group and a creator both sit inside a campaign. */
export const DRILL_CHILDREN: Readonly<Record<DrillLevel, readonly DrillLevel[]>> = {
  channel: ['campaign'],
  campaign: ['ad_group', 'creator'],
  ad_group: ['content'],
  creator: ['content'],
  content: [],
};

/** The comparison table whose rows are a level; ad groups have none (Explore lists them). */
export const DRILL_TABLES: Readonly<Partial<Record<DrillLevel, ComparisonTable>>> = {
  channel: 'channels',
  campaign: 'campaigns',
  creator: 'creators',
  content: 'content',
};

export interface DrillStep {
  dimension: DrillLevel;
  value: string;
}

const PREFIX = 'drill.';

export function isDrillLevel(dimension: string): dimension is DrillLevel {
  return (DRILL_LEVELS as readonly string[]).includes(dimension);
}

/** The path an URL holds, in the hierarchy's order. */
export function readDrillPath(search: URLSearchParams): DrillStep[] {
  return DRILL_LEVELS.flatMap((dimension) => {
    const value = search.get(`${PREFIX}${dimension}`);
    return value ? [{ dimension, value }] : [];
  });
}

/** The URL changes that make `path` the path walked: its levels set, every other one removed. */
export function drillSearch(path: readonly DrillStep[]): Record<string, string | null> {
  const changes: Record<string, string | null> = {};
  for (const dimension of DRILL_LEVELS)
    changes[`${PREFIX}${dimension}`] = path.find((step) => step.dimension === dimension)?.value ?? null;
  return changes;
}

/** The path's conditions, `channel = 'weibo' and campaign = 'ao-wb'`; undefined for no path. */
export function drillCondition(path: readonly DrillStep[]): string | undefined {
  if (path.length === 0) return undefined;
  return path.map((step) => equalsCondition(step.dimension, step.value)).join(' and ');
}

/** The page's filter narrowed to the path. */
export function drillFilter(filter: string | undefined, path: readonly DrillStep[]): string | undefined {
  return combineFilters(filter?.trim() ? filter : undefined, drillCondition(path));
}

/** The path one step further: into `value` of `dimension` (a step already on that level is replaced). */
export function extendPath(path: readonly DrillStep[], dimension: DrillLevel, value: string): DrillStep[] {
  const rank = (step: DrillStep) => DRILL_LEVELS.indexOf(step.dimension);
  return [...path.filter((step) => step.dimension !== dimension), { dimension, value }].sort(
    (a, b) => rank(a) - rank(b),
  );
}

function searchOf(path: readonly DrillStep[]): Record<string, string> {
  return Object.fromEntries(path.map((step) => [`${PREFIX}${step.dimension}`, step.value]));
}

/** A query string (without `?`) of the kept parameters and the path, in a stable order. */
export function drillQuery(kept: Readonly<Record<string, string | undefined>>, path: readonly DrillStep[]) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(kept)) if (value) search.set(key, value);
  for (const [key, value] of Object.entries(searchOf(path))) search.set(key, value);
  return search.toString();
}
