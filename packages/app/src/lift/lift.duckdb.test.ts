/**
 * The lift use cases on the demo workspace (its main story at test size, plus the lift story's
 * rows, which are the same whatever the demo's size): each method against the answer the demo
 * planted, the series checked against sums taken from the rows, the ledger, and calibrated ROAS
 * against each channel's ROAS × its factor.
 */
import { buildCatalog } from '@markpi/core';
import {
  DEMO_BRAND_SEARCH,
  DEMO_GEO_TEST,
  DEMO_KOX,
  DEMO_SEED,
  demoLiftTruth,
  generateLiftDemo,
  loadDemo,
  openDuckDbWarehouse,
  planDemo,
  type Warehouse,
} from '@markpi/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerKpiQuery } from '../query.js';
import { answerScorecard } from '../targets/scorecard.js';
import type { WorkspaceContext } from '../workspace.js';
import { CALIBRATED_ROAS } from './calibration.js';
import { geoLift } from './geo.js';
import { calibratedWorkspace, listLiftLedger, recordLift, withdrawLift } from './ledger.js';
import { prePostLift } from './prepost.js';

const TRUTH = demoLiftTruth(DEMO_SEED);
const NOW = new Date('2026-11-01T04:00:00Z');
const brandScope = `campaign = '${DEMO_BRAND_SEARCH.campaign}'`;
const geoScope = `campaign = '${DEMO_GEO_TEST.campaign}'`;

