/**
 * The monitor in Chromium against a real server with the demo: a source that stopped delivering
 * shows in the header — how many sources are behind, the monitor's note and the source with its
 * last day and days behind — in English and in Chinese, as the freshness API says it; after a
 * run of the monitor, an editor acknowledges an incident from the inbox, snoozes it until a day
 * and resolves it, each step recorded in its history as the API keeps it, headlines in both
 * languages; a viewer sees the incident without the buttons; a day of planted spend shows as a
 * dot on the spend tile's line whose explanation, hovered, is the markers API's in both languages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, type Dashboard, DEMO_WORKSPACE, startDashboard } from './harness';

const ws = `/workspaces/${DEMO_WORKSPACE}`;
const api = `/api/workspaces/${DEMO_WORKSPACE}`;
const DAYS_MISSING = 3;
const SPIKE_DAYS_BEFORE_END = 12;

interface Said {
  text: { en: string; zh: string };
}

interface IncidentSummary {
  id: string;
  state: string;
  title: Said;
}

interface Incident extends IncidentSummary {
  why: { kpi: string; from: string; to: string; compare: string; filter?: string } | null;
  snoozedUntil: string | null;
  history: { kind: string; actor: string | null; until?: string }[];
  comments: { author: string | null; text: string }[];
}

interface Marker {
  time: string;
  said: Said;
}

interface Freshness {
  lastDay: string | null;
  completeThrough: string | null;
  sources: { source: string; channel: string; account: string; lastDay: string; daysBehind: number }[];
  behind: string[];
  note: { text: { en: string; zh: string } };
}

describe('the monitor in the dashboard', () => {
  let dashboard: Dashboard;
  let viewer: ApiClient;
  let editor: ApiClient;
  /** The source the test makes stale: the demo's largest performance account. */
  let stale: { channel: string; account: string };
  /** The day the test makes spend spike across the workspace. */
  let spikeDay: string;

  beforeAll(async () => {
    dashboard = await startDashboard();
    viewer = await dashboard.api('viewer');
    editor = await dashboard.api('editor');
    const { warehouse } = dashboard.demo;
    const [largest] = await warehouse.query(
      'SELECT channel, account, max(date) AS last_day FROM fact_performance GROUP BY channel, account ORDER BY count(*) DESC, channel, account LIMIT 1',
    );
    if (!largest) throw new Error('the demo should have performance rows');
    stale = { channel: String(largest.channel), account: String(largest.account) };
    // The account's last three days never arrived.
    await warehouse.run(
      `DELETE FROM fact_performance WHERE channel = ? AND account = ? AND date > CAST(? AS DATE) - INTERVAL ${DAYS_MISSING} DAY`,
      [stale.channel, stale.account, String(largest.last_day).slice(0, 10)],
    );
    // A day when the whole workspace spent six times as much: the monitor must mark it.
    const [spike] = await warehouse.query(
      `SELECT strftime(CAST(? AS DATE) - INTERVAL ${SPIKE_DAYS_BEFORE_END} DAY, '%Y-%m-%d') AS day`,
      [String(largest.last_day).slice(0, 10)],
    );
    spikeDay = String(spike?.day);
    await warehouse.run('UPDATE fact_performance SET spend = spend * 6 WHERE date = CAST(? AS DATE)', [
      spikeDay,
    ]);
  }, 300_000);

  afterAll(async () => {
    await dashboard?.close();
  });

  it('shows a stale source in the header, in English and in Chinese, as the freshness API says', async () => {
    const freshness = await viewer.json<Freshness>('GET', `${api}/freshness`);
    const staleId = `${stale.channel}/${stale.account}`;
    expect(freshness.behind).toContain(staleId);
    const staleSource = freshness.sources.find((source) => source.source === staleId);
    expect(staleSource?.daysBehind).toBe(DAYS_MISSING);
    const through = freshness.completeThrough ?? freshness.lastDay;

    const { context, page } = await dashboard.newPage();
    await dashboard.login(page, 'viewer');
    await page.goto(`${dashboard.url}${ws}/overview`);
    const chip = page.locator('[data-testid=freshness]');
    await chip.waitFor({ timeout: 60_000 });
    await expect(chip.getAttribute('data-behind')).resolves.toBe(String(freshness.behind.length));
    await expect(page.locator('[data-testid=freshness-through]').textContent()).resolves.toBe(
      `Data through ${through}`,
    );
    const behindLabel =
      freshness.behind.length === 1 ? '1 source behind' : `${freshness.behind.length} sources behind`;
    await expect(page.locator('[data-testid=freshness-behind]').textContent()).resolves.toBe(behindLabel);

    await page.locator('[data-testid=freshness] summary').click();
    await expect(page.locator('[data-testid=freshness-note]').textContent()).resolves.toBe(
      freshness.note.text.en,
    );
    expect(freshness.note.text.en).toContain(stale.account);
    const row = page.locator(`[data-testid=freshness-source][data-source="${staleId}"]`);
    await expect(row.textContent()).resolves.toContain(`${DAYS_MISSING} days behind`);
    await expect(row.textContent()).resolves.toContain(`last day ${staleSource?.lastDay}`);
    await dashboard.screenshot(page, 'monitor-freshness-en');

    await page.locator('[data-testid=language-zh-CN]').click();
    await expect
      .poll(() => page.locator('[data-testid=freshness-note]').textContent())
      .toBe(freshness.note.text.zh);
    expect(freshness.note.text.zh).not.toBe(freshness.note.text.en);
    await expect(page.locator('[data-testid=freshness-through]').textContent()).resolves.toBe(
      `数据截至 ${through}`,
    );
    await expect(page.locator('[data-testid=freshness-behind]').textContent()).resolves.toBe(
      `${freshness.behind.length} 个来源落后`,
    );
    await expect(row.textContent()).resolves.toContain(`落后 ${DAYS_MISSING} 天`);
    await dashboard.screenshot(page, 'monitor-freshness-zh');
    await context.close();
  }, 180_000);

  it('acknowledges, snoozes and resolves an incident from the inbox, in English and Chinese', async () => {
    // A small monitor, so the run takes seconds on the demo: spend by channel, and late sources.
    await editor.json('PUT', `${api}/monitor/settings`, {
      monitors: [{ id: 'spend', name: 'Spend', kpis: ['spend'], segments: ['workspace', 'channel'] }],
      topCreators: 0,
      historyDays: 120,
      trackingBreaks: false,
      pace: false,
    });
    await editor.json('POST', `${api}/monitor/run`, { force: true });
    const listed = await editor.json<{ incidents: IncidentSummary[] }>(
      'GET',
      `${api}/monitor/incidents?state=open&kind=kpi`,
    );
    const first = listed.incidents[0];
    if (!first) throw new Error('the monitor should open an incident on the demo');
    const incidentApi = `${api}/monitor/incidents/${encodeURIComponent(first.id)}`;

    const { context, page } = await dashboard.newPage();
    await dashboard.login(page, 'editor');
    await page.goto(`${dashboard.url}${ws}/incidents`);
    await page.locator('[data-testid=incidents][data-ready=true]').waitFor({ timeout: 60_000 });
    const row = page.locator(`[data-testid=incident-row][data-incident="${first.id}"]`);
    await expect(row.locator('[data-testid=incident-headline]').textContent()).resolves.toBe(
      first.title.text.en,
    );
    await expect(row.getAttribute('data-state')).resolves.toBe('open');
    await row.click();

    const detail = page.locator(`[data-testid=incident-detail][data-incident="${first.id}"]`);
    const settled = async (state: string) => {
      await page
        .locator(
          `[data-testid=incident-detail][data-incident="${first.id}"][data-state=${state}][data-ready=true]`,
        )
        .waitFor({ timeout: 30_000 });
      const stored = await viewer.json<Incident>('GET', incidentApi);
      expect(stored.state).toBe(state);
      return stored;
    };
    const opened = await settled('open');
    await expect(detail.locator('[data-testid=incident-title]').textContent()).resolves.toBe(
      first.title.text.en,
    );
    // "why?" on the incident opens the diagnosis of its KPI in its segment over its days: the
    // breakdown the why API gives for the same question.
    if (!opened.why) throw new Error('a KPI incident should carry its question');
    await detail.locator('[data-testid=incident-why]').click();
    await page.locator('[data-testid=why-panel][data-ready=true]').waitFor({ timeout: 60_000 });
    await expect(page.locator('[data-testid=why-panel]').getAttribute('data-kpi')).resolves.toBe('spend');
    const question = new URLSearchParams({
      kpi: opened.why.kpi,
      from: opened.why.from,
      to: opened.why.to,
      compare: opened.why.compare,
      ...(opened.why.filter ? { filter: opened.why.filter } : {}),
    });
    const answer = await viewer.json<{ filter: string | null; segments: { drivers: unknown[] } | null }>(
      'GET',
      `${api}/why?${question}`,
    );
    await expect(page.locator('[data-testid=why-driver]').count()).resolves.toBe(
      answer.segments?.drivers.length ?? 0,
    );
    if (opened.why.filter)
      await expect(page.locator('[data-testid=why-filter]').textContent()).resolves.toBe(opened.why.filter);
    await page.locator('[data-testid=why-close]').click();

    await detail.locator('[data-testid=incident-acknowledge]').click();
    await settled('acknowledged');
    await expect(detail.locator('[data-testid=incident-detail-state]').textContent()).resolves.toBe(
      'Acknowledged',
    );

    // A week from now, as a day in the browser's time zone (the harness's Asia/Shanghai, UTC+8).
    const day = new Date(Date.now() + 7 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
    await detail.locator('[data-testid=incident-snooze-day]').fill(day);
    await detail.locator('[data-testid=incident-snooze]').click();
    const snoozed = await settled('snoozed');
    expect(snoozed.snoozedUntil).not.toBeNull();
    // Until the start of that day on the member's clock.
    expect(Date.parse(snoozed.snoozedUntil ?? '')).toBe(Date.parse(`${day}T00:00:00+08:00`));

    await detail.locator('[data-testid=incident-comment-text]').fill('Checked with the agency');
    await detail.locator('[data-testid=incident-comment-text]').press('Enter');
    await expect
      .poll(async () => (await viewer.json<Incident>('GET', incidentApi)).comments.map((entry) => entry.text))
      .toEqual(['Checked with the agency']);

    await detail.locator('[data-testid=incident-resolve]').click();
    const resolved = await settled('resolved');
    expect(resolved.history.map((entry) => entry.kind)).toEqual([
      'detected',
      'acknowledged',
      'snoozed',
      'commented',
      'resolved',
    ]);
    expect(resolved.history.slice(1).every((entry) => entry.actor === 'editor')).toBe(true);
    await expect(detail.locator('[data-testid=incident-history] li').count()).resolves.toBe(
      resolved.history.length,
    );
    // A resolved incident can only be called a false alarm or reopened.
    await expect(detail.locator('[data-testid=incident-resolve]').count()).resolves.toBe(0);
    await expect(detail.locator('[data-testid=incident-reopen]').count()).resolves.toBe(1);
    await dashboard.screenshot(page, 'monitor-incident-en');

    await page.locator('[data-testid=language-zh-CN]').click();
    await expect
      .poll(() => detail.locator('[data-testid=incident-title]').textContent())
      .toBe(first.title.text.zh);
    await expect(detail.locator('[data-testid=incident-detail-state]').textContent()).resolves.toBe('已解决');
    await page.locator('[data-testid=incidents-view-closed]').click();
    await page.locator('[data-testid=incidents][data-ready=true]').waitFor();
    await expect(row.getAttribute('data-state')).resolves.toBe('resolved');
    await dashboard.screenshot(page, 'monitor-incident-zh');
    await context.close();
  }, 300_000);

  it('shows a viewer an incident without the buttons that change it', async () => {
    const listed = await viewer.json<{ incidents: IncidentSummary[] }>('GET', `${api}/monitor/incidents`);
    const first = listed.incidents[0];
    if (!first) throw new Error('the run should have opened incidents');
    const { context, page } = await dashboard.newPage();
    await dashboard.login(page, 'viewer');
    await page.goto(`${dashboard.url}${ws}/incidents/${encodeURIComponent(first.id)}`);
    await page.locator('[data-testid=incident-detail][data-ready=true]').waitFor({ timeout: 60_000 });
    await expect(page.locator('[data-testid=incident-viewer-note]').count()).resolves.toBe(1);
    await expect(page.locator('[data-testid=incident-actions]').count()).resolves.toBe(0);
    await expect(page.locator('[data-testid=incident-comment-text]').count()).resolves.toBe(0);
    await context.close();
  }, 120_000);

  it('puts a dot on the spend tile’s line on the day spend spiked, with the monitor’s explanation on hover', async () => {
    // The run of the incidents test watches spend over the whole workspace; run again in case.
    await editor.json('POST', `${api}/monitor/run`, { force: false });
    const { markers } = await viewer.json<{ markers: Marker[] }>(
      'GET',
      `${api}/monitor/markers?kpi=spend&segment=workspace&from=${spikeDay}&to=${spikeDay}`,
    );
    const marker = markers[0];
    if (!marker) throw new Error(`the monitor should mark spend on ${spikeDay}`);

    const { context, page } = await dashboard.newPage();
    await dashboard.login(page, 'viewer');
    await page.goto(`${dashboard.url}${ws}/overview`);
    await page.locator('[data-testid=overview][data-ready=true]').waitFor({ timeout: 60_000 });
    const dot = page.locator(`[data-testid=tile-spend] [data-testid=anomaly-dot][data-day="${spikeDay}"]`);
    await dot.waitFor({ timeout: 30_000 });
    await expect(page.locator('[data-testid=anomaly-explanation]').count()).resolves.toBe(0);
    await dot.hover();
    const explanation = page.locator('[data-testid=tile-spend] [data-testid=anomaly-explanation]');
    await expect(explanation.textContent()).resolves.toBe(`${spikeDay} ${marker.said.text.en}`);
    await dashboard.screenshot(page, 'monitor-anomaly-en');

    await page.locator('[data-testid=language-zh-CN]').click();
    await dot.hover();
    await expect.poll(() => explanation.textContent()).toBe(`${spikeDay} ${marker.said.text.zh}`);
    expect(marker.said.text.zh).not.toBe(marker.said.text.en);
    await page.mouse.move(0, 0);
    await expect.poll(() => explanation.count()).toBe(0);
    await context.close();
  }, 180_000);
});
