/**
 * Attribution over a workspace on ClickHouse (the server Debian ships, 18.16, or newer): the
 * hand-made May of `testing.ts` gives the figures worked out in `workspace.duckdb.test.ts`, and a
 * refresh writes attributed measures the planner reads back.
 */
import { buildCatalog } from '@markpi/core';
import { openClickHouseWarehouse, runKpiQuery, type Warehouse } from '@markpi/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clickHouseInstalled, useLocalClickHouse } from '../../../store/src/clickhouse/testing.js';
import type { WorkspaceContext } from '../workspace.js';
import { creatorRoi } from './creators.js';
import { refreshAttribution } from './refresh.js';
import { loadAttributionFixture, MAY } from './testing.js';
import { attributeWorkspace } from './workspace.js';

// CI installs clickhouse-server; there a missing server is a failure, never a silent skip.
const available = clickHouseInstalled();

describe.runIf(available)('attribution over a ClickHouse workspace', () => {
  const server = useLocalClickHouse();
  let warehouse: Warehouse;
  let workspace: WorkspaceContext;

  beforeAll(async () => {
    warehouse = await openClickHouseWarehouse({ url: server.storeUrl('attribution') });
    await loadAttributionFixture(warehouse);
    workspace = { warehouse, catalog: buildCatalog(), now: () => new Date('2026-06-01T00:00:00Z') };
  });
  afterAll(async () => {
    await warehouse?.close();
  });

  it('credits channels, campaigns and creators as on DuckDB', async () => {
    const channels = await attributeWorkspace(workspace, MAY);
    const byKey = Object.fromEntries(channels.rows.map((row) => [row.key, row]));
    expect(channels.totals).toEqual({ conversions: 4, value: 650, nulls: 1 });
    expect(channels.journeys.untouched).toEqual({ conversions: 1, value: 80 });
    expect(byKey.xiaohongshu!.markov).toBeCloseTo(1.6, 12);
    expect(byKey.direct!.removal_effect).toBeCloseTo(0.25, 12);
    const campaigns = await attributeWorkspace(workspace, { ...MAY, by: 'campaign' });
    expect(campaigns.rows.find((row) => row.key === 'launch')!.markov).toBeCloseTo(2, 12);
    const roi = await creatorRoi(workspace, MAY);
    const kolA = roi.creators.find((row) => row.creator === 'kol_a')!;
    expect(kolA).toMatchObject({ label: 'A姐', tier: 'kol', fee: 250 });
    expect(kolA.models.find((entry) => entry.model === 'last_touch')).toMatchObject({
      value: 200,
      roi: -0.2,
    });
    expect(kolA.coupon).toMatchObject({ orders: 1, value: 200 });
  });

  it('refreshes the attributed measures, which the planner reads back', async () => {
    const summary = await refreshAttribution(workspace, { lookbackDays: 30 });
    expect(summary.conversions).toEqual({ credited: 4, untouched: 1 });
    const answer = await runKpiQuery(warehouse, workspace.catalog, {
      kpis: ['attributed_roas_markov', 'attributed_roas_last_touch'],
      dimensions: ['channel'],
      ...MAY,
    });
    const xiaohongshu = answer.rows.find((row) => row.channel === 'xiaohongshu')!;
    expect(xiaohongshu.attributed_roas_markov).toBeCloseTo((650 * 8) / 17 / 100, 9);
    expect(xiaohongshu.attributed_roas_last_touch).toBeCloseTo(2, 12);
    // A second refresh replaces the rows.
    await refreshAttribution(workspace, { lookbackDays: 30 });
    const again = await runKpiQuery(warehouse, workspace.catalog, {
      kpis: ['attributed_roas_last_touch'],
      ...MAY,
    });
    expect(again.rows[0]!.attributed_roas_last_touch).toBeCloseTo((200 + 100 + 50 + 300) / 300, 12);
  });

  it('refreshes a workspace without conversions to nothing', async () => {
    const empty = await openClickHouseWarehouse({ url: server.storeUrl('empty') });
    try {
      const summary = await refreshAttribution({ ...workspace, warehouse: empty });
      expect(summary).toMatchObject({ window: null, rows: 0, months: 0 });
    } finally {
      await empty.close();
    }
  });
});
