/**
 * Annotations over HTTP: an editor adds a note from a chart point, a viewer lists it by window
 * but may not add one, a removed note is gone, and the workspace's events become notes once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type TestClient } from '../testing/harness.js';

interface Note {
  id: string;
  date: string;
  to?: string;
  note: string;
  scope: string;
  value?: string;
  author: string | null;
}

describe('annotations over HTTP', () => {
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

  const base = '/api/workspaces/alpha/annotations';

  it('adds, lists by window and removes a note; a viewer reads but does not write', async () => {
    const added = await editor.post(base, {
      date: '2026-01-02',
      note: 'Price change on the serum',
      scope: 'channel',
      value: 'douyin',
    });
    expect(added.statusCode).toBe(200);
    const note = added.json<Note>();
    expect(note).toMatchObject({ date: '2026-01-02', scope: 'channel', value: 'douyin', author: 'editora' });
    expect(note.id).toMatch(/^an_[0-9a-f]{12}$/);

    const inJanuary = await viewer.get(`${base}?from=2026-01-01&to=2026-01-31`);
    expect(inJanuary.json<{ annotations: Note[] }>().annotations.map((entry) => entry.id)).toEqual([note.id]);
    const inFebruary = await viewer.get(`${base}?from=2026-02-01&to=2026-02-28`);
    expect(inFebruary.json<{ annotations: Note[] }>().annotations).toEqual([]);

    expect((await viewer.post(base, { date: '2026-01-03', note: 'x' })).statusCode).toBe(403);
    expect((await editor.post(base, { date: '2026-01-03', note: 'x', scope: 'channel' })).statusCode).toBe(
      400,
    );

    expect((await editor.delete(`${base}/${note.id}`)).statusCode).toBe(200);
    expect((await viewer.get(base)).json<{ annotations: Note[] }>().annotations).toEqual([]);
    expect((await editor.delete(`${base}/${note.id}`)).statusCode).toBe(404);
  });

  it('notes the workspace’s events in a window once', async () => {
    const window = { from: '2025-06-01', to: '2025-06-30' };
    const first = await editor.post(`${base}/import-events`, window);
    // 618 2025's presale (20 May – 17 June) and 18 June; the first wave on 31 May is outside.
    expect(
      first
        .json<{ annotations: Note[] }>()
        .annotations.map((entry) => [entry.date, entry.to ?? null, entry.note]),
    ).toEqual([
      ['2025-05-20', '2025-06-17', '618 presale 2025'],
      ['2025-06-18', null, '618 2025'],
    ]);
    const again = await editor.post(`${base}/import-events`, window);
    expect(again.json<{ annotations: Note[] }>().annotations).toEqual([]);
  });
});
