/**
 * The shapes a question asks of rollups, found by the planner itself rather than guessed: the
 * question is planned with a probe rollup per daily fact that keeps every dimension at day
 * grain (so every scan a rollup could answer reads one), then again with one dimension left out
 * at a time — a dimension is needed when leaving it out loses a scan — and last at the coarsest
 * grain the question's grain allows (month for month, quarter and year; week for week; day for
 * day and for a whole window, which a month rollup would answer mostly from its raw edges),
 * kept only when it still answers every scan the day probe did.
 *
 * The probe window is 2024-01-01 to 2024-12-31 (a Monday to a Tuesday: whole weeks and months
 * inside), so any grain's buckets lie whole in it; period rows are taken as lying elsewhere, as
 * they do for most windows. A comparison is planned as the question asks it. A question that
 * does not plan (a KPI removed since, a filter that no longer parses) asks for nothing.
 */
import type { Catalog } from '../catalog/catalog.js';
import { duckDbDialect } from '../dialects/duckdb.js';
import { isMarkpiError } from '../errors.js';
import type { FactId } from '../model/facts.js';
import { compileKpiQuery } from '../plan/compile.js';
import type { Comparison, Grain } from '../plan/query.js';
import { type RollupGrain, type RollupTable, rollupColumns } from './definition.js';

/** A question as the workspace keeps it: what it asks, not when. */
export interface RollupQuestion {
  kpis: readonly string[];
  dimensions?: readonly string[];
  filter?: string | undefined;
  grain: Grain;
  compare?: Comparison | undefined;
}

export interface AskedShape {
  fact: FactId;
  /** The fact's dimensions a rollup must keep, in the fact's order. */
  dimensions: string[];
  grain: RollupGrain;
}

const PROBE_WINDOW = { from: '2024-01-01', to: '2024-12-31' };

/** The coarsest rollup grain a question's buckets allow. */
const COARSEST: Readonly<Record<Grain, RollupGrain>> = {
  day: 'day',
  week: 'week',
  month: 'month',
  quarter: 'month',
  year: 'month',
  total: 'day',
};

/** Facts a rollup can be built on: daily, not snapshots, with a summed column. */
function rollupFacts(catalog: Catalog): { fact: FactId; dimensions: string[]; columns: string[] }[] {
  const facts: { fact: FactId; dimensions: string[]; columns: string[] }[] = [];
  for (const [id, definition] of catalog.facts) {
    if (definition.grain !== 'day' || definition.entity) continue;
    const columns = rollupColumns(catalog, id);
    if (columns.length > 0) facts.push({ fact: id, dimensions: [...definition.dimensions], columns });
  }
  return facts;
}

export function questionShapes(catalog: Catalog, question: RollupQuestion): AskedShape[] {
  const facts = rollupFacts(catalog);
  const periodRows = Object.fromEntries(facts.map(({ fact }) => [fact, null]));
  const probe = (fact: FactId, dimensions: readonly string[], grain: RollupGrain, columns: string[]) =>
    ({
      name: `probe_${fact}`,
      table: `rollup_probe_${fact}`,
      fact,
      grain,
      dimensions,
      columns,
    }) satisfies RollupTable;
  /** Scans per fact the probes answer; undefined when the question does not plan. */
  const answered = (rollups: RollupTable[]): Map<FactId, number> | undefined => {
    try {
      const compiled = compileKpiQuery(
        catalog,
        {
          kpis: [...question.kpis],
          dimensions: [...(question.dimensions ?? [])],
          ...(question.filter ? { filter: question.filter } : {}),
          ...PROBE_WINDOW,
          grain: question.grain,
          ...(question.compare ? { compare: question.compare } : {}),
        },
        duckDbDialect,
        { rollups, periodRows },
      );
      const counts = new Map<FactId, number>();
      for (const use of compiled.rollups ?? []) counts.set(use.fact, (counts.get(use.fact) ?? 0) + 1);
      return counts;
    } catch (error) {
      if (isMarkpiError(error)) return undefined;
      throw error;
    }
  };
  const full = facts.map(({ fact, dimensions, columns }) => probe(fact, dimensions, 'day', columns));
  const everything = answered(full);
  if (!everything) return [];
  const shapes: AskedShape[] = [];
  facts.forEach(({ fact, dimensions, columns }, index) => {
    const scans = everything.get(fact) ?? 0;
    if (scans === 0) return;
    const others = full.filter((_, other) => other !== index);
    const covers = (kept: readonly string[], grain: RollupGrain) =>
      (answered([...others, probe(fact, kept, grain, columns)])?.get(fact) ?? 0) === scans;
    const needed = dimensions.filter(
      (dimension) =>
        !covers(
          dimensions.filter((other) => other !== dimension),
          'day',
        ),
    );
    const coarsest = COARSEST[question.grain];
    const grain = coarsest !== 'day' && covers(needed, coarsest) ? coarsest : 'day';
    shapes.push({ fact, dimensions: needed, grain });
  });
  return shapes;
}
