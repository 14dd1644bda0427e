/**
 * How each KPI is watched, read from its formula: every built-in KPI's shape by hand, the parts
 * asked of the planner, and a check that each shape rebuilds the KPI's value from its parts the
 * way the planner computes it, on random values (an independent evaluation of the formula).
 */
import { buildCatalog, type Expr, parseFormula } from '@markpi/core';
import { describe, expect, it } from 'vitest';
import { watchedShapes } from './run.js';
import { DEFAULT_CREATOR_MONITOR, DEFAULT_MONITOR, isMixKpi, monitorDefinitionSchema } from './settings.js';
import { expandKpis, partKind, repeatsDaily, samplingOf, shapeOf } from './shapes.js';

const catalog = buildCatalog();
const shape = (kpi: string) => shapeOf(catalog, catalog.kpi(kpi));

/** Evaluates a formula over measure values (no windows: `opening(x)` reads `opening(x)`'s own value). */
function evaluate(expr: Expr, values: Record<string, number>): number {
  switch (expr.kind) {
    case 'number':
      return expr.value;
    case 'name':
      return values[expr.name]!;
    case 'unary':
      return -evaluate(expr.operand, values);
    case 'binary': {
      const a = evaluate(expr.left, values);
      const b = evaluate(expr.right, values);
      return expr.operator === '+'
        ? a + b
        : expr.operator === '-'
          ? a - b
          : expr.operator === '*'
            ? a * b
            : a / b;
    }
    default:
      throw new Error(`not evaluated here: ${expr.kind}`);
  }
}

