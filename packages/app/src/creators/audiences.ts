/**
 * O-5A audience assets over the workspace: stage sizes and flows between two dates per platform
 * and over all of them, the daily stage sizes for the flow chart, and the A3 pool's growth
 * before each promotion (core's `creators/audiences.ts` states the conventions). Stage sizes
 * and transfers are read through the planner from the audience-stage snapshots.
 */
import {
  AUDIENCE_STAGES,
  type AudienceFlows,
  addDays,
  audienceFlows,
  MarkpiError,
  type PoolGrowth,
  poolGrowthBefore,
  type StageDay,
} from '@markpi/core';
import type { WorkspaceContext } from '../workspace.js';
import { num, quoted, VIEW_KPIS } from './kpis.js';
import { ask, type CreatorWindowRequest, creatorWindow } from './leaderboard.js';
import { promotions } from './registry.js';

export interface AudienceRequest extends CreatorWindowRequest {
  /** Days of A3 growth before each promotion; default 30. */
  days?: number;
  /** Only this promotion (campaign id). */
  promotion?: string;
}

export interface AudienceReport {
  window: { from: string; to: string };
  /** Over every platform (or the one asked for). */
  total: AudienceFlows;
  channels: { channel: string; flows: AudienceFlows }[];
  /** End-of-day stage sizes over the window, every platform added. */
  series: { date: string; stage: string; users: number }[];
  promotions: { campaign: string; name: string | null; start: string; growth: PoolGrowth }[];
}

export const DEFAULT_POOL_DAYS = 30;

export async function audienceReport(
  workspace: WorkspaceContext,
  request: AudienceRequest = {},
): Promise<AudienceReport> {
  const days = request.days ?? DEFAULT_POOL_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > 366)
    throw new MarkpiError('invalid_request', `days: ${days} is not a whole number of days from 1 to 366`, [
      { message: 'not 1…366', path: 'days' },
    ]);
  const window = await creatorWindow(workspace, request);
  const filter = request.channel ? `channel = ${quoted(request.channel)}` : undefined;
  const rows = await ask(workspace, {
    kpis: [VIEW_KPIS.stageUsers, VIEW_KPIS.movedToA3],
    dimensions: ['channel', 'stage'],
    grain: 'day',
    filter,
    from: addDays(window.from, -1),
    to: window.to,
  });
  const stageDays = (channel?: string): StageDay[] =>
    rows
      .filter((row) => channel === undefined || String(row.channel) === channel)
      .map((row) => ({
        date: String(row.day),
        stage: String(row.stage),
        users: num(row[VIEW_KPIS.stageUsers]),
        movedToA3: num(row[VIEW_KPIS.movedToA3]),
      }));
  const channels = [...new Set(rows.map((row) => String(row.channel)))].sort();
  const all = stageDays();
  const series = new Map<string, number>();
  for (const row of all) {
    if (row.date < window.from) continue;
    const key = `${row.date}|${row.stage}`;
    series.set(key, (series.get(key) ?? 0) + row.users);
  }

  const wanted = (await promotions(workspace)).filter(
    (promotion) => request.promotion === undefined || promotion.campaign === request.promotion,
  );
  if (request.promotion !== undefined && wanted.length === 0)
    throw new MarkpiError('not_found', `no promotion ${request.promotion}`, [
      { message: 'not a campaign whose goal is promotion', path: 'promotion' },
    ]);
  let growth: AudienceReport['promotions'] = [];
  if (wanted.length > 0) {
    const first = addDays(wanted[0]!.start, -2 * days - 1);
    const last = addDays(wanted.at(-1)!.start, -1);
    const a3 = await ask(workspace, {
      kpis: [VIEW_KPIS.stageUsers],
      grain: 'day',
      filter: filter ? `(${filter}) and stage = 'a3'` : "stage = 'a3'",
      from: first,
      to: last,
    });
    const pool = a3.map((row) => ({ date: String(row.day), users: num(row[VIEW_KPIS.stageUsers]) }));
    growth = wanted.map((promotion) => ({
      ...promotion,
      growth: poolGrowthBefore(pool, promotion.start, days),
    }));
  }
  return {
    window,
    total: audienceFlows(all, window),
    channels: channels.map((channel) => ({ channel, flows: audienceFlows(stageDays(channel), window) })),
    series: [...series.entries()]
      .map(([key, users]) => {
        const [date, stage] = key.split('|') as [string, string];
        return { date, stage, users };
      })
      .sort((a, b) =>
        a.date !== b.date
          ? a.date < b.date
            ? -1
            : 1
          : AUDIENCE_STAGES.indexOf(a.stage as 'a1') - AUDIENCE_STAGES.indexOf(b.stage as 'a1'),
      ),
    promotions: growth,
  };
}
