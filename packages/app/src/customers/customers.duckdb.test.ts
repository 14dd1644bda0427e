/**
 * The customer use cases over DuckDB: a small workspace worked out by hand (cohorts, retention,
 * CAC with the ledger's shared costs, payback), then the demo — cohorts that keep buying, CAC
 * equal to the catalog's `cac` KPI, and the backtest (fit on 12 months, predict the next 6)
 * beating each customer's average rate.
 */
import { buildCatalog } from '@markpi/core';
import { DEMO_PERIOD, loadDemo, openDuckDbWarehouse, runKpiQuery, type Warehouse } from '@markpi/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkspaceContext } from '../workspace.js';
import { cohortRetention, customerRetention, fitLtv, ltvBacktest, ltvCurves, payback } from './customers.js';
import { loadHandWorkspace } from './testing.js';

describe('customers over a workspace, by hand', () => {
  let warehouse: Warehouse;
  let workspace: WorkspaceContext;
  beforeAll(async () => {
    warehouse = await openDuckDbWarehouse({ path: ':memory:' });
    await loadHandWorkspace(warehouse);
    workspace = { warehouse, catalog: buildCatalog(), now: () => new Date('2026-04-10T00:00:00Z') };
  });
  afterAll(async () => {
    await warehouse.close();
  });

  it('tables cohorts through the last order, saying April is not over', async () => {
    const answer = await cohortRetention(workspace);
    expect(answer.through).toBe('2026-04-01');
    expect(
      answer.table.rows.map((row) => [row.cohort, row.customers, row.cells.map((cell) => cell.retention)]),
    ).toEqual([
      ['2026-01', 2, [1, 0.5, 0.5, 0]],
      ['2026-02', 2, [1, 0, 0.5]],
    ]);
    expect(answer.notes.map((note) => note.message)).toEqual([
      { key: 'customers.partial_month', params: { month: '2026-04', date: '2026-04-01' } },
    ]);
    expect(answer.notes[0]!.text.zh).toContain('尚未结束');
    const curves = await ltvCurves(workspace, { byChannel: true, through: '2026-03-31' });
    const tmall = curves.curves.find((curve) => curve.channel === 'tmall')!;
    // January tmall (A, B: 180, then B's 40, then A's 80) and February tmall (D: 70), through March:
    // month 2 is January's alone.
    expect(tmall.points.map((point) => point.ltv)).toEqual([(180 + 70) / 3, (220 + 70) / 3, 300 / 2]);
  });

  it('counts retention by (CE − CN) / CS', async () => {
    // February, 30 days: A and B at the start; B (back after 36 days), C and D at the end.
    const result = await customerRetention(workspace, {
      from: '2026-02-01',
      to: '2026-02-28',
      churnDays: 30,
    });
    expect(result).toMatchObject({ startCustomers: 2, endCustomers: 3, acquiredCustomers: 3, retention: 0 });
  });

  it('adds the ledger to media for CAC and finds the payback month', async () => {
    const answer = await payback(workspace, { fromCohort: '2026-01', through: '2026-03-31' });
    // No customers fact: new customers are first orders (tmall: A, B in January, D in February;
    // douyin: C). Tmall 300 media + 50 SEO + January's 60 staff = 410 for 3: CAC 136.67, which
    // its LTV (83.33, 96.67, 150) reaches in month 2. Douyin 100 for 1: LTV 80, 80, not yet.
    expect(answer.acquisitionSource).toBe('orders');
    const byChannel = new Map(answer.channels.map((row) => [row.channel, row]));
    expect(byChannel.get('tmall')).toMatchObject({ cost: 410, shared: 60, newCustomers: 3, paybackMonth: 2 });
    expect(byChannel.get('tmall')!.cac).toBeCloseTo(410 / 3, 10);
    expect(byChannel.get('douyin')).toMatchObject({ cost: 100, cac: 100, ltv: 80, paybackMonth: null });
    expect(answer.unallocatedShared).toBe(30);
    expect(answer.notes.map((note) => note.message.key)).toEqual(['customers.unallocated_shared']);
    // With April's 100 from C, douyin pays back in its month 2.
    const later = await payback(workspace, { fromCohort: '2026-01' });
    expect(later.channels.find((row) => row.channel === 'douyin')!.paybackMonth).toBe(2);
  });

  it('refuses what is not a date or a month', async () => {
    await expect(cohortRetention(workspace, { through: '2026-02-30' })).rejects.toThrow(/not a date/);
    await expect(cohortRetention(workspace, { fromCohort: '2026-13' })).rejects.toThrow(/not a month/);
  });
});

