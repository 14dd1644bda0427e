/**
 * "Why did this KPI move" on a workspace small enough to work out by hand: two channels, one
 * Meta ad group whose conversions stop. The figures are checked against the hand-worked values
 * in the comments and against sums taken straight from the rows below, split again here the
 * long way (LMDI, the midpoint mix/rate split), independently of the planner and of core.
 */
import { buildCatalog, type CellValue } from '@markpi/core';
import { openDuckDbWarehouse, runKpiQuery, type Warehouse } from '@markpi/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkspaceContext } from '../workspace.js';
import { comparedWindow, explainChange, flattenHierarchy, periodGrain } from './explain-change.js';
import { fetchInputs, inputCatalog } from './inputs.js';

interface Row {
  date: string;
  channel: string;
  campaign: string;
  ad_group: string | null;
  impressions: number;
  clicks: number;
  spend: number;
  conversions: number;
  conversion_value: number;
}

const EARLIER = { from: '2026-03-01', to: '2026-03-07' };
const WINDOW = { from: '2026-03-08', to: '2026-03-14' };

// biome-ignore format: a table reads best as a table
const ROWS: Row[] = [
  // The week before: each channel spends 1,000 and converts 10.
  { date: '2026-03-03', channel: 'douyin', campaign: 'c1', ad_group: null, impressions: 10_000, clicks: 200, spend: 1000, conversions: 10, conversion_value: 3000 },
  { date: '2026-03-03', channel: 'meta', campaign: 'm1', ad_group: 'g1', impressions: 10_000, clicks: 100, spend: 500, conversions: 5, conversion_value: 1000 },
  { date: '2026-03-04', channel: 'meta', campaign: 'm1', ad_group: 'g2', impressions: 10_000, clicks: 100, spend: 500, conversions: 5, conversion_value: 1000 },
  // The week: the same, except that g2's conversions stop.
  { date: '2026-03-10', channel: 'douyin', campaign: 'c1', ad_group: null, impressions: 10_000, clicks: 200, spend: 1000, conversions: 10, conversion_value: 3000 },
  { date: '2026-03-10', channel: 'meta', campaign: 'm1', ad_group: 'g1', impressions: 10_000, clicks: 100, spend: 500, conversions: 5, conversion_value: 1000 },
  { date: '2026-03-11', channel: 'meta', campaign: 'm1', ad_group: 'g2', impressions: 10_000, clicks: 100, spend: 500, conversions: 0, conversion_value: 0 },
];

type Measure = 'impressions' | 'clicks' | 'spend' | 'conversions' | 'conversion_value';

/** Sums of the rows in a window that meet `keep`, straight from the table above. */
function sums(window: { from: string; to: string }, keep: (row: Row) => boolean = () => true) {
  const total: Record<Measure, number> = {
    impressions: 0,
    clicks: 0,
    spend: 0,
    conversions: 0,
    conversion_value: 0,
  };
  for (const row of ROWS) {
    if (row.date < window.from || row.date > window.to || !keep(row)) continue;
    for (const measure of Object.keys(total) as Measure[]) total[measure] += row[measure];
  }
  return total;
}

/** The midpoint split of a ratio's change, one segment at a time (the long way). */
function ratioPart(
  segment: (row: Row) => boolean,
  whole: (row: Row) => boolean,
  numerator: Measure,
  denominator: Measure,
): number {
  const [n0, d0, n1, d1] = [
    sums(EARLIER, (row) => whole(row) && segment(row))[numerator],
    sums(EARLIER, (row) => whole(row) && segment(row))[denominator],
    sums(WINDOW, (row) => whole(row) && segment(row))[numerator],
    sums(WINDOW, (row) => whole(row) && segment(row))[denominator],
  ];
  const allBefore = sums(EARLIER);
  const allAfter = sums(WINDOW);
  const kBefore = allBefore[numerator] / allBefore[denominator];
  const kAfter = allAfter[numerator] / allAfter[denominator];
  const w0 = d0 / allBefore[denominator];
  const w1 = d1 / allAfter[denominator];
  const r0 = n0 / d0;
  const r1 = n1 / d1;
  const mix = (w1 - w0) * ((r0 + r1) / 2 - (kBefore + kAfter) / 2);
  const rate = ((w0 + w1) / 2) * (r1 - r0);
  return mix + rate;
}

