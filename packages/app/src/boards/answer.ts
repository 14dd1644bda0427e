/**
 * A board answered whole: every pinned view run as it was saved — its period rule resolved today
 * in the workspace's time zone (or its dates), its picks and filter, grain and comparison — in one
 * call, so the dashboard asks once per board, not once per card. The cards' reads go through the
 * workspace's warehouse together, so on the server they share its read cache (two cards asking the
 * same question run it once).
 *
 * A view of one KPI and no dimension is a tile: the KPI over the whole window, compared with the
 * view's comparison or, when it keeps none, the window's default (the same event last year for an
 * event, else the period before: the overview's rule), and a sparkline over the view's grain (days
 * for a view of the whole window) with every day of the window, empty ones as null. Any other view
 * is its question's rows for its chart or table, with `__previous` and `__change` when it keeps a
 * comparison. A card whose question fails (a KPI since removed from the catalog) says why; the
 * other cards are still answered.
 */
import {
  addDays,
  type BoardAnswer,
  type BoardCard,
  boardCardKind,
  type CompareParam,
  checkResultRows,
  isMarkpiError,
  type SavedView,
  viewFilter,
} from '@markpi/core';
import type { Row } from '@markpi/store';
import { resolvePeriodParams, runComparedKpiQuery } from '../analytics/periods.js';
import { resolveKpiRequest } from '../query.js';
import type { WorkspaceContext } from '../workspace.js';
import { findBoard, listViews } from './index.js';

/** Most rows a chart or table card carries; a larger question is one for Explore. */
export const CARD_ROWS = 1000;

function numberOrNull(row: Row | undefined, key: string): number | null {
  const value = row?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function bucketOf(row: Row, grain: string): string {
  return String(row[grain]);
}

async function answerView(workspace: WorkspaceContext, view: SavedView): Promise<BoardCard> {
  const kind = boardCardKind(view);
  const filter = viewFilter(view);
  const where = `views.${view.id}`;
  const compare: CompareParam | undefined = view.compare ?? (kind === 'tile' ? 'auto' : undefined);
  const { window, comparison } = await resolvePeriodParams(
    workspace,
    view.period === undefined ? { from: view.from, to: view.to, compare } : { period: view.period, compare },
    'none',
  );
  const said = {
    view: view.id,
    name: view.name,
    period: window.period,
    ...(view.period === undefined ? {} : { periodSpec: window.spec }),
    ...(comparison
      ? {
          comparison: {
            mode: comparison.mode,
            period: comparison.period,
            ...(comparison.event ? { event: comparison.event.name } : {}),
          },
        }
      : {}),
  };
  const asked = {
    kpis: view.kpis,
    dimensions: view.dimensions,
    ...(filter ? { filter } : {}),
    ...window.period,
  };
  const { warehouse, catalog } = workspace;

  if (kind === 'tile') {
    const kpi = view.kpis[0]!;
    const grain = view.grain === 'total' ? 'day' : view.grain;
    const [totalQuery, seriesQuery] = await Promise.all([
      resolveKpiRequest(workspace, { ...asked, grain: 'total' }, where),
      resolveKpiRequest(workspace, { ...asked, grain }, where),
    ]);
    const [total, series] = await Promise.all([
      runComparedKpiQuery(warehouse, catalog, totalQuery, comparison),
      runComparedKpiQuery(warehouse, catalog, seriesQuery, null),
    ]);
    const row = total.rows[0];
    const byBucket = new Map(series.rows.map((entry) => [bucketOf(entry, grain), numberOrNull(entry, kpi)]));
    // Days are filled so an empty day reads as a gap, not as the next day's neighbour.
    const buckets: string[] = [];
    if (grain === 'day') {
      for (let day = window.period.from; day <= window.period.to; day = addDays(day, 1)) buckets.push(day);
    } else buckets.push(...[...byBucket.keys()].sort());
    const definition = catalog.kpi(kpi);
    const flag = row?.[`${kpi}__flag`];
    return {
      status: 'answered',
      kind,
      ...said,
      tile: {
        kpi,
        name: definition.name,
        unit: definition.unit,
        direction: definition.direction,
        value: numberOrNull(row, kpi),
        previous: numberOrNull(row, `${kpi}__previous`),
        change: numberOrNull(row, `${kpi}__change`),
        flag: typeof flag === 'string' ? flag : null,
        grain,
        sparkline: buckets.map((bucket) => ({ bucket, value: byBucket.get(bucket) ?? null })),
      },
      warnings: [...new Set([...total.warnings, ...series.warnings])],
    };
  }

  const query = await resolveKpiRequest(workspace, { ...asked, grain: view.grain }, where);
  // One row past the bound tells a whole answer from a cut one.
  const result = await runComparedKpiQuery(
    warehouse,
    catalog,
    { ...query, limit: CARD_ROWS + 1 },
    comparison,
  );
  checkResultRows(result.rows.length, CARD_ROWS);
  return {
    status: 'answered',
    kind,
    ...said,
    grain: view.grain,
    columns: result.columns,
    rows: result.rows,
    warnings: result.warnings,
  };
}

/**
 * Every card of a board a person sees (by id or name), in the board's order. A view removed
 * since it was pinned is a `missing` card; a view whose question fails is a `failed` one.
 */
export async function answerBoard(
  workspace: WorkspaceContext,
  idOrName: string,
  login: string | null,
): Promise<BoardAnswer> {
  const [board, views] = await Promise.all([findBoard(workspace, idOrName, login), listViews(workspace)]);
  const byId = new Map(views.map((view) => [view.id, view]));
  const cards = await Promise.all(
    board.views.map(async (id): Promise<BoardCard> => {
      const view = byId.get(id);
      if (!view) return { status: 'missing', view: id };
      try {
        return await answerView(workspace, view);
      } catch (error) {
        if (!isMarkpiError(error)) throw error;
        return {
          status: 'failed',
          view: id,
          name: view.name,
          error: { code: error.code, message: error.message },
        };
      }
    }),
  );
  return { board, cards };
}
