/**
 * Which rollups to keep, chosen from the questions a workspace runs, within a storage budget.
 *
 * Each question shape (a fact, the dimensions it groups or filters by, the grain its scans need;
 * `questions.ts` finds them by planning the question) asks for one candidate rollup: those
 * dimensions at that grain. A rollup's size is estimated from the fact's sizes: its buckets times
 * the product of its dimensions' distinct values, never more than the raw rows (dimensions are
 * rarely independent, so the estimate errs large). A candidate over a tenth of its fact's rows
 * is never proposed: it would save little and cost a table nearly as large as the fact.
 *
 * The convention for what a rollup is worth: a question reads, per run, its window's days of
 * rows — the fact's average rows per day from the raw table, the rollup's average rows per day
 * through a rollup (the smallest of those chosen that cover it, as the navigation reads). A set
 * of rollups saves, per day,
 *
 *   Σ over shapes  runsPerDay × windowDays × (factRows − min covering rollupRows) / factDays
 *
 * (nothing for a shape no chosen rollup covers). Pinned rollups are in the set from the start.
 * The choice is greedy by rows saved per row stored: the candidate whose added saving divided by
 * its estimated rows is largest, among those that still fit the budget, until none saves more;
 * then, when the single candidate saving most on its own beats the greedy set, that one alone.
 * The saving is a monotone submodular function of the set (each shape takes the best of the
 * rollups covering it), so this rule is within ½(1 − 1/e) ≈ 0.316 of the best set within the
 * budget (Khuller, Moss and Naor 1999; Krause and Guestrin 2005); small cases are checked
 * against every subset in the tests.
 */
import type { FactId } from '../model/facts.js';
import type { RollupDefinition, RollupGrain } from './definition.js';
import type { RollupMessage } from './messages.js';

export interface QuestionShape {
  fact: FactId;
  dimensions: readonly string[];
  grain: RollupGrain;
  /** Who asks it, a stable id (`overview`, `view:<id>`, `target:<id>`, `monitor:<id>`). */
  askedBy: string;
  /** How a person is told who asks it (absent: said by its id). */
  said?: RollupMessage;
  /** Times it runs a day (default 1). */
  runsPerDay?: number;
  /** Days of data one run reads (default 30). */
  windowDays?: number;
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
  /** The ids of the questions it would answer (those it is the smallest chosen rollup for). */
  askedBy: string[];
  /** Those questions as a person is told them, in the same order. */
  questions: RollupMessage[];
  /** Raw rows a day its questions no longer read, estimated as above. */
  savedRowsPerDay: number;
  /** Kept whatever the plan says (`rollups:` in `markpi.yaml`). */
  pinned?: true;
}

const BUCKET_DAYS: Record<RollupGrain, number> = { day: 1, week: 7, month: 365.25 / 12 };
/** A rollup must be at most this share of its fact's rows to be worth keeping. */
const WORTH = 0.1;
const DEFAULT_WINDOW_DAYS = 30;

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
export function grainNests(held: RollupGrain, asked: RollupGrain): boolean {
  return held === 'day' || held === asked;
}

/** Whether a rollup answers a question shape: same fact, every dimension kept, a grain that nests. */
export function rollupServes(
  rollup: Pick<RollupDefinition, 'fact' | 'dimensions' | 'grain'>,
  shape: Pick<QuestionShape, 'fact' | 'dimensions' | 'grain'>,
): boolean {
  return (
    rollup.fact === shape.fact &&
    grainNests(rollup.grain, shape.grain) &&
    shape.dimensions.every((dimension) => rollup.dimensions.includes(dimension))
  );
}

export function rollupName(fact: FactId, dimensions: readonly string[], grain: RollupGrain): string {
  const name = `${fact}_${dimensions.length > 0 ? dimensions.join('_') : 'all'}_${grain}`
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_');
  return name.length <= 48 ? name : `${name.slice(0, 39)}_${grain}`.slice(0, 48);
}

/** A candidate or a pin with its estimated size. */
interface Sized {
  definition: RollupDefinition;
  estimatedRows: number;
}

/** Rows a day the set saves over the raw table (the convention above). */
export function rowsSavedPerDay(
  set: readonly Sized[],
  shapes: readonly QuestionShape[],
  sizing: Readonly<Partial<Record<FactId, FactSizing>>>,
): number {
  let saved = 0;
  for (const shape of shapes) {
    const facts = sizing[shape.fact];
    if (!facts || facts.days <= 0) continue;
    let smallest = Number.POSITIVE_INFINITY;
    for (const entry of set)
      if (rollupServes(entry.definition, shape)) smallest = Math.min(smallest, entry.estimatedRows);
    if (smallest === Number.POSITIVE_INFINITY || smallest >= facts.rows) continue;
    const weight = (shape.runsPerDay ?? 1) * (shape.windowDays ?? DEFAULT_WINDOW_DAYS);
    saved += (weight * (facts.rows - smallest)) / facts.days;
  }
  return saved;
}

const byName = (a: Sized, b: Sized) =>
  a.definition.name < b.definition.name ? -1 : a.definition.name > b.definition.name ? 1 : 0;

