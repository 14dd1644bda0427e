/**
 * Saved views over HTTP: an editor saves an Explore question with a relative period rule, a
 * viewer lists it but may not save one, a view with neither a rule nor dates is refused, and a
 * removed view is gone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type TestClient } from '../testing/harness.js';

interface View {
  id: string;
  name: string;
  period?: string;
  picks?: Record<string, string[]>;
  chart: string;
  author: string | null;
}

describe('saved views over HTTP', () => {
  let harness: Harness;
  let editor: TestClient;
  let viewer: TestClient;
  beforeAll(async () => {
    harness = await createHarness();
    editor = await harness.as('editorA');
    viewer = await harness.as('viewerA');
  });
  afterAll(async () => {
    await harness.close();
  });

  const base = '/api/workspaces/alpha/views';
  const question = {
    name: 'Douyin spend, last month',
    kpis: ['spend', 'roas'],
    dimensions: ['campaign'],
    picks: { channel: ['douyin'] },
    period: 'last_month',
    grain: 'week',
  };

  it('saves, lists, refuses and removes', async () => {
    const saved = await editor.post(base, question);
    expect(saved.statusCode).toBe(200);
    const view = saved.json<View>();
    expect(view).toMatchObject({ ...question, chart: 'line', author: 'editora' });
    expect(view.id).toMatch(/^vw_[0-9a-f]{12}$/);
    expect((await viewer.get(base)).json<{ views: View[] }>().views.map((entry) => entry.id)).toEqual([
      view.id,
    ]);

    expect((await viewer.post(base, question)).statusCode).toBe(403);
    const { period: _rule, ...undated } = question;
    expect((await editor.post(base, undated)).statusCode).toBe(400);

    expect((await editor.delete(`${base}/${view.id}`)).statusCode).toBe(200);
    expect((await viewer.get(base)).json<{ views: View[] }>().views).toEqual([]);
    expect((await editor.delete(`${base}/${view.id}`)).statusCode).toBe(404);
  });

  it('makes boards, keeps a private one its owner’s, and rearranges a shared one', async () => {
    const a = (await editor.post(base, { ...question, name: 'A' })).json<View>();
    const b = (await editor.post(base, { ...question, name: 'B' })).json<View>();
    const boards = '/api/workspaces/alpha/boards';
    const shared = (await editor.post(boards, { name: 'Team', views: [a.id, b.id] })).json<{ id: string }>();
    const mine = (await editor.post(boards, { name: 'Mine', shared: false, views: [b.id] })).json<{
      id: string;
    }>();
    expect(
      (await editor.get(boards)).json<{ boards: { id: string }[] }>().boards.map((board) => board.id),
    ).toEqual([mine.id, shared.id]);
    // A viewer sees the shared board, not another's private one, and may not change either.
    const seen = (await viewer.get(boards)).json<{ boards: { id: string; views: string[] }[] }>().boards;
    expect(seen.map((board) => board.id)).toEqual([shared.id]);
    expect(
      (await viewer.put(`${boards}/${shared.id}`, { name: 'Team', views: [b.id, a.id] })).statusCode,
    ).toBe(403);

    const moved = await editor.put(`${boards}/${shared.id}`, { name: 'Team', views: [b.id, a.id] });
    expect(moved.json<{ views: string[]; owner: string }>()).toMatchObject({
      views: [b.id, a.id],
      owner: 'editora',
    });
    expect((await viewer.get(boards)).json<{ boards: { views: string[] }[] }>().boards[0]?.views).toEqual([
      b.id,
      a.id,
    ]);
    const other = await harness.as('ownerA');
    expect((await other.put(`${boards}/${mine.id}`, { name: 'Mine', views: [] })).statusCode).toBe(404);
  });
});

describe('a board’s numbers and the overview’s tiles over HTTP', () => {
  let harness: Harness;
  let editor: TestClient;
  let viewer: TestClient;
  const ws = '/api/workspaces/alpha';
  beforeAll(async () => {
    harness = await createHarness();
    editor = await harness.as('editorA');
    viewer = await harness.as('viewerA');
    // 27 February: Douyin spends 5; 28 February (yesterday on the harness's clock): Douyin 8, Tmall 4.
    const { warehouse } = await harness.server.services.registry.context(harness.alpha, harness.clock.now);
    await warehouse.append('fact_performance', {
      rowCount: 3,
      columns: {
        date: ['2026-02-27', '2026-02-28', '2026-02-28'],
        channel: ['douyin', 'douyin', 'tmall'],
        spend: [5, 8, 4],
        import_id: ['boards-http', 'boards-http', 'boards-http'],
      },
    });
  });
  afterAll(async () => {
    await harness.close();
  });

  it('answers every card of a board in one request', async () => {
    const tile = (
      await editor.post(`${ws}/views`, { name: 'Spend yesterday', kpis: ['spend'], period: 'yesterday' })
    ).json<View>();
    const bars = (
      await editor.post(`${ws}/views`, {
        name: 'Spend by channel',
        kpis: ['spend'],
        dimensions: ['channel'],
        from: '2026-02-27',
        to: '2026-02-28',
        grain: 'total',
        chart: 'bar',
      })
    ).json<View>();
    const board = (await editor.post(`${ws}/boards`, { name: 'Daily', views: [bars.id, tile.id] })).json<{
      id: string;
    }>();

    const response = await viewer.get(`${ws}/boards/${board.id}/answer`);
    expect(response.statusCode, response.body).toBe(200);
    const { cards } = response.json<{ cards: Record<string, unknown>[] }>();
    // Douyin 5 + 8, Tmall 4 over the two days; yesterday 12 against the day before's 5: +140%.
    expect(cards[0]).toMatchObject({
      view: bars.id,
      kind: 'bar',
      rows: [
        { channel: 'douyin', spend: 13 },
        { channel: 'tmall', spend: 4 },
      ],
    });
    expect(cards[1]).toMatchObject({
      view: tile.id,
      kind: 'tile',
      period: { from: '2026-02-28', to: '2026-02-28' },
      tile: { kpi: 'spend', value: 12, previous: 5, change: 1.4 },
    });
    // By name too; another workspace's member finds nothing.
    expect((await viewer.get(`${ws}/boards/Daily/answer`)).json<{ cards: unknown[] }>().cards).toHaveLength(
      2,
    );
    const outsider = await harness.as('ownerB');
    expect((await outsider.get(`${ws}/boards/${board.id}/answer`)).statusCode).toBe(404);
  });

  it('lets editors arrange the workspace’s tiles and everyone their own', async () => {
    const tiles = `${ws}/overview/tiles`;
    const overview = `${ws}/overview?from=2026-02-27&to=2026-02-28`;
    expect((await viewer.put(tiles, { kpis: ['spend'] })).statusCode).toBe(403);
    expect((await editor.put(tiles, { kpis: ['spend', 'clicks'] })).json()).toMatchObject({
      kpis: ['spend', 'clicks'],
      source: 'workspace',
    });
    expect((await viewer.get(overview)).json<{ tiles: { kpi: string }[] }>().tiles.map((t) => t.kpi)).toEqual(
      ['spend', 'clicks'],
    );
    expect((await viewer.put(tiles, { kpis: ['spend'], scope: 'mine' })).statusCode).toBe(200);
    const own = (await viewer.get(overview)).json<{ tiles: { kpi: string; value: number }[] }>().tiles;
    expect(own.map((tile) => [tile.kpi, tile.value])).toEqual([['spend', 17]]);
    expect((await editor.get(overview)).json<{ tiles: unknown[] }>().tiles).toHaveLength(2);
    expect((await viewer.put(tiles, { kpis: ['nope'], scope: 'mine' })).statusCode).toBe(400);
    expect((await viewer.delete(`${tiles}?scope=mine`)).json()).toMatchObject({ source: 'workspace' });
    expect((await editor.delete(tiles)).statusCode).toBe(400);
    expect((await editor.delete(`${tiles}?scope=workspace`)).json()).toMatchObject({ source: 'defaults' });
  });
});