describe('explainChange on a hand-worked workspace', () => {
  let warehouse: Warehouse;
  let workspace: WorkspaceContext;

  beforeAll(async () => {
    warehouse = await openDuckDbWarehouse({ path: ':memory:' });
    const column = (pick: (row: Row) => CellValue) => ROWS.map(pick);
    await warehouse.append('fact_performance', {
      rowCount: ROWS.length,
      columns: {
        date: column((row) => row.date),
        channel: column((row) => row.channel),
        campaign: column((row) => row.campaign),
        ad_group: column((row) => row.ad_group),
        traffic_type: column(() => 'paid'),
        impressions: column((row) => row.impressions),
        clicks: column((row) => row.clicks),
        spend: column((row) => row.spend),
        conversions: column((row) => row.conversions),
        conversion_value: column((row) => row.conversion_value),
      },
    });
    await warehouse.append('dim_campaigns', {
      rowCount: 1,
      columns: { campaign: ['m1'], name: ['Meta spring push'], goal: ['promotion'] },
    });
    workspace = { warehouse, catalog: buildCatalog(), now: () => new Date('2026-03-15T00:00:00Z') };
  });
  afterAll(async () => {
    await warehouse.close();
  });

  it('splits ROAS 2.5 → 2.0 over its funnel chain, exactly, with LMDI', async () => {
    const result = await explainChange(workspace, { kpi: 'roas', ...WINDOW });
    expect(result.window).toEqual(WINDOW);
    expect(result.earlier).toEqual(EARLIER); // the 7 days before
    // ROAS = 5,000 / 2,000 = 2.5 before and 4,000 / 2,000 = 2.0 after: −0.5, −20%.
    expect(result.before).toBe(2.5);
    expect(result.after).toBe(2);
    expect(result.change).toBeCloseTo(-0.5, 12);
    expect(result.relativeChange).toBeCloseTo(-0.2, 12);
    // The same values the planner gives for the KPI itself.
    for (const [window, value] of [
      [EARLIER, result.before],
      [WINDOW, result.after],
    ] as const) {
      const direct = await runKpiQuery(warehouse, workspace.catalog, { kpis: ['roas'], ...window });
      expect(direct.rows[0]?.roas).toBe(value);
    }

    expect(result.formula.basis).toBe('funnel');
    expect(result.formula.method).toBe('lmdi');
    const part = (id: string) => result.formula.factors.find((factor) => factor.id === id)!;
    // Value per conversion 5,000/20 = 250 → 4,000/15 = 266.67; CVR 20/400 = 5% → 15/400 = 3.75%;
    // CTR and CPM did not move. L = −0.5 / ln 0.8 = 2.24071; value per conversion gets
    // L · ln(16/15) = 0.14461, CVR L · ln 0.75 = −0.64461, CTR and CPM nothing.
    expect(part('conversion_value/conversions').contribution).toBeCloseTo(0.14461, 5);
    expect(part('cvr').contribution).toBeCloseTo(-0.64461, 5);
    expect(part('ctr').contribution).toBe(0);
    expect(part('cpm').contribution).toBe(0);
    // The long way, from the rows: L · ln(factor after / factor before) for every factor.
    const before = sums(EARLIER);
    const after = sums(WINDOW);
    const weight = -0.5 / Math.log(2 / 2.5);
    expect(part('cvr').contribution).toBeCloseTo(
      weight * Math.log(after.conversions / after.clicks / (before.conversions / before.clicks)),
      12,
    );
    const added = result.formula.factors.reduce((sum, factor) => sum + factor.contribution, 0);
    expect(added).toBeCloseTo(result.change!, 14);
    expect(result.formula.factors.map((factor) => factor.name.en)).toContain('Conversion rate (CVR)');
  });

  it('follows the fall down to Meta › m1 › g2, whose parts add up to the change', async () => {
    const result = await explainChange(workspace, { kpi: 'roas', ...WINDOW });
    const segments = result.segments!;
    expect(segments.shape).toBe('ratio');
    expect(segments.steps.map((step) => [step.dimension, step.descended])).toEqual([
      ['channel', 'meta'],
      ['campaign', 'm1'],
      // Ad group and creator both put all of it in one segment; ad group is tried first. g2 has
      // no content, so the walk stops at the content level's one segment.
      ['ad_group', 'g2'],
      ['content', null],
    ]);
    expect(segments.steps[1]!.path).toEqual([{ dimension: 'channel', segment: 'meta' }]);
    expect(segments.steps[2]!.path[1]).toEqual({
      dimension: 'campaign',
      segment: 'm1',
      label: 'Meta spring push',
    });
    const top = segments.drivers[0]!;
    expect(top.path.map((step) => step.segment)).toEqual(['meta', 'm1', 'g2', '']);
    expect(top.where.text).toEqual({ en: 'Meta › m1 › g2 › (none)', zh: 'Meta › m1 › g2 › （无）' });
    // Meta's spend share stays ½, so all of it is rate: ½ · (1 − 2) = −0.5, or, for g2 within
    // the whole, ¼ · (0 − 2) = −0.5.
    expect(top.contribution).toBeCloseTo(-0.5, 12);
    expect(top.shareOfChange).toBeCloseTo(1, 12);
    expect(top.contribution).toBeCloseTo(
      ratioPart(
        (row) => row.ad_group === 'g2',
        () => true,
        'conversion_value',
        'spend',
      ),
      12,
    );
    const meta = ratioPart(
      (row) => row.channel === 'meta',
      () => true,
      'conversion_value',
      'spend',
    );
    expect(segments.steps[0]!.part).toBeCloseTo(-0.5, 12);
    expect(meta).toBeCloseTo(-0.5, 12);
    const sum = segments.drivers.reduce((total, driver) => total + driver.contribution, 0);
    expect(sum + segments.otherDrivers.contribution).toBeCloseTo(result.change!, 12);
    expect(segments.mix).toBeCloseTo(0, 12);
    expect(segments.rate).toBeCloseTo(-0.5, 12);
    expect(result.hierarchy).toEqual([
      { dimension: 'channel', parent: null },
      { dimension: 'campaign', parent: 0 },
      { dimension: 'ad_group', parent: 1 },
      { dimension: 'content', parent: 2 },
      { dimension: 'creator', parent: 1 },
      { dimension: 'content', parent: 4 },
    ]);
  });

  it("names Meta's CVR against its own last week and its peer, with the landing-page advice", async () => {
    const result = await explainChange(workspace, { kpi: 'roas', ...WINDOW });
    // Meta: 10/200 = 5% → 5/200 = 2.5%, −50% against last week; Douyin (its one peer) 5%.
    expect(result.findings).toHaveLength(1);
    const [finding] = result.findings;
    expect(finding).toMatchObject({ kind: 'weak_step', subject: 'meta', kpi: 'cvr', value: 0.025 });
    expect(finding?.kind === 'weak_step' && finding.judged).toEqual({
      basis: 'previous_period',
      reference: 0.05,
      gap: -0.5,
    });
    expect(finding?.text.en).toBe(
      "Meta's CVR is 2.5% against its own 5% last week and 5% for peers, while CTR held",
    );
    expect(result.advice.map((entry) => [entry.rule, entry.subject, entry.finding])).toEqual([
      ['weak_conversion', 'meta', 0],
    ]);
    expect(result.advice[0]?.text.zh).toContain('检查落地页、商品展示和购买流程');
    expect(result.summary.map((line) => line.text.en)).toEqual([
      'ROAS went from 2.5× to 2× (−20%), 2026-03-08 to 2026-03-14 against 2026-03-01 to 2026-03-07',
      'By its formula, CVR accounts for 129% of the change (−0.64×)',
      'By segment, Meta › m1 › g2 › (none) accounts for 100% of the change (−0.5×)',
    ]);
  });

  it('splits an additive KPI by contribution, and follows a segment without a value by grouping', async () => {
    // Conversions 20 → 15. Nobody has a creator, so the first split is one segment, `(none)`,
    // and the campaigns inside it are read by grouping on creator too.
    const result = await explainChange(workspace, {
      kpi: 'conversions',
      ...WINDOW,
      by: ['creator', 'campaign'],
    });
    expect(result.change).toBe(-5);
    expect(result.formula.method).toBe('additive');
    const segments = result.segments!;
    expect(segments.shape).toBe('additive');
    expect(segments.steps.map((step) => [step.dimension, step.descended])).toEqual([
      ['creator', ''],
      ['campaign', null],
    ]);
    expect(
      segments.drivers.map((driver) => [driver.path.map((step) => step.segment), driver.contribution]),
    ).toEqual([
      [['', 'm1'], -5],
      [['', 'c1'], 0],
    ]);
    expect(result.hierarchy).toEqual([
      { dimension: 'creator', parent: null },
      { dimension: 'campaign', parent: 0 },
    ]);
  });

  it('measures against the same dates a year earlier when asked', async () => {
    const result = await explainChange(workspace, { kpi: 'conversions', ...WINDOW, compare: 'last_year' });
    expect(result.earlier).toEqual({ from: '2025-03-08', to: '2025-03-14' });
    // Nothing a year earlier: 0 → 15, no relative change, all of it new.
    expect(result.before).toBe(0);
    expect(result.relativeChange).toBeNull();
    expect(result.summary[0]?.text.en).toBe(
      'Conversions went from 0 to 15, 2026-03-08 to 2026-03-14 against 2025-03-08 to 2025-03-14',
    );
  });

  it('reads each input as the planner computes it, also those no KPI names alone', async () => {
    const variables = ['spend', 'store_visits', 'opening(followers)', 'count(content)'];
    const { catalog, kpiOf } = inputCatalog(workspace.catalog, variables);
    expect(kpiOf.get('spend')).toBe('spend'); // the built-in KPI
    expect(kpiOf.get('store_visits')).toBe('store_visits'); // a measure under its own id
    // A sum over rows that have no store visits is no value, as in every KPI the planner computes.
    expect(kpiOf.get('opening(followers)')).toMatch(/^diagnosis_input_\d+$/);
    expect(catalog.kpis.size).toBe(workspace.catalog.kpis.size + 3);
    expect(workspace.catalog.kpis.has('store_visits')).toBe(false); // the workspace's is untouched
    const answer = await fetchInputs(workspace, { variables, window: WINDOW, dimensions: ['channel'] });
    expect(answer.rows).toEqual([
      {
        keys: { channel: 'douyin' },
        values: { spend: 1000, store_visits: null, 'opening(followers)': null, 'count(content)': 0 },
      },
      {
        keys: { channel: 'meta' },
        values: { spend: 1000, store_visits: null, 'opening(followers)': null, 'count(content)': 0 },
      },
    ]);
  });

  it('rejects what it cannot answer, as the user’s mistake', async () => {
    await expect(explainChange(workspace, { kpi: 'rosa' })).rejects.toMatchObject({ code: 'unknown_kpi' });
    await expect(explainChange(workspace, { kpi: 'roas', by: ['chanel'] })).rejects.toMatchObject({
      code: 'unknown_dimension',
    });
    await expect(
      explainChange(workspace, {
        kpi: 'roas',
        by: ['channel', 'campaign', 'ad_group', 'creator', 'content', 'region', 'audience'],
      }),
    ).rejects.toMatchObject({ code: 'invalid_request' });
    await expect(
      explainChange(workspace, { kpi: 'roas', from: '2026-03-09', to: '2026-03-01' }),
    ).rejects.toMatchObject({
      code: 'invalid_request',
    });
  });
});

