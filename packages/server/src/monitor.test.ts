/**
 * The monitor from the CLI and over HTTP, on one demo workspace file: `markpi monitor run` records
 * incidents in the workspace without a server, and the server finds the same ones; incidents are
 * worked over the API (editors act, viewers read, a move the state forbids is a conflict), each
 * step lands in the history and the audit log; markers, freshness and settings answer; a second
 * run of the same data opens nothing new; `markpi monitor score` scores a file.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { updateMonitorSettings } from '@markpi/app';
import { buildCatalog } from '@markpi/core';
import { DEMO_PERIOD, DEMO_STORY, loadDemo, openDuckDbWarehouse } from '@markpi/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../cli/src/testing.js';
import { createHarness, type Harness, type TestClient } from './testing/harness.js';

interface Said {
  text: { en: string; zh: string };
}
interface MarkerJson {
  series: string;
  time: string;
  direction: string;
  value: number;
  expected: number;
  said: Said;
  incident: { id: string; state: string; severity: string };
}
interface IncidentJson {
  id: string;
  kind: string;
  severity: string;
  state: string;
  segment: string;
  from: string;
  to: string;
  title: Said;
  owner: string | null;
  snoozedUntil: string | null;
  comments: { author: string | null; text: string }[];
  history: { kind: string; actor: string | null }[];
  markers: MarkerJson[];
  why: { kpi: string; from: string; to: string; compare: string; filter?: string } | null;
}
/** What the routes answer, loosely: each test reads the fields it checks. */
type Json = Record<string, unknown> & {
  error: { code: string };
  incidents: IncidentJson[];
  markers: MarkerJson[];
  sources: { daily: boolean; lastDay: string }[];
  note: Said;
  summary: Said;
  counts: Record<string, number>;
  total: number;
  opened: unknown[];
  series: number;
  settings: { monitors: Record<string, unknown>[] } & Record<string, unknown>;
  monitors: { watched: { kpi: string }[] }[];
  entries: { target: string; action: string }[];
} & IncidentJson;

const outage = DEMO_STORY.anomalies.find((entry) => entry.id === 'meta-tracking-outage')!;

/** A monitor small enough for a test: four KPIs, the workspace and its channels. */
const SETTINGS = {
  monitors: [
    {
      id: 'core',
      name: 'Core KPIs',
      kpis: ['conversions', 'spend', 'ctr', 'cvr'],
      segments: ['workspace', 'channel'],
    },
  ],
  topCreators: 0,
};

