/**
 * Rollups: a fact's daily rows summed to a coarser grain over a subset of its dimensions, kept
 * in a table of their own so the planner can answer from far fewer rows.
 *
 * The convention, fixed here and relied on by the navigation:
 * - A rollup row is one bucket (`date` is the bucket's first day: the day itself, the Monday of
 *   its week, the first of its month) and one combination of the kept dimensions.
 * - It holds, per column, the SUM of the fact's column over the rows of that bucket and
 *   combination (null when every row held null, as SUM gives), and `rollup_rows`, how many raw
 *   rows it sums. Every ratio KPI is a ratio of such sums, so it is rebuilt exactly.
 * - Only columns every measure reading them sums are held. Columns a distinct measure reads
 *   (reach: an upper bound once two reported rows are added) and snapshot measures (followers:
 *   the last value per entity) are left out, so a question about them stays on the raw table
 *   and keeps its flags as they are.
 * - Only day-grain facts have rollups, and only their daily table: period rows (reports over a
 *   date range) are few and stay where they are, read by their own branch as before.
 */
import { z } from 'zod';
import type { Catalog } from '../catalog/catalog.js';
import { didYouMean, MarkpiError, type Problem } from '../errors.js';
import { type FactId, factMeasureColumns } from '../model/facts.js';

export const ROLLUP_GRAINS = ['day', 'week', 'month'] as const;
export type RollupGrain = (typeof ROLLUP_GRAINS)[number];

/** The column counting the raw rows a rollup row sums. */
export const ROLLUP_ROWS_COLUMN = 'rollup_rows';

/** Prefix of every rollup table, so a rollup can never take a fact's or a system table's name. */
export const ROLLUP_TABLE_PREFIX = 'rollup_';

/** What a person (or the proposer) asks for. */
export interface RollupDefinition {
  /** Lower-case letters, digits and `_`, starting with a letter: it names the table. */
  name: string;
  fact: FactId;
  grain: RollupGrain;
  /** The fact's dimensions kept as columns; every other one is summed over. */
  dimensions: readonly string[];
}

/**
 * A rollup a workspace pins in its workspace file (`rollups:` in `markpi.yaml`): created by
 * `markpi rollups apply` whatever the plan proposes. Checked against the catalog when applied.
 */
export const rollupPinSchema = z.strictObject({
  name: z.string().min(1).max(48),
  fact: z.string().min(1),
  grain: z.enum(ROLLUP_GRAINS),
  dimensions: z.array(z.string().min(1)).max(20).default([]),
});
export type RollupPin = z.output<typeof rollupPinSchema>;

/** A rollup as it is stored: its definition, its table and columns, and how big it is. */
export interface RollupTable extends RollupDefinition {
  table: string;
  /** The fact's measure columns it holds, each the sum over its rows. */
  columns: readonly string[];
  /** Rows in the table when last counted; the navigation prefers fewer. */
  rows?: number;
  /** Days from its first bucket's start to its last bucket's end, when last counted. */
  days?: number;
}

const NAME = /^[a-z][a-z0-9_]{0,47}$/;

export function rollupTableName(name: string): string {
  return `${ROLLUP_TABLE_PREFIX}${name}`;
}

/**
 * The columns of a fact a rollup can hold: measure columns that every measure reading them sums
 * (see the convention above), in the fact's column order.
 */
export function rollupColumns(catalog: Catalog, fact: FactId): string[] {
  const physical = factMeasureColumns(fact);
  const notSummed = new Set<string>();
  const summed = new Set<string>();
  for (const measure of catalog.measures.values()) {
    if (measure.fact !== fact) continue;
    if (measure.aggregation === 'sum') summed.add(measure.column);
    else notSummed.add(measure.column);
  }
  return physical.filter((column) => summed.has(column) && !notSummed.has(column));
}

/** Checks a definition against the catalog and gives the stored shape; one error lists every problem. */
export function resolveRollup(catalog: Catalog, definition: RollupDefinition): RollupTable {
  const problems: Problem[] = [];
  if (!NAME.test(definition.name)) {
    problems.push({
      message: `rollup name \`${definition.name}\` must be lower-case letters, digits and _, starting with a letter (at most 48)`,
      path: 'name',
    });
  }
  const fact = catalog.facts.get(definition.fact);
  if (!fact) {
    problems.push({
      message: `unknown fact \`${definition.fact}\``,
      path: 'fact',
      hint:
        didYouMean(definition.fact, catalog.facts.keys()) ?? `facts: ${[...catalog.facts.keys()].join(', ')}`,
    });
  } else {
    if (fact.grain !== 'day') {
      problems.push({
        message: `${fact.table} is kept by ${fact.grain}: only daily facts have rollups`,
        path: 'fact',
      });
    }
    if (fact.entity) {
      problems.push({
        message: `${fact.table} holds snapshots (the last value per entity): rollups hold sums only`,
        path: 'fact',
      });
    }
    const seen = new Set<string>();
    for (const dimension of definition.dimensions) {
      if (seen.has(dimension)) {
        problems.push({ message: `dimension \`${dimension}\` is listed twice`, path: 'dimensions' });
      }
      seen.add(dimension);
      if (!fact.dimensions.includes(dimension)) {
        problems.push({
          message: `${fact.table} has no dimension \`${dimension}\``,
          path: 'dimensions',
          hint: didYouMean(dimension, fact.dimensions) ?? `${fact.table} has: ${fact.dimensions.join(', ')}`,
        });
      }
    }
  }
  if (!(ROLLUP_GRAINS as readonly string[]).includes(definition.grain)) {
    problems.push({ message: `grain must be one of ${ROLLUP_GRAINS.join(', ')}`, path: 'grain' });
  }
  const columns = fact && problems.length === 0 ? rollupColumns(catalog, definition.fact) : [];
  if (fact && problems.length === 0 && columns.length === 0) {
    problems.push({ message: `${fact.table} has no summed measure for a rollup to hold`, path: 'fact' });
  }
  if (problems.length > 0) {
    throw new MarkpiError('invalid_rollup', problems.map((problem) => problem.message).join('; '), problems);
  }
  // Kept in the fact's order, so two definitions listing the same dimensions are one table shape.
  const dimensions = fact!.dimensions.filter((dimension) => definition.dimensions.includes(dimension));
  return {
    name: definition.name,
    fact: definition.fact,
    grain: definition.grain,
    dimensions,
    table: rollupTableName(definition.name),
    columns,
  };
}
