/**
 * `markpi boards`: a board's cards printed with their numbers (worked out by hand from the rows
 * below), in English and Chinese and as JSON equal to the use case's answer, and the overview's
 * tiles set, shown by `markpi overview` and reset.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createBoard, saveView } from '@markpi/app';
import { buildCatalog } from '@markpi/core';
import { openDuckDbWarehouse } from '@markpi/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_OK, EXIT_USER } from '../program.js';
import { runCliCaptured } from '../testing.js';

let folder: string;
let db: string;
const cli = (...args: string[]) => runCliCaptured(folder, ['--db', db, ...args]);

beforeAll(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'markpi-cli-boards-'));
  db = path.join(folder, 'boards.duckdb');
  const warehouse = await openDuckDbWarehouse({ path: db });
  // 1 May: Douyin 10; 2 May: Douyin 30, Tmall 20 (clicks 3, 6, 1).
  await warehouse.append('fact_performance', {
    rowCount: 3,
    columns: {
      date: ['2026-05-01', '2026-05-02', '2026-05-02'],
      channel: ['douyin', 'douyin', 'tmall'],
      spend: [10, 30, 20],
      clicks: [3, 6, 1],
      import_id: ['cli-boards', 'cli-boards', 'cli-boards'],
    },
  });
  const workspace = { warehouse, catalog: buildCatalog(), now: () => new Date('2026-05-03T00:00:00Z') };
  const tile = await saveView(workspace, {
    name: 'Spend on 2 May',
    kpis: ['spend'],
    from: '2026-05-02',
    to: '2026-05-02',
    compare: 'previous',
  });
  const table = await saveView(workspace, {
    name: 'Clicks by channel',
    kpis: ['clicks'],
    dimensions: ['channel'],
    from: '2026-05-01',
    to: '2026-05-02',
    grain: 'total',
    chart: 'table',
  });
  await createBoard(workspace, { name: 'Launch', views: [tile.id, table.id] }, null);
  await warehouse.close();
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('markpi boards', () => {
  it('prints each card with its numbers', async () => {
    const listed = await cli('boards', 'list');
    expect(listed.code, listed.err).toBe(EXIT_OK);
    expect(listed.out).toContain('Launch · 2 views');

    const shown = await cli('boards', 'show', 'Launch');
    expect(shown.code, shown.err).toBe(EXIT_OK);
    // 30 + 20 on 2 May against 10 on 1 May: +400%.
    expect(shown.out).toContain(
      '== Spend on 2 May (2026-05-02 … 2026-05-02, against 2026-05-01 … 2026-05-01)',
    );
    expect(shown.out).toContain('Spend: 50.00  previous 10.00  change +400.0%');
    // Clicks over both days: Douyin 3 + 6, Tmall 1.
    expect(shown.out).toMatch(/douyin\s*│\s*9\b/);
    expect(shown.out).toMatch(/tmall\s*│\s*1\b/);

    const chinese = await cli('boards', 'show', 'Launch', '--lang', 'zh');
    expect(chinese.out).toContain('对比期 10.00  变化 +400.0%');

    const json = JSON.parse((await cli('boards', 'show', 'Launch', '--format', 'json')).out) as {
      cards: { tile?: { value: number; previous: number; change: number } }[];
    };
    expect(json.cards[0]?.tile).toMatchObject({ value: 50, previous: 10, change: 4 });

    const unknown = await cli('boards', 'show', 'Nowhere');
    expect(unknown.code).toBe(EXIT_USER);
  });

  it('sets the overview’s tiles, which `markpi overview` then shows, and resets them', async () => {
    const set = await cli('boards', 'tiles', '--set', 'clicks,spend');
    expect(set.code, set.err).toBe(EXIT_OK);
    expect(set.out).toContain('clicks, spend');
    const overview = await cli('overview', '--from', '2026-05-01', '--to', '2026-05-02', '--format', 'json');
    const tiles = (JSON.parse(overview.out) as { tiles: { kpi: string; value: number }[] }).tiles;
    expect(tiles.map((tile) => [tile.kpi, tile.value])).toEqual([
      ['clicks', 10],
      ['spend', 60],
    ]);
    expect((await cli('boards', 'tiles', '--set', 'nope')).code).toBe(EXIT_USER);
    const reset = await cli('boards', 'tiles', '--reset', '--format', 'json');
    expect(JSON.parse(reset.out)).toMatchObject({ source: 'defaults' });
  });
});
