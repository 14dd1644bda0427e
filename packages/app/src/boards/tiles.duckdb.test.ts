/**
 * The overview's tiles on DuckDB: the defaults until the workspace sets its own, a person's own
 * over the workspace's, resets back down the chain, KPIs of the catalog only (a custom one
 * included), and a tile whose KPI left the catalog dropped on read. The overview then shows the
 * chosen tiles with their numbers, checked against sums worked out by hand.
 */
import { buildCatalog, type KpiDefinitionInput } from '@markpi/core';
import { openDuckDbWarehouse, type Warehouse } from '@markpi/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerOverview, DEFAULT_TILE_KPIS } from '../analytics/overview.js';
import type { WorkspaceContext } from '../workspace.js';
import { overviewTiles, resetOverviewTiles, setOverviewTiles } from './tiles.js';

/** A workspace's own KPI: spend per thousand impressions. */
const CPM: KpiDefinitionInput = {
  id: 'my_cpm',
  name: { en: 'My CPM', zh: '我的千次曝光成本' },
  description: { en: 'Spend per thousand impressions.', zh: '每千次曝光的花费。' },
  formula: 'spend / impressions * 1000',
  unit: 'currency',
  direction: 'down',
  aggregation: 'ratio',
};

let warehouse: Warehouse;
let workspace: WorkspaceContext;

beforeAll(async () => {
  warehouse = await openDuckDbWarehouse({ path: ':memory:' });
  // 1–2 December: spend 30 + 10, impressions 2,000 + 3,000, clicks 40 + 60.
  await warehouse.append('fact_performance', {
    rowCount: 2,
    columns: {
      date: ['2026-12-01', '2026-12-02'],
      channel: ['douyin', 'tmall'],
      spend: [30, 10],
      impressions: [2000, 3000],
      clicks: [40, 60],
      import_id: ['tiles-test', 'tiles-test'],
    },
  });
  workspace = {
    warehouse,
    catalog: buildCatalog({ kpis: [CPM] }),
    now: () => new Date('2026-12-03T04:00:00Z'),
  };
});
afterAll(async () => {
  await warehouse.close();
});

const window = { from: '2026-12-01', to: '2026-12-02' };

describe('the overview’s tiles', () => {
  it('are the defaults, then the workspace’s, then one’s own over them, and reset back down', async () => {
    expect(await overviewTiles(workspace, 'ana')).toEqual({
      kpis: DEFAULT_TILE_KPIS,
      source: 'defaults',
      workspace: null,
      mine: null,
      defaults: DEFAULT_TILE_KPIS,
    });

    await setOverviewTiles(workspace, { kpis: ['my_cpm', 'spend'] }, 'ana');
    expect(await overviewTiles(workspace, 'bo')).toMatchObject({
      kpis: ['my_cpm', 'spend'],
      source: 'workspace',
    });
    // 40 spend over 5,000 impressions: 8 per thousand; 40 spend.
    const shared = await answerOverview(workspace, { ...window, login: 'bo' });
    expect(shared.tiles.map((tile) => [tile.kpi, tile.value])).toEqual([
      ['my_cpm', 8],
      ['spend', 40],
    ]);

    const mine = await setOverviewTiles(workspace, { kpis: ['ctr'], scope: 'mine' }, 'bo');
    expect(mine).toMatchObject({
      kpis: ['ctr'],
      source: 'mine',
      workspace: ['my_cpm', 'spend'],
      mine: ['ctr'],
    });
    // 100 clicks over 5,000 impressions.
    const own = await answerOverview(workspace, { ...window, login: 'bo' });
    expect(own.tiles.map((tile) => tile.kpi)).toEqual(['ctr']);
    expect(own.tiles[0]?.value).toBeCloseTo(100 / 5000, 12);
    // Ana still sees the workspace's; explicit KPIs still win over any setting.
    expect((await overviewTiles(workspace, 'ana')).kpis).toEqual(['my_cpm', 'spend']);
    const asked = await answerOverview(workspace, { ...window, kpis: ['clicks'], login: 'bo' });
    expect(asked.tiles.map((tile) => [tile.kpi, tile.value])).toEqual([['clicks', 100]]);

    expect(await resetOverviewTiles(workspace, 'mine', 'bo')).toMatchObject({
      kpis: ['my_cpm', 'spend'],
      source: 'workspace',
      mine: null,
    });
    expect(await resetOverviewTiles(workspace, 'workspace', 'ana')).toMatchObject({
      kpis: DEFAULT_TILE_KPIS,
      source: 'defaults',
    });
  });

  it('takes KPIs of the catalog only, each once, and drops one the catalog lost', async () => {
    await expect(
      setOverviewTiles(workspace, { kpis: ['spend', 'nope', 'spend'] }, 'ana'),
    ).rejects.toMatchObject({
      code: 'invalid_request',
      problems: [
        { message: 'no KPI `nope`', path: 'kpis[1]' },
        { message: '`spend` is a tile already', path: 'kpis[2]' },
      ],
    });
    await expect(setOverviewTiles(workspace, { kpis: [] }, 'ana')).rejects.toMatchObject({
      code: 'invalid_request',
    });
    await expect(setOverviewTiles(workspace, { kpis: ['spend'], scope: 'mine' }, null)).rejects.toMatchObject(
      {
        code: 'forbidden',
      },
    );

    await setOverviewTiles(workspace, { kpis: ['my_cpm', 'clicks'] }, 'ana');
    const withoutCustom: WorkspaceContext = { ...workspace, catalog: buildCatalog() };
    expect(await overviewTiles(withoutCustom, 'ana')).toMatchObject({
      kpis: ['clicks'],
      workspace: ['clicks'],
    });
    await setOverviewTiles(workspace, { kpis: ['my_cpm'] }, 'ana');
    expect(await overviewTiles(withoutCustom, 'ana')).toMatchObject({
      kpis: DEFAULT_TILE_KPIS,
      source: 'defaults',
    });
  });
});
