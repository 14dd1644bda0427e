/**
 * Targets for every entity of a scorecard at once, duplicates refused or replaced, scorecards
 * scored against baselines, and a ratio paced on its running ratio — on a tiny DuckDB workspace
 * whose every number is below.
 *
 * Three campaigns on Douyin. Period P = 1–3 June 2026; the same-length window before it is
 * 29–31 May.
 *   a: May 100 impressions and 5 clicks a day; June 110 impressions a day, clicks 10, 20, 30.
 *   b: May 200 impressions and 10 clicks a day; June 150 impressions and 15 clicks a day.
 *   c: June only, 50 impressions and 5 clicks a day.
 */
import { buildCatalog, type MarkpiError } from '@markpi/core';
import {
  type CellValue,
  listTargets,
  openDuckDbWarehouse,
  targetHistory,
  type Warehouse,
} from '@markpi/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addTargetsForEntities } from './bulk.js';
import { addTarget, updateTarget } from './repository.js';
import { scorecard } from './scorecard.js';
import { paceTarget } from './services.js';

const catalog = buildCatalog();
const P = { from: '2026-06-01', to: '2026-06-03' };

interface Day {
  date: string;
  campaign: string;
  impressions: number;
  clicks: number;
}

const DAYS: Day[] = [
  ...['2026-05-29', '2026-05-30', '2026-05-31'].flatMap((date) => [
    { date, campaign: 'a', impressions: 100, clicks: 5 },
    { date, campaign: 'b', impressions: 200, clicks: 10 },
  ]),
  ...['2026-06-01', '2026-06-02', '2026-06-03'].flatMap((date, index) => [
    { date, campaign: 'a', impressions: 110, clicks: 10 * (index + 1) },
    { date, campaign: 'b', impressions: 150, clicks: 15 },
    { date, campaign: 'c', impressions: 50, clicks: 5 },
  ]),
];

async function workspace(): Promise<Warehouse> {
  const warehouse = await openDuckDbWarehouse({ path: ':memory:' });
  const column = (pick: (row: Day) => CellValue) => DAYS.map(pick);
  await warehouse.append('fact_performance', {
    rowCount: DAYS.length,
    columns: {
      date: column((row) => row.date),
      channel: column(() => 'douyin'),
      campaign: column((row) => row.campaign),
      impressions: column((row) => row.impressions),
      clicks: column((row) => row.clicks),
    },
  });
  return warehouse;
}

async function refusal(work: Promise<unknown>): Promise<MarkpiError> {
  try {
    await work;
  } catch (error) {
    return error as MarkpiError;
  }
  throw new Error('expected a refusal');
}

describe('targets for every entity at once', () => {
  let warehouse: Warehouse;
  beforeAll(async () => {
    warehouse = await workspace();
  });
  afterAll(async () => {
    await warehouse.close();
  });

  it('sets the same value for every campaign, each scoped by its id', async () => {
    const result = await addTargetsForEntities(warehouse, catalog, {
      kpi: 'impressions',
      by: 'campaign',
      period: P,
      value: { same: 400 },
      now: new Date('2026-05-31T08:00:00Z'),
    });
    expect(
      result.saved.map((entry) => [entry.target.id, entry.target.scope, entry.target.value, entry.version]),
    ).toEqual([
      ['impressions-a-2026-06-01', { filter: "campaign = 'a'", label: 'a' }, 400, 1],
      ['impressions-b-2026-06-01', { filter: "campaign = 'b'", label: 'b' }, 400, 1],
      ['impressions-c-2026-06-01', { filter: "campaign = 'c'", label: 'c' }, 400, 1],
    ]);
    expect(result.skipped).toEqual([]);
  });

  it('refuses the whole set when any has a twin, and replaces them all as new versions when asked', async () => {
    const again = await refusal(
      addTargetsForEntities(warehouse, catalog, {
        kpi: 'impressions',
        by: 'campaign',
        period: P,
        value: { same: 500 },
      }),
    );
    expect(again.code).toBe('target_exists');
    expect(again.message).toBe('3 of 3 campaign targets exist already: nothing was saved');
    const replaced = await addTargetsForEntities(warehouse, catalog, {
      kpi: 'impressions',
      by: 'campaign',
      period: P,
      value: { same: 500 },
      replace: true,
    });
    expect(
      replaced.saved.map((entry) => [entry.target.id, entry.version, entry.target.value, entry.replaced]),
    ).toEqual([
      ['impressions-a-2026-06-01', 2, 500, 'impressions-a-2026-06-01'],
      ['impressions-b-2026-06-01', 2, 500, 'impressions-b-2026-06-01'],
      ['impressions-c-2026-06-01', 2, 500, 'impressions-c-2026-06-01'],
    ]);
    const history = await targetHistory(warehouse, 'impressions-a-2026-06-01');
    expect(history.versions.map((entry) => entry.target.value)).toEqual([400, 500]);
    expect(history.changes[0]).toMatchObject({
      reason: 'replaced by a target with the same KPI, scope and period',
      changes: [{ field: 'value', before: 400, after: 500 }],
    });
  });

  it('saves none when one entity’s target clashes (all or nothing)', async () => {
    // Written as a one-value list, the same rows as the bulk request's `campaign = 'b'`.
    await addTarget(warehouse, catalog, {
      id: 'clicks-b-june',
      kpi: 'clicks',
      scope: { filter: "campaign in ('b')", label: 'Campaign B' },
      period: P,
      value: 40,
    });
    const clash = await refusal(
      addTargetsForEntities(warehouse, catalog, {
        kpi: 'clicks',
        by: 'campaign',
        period: P,
        value: { same: 50 },
      }),
    );
    expect(clash.problems.map((problem) => problem.message)).toEqual([
      'b has target clicks-b-june for clicks in 2026-06-01 … 2026-06-03',
    ]);
    const clicks = (await listTargets(warehouse, { kpi: 'clicks' })).map((entry) => entry.target.id);
    expect(clicks).toEqual(['clicks-b-june']);
  });

  it('builds each value from the entity’s own last period and an uplift, skipping those without one', async () => {
    // Clicks in 29–31 May: a 15, b 30; c has none. +10%: a 16.5 → 17 (whole clicks), b 33.
    const result = await addTargetsForEntities(warehouse, catalog, {
      kpi: 'clicks',
      by: 'campaign',
      period: { from: '2026-06-01', to: '2026-06-03' },
      entities: ['a', 'c'],
      value: { baseline: 'previous', uplift: 0.1 },
    });
    expect(result.baselineWindow).toEqual({ from: '2026-05-29', to: '2026-05-31' });
    expect(result.saved.map((entry) => [entry.target.scope.label, entry.target.value])).toEqual([['a', 17]]);
    expect(result.skipped).toEqual([{ entity: 'c', reason: 'no_baseline' }]);
  });
});