describe('customers of the demo', () => {
  let warehouse: Warehouse;
  let workspace: WorkspaceContext;
  beforeAll(async () => {
    warehouse = await openDuckDbWarehouse({ path: ':memory:' });
    await loadDemo(warehouse, { performanceRows: 60_000 });
    workspace = { warehouse, catalog: buildCatalog(), now: () => new Date('2026-11-01T00:00:00Z') };
  }, 120_000);
  afterAll(async () => {
    await warehouse.close();
  });

  it('has cohorts every month that keep buying for months', async () => {
    const { table, through } = await cohortRetention(workspace);
    expect(through).toBe(DEMO_PERIOD.to);
    expect(table.rows).toHaveLength(18);
    const curve = (await ltvCurves(workspace)).curves[0]!;
    // Pooled over cohorts: some come back every month, never most, and value keeps growing.
    for (const point of curve.points.slice(1, 12)) {
      expect(point.retention).toBeGreaterThan(0.005);
      expect(point.retention).toBeLessThan(0.3);
    }
    expect(curve.points[11]!.ltv).toBeGreaterThan(curve.points[0]!.ltv * 1.1);
  });

  it('gives the catalog’s CAC per channel, with the ledger', async () => {
    const answer = await payback(workspace, {});
    expect(answer.acquisitionSource).toBe('customers_fact');
    const from = `${answer.fromCohort}-01`;
    const reference = await runKpiQuery(warehouse, workspace.catalog, {
      kpis: ['cac'],
      dimensions: ['channel'],
      from,
      to: answer.through!,
      grain: 'total',
    });
    for (const row of reference.rows) {
      const channel = answer.channels.find((entry) => entry.channel === row.channel)!;
      expect(channel.cac!).toBeCloseTo(row.cac as number, 6);
    }
    const douyin = answer.channels.find((entry) => entry.channel === 'douyin')!;
    expect(douyin.ltv).toBeGreaterThan(0);
    expect(douyin.nonMedia).toBeGreaterThan(0);
  });

  it('predicts the last six months from the first twelve better than each buyer’s average rate', async () => {
    const result = await ltvBacktest(workspace, { calibrationEnd: '2026-04-30', holdoutEnd: '2026-10-31' });
    console.log(
      `demo backtest, ${result.customers} customers, ${result.actualTotal} purchase days in the holdout:`,
      `BG/NBD MAE ${result.model.meanAbsolute.toFixed(4)} RMSE ${result.model.rootMeanSquare.toFixed(4)} total ${(100 * result.model.totalRelative).toFixed(1)}%;`,
      `naive MAE ${result.naive.meanAbsolute.toFixed(4)} RMSE ${result.naive.rootMeanSquare.toFixed(4)} total ${(100 * result.naive.totalRelative).toFixed(1)}%`,
    );
    expect(result.purchaseFit.converged).toBe(true);
    expect(result.model.meanAbsolute).toBeLessThan(result.naive.meanAbsolute);
    expect(result.model.rootMeanSquare).toBeLessThan(result.naive.rootMeanSquare);
    expect(Math.abs(result.model.totalRelative)).toBeLessThan(Math.abs(result.naive.totalRelative));
    expect(result.notes[0]!.text.en).toMatch(/mean absolute error/);
  });

  it('fits both models and projects value per first channel', async () => {
    const fit = await fitLtv(workspace, { horizon: 26 });
    expect(fit.purchase?.converged).toBe(true);
    expect(fit.spend?.converged).toBe(true);
    for (const estimate of Object.values(fit.purchase!.estimates))
      expect(estimate.standardError).not.toBeNull();
    expect(fit.channels.map((row) => row.channel)).toEqual(['douyin', 'jd', 'tmall']);
    for (const row of fit.channels) {
      expect(row.projectedValue).toBeGreaterThan(0);
      expect(row.expectedPurchases).toBeLessThan(row.customers);
    }
  });
});
