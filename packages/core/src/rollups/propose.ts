/**
 * Which rollups to keep, chosen from the questions a workspace asks, within a storage budget.
 *
 * Each question shape (a fact, the dimensions it groups or filters by, the finest grain it
 * needs) asks for one rollup: those dimensions at that grain. A rollup's size is estimated from
 * the fact's sizes: its buckets times the product of its dimensions' distinct values, never more
 * than the raw rows (dimensions are rarely independent, so the estimate errs large). Shapes are
 * taken cheapest first; one is skipped when a rollup already taken answers it (more dimensions,
 * a grain that nests) at no more than four times its own size, or when it would save little
 * (over a tenth of the raw rows) or go over the budget.
 */
import type { FactId } from '../model/facts.js';
import type { RollupDefinition, RollupGrain } from './definition.js';

export interface QuestionShape {
  fact: FactId;
  dimensions: readonly string[];
  grain: RollupGrain;
  /** Who asks it, for the plan's reasons (`overview`, `monitor`, a saved KPI's id). */
  askedBy: string;
}

/** What the store measured of a fact. */
export interface FactSizing {
  rows: number;
  /** Days from its first to its last date, both included. */
  days: number;
  /** Distinct values of each dimension. */
  distinct: Readonly<Record<string, number>>;
}

export interface ProposedRollup {
  definition: RollupDefinition;
  estimatedRows: number;
  askedBy: string[];
}

const BUCKET_DAYS: Record<RollupGrain, number> = { day: 1, week: 7, month: 365.25 / 12 };
/** A rollup must be at most this share of its fact's rows to be worth keeping. */
const WORTH = 0.1;
/** A shape a taken rollup covers at no more than this many times its own size needs no other. */
const COVERED_WITHIN = 4;

export function estimateRollupRows(
  sizing: FactSizing,
  dimensions: readonly string[],
  grain: RollupGrain,
): number {
  const buckets = Math.max(1, Math.ceil(sizing.days / BUCKET_DAYS[grain]));
  const combinations = dimensions.reduce(
    (product, dimension) => product * Math.max(1, sizing.distinct[dimension] ?? 1),
    1,
  );
  return Math.min(sizing.rows, buckets * combinations);
}

/** Whether a rollup at `held` grain answers questions at `asked` grain (day answers every grain). */
function nests(held: RollupGrain, asked: RollupGrain): boolean {
  return held === 'day' || held === asked;
}

function rollupName(fact: FactId, dimensions: readonly string[], grain: RollupGrain): string {
  const name = `${fact}_${dimensions.length > 0 ? dimensions.join('_') : 'all'}_${grain}`
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_');
  return name.length <= 48 ? name : `${name.slice(0, 39)}_${grain}`.slice(0, 48);
}

export function proposeRollups(
  shapes: readonly QuestionShape[],
  sizing: Readonly<Partial<Record<FactId, FactSizing>>>,
  budgetRows: number,
): ProposedRollup[] {
  const candidates = new Map<string, ProposedRollup>();
  for (const shape of shapes) {
    const facts = sizing[shape.fact];
    if (!facts) continue;
    const dimensions = [...new Set(shape.dimensions)].sort();
    const key = `${shape.fact}|${dimensions.join(',')}|${shape.grain}`;
    const existing = candidates.get(key);
    if (existing) {
      if (!existing.askedBy.includes(shape.askedBy)) existing.askedBy.push(shape.askedBy);
      continue;
    }
    candidates.set(key, {
      definition: {
        name: rollupName(shape.fact, dimensions, shape.grain),
        fact: shape.fact,
        grain: shape.grain,
        dimensions,
      },
      estimatedRows: estimateRollupRows(facts, dimensions, shape.grain),
      askedBy: [shape.askedBy],
    });
  }
  const taken: ProposedRollup[] = [];
  let used = 0;
  const ordered = [...candidates.values()].sort(
    (a, b) => a.estimatedRows - b.estimatedRows || (a.definition.name < b.definition.name ? -1 : 1),
  );
  for (const candidate of ordered) {
    const facts = sizing[candidate.definition.fact]!;
    const coveredBy = taken.find(
      (held) =>
        held.definition.fact === candidate.definition.fact &&
        nests(held.definition.grain, candidate.definition.grain) &&
        candidate.definition.dimensions.every((dimension) =>
          held.definition.dimensions.includes(dimension),
        ) &&
        held.estimatedRows <= COVERED_WITHIN * candidate.estimatedRows,
    );
    if (coveredBy) {
      for (const asker of candidate.askedBy)
        if (!coveredBy.askedBy.includes(asker)) coveredBy.askedBy.push(asker);
      continue;
    }
    if (candidate.estimatedRows > WORTH * facts.rows) continue;
    if (used + candidate.estimatedRows > budgetRows) continue;
    taken.push(candidate);
    used += candidate.estimatedRows;
  }
  return taken;
}
