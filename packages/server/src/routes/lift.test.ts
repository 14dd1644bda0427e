/**
 * `markpi lift` and the lift routes are two edges over one set of use cases: the same test gets
 * the same answer from both. The CLI answers first (one process holds a DuckDB file at a time),
 * then the server is pointed at the same file; there an editor records the geo test, and
 * calibrated ROAS appears in the catalog and in queries, and goes when the entry is withdrawn.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  DEMO_BRAND_SEARCH,
  DEMO_GEO_TEST,
  DEMO_KOX,
  DEMO_SEED,
  demoLiftTruth,
  generateLiftDemo,
  loadDemo,
  openDuckDbWarehouse,
  planDemo,
} from '@markpi/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../../cli/src/testing.js';
import { createHarness, type Harness, type TestClient } from '../testing/harness.js';

type Json = Record<string, unknown>;

const geoRequest = {
  kpi: 'conversions',
  filter: `campaign = '${DEMO_GEO_TEST.campaign}'`,
  treated: [...DEMO_GEO_TEST.treated],
  testFrom: DEMO_GEO_TEST.test.from,
  testTo: DEMO_GEO_TEST.test.to,
};
const prePostRequest = {
  kpi: 'impressions',
  filter: `campaign = '${DEMO_BRAND_SEARCH.campaign}'`,
  from: DEMO_KOX.from,
  to: DEMO_KOX.to,
};

describe('lift from the CLI and the HTTP API', () => {
  let harness: Harness;
  let folder: string;
  let file: string;
  let viewer: TestClient;
  let editor: TestClient;
  const cliAnswers = new Map<string, Json>();

  const cli = (...args: string[]) => runCliCaptured(folder, ['--db', file, ...args]);
  const url = (rest: string) => `/api/workspaces/demo${rest}`;

  beforeAll(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'markpi-lift-api-'));
    file = path.join(folder, 'demo.duckdb');
    const warehouse = await openDuckDbWarehouse({ path: file });
    const options = { performanceRows: 60_000 };
    await loadDemo(warehouse, options);
    for (const { table, batch } of generateLiftDemo(planDemo(options))) await warehouse.append(table, batch);
    await warehouse.close();

    for (const [key, args] of [
      [
        'geo',
        [
          'lift',
          'geo',
          '--kpi',
          'conversions',
          '--where',
          geoRequest.filter,
          '--treated',
          geoRequest.treated.join(','),
          '--test-start',
          geoRequest.testFrom,
          '--test-end',
          geoRequest.testTo,
          '--format',
          'json',
        ],
      ],
      [
        'prepost',
        [
          'lift',
          'prepost',
          '--kpi',
          'impressions',
          '--where',
          prePostRequest.filter,
          '--from',
          prePostRequest.from,
          '--to',
          prePostRequest.to,
          '--format',
          'json',
        ],
      ],
    ] as const) {
      const answer = await cli(...args);
      expect(answer.code, answer.err).toBe(0);
      cliAnswers.set(key, JSON.parse(answer.out) as Json);
    }

    harness = await createHarness();
    harness.clock.current = new Date('2026-11-01T04:00:00.000Z');
    const { services } = harness.server;
    const createdAt = harness.clock.now().toISOString();
    const demo = await services.registry.registerFile(file, { id: 'demo', name: 'Demo', createdAt });
    for (const [account, role] of [
      ['viewerA', 'viewer'],
      ['editorA', 'editor'],
    ] as const)
      await services.workspaces.addMember({
        workspaceId: demo.id,
        userId: harness.accounts[account].id,
        role,
        createdAt,
      });
    viewer = await harness.as('viewerA');
    editor = await harness.as('editorA');
  }, 180_000);

  afterAll(async () => {
    await harness?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('answers a geo test and a pre/post exactly as the CLI does, and finds the planted lifts', async () => {
    const truth = demoLiftTruth(DEMO_SEED);
    const geo = await viewer.post(url('/lift/geo'), geoRequest);
    expect(geo.statusCode, geo.body).toBe(200);
    const geoBody = geo.json<Json>();
    expect(cliAnswers.get('geo')).toEqual(geoBody);
    const inference = (geoBody.cell as { inference: { incremental: { low: number; high: number } } })
      .inference;
    expect(inference.incremental.low).toBeLessThan(truth.geoIncrementalConversions);
    expect(inference.incremental.high).toBeGreaterThan(truth.geoIncrementalConversions);

    const prePost = await viewer.post(url('/lift/prepost'), prePostRequest);
    expect(prePost.statusCode, prePost.body).toBe(200);
    const prePostBody = prePost.json<Json>();
    expect(cliAnswers.get('prepost')).toEqual(prePostBody);
    const result = prePostBody.result as { incremental: { low: number; high: number } };
    expect(result.incremental.low).toBeLessThan(truth.koxIncrementalImpressions);
    expect(result.incremental.high).toBeGreaterThan(truth.koxIncrementalImpressions);
    expect((prePostBody.summary as { text: { zh: string } }).text.zh).toMatch(/^增量/);
  });

  it('refuses what it cannot answer, with the reason', async () => {
    const unknown = await viewer.post(url('/lift/geo'), { ...geoRequest, kpi: 'conversion' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json<Json>().error).toMatchObject({ code: 'unknown_kpi' });
    const backwards = await viewer.post(url('/lift/prepost'), { ...prePostRequest, from: '2026-09-30' });
    expect(backwards.statusCode).toBe(400);
    const noPeriod = await editor.post(url('/lift/ledger'), {
      name: 'holdout',
      analysis: {
        method: 'holdout',
        request: { treatment: { users: 100, conversions: 9 }, control: { users: 100, conversions: 4 } },
      },
    });
    expect(noPeriod.statusCode).toBe(400);
    const missing = await editor.post(url('/lift/ledger/nothing/withdraw'), {});
    expect(missing.statusCode).toBe(404);
    expect(missing.json<Json>().error).toMatchObject({ code: 'unknown_lift_entry' });
  });

  it('lets an editor record the geo test; calibrated ROAS then appears and is Douyin’s ROAS × the factor', async () => {
    const catalogBefore = (await viewer.get(url('/catalog'))).json<{ kpis: { id: string }[] }>();
    expect(catalogBefore.kpis.some((kpi) => kpi.id === 'calibrated_roas')).toBe(false);

    const record = { name: 'Douyin city test', analysis: { method: 'geo', request: geoRequest } };
    expect((await viewer.post(url('/lift/ledger'), record)).statusCode).toBe(403);
    const recorded = await editor.post(url('/lift/ledger'), record);
    expect(recorded.statusCode, recorded.body).toBe(200);
    const entry = recorded.json<{
      id: string;
      author: string;
      ageDays: number;
      calibration: { channel: string; factor: { value: number } };
    }>();
    expect(entry).toMatchObject({
      id: 'douyin-city-test',
      author: harness.accounts.editorA.login,
      ageDays: 28,
    });
    expect(entry.calibration.channel).toBe('douyin');
    expect(entry.calibration.factor.value).toBeCloseTo(
      (cliAnswers.get('geo') as { calibration: { factor: { value: number } } }).calibration.factor.value,
      12,
    );

    const ledger = (await viewer.get(url('/lift/ledger'))).json<{
      entries: { id: string }[];
      calibrations: { channel: string; factor: number; source: { id: string } }[];
    }>();
    expect(ledger.entries.map((item) => item.id)).toEqual(['douyin-city-test']);
    expect(ledger.calibrations).toEqual([
      expect.objectContaining({
        channel: 'douyin',
        source: expect.objectContaining({ id: 'douyin-city-test' }),
      }),
    ]);

    const catalog = (await viewer.get(url('/catalog'))).json<{
      kpis: { id: string; description: { en: string } }[];
    }>();
    const calibrated = catalog.kpis.find((kpi) => kpi.id === 'calibrated_roas');
    expect(calibrated?.description.en).toContain(
      '“Douyin city test” (geo test, 2026-09-07 to 2026-10-04, ended 28 day(s) ago)',
    );

    const query = await viewer.post(url('/query'), {
      kpis: ['calibrated_roas', 'roas'],
      dimensions: ['channel'],
      from: '2026-10-01',
      to: '2026-10-31',
    });
    expect(query.statusCode, query.body).toBe(200);
    const rows = query.json<{ rows: Record<string, string | number | null>[] }>().rows;
    const douyin = rows.find((row) => row.channel === 'douyin')!;
    const factor = Number(entry.calibration.factor.value.toPrecision(6));
    expect(douyin.calibrated_roas as number).toBeCloseTo(factor * (douyin.roas as number), 9);
    expect(rows.find((row) => row.channel === 'meta')?.calibrated_roas).toBeNull();

    const withdrawn = await editor.post(url(`/lift/ledger/${entry.id}/withdraw`), { reason: 'a rehearsal' });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect(withdrawn.json<Json>().withdrawn).toEqual({ reason: 'a rehearsal' });
    const after = (await viewer.get(url('/catalog'))).json<{ kpis: { id: string }[] }>();
    expect(after.kpis.some((kpi) => kpi.id === 'calibrated_roas')).toBe(false);
    const all = (await viewer.get(url('/lift/ledger?withdrawn=true'))).json<{ entries: unknown[] }>();
    expect(all.entries).toHaveLength(1);
  });
});
