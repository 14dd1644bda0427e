/**
 * Attribution over a workspace on DuckDB: the hand-made May of `testing.ts`, every figure worked
 * out in the comments; the channel view (journeys from the warehouse) against the journeys built
 * here from the events; creators' ROI; and the attributed measures a refresh writes, read back
 * through the planner.
 */
import { ATTRIBUTION_MODELS, buildCatalog, isMarkpiError, type KpiDefinitionInput } from '@markpi/core';
import { openDuckDbWarehouse, runKpiQuery, type Warehouse } from '@markpi/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkspaceContext } from '../workspace.js';
import { creatorRoi } from './creators.js';
import { keyedJourneys, workspaceJourneys } from './events.js';
import { refreshAttribution } from './refresh.js';
import { loadAttributionFixture, MAY } from './testing.js';
import { attributeWorkspace, type WorkspaceAttribution } from './workspace.js';

// A catalog with each model's attributed conversions and value as KPIs, to read them back.
const readBack: KpiDefinitionInput[] = ATTRIBUTION_MODELS.flatMap((model) => [
  {
    id: `ac_${model}`,
    name: { en: model, zh: model },
    description: { en: 'attributed conversions', zh: '归因转化数' },
    formula: `attributed_conversions_${model}`,
    unit: 'count',
    direction: 'up',
    aggregation: 'additive',
  },
  {
    id: `av_${model}`,
    name: { en: model, zh: model },
    description: { en: 'attributed value', zh: '归因金额' },
    formula: `attributed_value_${model}`,
    unit: 'currency',
    direction: 'up',
    aggregation: 'additive',
  },
]);

let warehouse: Warehouse;
let workspace: WorkspaceContext;
const byKey = (report: WorkspaceAttribution) => Object.fromEntries(report.rows.map((row) => [row.key, row]));

beforeAll(async () => {
  warehouse = await openDuckDbWarehouse({ path: ':memory:' });
  await loadAttributionFixture(warehouse);
  workspace = {
    warehouse,
    catalog: buildCatalog({ kpis: readBack }),
    now: () => new Date('2026-06-01T00:00:00Z'),
  };
});
afterAll(async () => {
  await warehouse.close();
});

