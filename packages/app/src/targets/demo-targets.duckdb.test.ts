/**
 * The demo story end to end on DuckDB (a tenth of the demo's size, same campaigns): targets
 * for 618 2026 set from 618 2025, paced mid-campaign and at the end, SMART-checked before it
 * starts, and the promotion scorecard using them — with the scorecard's actuals equal to the
 * pacing's, since both come from the KPI engine.
 */
import { buildCatalog } from '@markpi/core';
import { listTargets, loadDemo, openDuckDbWarehouse, type Warehouse } from '@markpi/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoTargets } from './demo-targets.js';
import { scorecard } from './scorecard.js';
import { checkTarget, paceTarget, suggestTarget } from './services.js';

const catalog = buildCatalog();
const CAMPAIGN_618 = { from: '2026-05-20', to: '2026-06-20' };

describe('demo targets for 618 2026', () => {
  let warehouse: Warehouse;

  beforeAll(async () => {
    warehouse = await openDuckDbWarehouse({ path: ':memory:' });
    await loadDemo(warehouse, { scale: 0.1 });
  });
  afterAll(async () => {
    await warehouse.close();
  });

  it('sets ROI, CPL, impressions and GMV targets from 618 2025, once', async () => {
    const seeded = await seedDemoTargets(warehouse, catalog, { now: new Date('2026-05-01T00:00:00Z') });
    expect(seeded.added.map((entry) => entry.target.id)).toEqual([
      '618-2026-roi',
      '618-2026-cpl',
      '618-2026-impressions',
      '618-2026-conversion-value',
    ]);
    expect(seeded.skipped).toEqual([]);
    const again = await seedDemoTargets(warehouse, catalog);
    expect(again.added).toEqual([]);
    expect(again.kept).toHaveLength(4);

    // GMV: 618 2025's conversion value over the same dates, +20%, to the cent.
    const { suggestion } = await suggestTarget(warehouse, catalog, {
      kpi: 'conversion_value',
      filter: "campaign = '618-2025'",
      period: CAMPAIGN_618,
      basis: 'last_year',
      growth: 0.2,
    });
    const gmv = seeded.added[3]!.target;
    expect(gmv.value).toBe(Math.round(suggestion!.basis.comparable * 1.2 * 100) / 100);
    expect(gmv).toMatchObject({
      scope: { filter: "campaign = '618-2026'" },
      cadence: 'weekly',
      breakdown: { mode: 'seasonal' },
    });
  });

  it('paces every target mid-campaign and at the end', async () => {
    for (const { target } of await listTargets(warehouse)) {
      const mid = await paceTarget(warehouse, catalog, target.id, { asOf: '2026-06-10' });
      expect(mid.status).toMatch(/^(green|amber|red)$/);
      expect(mid.elapsedDays).toBe(22);
      expect(mid.projection?.low).not.toBeNull();
      expect(mid.probability).toBeGreaterThanOrEqual(0);
      expect(mid.series).toHaveLength(32);
      const end = await paceTarget(warehouse, catalog, target.id, { today: '2026-11-23' });
      expect(end).toMatchObject({ asOf: '2026-06-20', targetToDate: target.value });
      expect(end.projection?.value).toBe(end.actualToDate);
      expect(end.probability === 0 || end.probability === 1).toBe(true);
    }
  });

  it('checks the targets as they stood before the campaign', async () => {
    const check = await checkTarget(warehouse, catalog, '618-2026-roi', { today: '2026-05-01' });
    expect(check.campaignGoal).toBe('promotion');
    expect(check.letters.map((letter) => [letter.letter, letter.rating])).toEqual([
      ['specific', 'pass'],
      ['measurable', 'warn'], // no 618 2026 rows before it starts
      ['attainable', 'pass'], // +10% on 618 2025
      ['relevant', 'pass'],
      ['time_bound', 'pass'],
    ]);
    expect(check.letters[3]!.reason).toContain('roi carries 60% of the Big promotion scorecard');
  });

  it('scores 618 2026 on the promotion template against its own targets', async () => {
    const card = await scorecard(warehouse, catalog, {
      template: 'promotion',
      by: 'campaign',
      period: CAMPAIGN_618,
      filter: "campaign_goal = 'promotion'",
    });
    expect(card.entities.map((entry) => entry.entity)).toEqual(['618-2026']);
    const entry = card.entities[0]!;
    expect(entry.label).toBe('618 2026 年中大促');
    expect(entry.kpis.map((kpi) => kpi.targetSource)).toEqual([
      'target 618-2026-roi',
      'target 618-2026-cpl',
      'target 618-2026-impressions',
    ]);
    for (const kpi of entry.kpis) {
      const pace = await paceTarget(warehouse, catalog, `618-2026-${kpi.kpi}`, { today: '2026-11-23' });
      expect(kpi.actual).toBeCloseTo(pace.actualToDate!, 6);
      expect(kpi.target).toBe(pace.target);
    }
    const expected = entry.kpis.reduce(
      (sum, kpi) => sum + kpi.weight * Math.min(1.2, Math.max(0, kpi.attainment!)),
      0,
    );
    expect(entry.score).toBeCloseTo(expected, 12);
  });

  it('scores 618 2026 on its own days when the card spans the whole demo', async () => {
    const card = await scorecard(warehouse, catalog, {
      template: 'promotion',
      by: 'campaign',
      period: { from: '2025-05-01', to: '2026-10-31' },
      filter: "campaign_goal = 'promotion'",
      targets: { roi: 3, cpl: 500, impressions: 50_000_000 },
    });
    expect(card.entities.map((entry) => entry.entity).sort()).toEqual([
      '618-2025',
      '618-2026',
      'bfcm-2025',
      'd11-2025',
    ]);
    const campaign = card.entities.find((entry) => entry.entity === '618-2026')!;
    for (const kpi of campaign.kpis) {
      const pace = await paceTarget(warehouse, catalog, `618-2026-${kpi.kpi}`, { today: '2026-11-23' });
      expect(kpi.actual).toBeCloseTo(pace.actualToDate!, 6);
    }
    expect(card.entities.find((entry) => entry.entity === 'd11-2025')!.kpis[0]!.targetSource).toBe(
      'common target',
    );
    expect(card.notes).toContain(
      '618-2026-roi covers 2026-05-20 … 2026-06-20: roi of 618-2026 is scored on those days',
    );
  });
});