describe('the monitor from the CLI and the HTTP API', () => {
  let harness: Harness;
  let folder: string;
  let file: string;
  let viewer: TestClient;
  let editor: TestClient;
  const cli = (...args: string[]) => runCliCaptured(folder, ['--db', file, ...args]);
  let cliRun: Json;
  let cliIncidents: IncidentJson[];

  beforeAll(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'markpi-monitor-'));
    file = path.join(folder, 'demo.duckdb');
    const warehouse = await openDuckDbWarehouse({ path: file });
    await loadDemo(warehouse, { performanceRows: 60_000 });
    await updateMonitorSettings(
      { warehouse, catalog: buildCatalog(), now: () => new Date() },
      SETTINGS,
      'setup',
    );
    await warehouse.close();

    const run = await cli('monitor', 'run', '--format', 'json', '--no-explain');
    expect(run.code, run.err).toBe(0);
    cliRun = JSON.parse(run.out);
    const listed = await cli('monitor', 'incidents', '--format', 'json', '--limit', '1000');
    expect(listed.code, listed.err).toBe(0);
    cliIncidents = JSON.parse(listed.out);

    harness = await createHarness();
    const { services } = harness.server;
    const createdAt = harness.clock.now().toISOString();
    const demo = await services.registry.registerFile(file, { id: 'demo', name: 'Demo', createdAt });
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
    await harness?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  async function api(
    client: TestClient,
    method: 'get' | 'post' | 'put',
    url: string,
    body?: unknown,
    expected = 200,
  ) {
    const response = await (method === 'get'
      ? client.get(`/api/workspaces/demo${url}`)
      : client[method](`/api/workspaces/demo${url}`, body));
    expect(response.statusCode, response.body).toBe(expected);
    return response.json<Json>();
  }

  it('the CLI ran the monitor on the file, and the server lists the same incidents', async () => {
    expect(cliRun).toMatchObject({ skipped: false, through: DEMO_PERIOD.to });
    expect(cliRun.series).toBeGreaterThan(20);
    expect(cliRun.opened.length).toBeGreaterThan(0);
    const body = await api(viewer, 'get', '/monitor/incidents?limit=1000');
    expect(body.total).toBe(cliIncidents.length);
    expect(body.incidents.map((incident: Json) => incident.id)).toEqual(
      cliIncidents.map((incident) => incident.id),
    );
    expect(body.incidents.map((incident: Json) => incident.title)).toEqual(
      cliIncidents.map((incident) => incident.title),
    );
    expect(body.counts.open).toBe(cliIncidents.length);
    // The Meta outage is one tracking-break incident on Meta, over its two days.
    const tracking = body.incidents.filter((incident: Json) => incident.kind === 'tracking_break');
    expect(tracking).toHaveLength(1);
    expect(tracking[0]).toMatchObject({
      segment: 'channel:meta',
      severity: 'critical',
      from: outage.from,
      to: outage.to,
    });
  });

  it('an incident carries its alerts as markers, and the markers route gives a series its dots', async () => {
    const listed = await api(viewer, 'get', '/monitor/incidents?kind=tracking_break');
    const id = listed.incidents[0].id as string;
    const incident = await api(viewer, 'get', `/monitor/incidents/${id}`);
    expect(incident.markers.length).toBeGreaterThan(0);
    // The question the diagnosis answers for it, and the answer names Meta's conversions.
    expect(incident.why).toEqual({
      kpi: 'conversions',
      from: outage.from,
      to: outage.to,
      compare: 'previous',
      filter: "channel = 'meta'",
    });
    const why = await api(
      viewer,
      'get',
      `/why?kpi=conversions&from=${outage.from}&to=${outage.to}&compare=previous&filter=${encodeURIComponent("channel = 'meta'")}`,
    );
    expect(why.kpi).toMatchObject({ id: 'conversions' });
    const meta = incident.markers.filter((marker: Json) => marker.series === 'conversions@channel:meta');
    expect(meta.map((marker: Json) => marker.time)).toEqual([outage.from, outage.to]);
    for (const marker of meta) {
      expect(marker).toMatchObject({ direction: 'below', value: 0 });
      expect(marker.expected).toBeGreaterThan(10);
      expect(marker.said.text.en).toMatch(/^Meta, 2026-01-1[34]: conversions was 0, below the expected/);
      expect(marker.said.text.zh).toMatch(/^Meta，2026-01-1[34]：转化次数为 0，低于预期的/);
    }
    const dots = await api(
      viewer,
      'get',
      `/monitor/markers?kpi=conversions&segment=channel:meta&from=2026-01-01&to=2026-01-31`,
    );
    expect(dots.markers.map((marker: Json) => marker.time)).toEqual([outage.from, outage.to]);
    expect(dots.markers[0].incident).toMatchObject({ id, state: 'open', severity: 'critical' });
    expect(
      (await api(viewer, 'get', '/monitor/markers?kpi=conversions&segment=meta', undefined, 400)).error.code,
    ).toBe('invalid_request');
    expect((await api(viewer, 'get', '/monitor/markers?kpi=rosa', undefined, 400)).error.code).toBe(
      'unknown_kpi',
    );
  });

  it('editors work an incident through its states; viewers read; a move the state forbids is a conflict', async () => {
    const listed = await api(viewer, 'get', '/monitor/incidents?kind=tracking_break');
    const id = listed.incidents[0].id as string;
    const at = `/monitor/incidents/${id}`;
    expect((await api(viewer, 'post', `${at}/acknowledge`, {}, 403)).error.code).toBe('forbidden');
    expect(await api(editor, 'post', `${at}/acknowledge`, { note: 'checking the pixel' })).toMatchObject({
      state: 'acknowledged',
    });
    expect((await api(editor, 'post', `${at}/acknowledge`, {}, 409)).error.code).toBe('conflict');
    expect(await api(editor, 'put', `${at}/owner`, { owner: 'li.wei' })).toMatchObject({ owner: 'li.wei' });
    const until = new Date(harness.clock.now().getTime() + 86_400_000).toISOString();
    expect(await api(editor, 'post', `${at}/snooze`, { until })).toMatchObject({
      state: 'snoozed',
      snoozedUntil: until,
    });
    expect(
      (await api(editor, 'post', `${at}/snooze`, { until: '2020-01-01T00:00:00Z' }, 400)).error.code,
    ).toBe('invalid_request');
    expect(await api(editor, 'post', `${at}/comments`, { text: 'pixel fixed on the 15th' })).toMatchObject({
      comments: [{ author: harness.accounts.editorA.login, text: 'pixel fixed on the 15th' }],
    });
    expect(await api(editor, 'post', `${at}/resolve`, {})).toMatchObject({ state: 'resolved' });
    expect(await api(editor, 'post', `${at}/false-alarm`, { note: 'not an outage' })).toMatchObject({
      state: 'false_alarm',
    });
    const reopened = await api(editor, 'post', `${at}/reopen`, {});
    const editorLogin = harness.accounts.editorA.login;
    expect(reopened.state).toBe('open');
    expect(reopened.history.map((entry: Json) => [entry.kind, entry.actor])).toEqual([
      ['detected', null],
      ['acknowledged', editorLogin],
      ['assigned', editorLogin],
      ['snoozed', editorLogin],
      ['commented', editorLogin],
      ['resolved', editorLogin],
      ['false_alarm', editorLogin],
      ['reopened', editorLogin],
    ]);
    expect((await api(viewer, 'get', '/monitor/incidents/no-such-incident', undefined, 404)).error.code).toBe(
      'not_found',
    );
    const root = await harness.as('root');
    const audit = (await root.get('/api/audit?limit=100')).json<Json>();
    const actions = (audit.entries as Json[])
      .filter((entry) => entry.target === id)
      .map((entry) => entry.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'incident.acknowledge',
        'incident.assign',
        'incident.snooze',
        'incident.resolve',
        'incident.false_alarm',
        'incident.reopen',
        'incident.comment',
      ]),
    );
  });

  it('says how fresh the data is, per source, for the header', async () => {
    const body = await api(viewer, 'get', '/freshness');
    expect(body).toMatchObject({
      lastDay: DEMO_PERIOD.to,
      completeThrough: DEMO_PERIOD.to,
      windowEnd: DEMO_PERIOD.to,
    });
    const daily = body.sources.filter((source: Json) => source.daily);
    expect(daily.length).toBeGreaterThanOrEqual(8);
    for (const source of daily) expect(source.lastDay).toBe(DEMO_PERIOD.to);
    expect(body.note.text).toEqual({
      en: `Every active source has data through ${DEMO_PERIOD.to}`,
      zh: `所有在用数据源的数据均已到 ${DEMO_PERIOD.to}`,
    });
  });

  it('reads and changes the settings; editors only, KPIs checked', async () => {
    const read = await api(viewer, 'get', '/monitor/settings');
    expect(read).toMatchObject({ version: 1, settings: { topCreators: 0 } });
    expect(read.monitors[0].watched.map((entry: Json) => entry.kpi)).toEqual([
      'conversions',
      'spend',
      'ctr',
      'cvr',
    ]);
    expect(read.lastRun).toMatchObject({ through: DEMO_PERIOD.to });
    const next = { ...read.settings, monitors: [{ ...read.settings.monitors[0], sensitivity: 'low' }] };
    expect((await api(viewer, 'put', '/monitor/settings', next, 403)).error.code).toBe('forbidden');
    const saved = await api(editor, 'put', '/monitor/settings', next);
    expect(saved).toMatchObject({
      version: 2,
      author: harness.accounts.editorA.login,
      settings: { monitors: [{ sensitivity: 'low' }] },
    });
    expect((await api(editor, 'put', '/monitor/settings', next, 400)).error.code).toBe('no_change');
    const wrong = { ...next, monitors: [{ ...next.monitors[0], kpis: ['rosa'] }] };
    expect((await api(editor, 'put', '/monitor/settings', wrong, 400)).error.code).toBe('unknown_kpi');
    // Back as it was, for the run below.
    await api(editor, 'put', '/monitor/settings', read.settings);
  });

  it('a run on the server over the same data opens nothing new', async () => {
    const body = await api(editor, 'post', '/monitor/run', { force: true });
    expect(body).toMatchObject({ skipped: false, opened: [], reopened: [] });
    expect(body.summary.text.en).toMatch(/series watched through 2026-10-31/);
  });

  it('markpi monitor score scores a file of any series', async () => {
    const input = path.join(folder, 'series.csv');
    const lines = ['timestamp,value'];
    for (let hour = 0; hour < 24 * 21; hour++) {
      const time = new Date(Date.UTC(2026, 0, 1, hour)).toISOString();
      lines.push(
        `${time},${hour === 24 * 20 + 12 ? 500 : 100 + 20 * Math.sin((2 * Math.PI * hour) / 24) + (hour % 7)}`,
      );
    }
    writeFileSync(input, `${lines.join('\n')}\n`);
    const result = await runCliCaptured(folder, [
      'monitor',
      'score',
      '--input',
      'series.csv',
      '--output',
      'scores.csv',
    ]);
    expect(result.code, result.err).toBe(0);
    const out = readFileSync(path.join(folder, 'scores.csv'), 'utf8').trim().split('\n');
    expect(out[0]).toBe('timestamp,value,anomaly_score');
    expect(out).toHaveLength(lines.length);
    const spike = out.find((line) => line.startsWith('2026-01-21T12:00:00.000Z'))!;
    expect(Number(spike.split(',')[2])).toBeGreaterThan(0.999);
    const missing = await runCliCaptured(folder, [
      'monitor',
      'score',
      '--input',
      'nope.csv',
      '--output',
      'x.csv',
    ]);
    expect(missing.code).toBe(2);
  });
});
