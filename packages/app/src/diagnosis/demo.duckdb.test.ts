/**
 * The problems the demo's story plants (`DEMO_STORY`), found and explained: the Meta tracking
 * outage as a tracking break rather than worse performance, Weibo's conversion rate as the
 * weakest link, and Xiaohongshu's collapsed click-through week as CTR. Reference figures are
 * asked of the planner directly, apart from the diagnosis.
 */
import { buildCatalog } from '@markpi/core';
import {
  DEMO_PERIOD,
  DEMO_STORY,
  loadDemo,
  openDuckDbWarehouse,
  runKpiQuery,
  type Warehouse,
} from '@markpi/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkspaceContext } from '../workspace.js';
import { comparedWindow, explainChange } from './explain-change.js';
import { weakestLink } from './weakest-link.js';

const anomaly = (id: string) => DEMO_STORY.anomalies.find((entry) => entry.id === id)!;

describe('why the demo KPIs moved', () => {
  let warehouse: Warehouse;
  let workspace: WorkspaceContext;

  async function byChannel(kpi: string, window: { from: string; to: string }, filter?: string) {
    const result = await runKpiQuery(warehouse, workspace.catalog, {
      kpis: [kpi],
      dimensions: ['channel'],
      ...window,
      ...(filter ? { filter } : {}),
    });
    return new Map(result.rows.map((row) => [String(row.channel), row[kpi] as number]));
  }

  beforeAll(async () => {
    warehouse = await openDuckDbWarehouse({ path: ':memory:' });
    await loadDemo(warehouse, { performanceRows: 60_000 });
    workspace = { warehouse, catalog: buildCatalog(), now: () => new Date('2026-11-01T00:00:00Z') };
  });
  afterAll(async () => {
    await warehouse.close();
  });

  it('conversions fell over the Meta outage: a tracking break on Meta, spend and clicks unchanged', async () => {
    const outage = anomaly('meta-tracking-outage');
    expect(outage.kind).toBe('tracking_outage');
    const window = { from: outage.from, to: outage.to };
    const result = await explainChange(workspace, { kpi: 'conversions', ...window });
    expect(result.change).toBeLessThan(0);

    // First finding, and first advice: Meta's conversions collapsed while what leads to them held.
    const [first] = result.findings;
    expect(first).toMatchObject({
      kind: 'tracking_break',
      subject: outage.channel,
      measure: 'conversions',
      change: -1,
    });
    const held = first?.kind === 'tracking_break' ? first.held : [];
    expect(held.map((entry) => entry.measure)).toEqual(['spend', 'clicks']);
    for (const entry of held) expect(Math.abs(entry.change)).toBeLessThanOrEqual(0.25);
    expect(first?.text.en).toMatch(
      /^Meta's conversions fell 100% while spend \(.+\) and clicks \(.+\) held$/,
    );
    expect(result.advice[0]).toMatchObject({ rule: 'tracking_break', subject: 'meta', finding: 0 });
    expect(result.advice[0]?.text.en).toContain('check the tracking');
    expect(result.advice[0]?.text.zh).toContain('先检查数据追踪');
    // Meta's CVR fell too, but its advice gives way to the tracking break: not a performance problem.
    expect(result.findings.some((entry) => entry.kind === 'weak_step' && entry.subject === 'meta')).toBe(
      true,
    );
    expect(result.advice.filter((entry) => entry.subject === 'meta').map((entry) => entry.rule)).toEqual([
      'tracking_break',
    ]);

    // Meta's part of the fall is all its conversions of the days before; spend stayed near.
    const earlier = comparedWindow(window, 'previous');
    const before = await byChannel('conversions', earlier);
    const meta = result.segments!.drivers.find((driver) => driver.path[0]?.segment === 'meta')!;
    expect(meta.path).toHaveLength(1);
    expect(meta.contribution).toBe(-before.get('meta')!);
    expect(meta.shareOfChange).toBeCloseTo(before.get('meta')! / -result.change!, 12);
    const spendBefore = await byChannel('spend', earlier);
    const spendAfter = await byChannel('spend', window);
    expect(Math.abs(spendAfter.get('meta')! / spendBefore.get('meta')! - 1)).toBeLessThan(0.25);
  });

  it('Weibo is the weakest link: its CVR against its own history and its peers, with the landing-page advice', async () => {
    const { weakFunnel } = DEMO_STORY;
    const result = await weakestLink(workspace);
    expect(result.window.to).toBe(DEMO_PERIOD.to);
    expect(result.weakest).toMatchObject({
      channel: weakFunnel.channel,
      kpi: 'cvr',
      from: 'clicks',
      to: 'conversions',
    });
    expect(result.weakest?.judged.basis).toBe('peers');
    expect(result.summary.text.en).toMatch(
      /^Weibo's CVR is the weakest link: \d+% below the median of its peers$/,
    );
    expect(result.summary.text.zh).toMatch(/^微博的转化率是最薄弱的环节/);

    // The peers' median, asked of the planner: every other channel's CVR over the same days.
    const cvr = await byChannel('cvr', result.window);
    const others = [...cvr].filter(([channel]) => channel !== weakFunnel.channel).map(([, value]) => value);
    others.sort((a, b) => a - b);
    const median =
      others.length % 2
        ? others[(others.length - 1) / 2]!
        : (others[others.length / 2 - 1]! + others[others.length / 2]!) / 2;
    expect(result.weakest?.judged.reference).toBeCloseTo(median, 12);
    expect(result.weakest?.value).toBeCloseTo(cvr.get(weakFunnel.channel)!, 12);
    expect(result.weakest!.value).toBeLessThan(weakFunnel.lowestElsewhere);

    const finding = result.findings.find(
      (entry) => entry.subject === weakFunnel.channel && entry.kind === 'weak_step',
    );
    expect(finding?.kind === 'weak_step' && finding.comparisons.map((entry) => entry.basis)).toEqual([
      'previous_period',
      'same_period_last_year',
      'peers',
    ]);
    expect(finding?.text.en).toMatch(
      /^Weibo's CVR is 0\.\d+% against its own .+ the previous period, its own .+ the same period last year and .+ for peers, while CTR held$/,
    );
    const advice = result.advice.find((entry) => entry.subject === weakFunnel.channel);
    expect(advice?.rule).toBe('weak_conversion');
    expect(advice?.text.en).toContain(
      'check the landing page, the product presentation and the purchase flow',
    );
    expect(advice?.text.zh).toContain('检查落地页、商品展示和购买流程');
    // The weakest finding comes first.
    expect(result.findings[0]).toBe(finding);
  });

  it('a single-channel view judges Weibo against its own history, having no peers', async () => {
    const result = await weakestLink(workspace, { filter: "channel = 'weibo'" });
    expect(result.channels.map((entry) => entry.channel)).toEqual(['weibo']);
    const cvrStep = result.channels[0]!.steps.find((step) => step.kpi === 'cvr')!;
    expect(cvrStep.comparisons.map((entry) => entry.basis)).toEqual([
      'previous_period',
      'same_period_last_year',
    ]);
    expect(cvrStep.judged?.basis).toBe('previous_period');
    const before = await byChannel('cvr', result.previous, "channel = 'weibo'");
    expect(cvrStep.judged?.reference).toBeCloseTo(before.get('weibo')!, 12);
  });

  it("Xiaohongshu's July week is explained by CTR, not by spend or impressions", async () => {
    const collapse = anomaly('xhs-ctr-collapse');
    const filter = `channel = '${collapse.channel}'`;
    const window = { from: collapse.from, to: collapse.to };
    const result = await explainChange(workspace, { kpi: 'roas', ...window, filter });
    expect(result.change).toBeLessThan(0);
    expect(result.formula.basis).toBe('funnel');
    const share = (id: string) => result.formula.factors.find((factor) => factor.id === id)!.share!;
    expect(share('ctr')).toBeGreaterThan(0.9);
    // CPM is spend over impressions: it barely moved, nor did either alone.
    expect(Math.abs(share('cpm'))).toBeLessThan(0.05);
    expect(result.summary[1]?.text.en).toMatch(/^By its formula, CTR accounts for 9\d% of the change/);
    const impressions = await byChannel('impressions', window, filter);
    const impressionsBefore = await byChannel('impressions', result.earlier, filter);
    expect(
      Math.abs(impressions.get(collapse.channel)! / impressionsBefore.get(collapse.channel)! - 1),
    ).toBeLessThan(0.1);

    expect(result.findings.map((finding) => [finding.kind, finding.subject])).toEqual([
      ['weak_step', 'xiaohongshu'],
    ]);
    expect(result.findings[0]).toMatchObject({ kpi: 'ctr', judged: { basis: 'previous_period' } });
    expect(result.findings[0]?.text.en).toMatch(/^Xiaohongshu's CTR is .+ against its own .+ last week$/);
    expect(result.advice.map((entry) => entry.rule)).toEqual(['weak_click']);

    // Across every channel, the week's fall in clicks is Xiaohongshu's.
    const clicks = await explainChange(workspace, { kpi: 'clicks', ...window });
    expect(clicks.segments?.steps[0]).toMatchObject({ dimension: 'channel', descended: 'xiaohongshu' });
  });

  it('every built-in KPI: the value the planner gives, and parts that add up to the change', async () => {
    const window = { from: '2026-03-01', to: '2026-03-31' };
    const earlier = comparedWindow(window, 'previous');
    expect(earlier).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    const kpis = [...workspace.catalog.kpis.keys()];
    const direct = async (period: { from: string; to: string }) =>
      (await runKpiQuery(warehouse, workspace.catalog, { kpis, ...period })).rows[0]!;
    const [before, after] = [await direct(earlier), await direct(window)];
    for (const kpi of kpis) {
      const result = await explainChange(workspace, { kpi, ...window });
      expect(result.before, kpi).toBeCloseTo(before[kpi] as number, 9);
      expect(result.after, kpi).toBeCloseTo(after[kpi] as number, 9);
      const scale = Math.max(1, Math.abs(result.before ?? 0), Math.abs(result.after ?? 0));
      const factors = result.formula.factors.reduce((sum, factor) => sum + factor.contribution, 0);
      expect(Math.abs(factors - result.change!) / scale, kpi).toBeLessThan(1e-12);
      const segments = result.segments!;
      const drivers = segments.drivers.reduce((sum, driver) => sum + driver.contribution, 0);
      const split = drivers + segments.otherDrivers.contribution;
      // Segments add up unless a note says why not (a value of an earlier window in a segment
      // with no rows in this one, which the planner leaves out).
      const short = segments.notes.some(
        (note) => note.message.key === 'diagnosis.note.segments_do_not_add_up',
      );
      if (!short) expect(Math.abs(split - result.change!) / scale, kpi).toBeLessThan(1e-9);
    }
  });
});
