import { describe, expect, it } from 'vitest';
import { isMarkpiError, type MarkpiError } from '../errors.js';
import { buildCatalog } from './catalog.js';
import { catalogFromWorkspaceFile } from './workspace-file.js';

function problemsOf(work: () => unknown): MarkpiError {
  try {
    work();
  } catch (error) {
    if (isMarkpiError(error)) return error;
    throw error;
  }
  throw new Error('expected a MarkpiError');
}

describe('built-in catalog', () => {
  const catalog = buildCatalog();

  it('holds every KPI the source documents name', () => {
    const named = [
      'impressions',
      'impressions_per_target_user',
      'reach',
      'frequency',
      'clicks',
      'ctr',
      'conversions',
      'cvr',
      'follower_growth',
      'follower_growth_rate',
      'interactions',
      'engagement_rate',
      'cpm',
      'cpc',
      'cpa',
      'cpl',
      'cost_per_store_visit',
      'cpe',
      'cac',
      'cost_per_existing_lead_conversion',
      'revenue_per_customer',
      'roas',
      'roi',
      'incremental_roi',
      'retention_rate',
      'ltv',
      'completion_rate_5s',
      'completion_rate_50',
      'save_rate',
      'viral_rate',
      'effective_indexed_posts',
      'share_of_voice',
      'search_lift',
      'audience_flow_rate',
      'organic_conversion_share',
    ];
    for (const id of named) expect(catalog.kpis.has(id), id).toBe(true);
  });

  it('gives every KPI both languages and a checked unit', () => {
    for (const kpi of catalog.kpis.values()) {
      expect(kpi.name.en.length).toBeGreaterThan(0);
      expect(kpi.name.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(kpi.description.zh.length).toBeGreaterThan(0);
    }
    expect(catalog.kpi('cpc').unitVector).toEqual({ money: 1, count: -1, seconds: 0 });
    expect(catalog.kpi('ctr').unitVector).toEqual({ money: 0, count: 0, seconds: 0 });
  });

  it('says "did you mean" for an unknown KPI', () => {
    const error = problemsOf(() => catalog.kpi('ctrr'));
    expect(error.code).toBe('unknown_kpi');
    expect(error.problems[0]?.hint).toContain('`ctr`');
  });
});

describe('workspace file', () => {
  it('adds custom measures and KPIs in the catalog’s own form', () => {
    const catalog = catalogFromWorkspaceFile(`
measures:
  - id: douyin_spend
    fact: performance
    column: spend
    aggregation: sum
    unit: currency
    filter: "channel = 'douyin'"
    name: { en: Douyin spend, zh: 抖音消耗 }
kpis:
  - id: douyin_spend_share
    name: { en: Douyin share of spend, zh: 抖音消耗占比 }
    description: { en: Douyin spend over all spend, zh: 抖音消耗除以总消耗 }
    formula: douyin_spend / spend
    unit: percent
    direction: context
    aggregation: ratio
`);
    expect(catalog.kpi('douyin_spend_share').builtin).toBe(false);
    expect(catalog.measures.get('douyin_spend')?.filterExpr).toBeDefined();
  });

  it('reports every problem at once with file, path, line and a suggestion', () => {
    const text = `kpis:
  - id: bad_unit
    name: { en: Bad unit, zh: 错误单位 }
    description: { en: x, zh: x }
    formula: spend + clicks
    unit: currency
    direction: down
    aggregation: additive
  - id: typo
    name: { en: Typo, zh: 拼写 }
    description: { en: x, zh: x }
    formula: clickz / impressions
    unit: percent
    direction: up
    aggregation: ratio
  - id: wrong_class
    name: { en: Wrong class, zh: 错误类别 }
    description: { en: x, zh: x }
    formula: clicks / impressions
    unit: percent
    direction: up
    aggregation: additive
`;
    const error = problemsOf(() => catalogFromWorkspaceFile(text, 'brand/markpi.yaml'));
    expect(error.problems).toHaveLength(3);
    for (const problem of error.problems) expect(problem.file).toBe('brand/markpi.yaml');
    const [unit, typo, wrongClass] = error.problems;
    expect(unit?.path).toBe('kpis[0].formula');
    expect(unit?.message).toMatch(/money|count/);
    expect(unit?.row).toBe(5);
    expect(typo?.path).toBe('kpis[1].formula');
    expect(typo?.hint).toContain('`clicks`');
    expect(typo?.row).toBe(12);
    expect(wrongClass?.path).toBe('kpis[2].aggregation');
    expect(wrongClass?.message).toContain('ratio');
    expect(wrongClass?.row).toBe(22);
  });

  it('knows a scaled ratio KPI is still a ratio', () => {
    const catalog = buildCatalog({
      kpis: [
        {
          id: 'ctr_points',
          name: { en: 'CTR in points', zh: '点击率(百分点)' },
          description: { en: 'x', zh: 'x' },
          formula: 'ctr * 100',
          unit: 'number',
          direction: 'up',
          aggregation: 'ratio',
        },
      ],
    });
    expect(catalog.kpi('ctr_points').aggregation).toBe('ratio');
  });

  it('finds KPIs that refer to each other in a circle', () => {
    const kpi = (id: string, formula: string) => ({
      id,
      name: { en: id, zh: id },
      description: { en: id, zh: id },
      formula,
      unit: 'count',
      direction: 'up',
      aggregation: 'additive',
    });
    const error = problemsOf(() =>
      buildCatalog({ kpis: [kpi('loop_a', 'loop_b + 1'), kpi('loop_b', 'loop_a + clicks')] }),
    );
    expect(error.problems.some((problem) => /circle: loop_a → loop_b → loop_a/.test(problem.message))).toBe(
      true,
    );
  });

  it('rejects schema mistakes with their paths, all at once', () => {
    const error = problemsOf(() =>
      buildCatalog(
        { base_currency: 'yuan', kpis: [{ id: 'Bad-Id', formula: 'clicks' }] },
        { file: 'markpi.yaml' },
      ),
    );
    const paths = error.problems.map((problem) => problem.path);
    expect(paths).toContain('base_currency');
    expect(paths).toContain('kpis[0].id');
    expect(paths).toContain('kpis[0].name');
    expect(error.problems.every((problem) => problem.file === 'markpi.yaml')).toBe(true);
  });

  it('rejects a custom measure on a column the fact does not have', () => {
    const error = problemsOf(() =>
      buildCatalog({
        measures: [
          {
            id: 'my_spend',
            fact: 'performance',
            column: 'spnd',
            aggregation: 'sum',
            unit: 'currency',
            name: { en: 'x', zh: 'x' },
          },
        ],
      }),
    );
    expect(error.problems[0]?.path).toBe('measures[0].column');
    expect(error.problems[0]?.hint).toContain('`spend`');
  });

  it('reports YAML syntax errors with their line', () => {
    const error = problemsOf(() => catalogFromWorkspaceFile('kpis:\n  - id: x\n   bad: [', 'markpi.yaml'));
    expect(error.code).toBe('invalid_workspace_file');
    expect(error.problems[0]?.row).toBeGreaterThan(0);
  });
});
