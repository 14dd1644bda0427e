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
});