describe('one target with the same KPI, scope and period as another', () => {
  let warehouse: Warehouse;
  beforeAll(async () => {
    warehouse = await workspace();
    await addTarget(warehouse, catalog, {
      id: 'ctr-a',
      kpi: 'ctr',
      scope: { filter: "campaign = 'a'", label: 'a' },
      period: P,
      value: 0.05,
      goal: 'Clicks for the launch',
    });
  });
  afterAll(async () => {
    await warehouse.close();
  });

  it('is refused, however its scope is written and whatever its id', async () => {
    const twin = await refusal(
      addTarget(warehouse, catalog, {
        id: 'another-id',
        kpi: 'ctr',
        scope: { filter: "campaign='a'", label: 'Campaign A' },
        period: P,
        value: 0.06,
      }),
    );
    expect(twin.code).toBe('target_exists');
    expect(twin.message).toBe('target ctr-a already sets ctr in a for 2026-06-01 … 2026-06-03');
    // Another period is another target.
    const july = await addTarget(warehouse, catalog, {
      kpi: 'ctr',
      scope: { filter: "campaign = 'a'", label: 'a' },
      period: { from: '2026-07-01', to: '2026-07-31' },
      value: 0.06,
    });
    expect(july.version).toBe(1);
  });

  it('stores a scope typed by a value’s name as the value’s id, and so finds its twin typed in the other language', async () => {
    const typed = await addTarget(warehouse, catalog, {
      id: 'clicks-douyin',
      kpi: 'clicks',
      scope: { filter: "channel = '抖音'", label: '抖音' },
      period: P,
      value: 90,
    });
    expect(typed.target.scope).toEqual({ filter: "channel = 'douyin'", label: '抖音' });
    const twin = await refusal(
      addTarget(warehouse, catalog, {
        kpi: 'clicks',
        scope: { filter: "channel in ('Douyin')", label: 'Douyin' },
        period: P,
        value: 95,
      }),
    );
    expect(twin.code).toBe('target_exists');
    const changed = await updateTarget(warehouse, catalog, 'clicks-douyin', {
      scope: { filter: "channel = '小红书'", label: '小红书' },
    });
    expect(changed.target.scope.filter).toBe("channel = 'xiaohongshu'");
    const unknown = await refusal(
      addTarget(warehouse, catalog, {
        kpi: 'clicks',
        scope: { filter: "channel = 'bilibili'", label: 'Bilibili' },
        period: P,
        value: 1,
      }),
    );
    expect(unknown.code).toBe('invalid_target');
    expect(unknown.problems[0]!.said).toMatchObject({
      key: 'target.scope.unknown_value',
      params: { dimension: 'channel', value: 'bilibili' },
    });
  });

  it('replaces it as its next version, whole (a goal not given is cleared)', async () => {
    const replaced = await addTarget(
      warehouse,
      catalog,
      { kpi: 'ctr', scope: { filter: "campaign='a'", label: 'a' }, period: P, value: 0.06 },
      { replace: true, author: 'ana' },
    );
    expect(replaced).toMatchObject({ version: 2, replaced: 'ctr-a', author: 'ana' });
    expect(replaced.target).toMatchObject({ id: 'ctr-a', value: 0.06 });
    expect(replaced.target.goal).toBeUndefined();
    expect((await targetHistory(warehouse, 'ctr-a')).versions).toHaveLength(2);
  });
});

