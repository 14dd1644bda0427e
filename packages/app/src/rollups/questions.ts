/**
 * The questions a workspace actually runs, read from where it keeps them, each with how often it
 * runs and how many days one run reads — what the rollup plan weighs (core's `rollups/propose.ts`).
 *
 * Where each comes from and the weights it is given (runs a day are what a team of a few people
 * does on an ordinary day; they only rank questions against each other):
 * - the overview: the workspace's tiles (or the defaults) over its default 30 days, compared with
 *   the 30 before (totals), day by day (sparklines) and the funnel by channel; 20 opens a day;
 * - Explore's first view: the default tiles by channel and month over a year; 2 a day;
 * - saved views (`dashboard_views`) as saved — KPIs, dimensions, picks and filter, grain,
 *   comparison — over their period (a rule resolved today, or their dates); a tile view also
 *   asks its sparkline by day. A view pinned on shared boards runs on each board's open, 10 a day
 *   per board; any other view once a day;
 * - targets whose period has not ended: the KPI in its scope, paced day by day over the period;
 *   4 a day (the targets page, the overview's tiles, the monitor's pace);
 * - scorecards: the targets' KPIs by the dimensions their scopes pin (`channel = 'douyin'` pins
 *   channel), over a month; once a day;
 * - each enabled monitor: its watched KPIs by each level it watches (workspace, channel,
 *   campaign, creator tier, creator), day by day or week by week over its history; once a run.
 * Private boards are their owners' and are not read.
 */
import {
  addDays,
  boardCardKind,
  daysBetween,
  isMarkpiError,
  type RollupMessage,
  type RollupQuestion,
  type SavedView,
  scopePins,
  viewFilter,
} from '@markpi/core';
import { listTargets } from '@markpi/store';
import { DEFAULT_TILE_KPIS } from '../analytics/overview.js';
import { resolvePeriodParams } from '../analytics/periods.js';
import { listBoards, listViews } from '../boards/index.js';
import { overviewTileKpis } from '../boards/tiles.js';
import { LEVEL_DIMENSION } from '../monitor/series.js';
import { monitorSettings } from '../monitor/use-cases.js';
import { type WorkspaceContext, workspaceToday } from '../workspace.js';

/** Runs a day of each kind of question (see above). */
export const QUESTION_RUNS_PER_DAY = {
  overview: 20,
  explore: 2,
  board: 10,
  view: 1,
  target: 4,
  scorecard: 1,
} as const;

/** The overview's window when none is named, and its funnel's KPIs (`analytics/overview.ts`). */
const OVERVIEW_DAYS = 30;
const FUNNEL_KPIS = ['impressions', 'clicks', 'ctr', 'conversions', 'cvr'];

export interface WorkspaceQuestion extends RollupQuestion {
  /** A stable id of who asks it. */
  askedBy: string;
  said: RollupMessage;
  runsPerDay: number;
  /** Days one run reads (a comparison's window counted too). */
  windowDays: number;
}

export interface WorkspaceQuestions {
  questions: WorkspaceQuestion[];
  /** What was read, said under the plan (`rollup.plan.read`). */
  read: RollupMessage;
}

const inclusiveDays = (from: string, to: string) => daysBetween(from, addDays(to, 1));

/** Days a saved view reads: its period (a rule resolved today) or dates, twice with a comparison. */
async function viewDays(workspace: WorkspaceContext, view: SavedView): Promise<number> {
  let days = OVERVIEW_DAYS;
  if (view.from !== undefined && view.to !== undefined) days = inclusiveDays(view.from, view.to);
  else if (view.period !== undefined) {
    try {
      const { window } = await resolvePeriodParams(workspace, { period: view.period }, 'none');
      days = inclusiveDays(window.period.from, window.period.to);
    } catch (error) {
      // A rule that no longer resolves (an event removed since) weighs as the default window.
      if (!isMarkpiError(error)) throw error;
    }
  }
  return view.compare !== undefined || boardCardKind(view) === 'tile' ? 2 * days : days;
}

