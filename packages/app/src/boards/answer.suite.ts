/**
 * A board of saved views answered in one call on any engine (DuckDB and ClickHouse run it from
 * their test files), against sums worked out by hand from the
 * rows below and against a brute-force reading of the same rows in the test: a tile of last week's
 * spend against the week before (its period rule resolved on the workspace's today), a bar chart
 * of two KPIs per channel over fixed dates, a table of one channel's CTR against the week before,
 * a view removed since it was pinned, and one naming a KPI the catalog does not have. Charts and
 * tables of one window, grain and dimensions asked in one question answer what each asks alone.
 */
import { buildCatalog } from '@markpi/core';
import type { Warehouse } from '@markpi/store';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { WorkspaceContext } from '../workspace.js';
import { answerBoard } from './answer.js';
import { createBoard, removeView, saveView } from './index.js';

// date, channel, spend, impressions, clicks
const ROWS: [string, string, number, number, number][] = [
  ['2026-11-24', 'douyin', 10, 100, 5],
  ['2026-11-28', 'tmall', 4, 50, 2],
  ['2026-12-01', 'douyin', 3, 30, 1],
  ['2026-12-02', 'douyin', 7, 60, 3],
  ['2026-12-02', 'tmall', 2, 40, 4],
  ['2026-12-05', 'tmall', 6, 20, 2],
  ['2026-12-08', 'douyin', 50, 500, 25],
  // Before every other window: spend without an impression, so Weibo's CTR that day is 0 / 0.
  ['2026-11-10', 'weibo', 5, 0, 0],
];

/** The rows' sums read directly: the independent side of each check. */
function brute(from: string, to: string, channels?: readonly string[]) {
  const rows = ROWS.filter(
    ([date, channel]) => date >= from && date <= to && (!channels || channels.includes(channel)),
  );
  const sum = (index: 2 | 3 | 4) => rows.reduce((total, row) => total + row[index], 0);
  return { spend: sum(2), impressions: sum(3), clicks: sum(4) };
}