describe('scorecards without targets and a ratio’s pace', () => {
  let warehouse: Warehouse;
  beforeAll(async () => {
    warehouse = await workspace();
  });
  afterAll(async () => {
    await warehouse.close();
  });
  const template = { id: 'reach', name: { en: 'Reach' }, items: [{ kpi: 'impressions', weight: 1 }] };

  it('scores against each campaign’s own last period, and folds the one without history', async () => {
    // a: 330 against 300 = 1.1; b: 450 against 600 = 0.75; c has no May.
    const card = await scorecard(warehouse, catalog, {
      template,
      by: 'campaign',
      period: P,
      baseline: 'own_history',
      useStoredTargets: false,
    });
    const scores = Object.fromEntries(card.entities.map((entity) => [entity.entity, entity.score]));
    expect(scores.a).toBeCloseTo(1.1, 12);
    expect(scores.b).toBeCloseTo(0.75, 12);
    expect(scores.c).toBeNull();
    expect(card.entities[0]!.kpis[0]).toMatchObject({
      basis: 'own_history',
      target: 300,
      note: 'no target: scored against its own 2026-05-29 … 2026-05-31',
    });
    expect(card.notScored).toMatchObject({ count: 1, entities: ['c'] });
    expect(card.notes).toEqual([
      'entities without a target are scored against their own history',
      '1 not scored (1 with neither a target nor a baseline)',
    ]);
    expect(card.noteMessages.map((note) => note.key)).toEqual([
      'scorecard.card.baselines_own_history',
      'scorecard.card.not_scored',
    ]);
  });

  it('scores against the peers’ median, each campaign left out of its own', async () => {
    // a: median(450, 150) = 300 → 1.1; b: median(330, 150) = 240 → 1.875, capped 1.2;
    // c: median(330, 450) = 390 → 150 / 390.
    const card = await scorecard(warehouse, catalog, {
      template,
      by: 'campaign',
      period: P,
      baseline: 'peers_median',
      useStoredTargets: false,
    });
    const byId = new Map(card.entities.map((entity) => [entity.entity, entity]));
    expect(byId.get('a')!.kpis[0]!.target).toBe(300);
    expect(byId.get('b')!.kpis[0]!.target).toBe(240);
    expect(byId.get('c')!.kpis[0]!.target).toBe(390);
    expect(byId.get('a')!.score).toBeCloseTo(1.1, 12);
    expect(byId.get('b')!.score).toBeCloseTo(1.2, 12);
    expect(byId.get('c')!.score).toBeCloseTo(150 / 390, 12);
    expect(byId.get('c')!.kpis[0]).toMatchObject({
      basis: 'peers_median',
      note: 'no target: scored against the median of 2 peers',
    });
    expect(card.notScored).toBeUndefined();
  });

  it('a set target wins over a baseline', async () => {
    const card = await scorecard(warehouse, catalog, {
      template,
      by: 'campaign',
      period: P,
      baseline: 'own_history',
      targets: { impressions: 330 },
      useStoredTargets: false,
    });
    expect(card.entities.map((entity) => entity.kpis[0]!.basis)).toEqual(['target', 'target', 'target']);
  });

  it('plots a ratio’s running ratio, and judges an ended period met or missed', async () => {
    // a's CTR: clicks 10, 20, 30 on 110 impressions a day. Running: 10/110, 30/220, 60/330.
    const target = {
      id: 'ctr-a',
      kpi: 'ctr',
      scope: { filter: "campaign = 'a'", label: 'a' },
      period: P,
      value: 0.2,
    };
    const pace = await paceTarget(warehouse, catalog, target, { asOf: '2026-06-10' });
    const running = pace.series.map((point) => point.actual);
    expect(running).toEqual([10 / 110, 30 / 220, 60 / 330].map((value) => expect.closeTo(value, 12)));
    expect(pace.actualToDate).toBeCloseTo(60 / 330, 12);
    // 0.1818 < 0.2: missed, red (an index of 0.91 would have been amber while running).
    expect(pace).toMatchObject({ outcome: 'missed', status: 'red' });
    const met = await paceTarget(warehouse, catalog, { ...target, value: 0.18 }, { asOf: '2026-06-10' });
    expect(met).toMatchObject({ outcome: 'met', status: 'green' });
    const running2 = await paceTarget(warehouse, catalog, target, { asOf: '2026-06-02' });
    // 30 / 220 = 0.136 against 0.2: index 0.68, red; not ended.
    expect(running2.outcome).toBeNull();
  });
});
