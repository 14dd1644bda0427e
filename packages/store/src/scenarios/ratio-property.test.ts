/**
 * For random slices of the demo data, every ratio KPI equals the sum of its numerator over the
 * sum of its denominator from the same query: no averaged ratio can hide anywhere.
 */
import {
  buildCatalog,
  type Expr,
  expandKpi,
  type FactId,
  formatExpr,
  inferAggregationClass,
  type KpiDefinitionInput,
  walk,
} from '@markpi/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PERIOD } from '../demo/index.js';
import { loadDemo } from '../demo/load.js';
import { openDuckDbWarehouse } from '../duckdb/index.js';
import { runKpiQuery } from '../run-query.js';
import type { Warehouse } from '../warehouse.js';

const builtin = buildCatalog();

/** Splits `a / b` (or `a / b * k`) into its parts. */
function split(expr: Expr): { numerator: Expr; denominator: Expr; factor: number } | undefined {
  if (expr.kind === 'binary' && expr.operator === '/')
    return { numerator: expr.left, denominator: expr.right, factor: 1 };
  if (expr.kind === 'binary' && expr.operator === '*' && expr.right.kind === 'number') {
    const inner = split(expr.left);
    return inner ? { ...inner, factor: inner.factor * expr.right.value } : undefined;
  }
  return undefined;
}

const ratios = [...builtin.kpis.values()]
  .filter((kpi) => kpi.aggregation === 'ratio')
  .map((kpi) => ({ kpi, parts: split(kpi.expr)! }))
  .filter((entry) => entry.parts !== undefined);

const part = (id: string, expr: Expr, unit: KpiDefinitionInput['unit']): KpiDefinitionInput => ({
  id,
  name: { en: id, zh: id },
  description: { en: id, zh: id },
  formula: formatExpr(expr),
  unit,
  direction: 'context',
  aggregation: inferAggregationClass(expr, builtin.measures, new Map()),
});

// Numerators and denominators as KPIs of their own; units are whatever the parts carry.
const catalog = buildCatalog({
  kpis: ratios.flatMap(({ kpi, parts }) => {
    const unitOf = (expr: Expr) => {
      const text = formatExpr(expr);
      return /spend|value|cost|revenue/.test(text) ? 'currency' : 'count';
    };
    return [
      part(`num_${kpi.id}`, parts.numerator, unitOf(parts.numerator)),
      part(`den_${kpi.id}`, parts.denominator, unitOf(parts.denominator)),
    ];
  }),
});

const FILTER_DIMENSIONS: Record<string, string[]> = {
  '': [],
  "channel = 'douyin'": ['channel'],
  "traffic_type = 'paid'": ['traffic_type'],
  "creator_tier in ('kol', 'koc')": ['creator_tier'],
  "channel != 'weibo' and region != 'east'": ['channel', 'region'],
};

function factsOf(kpiId: string): FactId[] {
  const facts = new Set<FactId>();
  walk(expandKpi(builtin, builtin.kpi(kpiId)), (node) => {
    const measure = node.kind === 'name' ? builtin.measures.get(node.name) : undefined;
    if (measure) facts.add(measure.fact);
  });
  return [...facts];
}

describe('ratio KPIs are ratios of sums on any slice', () => {
  let warehouse: Warehouse;

  beforeAll(async () => {
    warehouse = await openDuckDbWarehouse({ path: ':memory:' });
    await loadDemo(warehouse, { performanceRows: 50_000 });
  }, 240_000);
  afterAll(async () => {
    await warehouse?.close();
  });

  const days = (Date.parse(DEMO_PERIOD.to) - Date.parse(DEMO_PERIOD.from)) / 86_400_000;
  const dayOf = (offset: number) =>
    new Date(Date.parse(DEMO_PERIOD.from) + offset * 86_400_000).toISOString().slice(0, 10);
  const slice = fc.record({
    start: fc.integer({ min: 0, max: days }),
    length: fc.integer({ min: 0, max: 200 }),
    grain: fc.constantFrom('total', 'day', 'week', 'month', 'quarter'),
    dimensions: fc.subarray(['channel', 'creator_tier', 'region', 'traffic_type', 'campaign_goal'], {
      maxLength: 2,
    }),
    filter: fc.constantFrom(
      undefined,
      "channel = 'douyin'",
      "traffic_type = 'paid'",
      "creator_tier in ('kol', 'koc')",
      "channel != 'weibo' and region != 'east'",
    ),
    kpiIndexes: fc.subarray(
      ratios.map((_, index) => index),
      { minLength: 1, maxLength: 4 },
    ),
  });

  it('holds for random slices, dimensions, grains and filters', async () => {
    let checked = 0;
    await fc.assert(
      fc.asyncProperty(slice, async (chosen) => {
        const chosenRatios = chosen.kpiIndexes.map((index) => ratios[index]!);
        // A KPI can only be cut by dimensions every fact it reads carries (the planner refuses otherwise).
        const needed = [...chosen.dimensions, ...(FILTER_DIMENSIONS[chosen.filter ?? ''] ?? [])];
        const usable = chosenRatios.filter(({ kpi }) =>
          factsOf(kpi.id).every((fact) =>
            needed.every((dimension) => builtin.facts.get(fact)!.dimensions.includes(dimension)),
          ),
        );
        if (usable.length === 0) return;
        const from = dayOf(chosen.start);
        const to = dayOf(Math.min(days, chosen.start + chosen.length));
        const kpis = usable.flatMap(({ kpi }) => [kpi.id, `num_${kpi.id}`, `den_${kpi.id}`]);
        const result = await runKpiQuery(warehouse, catalog, {
          kpis,
          dimensions: chosen.dimensions,
          grain: chosen.grain as 'total',
          from,
          to,
          ...(chosen.filter ? { filter: chosen.filter } : {}),
        });
        for (const row of result.rows) {
          for (const { kpi, parts } of usable) {
            const numerator = row[`num_${kpi.id}`] as number | null;
            const denominator = row[`den_${kpi.id}`] as number | null;
            const expected =
              numerator === null || denominator === null || denominator === 0
                ? null
                : (numerator / denominator) * parts.factor;
            const actual = row[kpi.id] as number | null;
            checked += 1;
            if (expected === null) expect(actual).toBeNull();
            else
              expect(Math.abs((actual ?? Number.NaN) - expected)).toBeLessThanOrEqual(
                1e-9 * Math.max(1, Math.abs(expected)),
              );
          }
        }
      }),
      { numRuns: 40 },
    );
    expect(checked).toBeGreaterThan(200);
  });
});
