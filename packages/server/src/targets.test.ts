/**
 * Targets, pacing and scorecards over HTTP, on a small demo workspace with the 618 2026 targets:
 * every number is the store's (and the CLI's) for the same arguments, editing needs an editor
 * and CSRF and is audited, and bad inputs are 400s with their problems.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  breakdownTarget,
  checkTarget,
  paceTarget,
  scorecard,
  seedDemoTargets,
  suggestTarget,
} from '@markpi/app';
import { buildCatalog, targetForWindow } from '@markpi/core';
import { DEMO_PERIOD, loadDemo, openDuckDbWarehouse, type Warehouse } from '@markpi/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../cli/src/testing.js';
import type { WorkspaceRecord } from './meta/workspaces.js';
import { createHarness, errorCode, type Harness, type TestClient } from './testing/harness.js';

const CAMPAIGN_618 = { from: '2026-05-20', to: '2026-06-20' };
const SEEDED = ['618-2026-roi', '618-2026-cpl', '618-2026-impressions', '618-2026-conversion-value'];
const BASE = '/api/workspaces/demo';

describe('targets, pacing and scorecards over HTTP', () => {
  let harness: Harness;
  let folder: string;
  let file: string;
  let demo: WorkspaceRecord;
  let viewer: TestClient;
  let editor: TestClient;

  /** The workspace as the server holds it, for calling the store directly. */
  const store = async (): Promise<{ warehouse: Warehouse; catalog: ReturnType<typeof buildCatalog> }> => ({
    warehouse: await harness.server.services.registry.warehouse(demo),
    catalog: harness.server.services.registry.catalog(demo),
  });

  async function cli(...args: string[]): Promise<unknown> {
    const { code, out, err } = await runCliCaptured(folder, ['--db', file, ...args, '--format', 'json']);
    if (code !== 0) throw new Error(`markpi ${args.join(' ')} failed: ${err}`);
    return JSON.parse(out);
  }

  let cliScorecard: Record<string, unknown>[];
  let cliPace: Record<string, unknown>[];

  beforeAll(async () => {
    harness = await createHarness();
    folder = mkdtempSync(path.join(tmpdir(), 'markpi-targets-'));
    file = path.join(folder, 'demo.duckdb');
    const warehouse = await openDuckDbWarehouse({ path: file });
    await loadDemo(warehouse, { performanceRows: 50_000 });
    await seedDemoTargets(warehouse, buildCatalog(), { now: new Date('2026-05-01T00:00:00Z') });
    await warehouse.close();
    // The CLI reads the file before the server opens it (one process holds a DuckDB file at a time).
    cliScorecard = (await cli(
      'scorecard',
      '--template',
      'promotion',
      '--by',
      'campaign',
      '--from',
      CAMPAIGN_618.from,
      '--to',
      CAMPAIGN_618.to,
    )) as Record<string, unknown>[];
    cliPace = (await cli('targets', 'pace', '--as-of', '2026-06-10')) as Record<string, unknown>[];

    const { services } = harness.server;
    const createdAt = harness.clock.now().toISOString();
    demo = await services.registry.registerFile(file, { id: 'demo', name: 'Demo', createdAt });
    for (const [account, role] of [
      ['viewerA', 'viewer'],
      ['editorA', 'editor'],
    ] as const) {
      await services.workspaces.addMember({
        workspaceId: demo.id,
        userId: harness.accounts[account].id,
        role,
        createdAt,
      });
    }
    viewer = await harness.as('viewerA');
    editor = await harness.as('editorA');
  });
  afterAll(async () => {
    await harness.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('the 618 promotion scorecard is the store’s and the CLI’s', async () => {
    const response = await viewer.get(
      `${BASE}/scorecards?template=promotion&by=campaign&from=${CAMPAIGN_618.from}&to=${CAMPAIGN_618.to}`,
    );
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    const { warehouse, catalog } = await store();
    const direct = await scorecard(warehouse, catalog, {
      template: 'promotion',
      by: 'campaign',
      period: CAMPAIGN_618,
    });
    expect(body.entities.length).toBeGreaterThan(0);
    expect(body.template).toEqual(direct.template);
    expect(body.period).toEqual(CAMPAIGN_618);
    expect(body.notes).toEqual(direct.notes);
    expect(body.entities.map(({ missingKpis: _, ...entity }: { missingKpis: string[] }) => entity)).toEqual(
      direct.entities,
    );

    const campaign = body.entities.find((entity: { entity: string }) => entity.entity === '618-2026');
    expect(campaign.label).toBe('618 2026 年中大促');
    expect(campaign.score).not.toBeNull();
    expect(campaign.missingKpis).toEqual([]);
    expect(campaign.kpis.map((kpi: { targetSource: string }) => kpi.targetSource)).toEqual([
      'target 618-2026-roi',
      'target 618-2026-cpl',
      'target 618-2026-impressions',
    ]);
    // Campaigns without targets: every KPI unscored, flagged, no score and no rank.
    const untargeted = body.entities.find((entity: { entity: string }) => entity.entity !== '618-2026');
    if (untargeted) {
      expect(untargeted.missingKpis).toEqual(['roi', 'cpl', 'impressions']);
      expect(untargeted.rank).toBeNull();
      expect(untargeted.flags).toContain('nothing could be scored');
    }

    // The CLI's JSON rows for the same arguments carry the same numbers.
    expect(cliScorecard.map((row) => row.entity)).toEqual(
      body.entities.map((entity: { entity: string }) => entity.entity),
    );
    for (const row of cliScorecard) {
      const entity = body.entities.find((entry: { entity: string }) => entry.entity === row.entity);
      expect(row.rank).toBe(entity.rank);
      expect(row.score).toBe(entity.score);
      expect(row.coverage).toBe(entity.coverage);
      for (const kpi of entity.kpis)
        expect(row[kpi.kpi]).toBe(kpi.status === 'scored' ? kpi.counted : kpi.status);
      expect(row.flags).toBe(entity.flags.join('; ') || null);
    }
  });

  it('scorecards take a where/filter, common targets, a cap; defaults are the last 30 days', async () => {
    const where = encodeURIComponent("campaign_goal = 'promotion'");
    const filtered = (
      await viewer.get(
        `${BASE}/scorecards?from=2025-05-01&to=2026-10-31&where=${where}&targets=roi:3,cpl:500,impressions:50000000&cap=1.5`,
      )
    ).json();
    const { warehouse, catalog } = await store();
    const direct = await scorecard(warehouse, catalog, {
      template: 'promotion',
      by: 'campaign',
      period: { from: '2025-05-01', to: '2026-10-31' },
      filter: "campaign_goal = 'promotion'",
      targets: { roi: 3, cpl: 500, impressions: 50_000_000 },
      cap: 1.5,
    });
    expect(filtered.filter).toBe("campaign_goal = 'promotion'");
    expect(filtered.cap).toBe(1.5);
    expect(
      filtered.entities.map(({ missingKpis: _, ...entity }: { missingKpis: string[] }) => entity),
    ).toEqual(direct.entities);
    const same = (
      await viewer.get(`${BASE}/scorecards?from=2025-05-01&to=2026-10-31&filter=${where}`)
    ).json();
    expect(same.filter).toBe("campaign_goal = 'promotion'");

    // With no dates, the scorecard covers the period the team set targets for: the 618 campaign's.
    const defaults = (await viewer.get(`${BASE}/scorecards`)).json();
    expect(defaults.period).toEqual({ from: '2026-05-20', to: '2026-06-20' });
    expect(defaults.notes[0]).toContain('the period of target');
    expect(defaults.entities.some((entity: { score: number | null }) => entity.score !== null)).toBe(true);
    const lastMonth = (await viewer.get(`${BASE}/scorecards?to=${DEMO_PERIOD.to}`)).json();
    expect(lastMonth.period).toEqual({ from: '2026-10-02', to: DEMO_PERIOD.to });
    expect(defaults.template.id).toBe('promotion');
    expect(defaults.by).toBe('campaign');
  });

  it('lists the scorecard templates with their weights', async () => {
    const response = await viewer.get(`${BASE}/scorecard-templates`);
    expect(response.statusCode).toBe(200);
    const { templates } = response.json();
    expect(templates.map((template: { id: string }) => template.id)).toEqual([
      'launch',
      'promotion',
      'word_of_mouth',
    ]);
    expect(templates[1]).toEqual({
      id: 'promotion',
      name: { en: 'Big promotion', zh: '大促收割' },
      goal: 'promotion',
      builtin: true,
      items: [
        { kpi: 'roi', weight: 0.6 },
        { kpi: 'cpl', weight: 0.2 },
        { kpi: 'impressions', weight: 0.2 },
      ],
    });
    const other = (await viewer.get(`${BASE}/scorecard-templates?other=engagement_rate`)).json();
    expect(other.templates[2].items[2].kpi).toBe('engagement_rate');
  });

  it('pace is paceTarget’s, mid-campaign and by default as of the last day with data', async () => {
    const { warehouse, catalog } = await store();
    for (const id of SEEDED) {
      const mid = await viewer.get(`${BASE}/targets/${id}/pace?asOf=2026-06-10`);
      expect(mid.statusCode, mid.body).toBe(200);
      const expected = await paceTarget(warehouse, catalog, id, { asOf: '2026-06-10' });
      expect(mid.json().pace).toEqual(expected);
      expect(expected.series).toHaveLength(32);
      expect(expected.projection?.low).not.toBeNull();

      const atEnd = (await viewer.get(`${BASE}/targets/${id}/pace`)).json().pace;
      expect(atEnd).toEqual(await paceTarget(warehouse, catalog, id, { asOf: DEMO_PERIOD.to }));
      expect(atEnd.asOf).toBe(CAMPAIGN_618.to);

      // And the CLI's pace for the same day.
      const row = cliPace.find((entry) => entry.target === id)!;
      expect(row).toMatchObject({
        status: expected.status,
        actual: expected.actualToDate,
        target_to_date: expected.targetToDate,
        index: expected.index,
        projection: expected.projection?.value,
        probability: expected.probability,
      });
    }
    const banded = (
      await viewer.get(`${BASE}/targets/618-2026-roi/pace?asOf=2026-06-10&red=50%25&green=0.6`)
    ).json();
    expect(banded.pace).toEqual(
      await paceTarget(warehouse, catalog, '618-2026-roi', {
        asOf: '2026-06-10',
        bands: { red: 0.5, green: 0.6 },
      }),
    );
  });

  it('lists targets with their pace summary', async () => {
    const response = await viewer.get(`${BASE}/targets?asOf=2026-06-10`);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.asOf).toBe('2026-06-10');
    const { warehouse, catalog } = await store();
    for (const id of SEEDED) {
      const item = body.targets.find((entry: { target: { id: string } }) => entry.target.id === id);
      expect(item).toMatchObject({ version: 1, author: 'markpi demo', reason: 'set from 618 2025' });
      expect(item.target.scope).toEqual({ filter: "campaign = '618-2026'", label: '618 2026 年中大促' });
      const { series: _, ...summary } = await paceTarget(warehouse, catalog, id, { asOf: '2026-06-10' });
      expect(item.pace).toEqual(summary);
      expect(['green', 'amber', 'red']).toContain(item.pace.status);
    }
    const byDefault = (await viewer.get(`${BASE}/targets?kpi=roi`)).json();
    expect(byDefault.asOf).toBe(DEMO_PERIOD.to);
    expect(byDefault.targets.map((entry: { target: { id: string } }) => entry.target.id)).toEqual([
      '618-2026-roi',
    ]);
    expect(byDefault.targets[0].pace.asOf).toBe(CAMPAIGN_618.to);
    const inactive = (await viewer.get(`${BASE}/targets?activeOn=2026-01-01`)).json();
    expect(inactive.targets).toEqual([]);
  });

  it('breaks a target down by quarter, month and day; additive parts add up exactly', async () => {
    const { warehouse, catalog } = await store();
    const expected = await breakdownTarget(warehouse, catalog, '618-2026-impressions');
    const months = (await viewer.get(`${BASE}/targets/618-2026-impressions/breakdown`)).json();
    expect(months.level).toBe('month');
    expect(months.breakdown).toEqual(expected);
    expect(months.parts).toEqual(expected.months);
    expect(months.parts.reduce((sum: number, part: { value: number }) => sum + part.value, 0)).toBe(
      expected.value,
    );
    const days = (await viewer.get(`${BASE}/targets/618-2026-impressions/breakdown?level=day`)).json();
    expect(days.parts).toHaveLength(32);
    const even = (
      await viewer.get(`${BASE}/targets/618-2026-impressions/breakdown?level=quarter&mode=even`)
    ).json();
    expect(even.breakdown.mode).toBe('even');
    expect(even.parts).toEqual(even.breakdown.quarters);
    // A ratio keeps its level in every part.
    const roi = (await viewer.get(`${BASE}/targets/618-2026-roi/breakdown?level=month`)).json();
    expect(roi.breakdown.method).toBe('level');
    for (const part of roi.parts) expect(part.value).toBe(roi.breakdown.value);
  });

  it('rates a target on each SMART letter, as checkTarget does', async () => {
    const response = await viewer.get(`${BASE}/targets/618-2026-roi/check?today=2026-05-01`);
    expect(response.statusCode, response.body).toBe(200);
    const { check } = response.json();
    const { warehouse, catalog } = await store();
    expect(check).toEqual(await checkTarget(warehouse, catalog, '618-2026-roi', { today: '2026-05-01' }));
    expect(check.campaignGoal).toBe('promotion');
    expect(
      check.letters.map((letter: { letter: string; rating: string }) => [letter.letter, letter.rating]),
    ).toEqual([
      ['specific', 'pass'],
      ['measurable', 'warn'],
      ['attainable', 'pass'],
      ['relevant', 'pass'],
      ['time_bound', 'pass'],
    ]);
  });

  it('suggests a target from baselines, as suggestTarget does', async () => {
    const where = encodeURIComponent("campaign = '618-2025'");
    const response = await viewer.get(
      `${BASE}/targets/suggest?kpi=roi&where=${where}&from=${CAMPAIGN_618.from}&to=${CAMPAIGN_618.to}&basis=last_year&growth=10%25`,
    );
    expect(response.statusCode, response.body).toBe(200);
    const { warehouse, catalog } = await store();
    const expected = await suggestTarget(warehouse, catalog, {
      kpi: 'roi',
      filter: "campaign = '618-2025'",
      period: CAMPAIGN_618,
      basis: 'last_year',
      growth: 0.1,
    });
    expect(response.json()).toEqual(expected);
    expect(expected.suggestion).not.toBeNull();
    // The seeded ROI target is exactly this suggestion.
    const seeded = (await viewer.get(`${BASE}/targets/618-2026-roi`)).json();
    expect(seeded.current.target.value).toBe(expected.suggestion!.value);
  });

  it('overview tiles carry the target that covers their KPI, scope and period', async () => {
    const filter = encodeURIComponent("campaign = '618-2026'");
    const url = `${BASE}/overview?from=${CAMPAIGN_618.from}&to=${CAMPAIGN_618.to}&kpis=roi,cpl,impressions,spend&filter=${filter}`;
    const overview = (await viewer.get(url)).json();
    const card = (
      await viewer.get(
        `${BASE}/scorecards?template=promotion&by=campaign&from=${CAMPAIGN_618.from}&to=${CAMPAIGN_618.to}`,
      )
    ).json();
    const scored = card.entities.find((entity: { entity: string }) => entity.entity === '618-2026');
    for (const kpi of ['roi', 'cpl', 'impressions']) {
      const tile = overview.tiles.find((entry: { kpi: string }) => entry.kpi === kpi);
      const score = scored.kpis.find((entry: { kpi: string }) => entry.kpi === kpi);
      expect(tile.target).toMatchObject({
        id: `618-2026-${kpi}`,
        value: score.target,
        fullValue: score.target,
      });
      expect(tile.value).toBeCloseTo(score.actual, 9);
      expect(tile.target.attainment).toBeCloseTo(score.attainment, 9);
      const index = tile.target.attainment;
      expect(tile.target.rag).toBe(index < 0.9 ? 'red' : index < 1 ? 'amber' : 'green');
    }
    expect(overview.tiles.find((entry: { kpi: string }) => entry.kpi === 'spend').target).toBeUndefined();
    // Another scope, or days outside the target's period: no target.
    const unscoped = (
      await viewer.get(`${BASE}/overview?from=${CAMPAIGN_618.from}&to=${CAMPAIGN_618.to}&kpis=roi`)
    ).json();
    expect(unscoped.tiles[0].target).toBeUndefined();
    const longer = (
      await viewer.get(`${BASE}/overview?from=2026-05-01&to=2026-06-20&kpis=roi&filter=${filter}`)
    ).json();
    expect(longer.tiles[0].target).toBeUndefined();
  });

  it('editing needs an editor and CSRF, keeps versions, and is audited', async () => {
    const body = {
      id: 'impressions-2026',
      kpi: 'impressions',
      period: { from: '2026-01-01', to: '2026-12-31' },
      value: 900_000_000,
      goal: 'Reach more people than in 2025 across every channel',
      owner: 'Brand team',
      cadence: 'monthly',
    };
    expect((await viewer.post(`${BASE}/targets`, body)).statusCode).toBe(403);
    const noCsrf = await editor.request('POST', `${BASE}/targets`, body, { csrf: false });
    expect(noCsrf.statusCode).toBe(403);
    expect(errorCode(noCsrf)).toBe('csrf_failed');

    const created = await editor.post(`${BASE}/targets`, { ...body, reason: 'annual plan' });
    expect(created.statusCode, created.body).toBe(200);
    expect(created.json()).toEqual({
      current: {
        target: {
          ...body,
          scope: { label: 'whole workspace' },
          breakdown: { mode: 'even' },
        },
        version: 1,
        createdAt: harness.clock.now().toISOString(),
        author: 'editora',
        reason: 'annual plan',
      },
      changes: [],
    });
    const again = await editor.post(`${BASE}/targets`, body);
    expect(again.statusCode).toBe(409);
    expect(errorCode(again)).toBe('already_exists');

    expect((await viewer.put(`${BASE}/targets/impressions-2026`, { value: 1 })).statusCode).toBe(403);
    expect(
      (await editor.request('PUT', `${BASE}/targets/impressions-2026`, { value: 1 }, { csrf: false }))
        .statusCode,
    ).toBe(403);
    const updated = await editor.put(`${BASE}/targets/impressions-2026`, {
      value: 950_000_000,
      owner: null,
      reason: 'Double 11 budget approved',
    });
    expect(updated.statusCode, updated.body).toBe(200);
    expect(updated.json().current).toMatchObject({ version: 2, reason: 'Double 11 budget approved' });
    expect(updated.json().current.target.owner).toBeUndefined();
    expect(updated.json().changes).toEqual([
      { field: 'owner', before: 'Brand team' },
      { field: 'value', before: 900_000_000, after: 950_000_000 },
    ]);
    const unchanged = await editor.put(`${BASE}/targets/impressions-2026`, { value: 950_000_000 });
    expect(unchanged.statusCode).toBe(400);
    expect(errorCode(unchanged)).toBe('no_change');

    const detail = (await viewer.get(`${BASE}/targets/impressions-2026`)).json();
    expect(detail.current.version).toBe(2);
    expect(detail.versions.map((entry: { target: { value: number } }) => entry.target.value)).toEqual([
      900_000_000, 950_000_000,
    ]);
    expect(detail.changes).toEqual([
      {
        version: 2,
        createdAt: harness.clock.now().toISOString(),
        author: 'editora',
        reason: 'Double 11 budget approved',
        changes: updated.json().changes,
      },
    ]);
    // The list shows the new version at once.
    const listed = (await viewer.get(`${BASE}/targets?kpi=impressions`)).json();
    expect(
      listed.targets.find((entry: { target: { id: string } }) => entry.target.id === 'impressions-2026'),
    ).toMatchObject({ version: 2, target: { value: 950_000_000 } });

    // A whole-workspace target covering the overview's default 30 days shows on its tile.
    const overview = (await viewer.get(`${BASE}/overview`)).json();
    const tile = overview.tiles.find((entry: { kpi: string }) => entry.kpi === 'impressions');
    const { warehouse, catalog } = await store();
    const breakdown = await breakdownTarget(warehouse, catalog, 'impressions-2026');
    const windowTarget = targetForWindow(breakdown, overview.period)!;
    expect(tile.target).toEqual({
      id: 'impressions-2026',
      scope: 'whole workspace',
      period: body.period,
      value: windowTarget,
      fullValue: 950_000_000,
      attainment: tile.value / windowTarget,
      rag: tile.value / windowTarget < 0.9 ? 'red' : tile.value / windowTarget < 1 ? 'amber' : 'green',
    });

    const root = await harness.as('root');
    const entries = (await root.get(`${BASE}/audit?action=target.create`)).json().entries;
    expect(entries).toEqual([
      expect.objectContaining({
        action: 'target.create',
        target: 'impressions-2026',
        userLogin: 'editora',
        workspaceId: 'demo',
        details: {
          kpi: 'impressions',
          value: 900_000_000,
          scope: 'whole workspace',
          from: '2026-01-01',
          to: '2026-12-31',
          changed: [],
          version: 1,
        },
      }),
    ]);
    const updates = (await root.get(`${BASE}/audit?action=target.update`)).json().entries;
    expect(updates).toEqual([
      expect.objectContaining({
        target: 'impressions-2026',
        userLogin: 'editora',
        details: expect.objectContaining({
          value: 950_000_000,
          changed: ['owner', 'value'],
          version: 2,
          reason: 'Double 11 budget approved',
        }),
      }),
    ]);
  });

  it('a twin target (same KPI, scope, period) is a 409 or replaces the first; a target for every channel at once', async () => {
    const july = { from: '2026-07-01', to: '2026-07-31' };
    const first = {
      kpi: 'cpl',
      scope: { filter: "channel = 'douyin'", label: 'douyin' },
      period: july,
      value: 40,
    };
    expect((await editor.post(`${BASE}/targets`, { ...first, id: 'cpl-douyin-july' })).statusCode).toBe(200);
    const twin = { ...first, scope: { filter: "channel='douyin'", label: 'Douyin' }, value: 38 };
    const refused = await editor.post(`${BASE}/targets`, twin);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toBe(
      'target cpl-douyin-july already sets cpl in douyin for 2026-07-01 … 2026-07-31',
    );
    const replaced = await editor.post(`${BASE}/targets`, { ...twin, replace: true });
    expect(replaced.statusCode, replaced.body).toBe(200);
    expect(replaced.json()).toMatchObject({
      current: { version: 2, target: { id: 'cpl-douyin-july', value: 38 } },
      replaced: 'cpl-douyin-july',
      changes: [
        { field: 'scope.filter', before: "channel = 'douyin'", after: "channel='douyin'" },
        { field: 'scope.label', before: 'douyin', after: 'Douyin' },
        { field: 'value', before: 40, after: 38 },
      ],
    });

    const bulk = {
      kpi: 'cpl',
      by: 'channel',
      period: july,
      entities: ['douyin', 'kuaishou'],
      value: { same: 45 },
    };
    expect((await viewer.post(`${BASE}/targets/bulk`, bulk)).statusCode).toBe(403);
    const clash = await editor.post(`${BASE}/targets/bulk`, bulk);
    expect(clash.statusCode).toBe(409);
    expect(clash.json().error.problems).toHaveLength(1);
    const all = await editor.post(`${BASE}/targets/bulk`, { ...bulk, replace: true });
    expect(all.statusCode, all.body).toBe(200);
    expect(
      all
        .json()
        .saved.map((entry: { target: { id: string; value: number }; version: number }) => [
          entry.target.id,
          entry.target.value,
          entry.version,
        ]),
    ).toEqual([
      ['cpl-douyin-july', 45, 3],
      ['cpl-kuaishou-2026-07-01', 45, 1],
    ]);
  });

  it('bad inputs are 400s with their problems; unknown targets 404', async () => {
    const missing = await editor.post(`${BASE}/targets`, { kpi: 'roi' });
    expect(missing.statusCode).toBe(400);
    expect(errorCode(missing)).toBe('invalid_request');
    const paths = missing.json().error.problems.map((problem: { path: string }) => problem.path);
    expect(paths).toEqual(expect.arrayContaining(['body.period', 'body.value']));

    const backwards = await editor.post(`${BASE}/targets`, {
      kpi: 'roi',
      value: 2,
      period: { from: '2026-07-01', to: '2026-06-01' },
    });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error.problems).toContainEqual(
      expect.objectContaining({ path: 'body.period.to' }),
    );

    const extra = await editor.post(`${BASE}/targets`, {
      kpi: 'roi',
      value: 2,
      period: CAMPAIGN_618,
      colour: 'red',
    });
    expect(extra.statusCode).toBe(400);

    const unknownKpi = await editor.post(`${BASE}/targets`, { kpi: 'roii', value: 2, period: CAMPAIGN_618 });
    expect(unknownKpi.statusCode).toBe(400);
    expect(errorCode(unknownKpi)).toBe('unknown_kpi');

    const badScope = await editor.post(`${BASE}/targets`, {
      kpi: 'roi',
      value: 2,
      period: CAMPAIGN_618,
      scope: { filter: "campain = '618-2026'", label: 'typo' },
    });
    expect(badScope.statusCode).toBe(400);
    expect(badScope.json().error.problems.length).toBeGreaterThan(0);

    const badUpdate = await editor.put(`${BASE}/targets/618-2026-roi`, { value: 'high' });
    expect(badUpdate.statusCode).toBe(400);
    expect(badUpdate.json().error.problems).toContainEqual(expect.objectContaining({ path: 'body.value' }));

    for (const url of [
      `${BASE}/targets?asOf=2026-02-30`,
      `${BASE}/targets/618-2026-roi/pace?asOf=June`,
      `${BASE}/targets/618-2026-roi/pace?red=lots`,
      `${BASE}/targets/618-2026-roi/breakdown?level=week`,
      `${BASE}/targets/618-2026-roi/check?today=2026-13-01`,
      `${BASE}/targets/suggest?kpi=roi`,
      `${BASE}/targets/suggest?kpi=roi&from=2026-06-20&to=2026-05-20`,
      `${BASE}/targets/suggest?kpi=nope&from=2026-05-20&to=2026-06-20`,
      `${BASE}/scorecards?template=nope`,
      `${BASE}/scorecards?by=colour`,
      `${BASE}/scorecards?from=2026-06-20&to=2026-05-20`,
      `${BASE}/scorecards?targets=roi=3`,
      `${BASE}/scorecards?where=${encodeURIComponent("campaign = 'a'")}&filter=${encodeURIComponent("campaign = 'b'")}`,
      `${BASE}/scorecards?where=${encodeURIComponent('campaign ==')}`,
    ]) {
      const response = await viewer.get(url);
      expect(response.statusCode, `${url}: ${response.body}`).toBe(400);
      expect(response.json().error.message.length, url).toBeGreaterThan(0);
    }
    const badDate = await viewer.get(`${BASE}/scorecards?from=2026-02-30`);
    expect(badDate.json().error.problems).toContainEqual(expect.objectContaining({ path: 'query.from' }));

    for (const url of [
      `${BASE}/targets/no-such-target`,
      `${BASE}/targets/no-such-target/pace`,
      `${BASE}/targets/no-such-target/breakdown`,
      `${BASE}/targets/no-such-target/check`,
    ]) {
      const response = await viewer.get(url);
      expect(response.statusCode, url).toBe(404);
      expect(errorCode(response)).toBe('not_found');
    }
    expect((await editor.put(`${BASE}/targets/no-such-target`, { value: 1 })).statusCode).toBe(404);
  });
});
