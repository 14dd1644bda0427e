import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../catalog/index.js';
import { duckDbDialect } from '../dialects/duckdb.js';
import { compileKpiQuery } from '../plan/compile.js';
import { type RollupGrain, resolveRollup } from './definition.js';
import { questionShapes, type RollupQuestion } from './questions.js';

const catalog = buildCatalog();

/** Scans the planner answers from one rollup of these dimensions and grain, over a year. */
function scansRead(question: RollupQuestion, dimensions: string[], grain: RollupGrain): number {
  const rollup = resolveRollup(catalog, { name: 'checked', fact: 'performance', grain, dimensions });
  const compiled = compileKpiQuery(
    catalog,
    {
      kpis: [...question.kpis],
      dimensions: [...(question.dimensions ?? [])],
      ...(question.filter ? { filter: question.filter } : {}),
      from: '2025-01-01',
      to: '2025-12-31',
      grain: question.grain,
      ...(question.compare ? { compare: question.compare } : {}),
    },
    duckDbDialect,
    { rollups: [rollup], periodRows: { performance: null } },
  );
  return compiled.rollups?.length ?? 0;
}

describe('the shapes a question asks of rollups', () => {
  it('keeps the dimensions grouped and filtered, at the coarsest grain that answers (by hand)', () => {
    expect(questionShapes(catalog, { kpis: ['spend', 'ctr', 'roas'], grain: 'day' })).toEqual([
      { fact: 'performance', dimensions: [], grain: 'day' },
    ]);
    // The filter's campaign is kept beside the grouped channel, in the fact's order.
    expect(
      questionShapes(catalog, {
        kpis: ['spend', 'ctr'],
        dimensions: ['channel'],
        filter: "campaign = 'spring'",
        grain: 'quarter',
      }),
    ).toEqual([{ fact: 'performance', dimensions: ['channel', 'campaign'], grain: 'month' }]);
    expect(questionShapes(catalog, { kpis: ['cpa'], dimensions: ['region'], grain: 'week' })).toEqual([
      { fact: 'performance', dimensions: ['region'], grain: 'week' },
    ]);
    // A whole window reads days: a month rollup would answer its cut edges from the raw table.
    expect(questionShapes(catalog, { kpis: ['clicks'], dimensions: ['channel'], grain: 'total' })).toEqual([
      { fact: 'performance', dimensions: ['channel'], grain: 'day' },
    ]);
    // The same window last year moves by whole months: a month rollup still answers both scans.
    expect(questionShapes(catalog, { kpis: ['spend'], grain: 'month', compare: 'last_year' })).toEqual([
      { fact: 'performance', dimensions: [], grain: 'month' },
    ]);
  });

  it('asks nothing of a question no rollup answers or that does not plan', () => {
    // Reach is a distinct count: never held by a rollup.
    expect(questionShapes(catalog, { kpis: ['reach'], grain: 'day' })).toEqual([]);
    expect(questionShapes(catalog, { kpis: ['no_such_kpi'], grain: 'day' })).toEqual([]);
    expect(questionShapes(catalog, { kpis: ['spend'], filter: 'channel = ', grain: 'day' })).toEqual([]);
  });

  it('gives a rollup the planner reads for every scan, and none smaller does (checked by planning)', () => {
    const questions: RollupQuestion[] = [
      { kpis: ['spend', 'cpc', 'roas'], dimensions: ['channel'], grain: 'month' },
      {
        kpis: ['ctr'],
        dimensions: ['campaign'],
        filter: "region = 'north' and channel = 'douyin'",
        grain: 'week',
      },
      { kpis: ['cvr', 'cpa'], grain: 'day', compare: 'previous' },
      { kpis: ['conversions', 'clicks'], dimensions: ['audience'], grain: 'year' },
    ];
    for (const question of questions) {
      const shapes = questionShapes(catalog, question);
      expect(shapes).toHaveLength(1);
      const [shape] = shapes;
      const allDimensions = [...catalog.facts.get('performance')!.dimensions];
      const scans = scansRead(question, allDimensions, 'day');
      expect(scans).toBeGreaterThan(0);
      expect(scansRead(question, shape!.dimensions, shape!.grain)).toBe(scans);
      for (const dimension of shape!.dimensions)
        expect(
          scansRead(
            question,
            shape!.dimensions.filter((other) => other !== dimension),
            shape!.grain,
          ),
        ).toBeLessThan(scans);
    }
  });
});
