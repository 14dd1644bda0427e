/**
 * The demo's planted problems, found by the monitor as one incident each on the right days and
 * segment: the Douyin always-on campaign's one-day spend spike, the two-day Meta tracking outage
 * (a tracking break) and the week of collapsed Xiaohongshu clicks (its CTR). The monitor here
 * watches the KPIs those problems move, daily, in the workspace, its channels and its campaigns,
 * at normal sensitivity; the default monitor (every KPI) is measured by `bench/monitor-run.ts`.
 */
import { buildCatalog } from '@markpi/core';
import { DEMO_STORY, loadDemo, openDuckDbWarehouse, type Warehouse } from '@markpi/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkspaceContext } from '../workspace.js';
import type { Incident } from './incidents.js';
import { runMonitor } from './run.js';
import { updateMonitorSettings } from './use-cases.js';

const planted = (id: string) => DEMO_STORY.anomalies.find((entry) => entry.id === id)!;

describe('the demo’s planted problems', () => {
  let warehouse: Warehouse;
  let workspace: WorkspaceContext;
  let incidents: Incident[];
  beforeAll(async () => {
    warehouse = await openDuckDbWarehouse({ path: ':memory:' });
    await loadDemo(warehouse, { performanceRows: 60_000 });
    workspace = { warehouse, catalog: buildCatalog(), now: () => new Date('2026-11-01T09:00:00Z') };
    await updateMonitorSettings(
      workspace,
      {
        monitors: [
          {
            id: 'core',
            name: 'Core KPIs',
            kpis: ['spend', 'conversions', 'ctr', 'cvr'],
            segments: ['workspace', 'channel', 'campaign'],
          },
        ],
        topCreators: 0,
      },
      'test',
    );
    const run = await runMonitor(workspace, { explain: false });
    incidents = run.opened;
  }, 600_000);
  afterAll(async () => {
    await warehouse.close();
  });

  const touching = (from: string, to: string) =>
    incidents.filter((incident) => incident.from <= to && from <= incident.to);

  it('raises nothing on the peaks of 618 and Double 11', () => {
    const peaks = DEMO_STORY.campaigns
      .filter((campaign) => campaign.goal === 'promotion')
      .flatMap((campaign) => campaign.peaks);
    expect(peaks.length).toBeGreaterThanOrEqual(6);
    const onPeaks = peaks.flatMap((peak) =>
      touching(peak, peak).map((incident) => `${peak}: ${incident.segment} ${incident.kpi}`),
    );
    expect(onPeaks).toEqual([]);
  });

  it('finds the spend spike on its day, headed by the campaign that spent', () => {
    const spike = planted('dy-spend-spike');
    const found = touching(spike.from, spike.to).filter((incident) => incident.kpi === 'spend');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      kind: 'kpi',
      segment: `campaign:${spike.campaign}`,
      from: spike.from,
      to: spike.to,
      direction: 'above',
    });
  });

  it('finds the Meta outage as one tracking break over its two days', () => {
    const outage = planted('meta-tracking-outage');
    const found = touching(outage.from, outage.to).filter((incident) =>
      incident.segments.some((segment) => segment === 'channel:meta' || segment.startsWith('campaign:')),
    );
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      kind: 'tracking_break',
      segment: 'channel:meta',
      severity: 'critical',
      from: outage.from,
      to: outage.to,
    });
  });

  it('finds the Xiaohongshu click collapse as one CTR incident over its week', () => {
    const collapse = planted('xhs-ctr-collapse');
    const found = touching(collapse.from, collapse.to).filter((incident) =>
      incident.segments.some((segment) => segment.includes('xiaohongshu') || segment.endsWith('-xhs')),
    );
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ kpi: 'ctr', from: collapse.from, to: collapse.to, direction: 'below' });
    expect(found[0]!.segment).toMatch(/^(channel:xiaohongshu|campaign:[a-z]+-xhs)$/);
  });
});