const sameShape = (a: RollupDefinition, b: RollupDefinition) =>
  a.fact === b.fact &&
  a.grain === b.grain &&
  a.dimensions.length === b.dimensions.length &&
  a.dimensions.every((dimension) => b.dimensions.includes(dimension));

/** The candidate rollups of the shapes: one per fact, sorted dimensions and grain, worth keeping. */
export function candidateRollups(
  shapes: readonly QuestionShape[],
  sizing: Readonly<Partial<Record<FactId, FactSizing>>>,
): Sized[] {
  const candidates = new Map<string, Sized>();
  for (const shape of shapes) {
    const facts = sizing[shape.fact];
    if (!facts) continue;
    const dimensions = [...new Set(shape.dimensions)].sort();
    const key = `${shape.fact}|${dimensions.join(',')}|${shape.grain}`;
    if (candidates.has(key)) continue;
    const estimatedRows = estimateRollupRows(facts, dimensions, shape.grain);
    if (estimatedRows > WORTH * facts.rows) continue;
    candidates.set(key, {
      definition: {
        name: rollupName(shape.fact, dimensions, shape.grain),
        fact: shape.fact,
        grain: shape.grain,
        dimensions,
      },
      estimatedRows,
    });
  }
  return [...candidates.values()].sort(byName);
}

/**
 * The rollups to keep: the pins first (their rows are not counted against `budgetRows`), then
 * those chosen by the rule above, each with the questions it serves.
 */
export function proposeRollups(
  shapes: readonly QuestionShape[],
  sizing: Readonly<Partial<Record<FactId, FactSizing>>>,
  budgetRows: number,
  pins: readonly RollupDefinition[] = [],
): ProposedRollup[] {
  const pinned: Sized[] = pins.map((definition) => {
    const facts = sizing[definition.fact];
    return {
      definition,
      estimatedRows: facts ? estimateRollupRows(facts, definition.dimensions, definition.grain) : 0,
    };
  });
  const candidates = candidateRollups(shapes, sizing).filter(
    (candidate) =>
      !pins.some((pin) => pin.name === candidate.definition.name || sameShape(pin, candidate.definition)),
  );
  const base = rowsSavedPerDay(pinned, shapes, sizing);

  // Greedy by added saving per row stored.
  const greedy: Sized[] = [];
  let used = 0;
  let saved = base;
  for (;;) {
    let best: { candidate: Sized; gain: number; ratio: number } | undefined;
    for (const candidate of candidates) {
      if (greedy.includes(candidate) || used + candidate.estimatedRows > budgetRows) continue;
      const gain = rowsSavedPerDay([...pinned, ...greedy, candidate], shapes, sizing) - saved;
      if (gain <= 0) continue;
      const ratio = gain / Math.max(1, candidate.estimatedRows);
      // Candidates are in name order, so a tie keeps the first name.
      if (!best || ratio > best.ratio) best = { candidate, gain, ratio };
    }
    if (!best) break;
    greedy.push(best.candidate);
    used += best.candidate.estimatedRows;
    saved += best.gain;
  }
  // The single candidate saving most, when it beats the whole greedy set.
  let single: { candidate: Sized; gain: number } | undefined;
  for (const candidate of candidates) {
    if (candidate.estimatedRows > budgetRows) continue;
    const gain = rowsSavedPerDay([...pinned, candidate], shapes, sizing) - base;
    if (!single || gain > single.gain) single = { candidate, gain };
  }
  const chosen = single && single.gain > saved - base ? [single.candidate] : greedy;

  return describeChoice([...pinned, ...chosen], pinned.length, shapes, sizing);
}

/** Each shape goes to the smallest chosen rollup that serves it (ties: by name), as the navigation reads. */
function describeChoice(
  set: readonly Sized[],
  pinCount: number,
  shapes: readonly QuestionShape[],
  sizing: Readonly<Partial<Record<FactId, FactSizing>>>,
): ProposedRollup[] {
  const proposals: ProposedRollup[] = set.map((entry, index) => ({
    definition: entry.definition,
    estimatedRows: entry.estimatedRows,
    askedBy: [],
    questions: [],
    savedRowsPerDay: 0,
    ...(index < pinCount ? { pinned: true as const } : {}),
  }));
  for (const shape of shapes) {
    const facts = sizing[shape.fact];
    let reader: ProposedRollup | undefined;
    for (const proposal of proposals) {
      if (!rollupServes(proposal.definition, shape)) continue;
      if (
        !reader ||
        proposal.estimatedRows < reader.estimatedRows ||
        (proposal.estimatedRows === reader.estimatedRows && proposal.definition.name < reader.definition.name)
      )
        reader = proposal;
    }
    if (!reader) continue;
    if (!reader.askedBy.includes(shape.askedBy)) {
      reader.askedBy.push(shape.askedBy);
      reader.questions.push(shape.said ?? { key: 'rollup.asked.other', params: { id: shape.askedBy } });
    }
    if (facts && facts.days > 0 && reader.estimatedRows < facts.rows) {
      const weight = (shape.runsPerDay ?? 1) * (shape.windowDays ?? DEFAULT_WINDOW_DAYS);
      reader.savedRowsPerDay += (weight * (facts.rows - reader.estimatedRows)) / facts.days;
    }
  }
  return proposals;
}