describe('lift on the demo workspace', () => {
  let warehouse: Warehouse;
  let workspace: WorkspaceContext;

  beforeAll(async () => {
    warehouse = await openDuckDbWarehouse({ path: ':memory:' });
    const options = { performanceRows: 60_000 };
    await loadDemo(warehouse, options);
    for (const { table, batch } of generateLiftDemo(planDemo(options))) await warehouse.append(table, batch);
    workspace = { warehouse, catalog: buildCatalog(), now: () => NOW };
  }, 120_000);

  afterAll(async () => {
    await warehouse?.close();
  });

  /** A sum over the rows themselves, not through the planner. */
  async function rowSum(column: string, where: string, params: string[]): Promise<number> {
    const [row] = await warehouse.query(
      `SELECT sum(${column}) AS total FROM fact_performance WHERE ${where}`,
      params,
    );
    return Number(row?.total);
  }

  it('pre/post finds the KOX campaign’s lift on brand search within its interval', async () => {
    const answer = await prePostLift(workspace, {
      kpi: 'impressions',
      filter: brandScope,
      from: DEMO_KOX.from,
      to: DEMO_KOX.to,
    });
    const { result } = answer;
    // The series is the rows' own: the window's actual total, summed independently.
    const actual = await rowSum(
      'impressions',
      'campaign = $1 AND date BETWEEN CAST($2 AS DATE) AND CAST($3 AS DATE)',
      [DEMO_BRAND_SEARCH.campaign, DEMO_KOX.from, DEMO_KOX.to],
    );
    expect(result.actual).toBe(actual);
    expect(answer.pre).toEqual({ from: '2026-07-07', to: '2026-08-31' });
    expect(result.measuredDays).toBe(21);
    expect(result.incremental.low).toBeLessThan(TRUTH.koxIncrementalImpressions);
    expect(result.incremental.high).toBeGreaterThan(TRUTH.koxIncrementalImpressions);
    expect(result.pValue).toBeLessThan(0.01);
    expect(Math.abs(result.incremental.value / TRUTH.koxIncrementalImpressions - 1)).toBeLessThan(0.25);
    expect(answer.summary.text.zh).toContain('增量');
    // Brand-search impressions are not what attribution counts: no factor, and it says why.
    expect(answer.calibration).toBeNull();
    expect(answer.notes.map((note) => note.key)).toContain('lift.calibration.kpi_not_counted');
  });

  it('says when a KPI does not add up over days, so its incremental total is no volume', async () => {
    const answer = await prePostLift(workspace, {
      kpi: 'ctr',
      filter: brandScope,
      from: DEMO_KOX.from,
      to: DEMO_KOX.to,
    });
    const keys = answer.notes.map((note) => note.key);
    expect(keys).toContain('lift.series.not_additive');
    expect(keys).not.toContain('lift.series.zero_days');
    expect(answer.notes.find((note) => note.key === 'lift.series.not_additive')?.text.zh).toContain(
      '不可按天加总',
    );
  });

  it('pre/post does not call the 618 peak the effect of a campaign that started June 1', async () => {
    // A year of history: 618 2025 is in the pre-period, so the calendar's 618 events have
    // effects of their own and the peak is forecast.
    const withHistory = await prePostLift(workspace, {
      kpi: 'impressions',
      filter: brandScope,
      from: '2026-06-01',
      to: '2026-06-20',
      preFrom: '2025-05-01',
    });
    expect(withHistory.result.convention.events).toEqual(
      expect.arrayContaining(['618 presale', '618 first wave', '618']),
    );
    expect(withHistory.result.incremental.low).toBeLessThan(0);
    expect(withHistory.result.incremental.high).toBeGreaterThan(0);
    expect(withHistory.result.pValue).toBeGreaterThan(0.05);
    // Without 618 in the pre-period the sale's days are left out, and said so.
    const short = await prePostLift(workspace, {
      kpi: 'impressions',
      filter: brandScope,
      from: '2026-06-01',
      to: '2026-06-20',
      preFrom: '2026-03-02',
      preTo: '2026-05-19',
    });
    expect(short.result.convention.leftOutEvents).toEqual(expect.arrayContaining(['618 presale', '618']));
    expect(short.result.measuredDays).toBe(2);
    expect(short.notes.map((note) => note.key)).toContain('lift.note.events_left_out');
    expect(short.result.pValue).toBeGreaterThan(0.05);
  });

  it('the geo test finds the four cities’ 15% within its interval, and their incrementality factor', async () => {
    const answer = await geoLift(workspace, {
      kpi: 'conversions',
      filter: geoScope,
      treated: [...DEMO_GEO_TEST.treated],
      testFrom: DEMO_GEO_TEST.test.from,
      testTo: DEMO_GEO_TEST.test.to,
    });
    const { cell } = answer;
    expect(answer.controls).toHaveLength(12);
    const inference = cell.inference!;
    expect(inference.incremental.low!).toBeLessThan(TRUTH.geoIncrementalConversions);
    expect(inference.incremental.high!).toBeGreaterThan(TRUTH.geoIncrementalConversions);
    expect(inference.pValue).toBeLessThan(0.05);
    expect(cell.percentLift!).toBeGreaterThan(0.08);
    expect(cell.percentLift!).toBeLessThan(0.22);
    // The treated cities' actual total, summed from the rows.
    const treated = DEMO_GEO_TEST.treated.map((city) => `'${city}'`).join(', ');
    const actual = await rowSum(
      'conversions',
      `campaign = $1 AND region IN (${treated}) AND date BETWEEN CAST($2 AS DATE) AND CAST($3 AS DATE)`,
      [DEMO_GEO_TEST.campaign, DEMO_GEO_TEST.test.from, DEMO_GEO_TEST.test.to],
    );
    expect(cell.actual).toBeCloseTo(actual, 6);
    // Factor: incremental ÷ the conversions the platform reported there (all of them).
    expect(answer.calibration).toMatchObject({ channel: 'douyin', attributed: actual });
    expect(answer.calibration!.factor.value).toBeCloseTo(cell.incremental / actual, 12);
    expect(answer.calibration!.factor.low).toBeCloseTo(inference.incremental.low! / actual, 12);
    // Spend doubled in the treated cities: the economics use their spend over the test.
    const spend = await rowSum(
      'spend',
      `campaign = $1 AND region IN (${treated}) AND date BETWEEN CAST($2 AS DATE) AND CAST($3 AS DATE)`,
      [DEMO_GEO_TEST.campaign, DEMO_GEO_TEST.test.from, DEMO_GEO_TEST.test.to],
    );
    expect(answer.spend).toBeCloseTo(spend, 6);
    expect(cell.economics?.costPerIncremental.value).toBeCloseTo(spend / cell.incremental, 9);
  });

  it('records the geo test; calibrated ROAS appears, equals Douyin’s ROAS × its factor, and goes when withdrawn', async () => {
    expect((await calibratedWorkspace(workspace)).catalog.kpis.has(CALIBRATED_ROAS)).toBe(false);
    const answer = await geoLift(workspace, {
      kpi: 'conversions',
      filter: geoScope,
      treated: [...DEMO_GEO_TEST.treated],
      testFrom: DEMO_GEO_TEST.test.from,
      testTo: DEMO_GEO_TEST.test.to,
    });
    const entry = await recordLift(workspace, answer.draft, { name: 'Douyin city test', author: 'ana' });
    expect(entry).toMatchObject({
      id: 'douyin-city-test',
      version: 1,
      method: 'geo',
      author: 'ana',
      ageDays: 28,
    });
    expect(entry.scope.locations).toEqual([...DEMO_GEO_TEST.treated]);
    const again = await recordLift(workspace, answer.draft, { name: 'Douyin city test' });
    expect(again.id).toBe('douyin-city-test-2');
    await withdrawLift(workspace, again.id, { reason: 'recorded twice' });
    expect((await listLiftLedger(workspace)).map((item) => item.id)).toEqual(['douyin-city-test']);

    const calibrated = await calibratedWorkspace(workspace);
    const kpi = calibrated.catalog.kpi(CALIBRATED_ROAS);
    expect(kpi.description.en).toContain(
      '“Douyin city test” (geo test, 2026-09-07 to 2026-10-04, ended 28 day(s) ago)',
    );
    expect(kpi.description.zh).toContain('依据「Douyin city test」');
    const factor = answer.calibration!.factor.value;
    const period = { from: '2026-10-01', to: '2026-10-31' };
    const { result } = await answerKpiQuery(calibrated, {
      kpis: [CALIBRATED_ROAS, 'roas'],
      dimensions: ['channel'],
      ...period,
    });
    const byChannel = new Map(result.rows.map((row) => [row.channel, row]));
    const douyin = byChannel.get('douyin')!;
    expect(douyin[CALIBRATED_ROAS] as number).toBeCloseTo(
      Number(factor.toPrecision(6)) * (douyin.roas as number),
      9,
    );
    expect(byChannel.get('weibo')?.[CALIBRATED_ROAS]).toBeNull();
    // Over every channel it is Douyin's alone: the other channels have no test.
    const total = await answerKpiQuery(calibrated, { kpis: [CALIBRATED_ROAS], ...period });
    expect(total.result.rows[0]?.[CALIBRATED_ROAS] as number).toBeCloseTo(
      douyin[CALIBRATED_ROAS] as number,
      9,
    );

    // Scorecards read it like any KPI.
    const card = await answerScorecard(calibrated, {
      template: {
        id: 'calibrated',
        name: { en: 'Calibrated' },
        items: [
          { kpi: CALIBRATED_ROAS, weight: 0.5 },
          { kpi: 'roas', weight: 0.5 },
        ],
      },
      by: 'channel',
      period,
      targets: { [CALIBRATED_ROAS]: 1, roas: 3 },
    });
    const scored = card.entities.find((item) => item.entity === 'douyin')!;
    expect(scored.kpis.find((item) => item.kpi === CALIBRATED_ROAS)?.actual).toBeCloseTo(
      douyin[CALIBRATED_ROAS] as number,
      9,
    );

    await withdrawLift(workspace, entry.id, { reason: 'test' });
    expect((await calibratedWorkspace(workspace)).catalog.kpis.has(CALIBRATED_ROAS)).toBe(false);
  });
});
