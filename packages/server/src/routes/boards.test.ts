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