export function describeBoardAnswers(open: () => Promise<Warehouse>, timeout = 30_000): void {
  let warehouse: Warehouse;
  let workspace: WorkspaceContext;

  beforeAll(async () => {
    warehouse = await open();
    await warehouse.append('fact_performance', {
      rowCount: ROWS.length,
      columns: {
        date: ROWS.map((row) => row[0]),
        channel: ROWS.map((row) => row[1]),
        spend: ROWS.map((row) => row[2]),
        impressions: ROWS.map((row) => row[3]),
        clicks: ROWS.map((row) => row[4]),
        import_id: ROWS.map(() => 'boards-test'),
      },
    });
    // Wednesday 9 December 2026 in Shanghai: last week is Monday 30 November … Sunday 6 December.
    workspace = {
      warehouse,
      catalog: buildCatalog({ time_zone: 'Asia/Shanghai' }),
      now: () => new Date('2026-12-09T04:00:00Z'),
    };
  });
  afterAll(async () => {
    await warehouse.close();
  });

  /** The workspace with every statement that sums the fact counted in `reads`. */
  function countingReads(reads: { count: number }): WorkspaceContext {
    return {
      ...workspace,
      warehouse: new Proxy(warehouse, {
        get(target, property, receiver) {
          const value = Reflect.get(target, property, receiver);
          if (property !== 'query' || typeof value !== 'function') return value;
          return (sql: string, ...rest: unknown[]) => {
            if (/\bsum\(/i.test(sql) && sql.includes('fact_performance')) reads.count += 1;
            return value.call(target, sql, ...rest);
          };
        },
      }),
    };
  }

  it('answers each card as its view was saved, in the board’s order', { timeout }, async () => {
    const tile = await saveView(workspace, { name: 'Spend last week', kpis: ['spend'], period: 'last_week' });
    const bars = await saveView(workspace, {
      name: 'Spend and clicks by channel',
      kpis: ['spend', 'clicks'],
      dimensions: ['channel'],
      picks: { channel: ['douyin', 'tmall'] },
      from: '2026-11-24',
      to: '2026-12-02',
      grain: 'total',
      chart: 'bar',
    });
    const table = await saveView(workspace, {
      name: 'Tmall CTR',
      kpis: ['ctr'],
      dimensions: ['channel'],
      picks: { channel: ['tmall'] },
      period: 'last_week',
      grain: 'total',
      compare: 'previous',
      chart: 'table',
    });
    const gone = await saveView(workspace, { name: 'Gone', kpis: ['spend'], period: 'yesterday' });
    const unknown = await saveView(workspace, {
      name: 'Unknown',
      kpis: ['no_such_kpi'],
      period: 'yesterday',
    });
    await removeView(workspace, gone.id);
    const board = await createBoard(
      workspace,
      { name: 'Monday', views: [table.id, tile.id, gone.id, bars.id, unknown.id] },
      'ana',
    );

    const answer = await answerBoard(workspace, 'Monday', 'ana');
    expect(answer.board.id).toBe(board.id);
    expect(answer.cards.map((card) => [card.view, card.status])).toEqual([
      [table.id, 'answered'],
      [tile.id, 'answered'],
      [gone.id, 'missing'],
      [bars.id, 'answered'],
      [unknown.id, 'failed'],
    ]);
    const [ctrCard, spendCard, , barCard, failedCard] = answer.cards;

    // Last week: 3 + 7 + 2 + 6 = 18; the week before (23–29 November): 10 + 4 = 14; +4/14.
    const lastWeek = brute('2026-11-30', '2026-12-06');
    const weekBefore = brute('2026-11-23', '2026-11-29');
    expect(lastWeek.spend).toBe(18);
    expect(weekBefore.spend).toBe(14);
    expect(spendCard).toMatchObject({
      kind: 'tile',
      period: { from: '2026-11-30', to: '2026-12-06' },
      periodSpec: 'last_week',
      comparison: { mode: 'previous', period: { from: '2026-11-23', to: '2026-11-29' } },
      tile: { kpi: 'spend', unit: 'currency', value: 18, previous: 14, grain: 'day' },
    });
    if (spendCard?.status !== 'answered' || spendCard.kind !== 'tile') throw new Error('not a tile');
    expect(spendCard.tile.change).toBeCloseTo(4 / 14, 12);
    expect(spendCard.tile.change).toBeCloseTo((lastWeek.spend - weekBefore.spend) / weekBefore.spend, 12);
    // Every day of the week, empty days as gaps.
    expect(spendCard.tile.sparkline).toEqual([
      { bucket: '2026-11-30', value: null },
      { bucket: '2026-12-01', value: 3 },
      { bucket: '2026-12-02', value: 9 },
      { bucket: '2026-12-03', value: null },
      { bucket: '2026-12-04', value: null },
      { bucket: '2026-12-05', value: 6 },
      { bucket: '2026-12-06', value: null },
    ]);

    // 24 November … 2 December: Douyin 10 + 3 + 7 = 20 spend, 5 + 1 + 3 = 9 clicks; Tmall 4 + 2, 2 + 4.
    expect(barCard).toMatchObject({
      kind: 'bar',
      grain: 'total',
      period: { from: '2026-11-24', to: '2026-12-02' },
    });
    if (barCard?.status !== 'answered' || barCard.kind === 'tile') throw new Error('not a chart');
    expect(barCard.comparison).toBeUndefined();
    const byChannel = Object.fromEntries(barCard.rows.map((row) => [row.channel, [row.spend, row.clicks]]));
    expect(byChannel).toEqual({ douyin: [20, 9], tmall: [6, 6] });
    for (const channel of ['douyin', 'tmall']) {
      const sums = brute('2026-11-24', '2026-12-02', [channel]);
      expect(byChannel[channel]).toEqual([sums.spend, sums.clicks]);
    }

    // Tmall's CTR last week: (4 + 2) / (40 + 20) = 0.1; the week before 2 / 50 = 0.04; +150%.
    if (ctrCard?.status !== 'answered' || ctrCard.kind !== 'table') throw new Error('not a table');
    expect(ctrCard.rows).toHaveLength(1);
    const ctr = ctrCard.rows[0]!;
    expect(ctr.channel).toBe('tmall');
    expect(ctr.ctr).toBeCloseTo(0.1, 12);
    expect(ctr.ctr__previous).toBeCloseTo(0.04, 12);
    expect(ctr.ctr__change).toBeCloseTo(1.5, 12);
    const tmallNow = brute('2026-11-30', '2026-12-06', ['tmall']);
    const tmallBefore = brute('2026-11-23', '2026-11-29', ['tmall']);
    expect(ctr.ctr).toBeCloseTo(tmallNow.clicks / tmallNow.impressions, 12);
    expect(ctr.ctr__previous).toBeCloseTo(tmallBefore.clicks / tmallBefore.impressions, 12);

    expect(failedCard).toMatchObject({ status: 'failed', name: 'Unknown', error: { code: 'invalid_query' } });
    if (failedCard?.status === 'failed') expect(failedCard.error.message).toContain('no_such_kpi');
  });

  it('asks tiles of one window together, each as it is answered alone', { timeout }, async () => {
    const kpis = ['spend', 'clicks', 'impressions', 'ctr'];
    const tiles = [];
    for (const kpi of kpis)
      tiles.push(await saveView(workspace, { name: kpi, kpis: [kpi], period: 'last_week' }));
    const together = await createBoard(
      workspace,
      { name: 'Tiles', views: tiles.map((view) => view.id) },
      'ana',
    );

    // Every statement summing the fact, counted: the four tiles are one total and one series.
    const reads = { count: 0 };
    const answer = await answerBoard(countingReads(reads), together.id, 'ana');
    expect(reads.count).toBe(2);

    // The independent side: each view on a board of its own.
    for (const [index, view] of tiles.entries()) {
      const alone = await createBoard(workspace, { name: `alone ${view.name}`, views: [view.id] }, 'ana');
      const [expected] = (await answerBoard(workspace, alone.id, 'ana')).cards;
      const card = answer.cards[index];
      if (card?.status !== 'answered' || card.kind !== 'tile') throw new Error('not a tile');
      if (expected?.status !== 'answered' || expected.kind !== 'tile') throw new Error('not a tile');
      expect(card.tile.kpi).toBe(kpis[index]);
      for (const key of ['value', 'previous', 'change'] as const) {
        if (expected.tile[key] === null) expect(card.tile[key]).toBeNull();
        else expect(card.tile[key]).toBeCloseTo(expected.tile[key]!, 12);
      }
      expect(card.tile.sparkline).toEqual(expected.tile.sparkline);
    }
    // Last week's clicks: 1 + 3 + 4 + 2.
    expect(answer.cards[1]).toMatchObject({ tile: { value: 10 } });

    // A KPI the catalog lacks among them fails its own card only.
    const broken = await saveView(workspace, { name: 'Broken', kpis: ['no_such_kpi'], period: 'last_week' });
    const mixed = await createBoard(
      workspace,
      { name: 'Mixed', views: [broken.id, ...tiles.map((view) => view.id)] },
      'ana',
    );
    const statuses = (await answerBoard(workspace, mixed.id, 'ana')).cards.map((card) => card.status);
    expect(statuses).toEqual(['failed', 'answered', 'answered', 'answered', 'answered']);
  });

  it('asks charts of one window and dimensions together, each as it is answered alone', {
    timeout,
  }, async () => {
    const byChannel = {
      dimensions: ['channel'],
      from: '2026-11-24',
      to: '2026-12-02',
      grain: 'day' as const,
    };
    const spendClicks = await saveView(workspace, {
      name: 'Spend and clicks',
      kpis: ['spend', 'clicks'],
      chart: 'line',
      ...byChannel,
    });
    const ctr = await saveView(workspace, { name: 'CTR', kpis: ['ctr'], chart: 'bar', ...byChannel });
    const table = await saveView(workspace, {
      name: 'Impressions and spend',
      kpis: ['impressions', 'spend'],
      chart: 'table',
      ...byChannel,
    });
    // Another condition: a question of its own.
    const douyin = await saveView(workspace, {
      name: 'Douyin spend',
      kpis: ['spend'],
      picks: { channel: ['douyin'] },
      chart: 'line',
      ...byChannel,
    });
    const views = [spendClicks, ctr, table, douyin];
    const board = await createBoard(
      workspace,
      { name: 'Charts', views: views.map((view) => view.id) },
      'ana',
    );
    const reads = { count: 0 };
    const answer = await answerBoard(countingReads(reads), board.id, 'ana');
    // The three views of one condition are one statement; the Douyin view is another.
    expect(reads.count).toBe(2);

    // Each view on a board of its own, asked alone: the whole card is the same.
    for (const [index, view] of views.entries()) {
      const alone = await createBoard(workspace, { name: `alone ${view.name}`, views: [view.id] }, 'ana');
      expect(answer.cards[index]).toEqual((await answerBoard(workspace, alone.id, 'ana')).cards[0]);
    }

    // By hand: 24 November Douyin 10 spend, 5 clicks, 100 impressions; 2 December Tmall 2, 4, 40.
    const [lines, bars, rows] = answer.cards;
    if (lines?.status !== 'answered' || lines.kind !== 'line') throw new Error('not a line chart');
    expect(lines.columns.map((column) => column.key)).toEqual(['day', 'channel', 'spend', 'clicks']);
    expect(lines.rows).toContainEqual({ day: '2026-11-24', channel: 'douyin', spend: 10, clicks: 5 });
    if (bars?.status !== 'answered' || bars.kind !== 'bar') throw new Error('not a bar chart');
    expect(bars.columns.map((column) => column.key)).toEqual(['day', 'channel', 'ctr']);
    if (rows?.status !== 'answered' || rows.kind !== 'table') throw new Error('not a table');
    expect(rows.rows).toContainEqual({ day: '2026-12-02', channel: 'tmall', impressions: 40, spend: 2 });
    // The independent side: every day and channel with rows in the window, its sums read directly.
    const cells = [...new Set(ROWS.map(([date, channel]) => `${date}|${channel}`))]
      .filter((cell) => cell >= '2026-11-24' && cell <= '2026-12-02|~')
      .sort();
    expect(bars.rows.map((row) => `${row.day}|${row.channel}`)).toEqual(cells);
    for (const row of bars.rows) {
      const sums = brute(String(row.day), String(row.day), [String(row.channel)]);
      expect(row.ctr).toBeCloseTo(sums.clicks / sums.impressions, 12);
    }
  });

  it('asks alone a view whose KPIs are all empty on a row of the shared question', { timeout }, async () => {
    const november = {
      dimensions: ['channel'],
      from: '2026-11-01',
      to: '2026-11-30',
      grain: 'total' as const,
    };
    const spend = await saveView(workspace, {
      name: 'November spend',
      kpis: ['spend'],
      chart: 'bar',
      ...november,
    });
    const ctr = await saveView(workspace, { name: 'November CTR', kpis: ['ctr'], chart: 'bar', ...november });
    const board = await createBoard(workspace, { name: 'November', views: [spend.id, ctr.id] }, 'ana');
    const reads = { count: 0 };
    const answer = await answerBoard(countingReads(reads), board.id, 'ana');
    // Weibo's CTR is 0 / 0, empty: only the view's own question says whether it has the row.
    expect(reads.count).toBe(2);
    for (const [index, view] of [spend, ctr].entries()) {
      const alone = await createBoard(workspace, { name: `alone ${view.name}`, views: [view.id] }, 'ana');
      expect(answer.cards[index]).toEqual((await answerBoard(workspace, alone.id, 'ana')).cards[0]);
    }
    const [, ctrCard] = answer.cards;
    if (ctrCard?.status !== 'answered' || ctrCard.kind !== 'bar') throw new Error('not a bar chart');
    // Douyin 5 / 100, Tmall 2 / 50, Weibo 0 / 0.
    expect(ctrCard.rows.map((row) => [row.channel, row.ctr])).toEqual([
      ['douyin', 0.05],
      ['tmall', 0.04],
      ['weibo', null],
    ]);
  });

  it('keeps a private board its owner’s and refuses a board nobody has', { timeout }, async () => {
    const mine = await createBoard(workspace, { name: 'Private', shared: false, views: [] }, 'ana');
    expect((await answerBoard(workspace, mine.id, 'ana')).cards).toEqual([]);
    await expect(answerBoard(workspace, mine.id, 'bo')).rejects.toMatchObject({ code: 'not_found' });
    await expect(answerBoard(workspace, 'Nowhere', 'ana')).rejects.toMatchObject({ code: 'not_found' });
  });
}