describe('monitor shapes', () => {
  it('read volumes, ratios with their scale and offset, and what is not watched, by hand', () => {
    expect(shape('clicks')).toEqual({
      kind: 'volume',
      kpi: 'clicks',
      part: 'clicks',
      measure: 'count',
      scale: 1,
    });
    expect(shape('spend')).toMatchObject({ kind: 'volume', part: 'spend', measure: 'amount' });
    expect(shape('interactions')).toMatchObject({
      kind: 'volume',
      part: 'likes + comments + shares + saves',
      measure: 'count',
    });
    expect(shape('ctr')).toMatchObject({
      kind: 'ratio',
      numerator: 'clicks',
      denominator: 'impressions',
      numeratorKind: 'count',
      denominatorKind: 'count',
      scale: 1,
      offset: 0,
    });
    expect(shape('cpm')).toMatchObject({
      kind: 'ratio',
      numerator: 'spend',
      denominator: 'impressions',
      scale: 1000,
    });
    expect(shape('roas')).toMatchObject({ numerator: 'conversion_value', denominator: 'spend', offset: 0 });
    // ROI is ROAS − 1: the same ratio, moved down by one.
    expect(shape('roi')).toMatchObject({
      kind: 'ratio',
      numerator: 'conversion_value',
      denominator: 'spend',
      scale: 1,
      offset: -1,
    });
    expect(shape('cac')).toMatchObject({
      kind: 'ratio',
      numerator: 'spend + non_media_cost',
      denominator: 'new_customers',
      numeratorKind: 'money',
      denominatorKind: 'count',
    });
    expect(shape('follower_growth_rate')).toMatchObject({
      kind: 'ratio',
      numerator: 'follows',
      denominator: 'opening(followers)',
    });
    expect(shape('viral_rate')).toMatchObject({
      kind: 'ratio',
      numerator: 'count_if(content, likes >= 1000)',
      denominator: 'count(content)',
      numeratorKind: 'count',
      denominatorKind: 'count',
    });
    expect(shape('effective_indexed_posts')).toMatchObject({ kind: 'volume', measure: 'count' });
  });

  it('pick the sampling by what the parts count', () => {
    const ratio = (kpi: string) => {
      const found = shape(kpi);
      if (found.kind !== 'ratio') throw new Error(`${kpi} is not a ratio`);
      return found;
    };
    expect(samplingOf(ratio('ctr'), false)).toBe('binomial');
    expect(samplingOf(ratio('ctr'), true)).toBe('poisson');
    expect(samplingOf(ratio('frequency'), true)).toBe('poisson');
    expect(samplingOf(ratio('cpc'), false)).toBe('per_event');
    expect(samplingOf(ratio('cpa'), false)).toBe('per_event');
    expect(samplingOf(ratio('roas'), false)).toBe('none');
    expect(samplingOf(ratio('average_order_value'), false)).toBe('per_event');
  });

  it('rebuild every watched KPI from its parts as its formula does, on random values', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    let checked = 0;
    for (const kpi of catalog.kpis.values()) {
      const found = shapeOf(catalog, kpi);
      if (found.kind === 'unwatched') continue;
      const expanded = expandKpis(catalog, kpi.expr);
      const names = new Set<string>();
      const collect = (expr: Expr) => {
        if (expr.kind === 'name') names.add(expr.name);
        if (expr.kind === 'binary') {
          collect(expr.left);
          collect(expr.right);
        }
        if (expr.kind === 'unary') collect(expr.operand);
      };
      collect(expanded);
      // Formulas with calls (opening, count_if) are checked by hand above.
      let calls = false;
      const find = (expr: Expr) => {
        if (expr.kind === 'call') calls = true;
        if (expr.kind === 'binary') {
          find(expr.left);
          find(expr.right);
        }
      };
      find(expanded);
      if (calls) continue;
      for (let trial = 0; trial < 20; trial++) {
        const values = Object.fromEntries([...names].map((name) => [name, 1 + 1000 * random()]));
        const direct = evaluate(expanded, values);
        const part = (formula: string) => {
          const parsed = parseFormula(formula);
          if (!parsed.ok) throw new Error(formula);
          return evaluate(parsed.expr, values);
        };
        const rebuilt =
          found.kind === 'volume'
            ? part(found.part) * found.scale
            : (part(found.numerator) / part(found.denominator)) * found.scale + found.offset;
        expect(rebuilt, kpi.id).toBeCloseTo(direct, 9);
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(25);
  });

  it('leave mixes to a monitor that names them', () => {
    const mixes = [...catalog.kpis.values()].filter(isMixKpi).map((kpi) => kpi.id);
    // Organic share is a share without a direction; frequency and spend have none but are no share.
    expect(mixes).toEqual(['organic_conversion_share']);
    for (const monitor of [DEFAULT_MONITOR, DEFAULT_CREATOR_MONITOR]) {
      const shapes = watchedShapes(catalog, monitor);
      expect(shapes.find((entry) => entry.kpi === 'organic_conversion_share')).toEqual({
        kind: 'unwatched',
        kpi: 'organic_conversion_share',
        reason: 'mix',
      });
      expect(shapes.find((entry) => entry.kpi === 'frequency')?.kind).toBe('ratio');
    }
    const named = monitorDefinitionSchema.parse({
      id: 'mix',
      name: 'Mix',
      kpis: ['organic_conversion_share'],
    });
    expect(watchedShapes(catalog, named)).toEqual([shape('organic_conversion_share')]);
  });

  it('say which ratios repeat their trials day after day', () => {
    const repeating = [...catalog.kpis.keys()].filter((id) => repeatsDaily(catalog, shape(id)));
    // Search-result snapshots (the same page read every day) and ratios over reach (the same
    // people summed again each day they are reached).
    expect(repeating).toEqual(expect.arrayContaining(['share_of_voice', 'search_lift', 'frequency']));
    for (const id of ['ctr', 'cvr', 'cpc', 'roas', 'completion_rate_5s', 'save_rate'])
      expect(repeatsDaily(catalog, shape(id)), id).toBe(false);
    for (const id of repeating) {
      const ratio = shape(id);
      if (ratio.kind !== 'ratio') throw new Error(`${id} is not a ratio`);
      const parts = [ratio.numerator, ratio.denominator].join(' ');
      const names = [...catalog.measures.values()].filter((measure) =>
        new RegExp(`\\b${measure.id}\\b`).test(parts),
      );
      const fromSnapshots = names.some((measure) => catalog.facts.get(measure.fact)?.repeatsDaily);
      const overReach = [...catalog.measures.values()].some(
        (measure) =>
          measure.aggregation === 'distinct' && new RegExp(`\\b${measure.id}\\b`).test(ratio.denominator),
      );
      expect(fromSnapshots || overReach, id).toBe(true);
    }
  });

  it('say what a part counts', () => {
    const kind = (formula: string) => {
      const parsed = parseFormula(formula);
      if (!parsed.ok) throw new Error(formula);
      return partKind(catalog, parsed.expr);
    };
    expect(kind('clicks')).toBe('count');
    expect(kind('spend + non_media_cost')).toBe('money');
    expect(kind('spend + clicks')).toBe('other');
    expect(kind('count(content)')).toBe('count');
  });
});