describe('windows', () => {
  it('compares with the period before or the same dates a year earlier', () => {
    expect(comparedWindow({ from: '2026-03-01', to: '2026-03-31' }, 'previous')).toEqual({
      from: '2026-02-01',
      to: '2026-02-28',
    });
    expect(comparedWindow({ from: '2026-03-02', to: '2026-03-31' }, 'previous')).toEqual({
      from: '2026-01-31',
      to: '2026-03-01',
    });
    expect(comparedWindow({ from: '2024-02-29', to: '2024-02-29' }, 'last_year')).toEqual({
      from: '2023-02-28',
      to: '2023-02-28',
    });
  });

  it('names the previous period by the window', () => {
    expect(periodGrain({ from: '2026-03-10', to: '2026-03-10' })).toBe('day');
    expect(periodGrain({ from: '2026-03-10', to: '2026-03-16' })).toBe('week');
    expect(periodGrain({ from: '2026-02-01', to: '2026-02-28' })).toBe('month');
    expect(periodGrain({ from: '2026-04-01', to: '2026-06-30' })).toBe('quarter');
    expect(periodGrain({ from: '2026-02-01', to: '2026-04-30' })).toBeUndefined(); // not a calendar quarter
    expect(periodGrain({ from: '2026-01-01', to: '2026-12-31' })).toBe('year');
    expect(periodGrain({ from: '2026-03-02', to: '2026-03-31' })).toBeUndefined();
  });

  it('lists a hierarchy parents first', () => {
    expect(
      flattenHierarchy([
        {
          dimension: 'a',
          children: [{ dimension: 'b' }, { dimension: 'c', children: [{ dimension: 'd' }] }],
        },
      ]),
    ).toEqual([
      { dimension: 'a', parent: null },
      { dimension: 'b', parent: 0 },
      { dimension: 'c', parent: 0 },
      { dimension: 'd', parent: 2 },
    ]);
  });
});