export async function workspaceQuestions(workspace: WorkspaceContext): Promise<WorkspaceQuestions> {
  const questions: WorkspaceQuestion[] = [];

  const tiles = await overviewTileKpis(workspace, null);
  const overview = { askedBy: 'overview', said: { key: 'rollup.asked.overview', params: {} } } as const;
  const opens = QUESTION_RUNS_PER_DAY.overview;
  questions.push(
    { ...overview, kpis: tiles, grain: 'total', runsPerDay: opens, windowDays: 2 * OVERVIEW_DAYS },
    { ...overview, kpis: tiles, grain: 'day', runsPerDay: opens, windowDays: OVERVIEW_DAYS },
    {
      ...overview,
      kpis: FUNNEL_KPIS,
      dimensions: ['channel'],
      grain: 'total',
      runsPerDay: opens,
      windowDays: OVERVIEW_DAYS,
    },
    {
      askedBy: 'explore',
      said: { key: 'rollup.asked.explore', params: {} },
      kpis: [...DEFAULT_TILE_KPIS],
      dimensions: ['channel'],
      grain: 'month',
      runsPerDay: QUESTION_RUNS_PER_DAY.explore,
      windowDays: 365,
    },
  );

  const views = await listViews(workspace);
  const boards = await listBoards(workspace, null);
  for (const view of views) {
    const pinnedOn = boards.filter((board) => board.views.includes(view.id));
    const windowDays = await viewDays(workspace, view);
    const askers =
      pinnedOn.length > 0
        ? pinnedOn.map((board) => ({
            askedBy: `board:${board.id}/${view.id}`,
            said: { key: 'rollup.asked.board', params: { board: board.name, view: view.name } } as const,
            runsPerDay: QUESTION_RUNS_PER_DAY.board,
          }))
        : [
            {
              askedBy: `view:${view.id}`,
              said: { key: 'rollup.asked.view', params: { name: view.name } } as const,
              runsPerDay: QUESTION_RUNS_PER_DAY.view,
            },
          ];
    const filter = viewFilter(view);
    for (const asker of askers) {
      questions.push({
        ...asker,
        kpis: view.kpis,
        dimensions: view.dimensions,
        filter,
        grain: view.grain,
        compare: view.compare === 'previous' || view.compare === 'last_year' ? view.compare : undefined,
        windowDays,
      });
      // A tile draws its sparkline by the view's grain, days for a view of the whole window.
      if (boardCardKind(view) === 'tile')
        questions.push({
          ...asker,
          kpis: view.kpis,
          filter,
          grain: view.grain === 'total' ? 'day' : view.grain,
          windowDays: windowDays / 2,
        });
    }
  }

  const today = workspaceToday(workspace);
  const targets = (await listTargets(workspace.warehouse)).filter((entry) => entry.target.period.to >= today);
  const scorecards = new Map<string, { dimensions: string[]; kpis: Set<string> }>();
  for (const { target } of targets) {
    questions.push({
      askedBy: `target:${target.id}`,
      said: { key: 'rollup.asked.target', params: { kpi: target.kpi, scope: target.scope.label } },
      kpis: [target.kpi],
      filter: target.scope.filter,
      grain: 'day',
      runsPerDay: QUESTION_RUNS_PER_DAY.target,
      windowDays: inclusiveDays(target.period.from, target.period.to),
    });
    const pinned = Object.keys(scopePins(target.scope.filter) ?? {}).sort();
    if (pinned.length === 0) continue;
    const key = pinned.join(',');
    const card = scorecards.get(key) ?? { dimensions: pinned, kpis: new Set<string>() };
    card.kpis.add(target.kpi);
    scorecards.set(key, card);
  }
  for (const [key, card] of scorecards) {
    const kpis = [...card.kpis].sort();
    questions.push({
      askedBy: `scorecard:${key}`,
      said: {
        key: 'rollup.asked.scorecard',
        params: { by: card.dimensions.join(', '), kpis: kpis.join(', ') },
      },
      kpis,
      dimensions: card.dimensions,
      grain: 'total',
      runsPerDay: QUESTION_RUNS_PER_DAY.scorecard,
      windowDays: OVERVIEW_DAYS,
    });
  }

  const monitoring = await monitorSettings(workspace);
  const monitors = monitoring.monitors.filter((monitor) => monitor.enabled && monitor.watched.length > 0);
  for (const monitor of monitors) {
    const weekly = monitor.cadence === 'weekly';
    for (const level of monitor.segments) {
      const dimension = LEVEL_DIMENSION[level];
      questions.push({
        askedBy: `monitor:${monitor.id}/${level}`,
        said: dimension
          ? { key: 'rollup.asked.monitor', params: { name: monitor.name, level: dimension } }
          : { key: 'rollup.asked.monitor_workspace', params: { name: monitor.name } },
        kpis: monitor.watched.map((watched) => watched.kpi),
        dimensions: dimension ? [dimension] : [],
        grain: weekly ? 'week' : 'day',
        runsPerDay: weekly ? 1 / 7 : 1,
        windowDays: monitoring.settings.historyDays,
      });
    }
  }

  return {
    questions,
    read: {
      key: 'rollup.plan.read',
      params: {
        views: String(views.length),
        boards: String(boards.filter((board) => board.shared).length),
        targets: String(targets.length),
        scorecards: String(scorecards.size),
        monitors: String(monitors.length),
      },
    },
  };
}