describe('attribution over the workspace', () => {
  it('credits channels as worked out by hand', async () => {
    const report = await attributeWorkspace(workspace, { ...MAY, lookbackDays: 30 });
    // Journeys: xiaohongshu>douyin (300), xiaohongshu (200), douyin (100, two rows of one order),
    // xiaohongshu without an order, direct (50; p5's April touch is beyond the lookback and ended
    // before May, so it is no journey of May); o6 no touch reached.
    expect(report.journeys).toEqual({
      converting: 4,
      nonConverting: 1,
      untouched: { conversions: 1, value: 80 },
      imported: { conversions: 0, value: 0, nulls: 0 },
    });
    expect(report.totals).toEqual({ conversions: 4, value: 650, nulls: 1 });
    const { xiaohongshu, douyin, direct } = byKey(report);
    expect([xiaohongshu!.first_touch, douyin!.first_touch, direct!.first_touch]).toEqual([2, 1, 1]);
    expect([xiaohongshu!.last_touch, douyin!.last_touch, direct!.last_touch]).toEqual([1, 2, 1]);
    // Direct alone closes p5's journey: last non-direct gives it to direct all the same.
    expect(direct!.last_non_direct).toBe(1);
    // Markov: start→xiaohongshu 3/5, →douyin 1/5, →direct 1/5; xiaohongshu→douyin, →conversion,
    // →null a third each. P = 4/5; without xiaohongshu 2/5, without douyin 2/5, without direct 3/5:
    // effects 1/2, 1/2, 1/4 of 5/4 → credits 1.6, 1.6, 0.8.
    expect(xiaohongshu!.removal_effect).toBeCloseTo(0.5, 12);
    expect(douyin!.removal_effect).toBeCloseTo(0.5, 12);
    expect(direct!.removal_effect).toBeCloseTo(0.25, 12);
    expect(xiaohongshu!.markov).toBeCloseTo(1.6, 12);
    expect(douyin!.markov).toBeCloseTo(1.6, 12);
    expect(direct!.markov).toBeCloseTo(0.8, 12);
    // Time decay is there: the window's journeys are few enough to read one by one.
    expect(report.models).toContain('time_decay');
    expect(report.notes.map((note) => note.message.key)).toContain('attribution.journeys.untouched');
  });

  it('credits value by the value-weighted chain, by hand', async () => {
    const report = await attributeWorkspace(workspace, { ...MAY, measure: 'value' });
    // E[value] per journey 130 = 650 / 5. Without xiaohongshu 50, without douyin 50, without
    // direct 120: effects 8/13, 8/13, 1/13 → 650 · 8/17, 650 · 8/17, 650/17.
    const { xiaohongshu, douyin, direct } = byKey(report);
    expect(report.total).toBe(650);
    expect(xiaohongshu!.markov).toBeCloseTo((650 * 8) / 17, 9);
    expect(douyin!.markov).toBeCloseTo((650 * 8) / 17, 9);
    expect(direct!.markov).toBeCloseTo(650 / 17, 9);
    expect(xiaohongshu!.removal_effect).toBeCloseTo(8 / 13, 12);
  });

  it('builds the same channel journeys from the events as the warehouse does', async () => {
    for (const lookbackDays of [1, 7, 30, 60]) {
      const fromStore = await attributeWorkspace(workspace, { ...MAY, lookbackDays });
      const built = await workspaceJourneys(workspace, { ...MAY, lookbackDays });
      const fromEvents = await import('./report.js').then(({ attributionReport }) =>
        attributionReport({ journeys: keyedJourneys(built.journeys, (touch) => touch.channel) }),
      );
      expect(built.untouched).toEqual(fromStore.journeys.untouched);
      expect(fromEvents.rows.map((row) => row.key)).toEqual(fromStore.rows.map((row) => row.key));
      for (const [index, row] of fromEvents.rows.entries()) {
        const other = fromStore.rows[index]!;
        for (const model of ATTRIBUTION_MODELS)
          expect(row[model], `${lookbackDays} ${model}`).toBeCloseTo(other[model]!, 12);
      }
    }
  });

  it('credits campaigns, and a touch without one to its channel', async () => {
    const report = await attributeWorkspace(workspace, { ...MAY, by: 'campaign' });
    // Keyed journeys: launch>launch (300), launch (200), channel:douyin (100), seeding (no order),
    // channel:direct (50). Markov: without launch P = 2/5 (effect 1/2), without douyin or direct
    // 3/5 (1/4 each), seeding 0: launch 2, douyin 1, direct 1.
    const rows = byKey(report);
    expect(Object.keys(rows).sort()).toEqual(['channel:direct', 'channel:douyin', 'launch', 'seeding']);
    expect(rows.launch!.markov).toBeCloseTo(2, 12);
    expect(rows['channel:douyin']!.markov).toBeCloseTo(1, 12);
    expect(rows['channel:direct']!).toMatchObject({ dimension: 'channel', value: 'direct' });
    expect(rows.seeding!.markov).toBeCloseTo(0, 12);
    expect(rows.launch!.dimension).toBe('campaign');
  });

  it('names creators and channels as people know them where the models disagree', async () => {
    // By creator, with a factor of 1.5: kol_a opens p1's and p2's journeys (first touch 2 of 4)
    // and closes only p2's (last touch 1 of 4); Douyin closes two of four and opens one.
    const report = await attributeWorkspace(workspace, { ...MAY, by: 'creator', factor: 1.5 });
    const rows = byKey(report);
    expect(rows.kol_a!.label).toBe('A姐');
    expect(rows.kol_a!.disagreement?.text.en).toBe(
      'last touch gives A姐 25%, first touch 50%: it opens journeys that others close',
    );
    expect(rows['channel:douyin']!.disagreement?.text.en).toBe(
      'first touch gives Douyin 25%, last touch 50%: it closes journeys that others open',
    );
    expect(rows['channel:douyin']!.disagreement?.text.zh).toBe(
      '首次触点给 抖音 25%，末次触点给 50%：它收尾的旅程多由其他渠道开启',
    );
  });

  it('refuses a touch filter outside the channel view, and a lookback out of range', async () => {
    for (const request of [
      { by: 'creator' as const, filter: "channel = 'douyin'" },
      { lookbackDays: 0 },
      { lookbackDays: 400 },
    ]) {
      const error = await attributeWorkspace(workspace, { ...MAY, ...request }).catch(
        (caught: unknown) => caught,
      );
      expect(isMarkpiError(error) && error.kind).toBe('invalid_input');
    }
  });
});

