/**
 * `markpi why` and `GET /api/workspaces/:ws/why` are two edges over one use case: the same
 * question gets the same answer from both, default window included. The CLI answers first (one
 * process holds a DuckDB file at a time), then the server is pointed at the same file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEMO_PERIOD, DEMO_STORY, loadDemo, openDuckDbWarehouse } from '@markpi/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../cli/src/testing.js';
import { createHarness, type Harness, type TestClient } from './testing/harness.js';

type Json = Record<string, unknown>;

const outage = DEMO_STORY.anomalies.find((entry) => entry.id === 'meta-tracking-outage')!;
const collapse = DEMO_STORY.anomalies.find((entry) => entry.id === 'xhs-ctr-collapse')!;

describe('why a KPI moved, from the CLI and the HTTP API', () => {
  let harness: Harness;
  let folder: string;
  let file: string;
  let viewer: TestClient;
  const cliAnswers = new Map<string, { code: number; out: string; err: string }>();

  const cli = (...args: string[]) => runCliCaptured(folder, ['--db', file, ...args]);
  async function api(url: string, expected = 200): Promise<Json> {
    const response = await viewer.get(`/api/workspaces/demo${url}`);
    expect(response.statusCode, response.body).toBe(expected);
    return response.json<Json>();
  }
  const json = (key: string) => {
    const answer = cliAnswers.get(key)!;
    expect(answer.code, answer.err).toBe(0);
    return JSON.parse(answer.out) as Json;
  };

  beforeAll(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'markpi-why-'));
    file = path.join(folder, 'demo.duckdb');
    const warehouse = await openDuckDbWarehouse({ path: file });
    await loadDemo(warehouse, { performanceRows: 60_000 });
    await warehouse.close();

    const window = ['--from', outage.from, '--to', outage.to];
    cliAnswers.set('outage', await cli('why', 'conversions', ...window, '--format', 'json'));
    cliAnswers.set('outage-zh', await cli('why', 'conversions', ...window, '--lang', 'zh'));
    cliAnswers.set('outage-en', await cli('why', 'conversions', ...window));
    const where = `channel = '${collapse.channel}'`;
    cliAnswers.set(
      'ctr-week',
      await cli(
        'why',
        'roas',
        '--from',
        collapse.from,
        '--to',
        collapse.to,
        '--where',
        where,
        '--format',
        'json',
      ),
    );
    cliAnswers.set(
      'default',
      await cli('why', 'roas', '--compare', 'last_year', '--by', 'channel,campaign', '--format', 'json'),
    );
    cliAnswers.set('unknown', await cli('why', 'rosa'));

    harness = await createHarness();
    const { services } = harness.server;
    const createdAt = harness.clock.now().toISOString();
    const demo = await services.registry.registerFile(file, { id: 'demo', name: 'Demo', createdAt });
    await services.workspaces.addMember({
      workspaceId: demo.id,
      userId: harness.accounts.viewerA.id,
      role: 'viewer',
      createdAt,
    });
    viewer = await harness.as('viewerA');
  });
  afterAll(async () => {
    await harness?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('the Meta outage: the same tracking break and advice from both edges', async () => {
    const body = await api(`/why?kpi=conversions&from=${outage.from}&to=${outage.to}`);
    expect(json('outage')).toEqual(body);
    expect(body.window).toEqual({ from: outage.from, to: outage.to });
    const findings = body.findings as { kind: string; subject: string }[];
    expect(findings[0]).toMatchObject({ kind: 'tracking_break', subject: 'meta' });
    const advice = body.advice as { rule: string; text: { en: string; zh: string } }[];
    expect(advice[0]?.rule).toBe('tracking_break');
  });

  it('says the table in the language asked for', () => {
    const zh = cliAnswers.get('outage-zh')!;
    expect(zh.code, zh.err).toBe(0);
    expect(zh.out).toContain('转化次数从 450 变为 278');
    expect(zh.out).toContain('按分组拆解');
    expect(zh.out).toContain('Meta的转化次数下降 100%');
    expect(zh.out).toContain('先检查数据追踪');
    const en = cliAnswers.get('outage-en')!;
    expect(en.code, en.err).toBe(0);
    expect(en.out).toContain('Conversions went from 450 to 278');
    expect(en.out).toContain("Meta's conversions fell 100% while spend");
    expect(en.out).toMatch(/│ Meta +│/);
    expect(en.out).not.toContain('转化');
  });

  it("Xiaohongshu's CTR week, with a filter: equal answers", async () => {
    const filter = encodeURIComponent(`channel = '${collapse.channel}'`);
    const body = await api(`/why?kpi=roas&from=${collapse.from}&to=${collapse.to}&filter=${filter}`);
    expect(json('ctr-week')).toEqual(body);
    const formula = body.formula as { factors: { id: string; share: number }[] };
    const largest = [...formula.factors].sort((a, b) => b.share - a.share)[0];
    expect(largest?.id).toBe('ctr');
  });

  it('the default window, against last year, by the dimensions asked for: equal answers', async () => {
    const body = await api('/why?kpi=roas&compare=last_year&by=channel,campaign');
    expect(json('default')).toEqual(body);
    expect(body.window).toEqual({ from: '2026-10-02', to: DEMO_PERIOD.to });
    expect(body.earlier).toEqual({ from: '2025-10-02', to: '2025-10-31' });
    expect(body.hierarchy).toEqual([
      { dimension: 'channel', parent: null },
      { dimension: 'campaign', parent: 0 },
    ]);
  });

  it('the weakest link over HTTP: Weibo’s CVR against its peers', async () => {
    const body = await api('/weakest-link');
    expect(body.weakest).toMatchObject({ channel: DEMO_STORY.weakFunnel.channel, kpi: 'cvr' });
    const advice = body.advice as { rule: string; subject: string }[];
    expect(advice.find((entry) => entry.subject === 'weibo')?.rule).toBe('weak_conversion');
  });

  it('refuses a question it cannot answer, the same way on both edges', async () => {
    const unknown = cliAnswers.get('unknown')!;
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('unknown KPI `rosa`');
    const body = await api('/why?kpi=rosa', 400);
    expect(body).toMatchObject({ error: { code: 'unknown_kpi' } });
    const deep = await api('/why?kpi=roas&by=channel,campaign,ad_group,creator,content,region,audience', 400);
    expect(deep).toMatchObject({ error: { code: 'invalid_request' } });
    expect((await api('/why?kpi=roas&compare=yesterday', 400)).error).toBeDefined();
  });
});