describe('creators’ return on their fees', () => {
  it('gives each model’s GMV, ROI and cost per order against the fees, by hand', async () => {
    const roi = await creatorRoi(workspace, { ...MAY, lookbackDays: 30 });
    expect(roi.creators.map((row) => [row.creator, row.label, row.tier, row.fee])).toEqual([
      ['koc_b', 'B妹', 'koc', 40],
      ['kol_a', 'A姐', 'kol', 250],
    ]);
    const kolA = roi.creators[1]!;
    const model = (name: string) => kolA.models.find((entry) => entry.model === name)!;
    // By creator the chain is the channel one with kol_a for xiaohongshu (koc_b's journey, which
    // did not convert, has a state of its own): 1.6 conversions, 650 · 8/17 of value.
    expect(model('markov').conversions).toBeCloseTo(1.6, 12);
    expect(model('markov').value).toBeCloseTo((650 * 8) / 17, 9);
    expect(model('markov').roi).toBeCloseTo(((650 * 8) / 17 - 250) / 250, 12);
    expect(model('markov').costPerConversion).toBeCloseTo(250 / 1.6, 12);
    // Last touch: only p2's order (200) ends on kol_a: ROI (200 − 250) / 250.
    expect(model('last_touch')).toMatchObject({
      conversions: 1,
      value: 200,
      roi: -0.2,
      costPerConversion: 250,
    });
    // First touch: p1's and p2's orders (500).
    expect(model('first_touch')).toMatchObject({
      conversions: 2,
      value: 500,
      roi: 1,
      costPerConversion: 125,
    });
    // KOLA10 brought o2.
    expect(kolA.coupon).toMatchObject({ orders: 1, value: 200, codes: ['KOLA10'] });
    // koc_b: a fee and no order: ROI −100%, no cost per order.
    const kocB = roi.creators[0]!.models.find((entry) => entry.model === 'markov')!;
    expect(kocB).toMatchObject({ conversions: 0, value: 0, roi: -1, costPerConversion: null });
    expect(roi.tiers.map((tier) => [tier.tier, tier.creators, tier.fee])).toEqual([
      ['koc', 1, 40],
      ['kol', 1, 250],
    ]);
    // NOBODY belongs to no creator; o6 no touch reached.
    const keys = roi.notes.map((note) => note.message.key);
    expect(keys).toContain('attribution.coupon.unknown_codes');
    expect(keys).toContain('attribution.journeys.untouched');
  });
});

describe('the attributed measures', () => {
  it('writes every model’s credit, which the planner reads back equal to the page', async () => {
    const summary = await refreshAttribution(workspace, { lookbackDays: 30 });
    expect(summary).toMatchObject({
      lookbackDays: 30,
      window: { from: '2026-05-02', to: '2026-05-12' },
      months: 1,
      conversions: { credited: 4, untouched: 1 },
    });
    const kpis = ATTRIBUTION_MODELS.flatMap((model) => [`ac_${model}`, `av_${model}`]);
    const answer = await runKpiQuery(warehouse, workspace.catalog, { kpis, dimensions: ['channel'], ...MAY });
    const conversions = await attributeWorkspace(workspace, { ...MAY, lookbackDays: 30 });
    const value = await attributeWorkspace(workspace, { ...MAY, lookbackDays: 30, measure: 'value' });
    const page = (report: WorkspaceAttribution) => byKey(report);
    for (const row of answer.rows) {
      const channel = String(row.channel);
      for (const model of ATTRIBUTION_MODELS) {
        expect(row[`ac_${model}`], `${channel} ${model}`).toBeCloseTo(page(conversions)[channel]![model]!, 9);
        expect(row[`av_${model}`], `${channel} ${model}`).toBeCloseTo(page(value)[channel]![model]!, 6);
      }
    }
    // Attributed ROAS: xiaohongshu's Markov value over its 100 of spend.
    const roas = await runKpiQuery(warehouse, workspace.catalog, {
      kpis: ['attributed_roas_markov', 'attributed_roas_last_touch'],
      dimensions: ['channel'],
      ...MAY,
    });
    const xiaohongshu = roas.rows.find((row) => row.channel === 'xiaohongshu')!;
    expect(xiaohongshu.attributed_roas_markov).toBeCloseTo((650 * 8) / 17 / 100, 9);
    expect(xiaohongshu.attributed_roas_last_touch).toBeCloseTo(200 / 100, 12);
    // By creator: kol_a's touches carry xiaohongshu's credit; its Markov conversions are 1.6.
    const creators = await runKpiQuery(warehouse, workspace.catalog, {
      kpis: ['ac_markov', 'ac_first_touch'],
      dimensions: ['creator'],
      filter: "channel = 'xiaohongshu'",
      ...MAY,
    });
    expect(creators.rows.find((row) => row.creator === 'kol_a')).toMatchObject({ ac_first_touch: 2 });
    expect(creators.rows.find((row) => row.creator === 'kol_a')!.ac_markov).toBeCloseTo(1.6, 12);
    // Again: the rows are replaced, not added to.
    const again = await refreshAttribution(workspace, { lookbackDays: 30 });
    expect(again.rows).toBe(summary.rows);
    const total = await runKpiQuery(warehouse, workspace.catalog, { kpis: ['ac_markov'], ...MAY });
    expect(total.rows[0]!.ac_markov).toBeCloseTo(4, 12);
  });
});
