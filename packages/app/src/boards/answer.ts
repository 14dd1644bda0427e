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
 * comparison. Tiles over the same days, comparison, condition and sparkline grain are asked
 * together (one question for their totals, one for their series: a KPI's numbers do not depend on
 * the others asked beside it). A card whose question fails (a KPI since removed from the catalog)
 * says why; the other cards are still answered.
 */
import {
  addDays,
  type BoardAnswer,
  type BoardCard,
  type BoardCardKind,
  boardCardKind,
  type CompareParam,
  checkResultRows,
  isMarkpiError,
  type ResolvedComparison,
  type ResolvedWindow,
  type SavedView,
  viewFilter,
} from '@markpi/core';
import type { KpiResult, Row } from '@markpi/store';
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

/** A view with its window, comparison and condition resolved: what its card asks. */
interface Prepared {
  view: SavedView;
  kind: BoardCardKind;
  filter: string | undefined;
  window: ResolvedWindow;
  comparison: ResolvedComparison | null;
}

async function prepare(workspace: WorkspaceContext, view: SavedView): Promise<Prepared> {
  const kind = boardCardKind(view);
  const compare: CompareParam | undefined = view.compare ?? (kind === 'tile' ? 'auto' : undefined);
  const { window, comparison } = await resolvePeriodParams(
    workspace,
    view.period === undefined ? { from: view.from, to: view.to, compare } : { period: view.period, compare },
    'none',
  );
  return { view, kind, filter: viewFilter(view), window, comparison };
}

/** What every answered card says of its view: its name, its days, what it is compared with. */
function saidOf({ view, window, comparison }: Prepared) {
  return {
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
}

/** A tile's sparkline buckets: the view's grain, days for a view of the whole window. */
function sparklineGrain(view: SavedView): Exclude<SavedView['grain'], 'total'> {
  return view.grain === 'total' ? 'day' : view.grain;
}

interface TileNumbers {
  total: KpiResult;
  series: KpiResult;
}

/**
 * The numbers of tiles that share a window, comparison, condition and sparkline grain, asked
 * together: one question for their totals and one for their series, whatever their number.
 */
async function tileNumbers(workspace: WorkspaceContext, tiles: readonly Prepared[]): Promise<TileNumbers> {
  const [first] = tiles;
  const kpis = [...new Set(tiles.map((tile) => tile.view.kpis[0]!))];
  const asked = { kpis, ...(first!.filter ? { filter: first!.filter } : {}), ...first!.window.period };
  const where = `views.${tiles.map((tile) => tile.view.id).join(',')}`;
  const [totalQuery, seriesQuery] = await Promise.all([
    resolveKpiRequest(workspace, { ...asked, grain: 'total' }, where),
    resolveKpiRequest(workspace, { ...asked, grain: sparklineGrain(first!.view) }, where),
  ]);
  const [total, series] = await Promise.all([
    runComparedKpiQuery(workspace.warehouse, workspace.catalog, totalQuery, first!.comparison),
    runComparedKpiQuery(workspace.warehouse, workspace.catalog, seriesQuery, null),
  ]);
  return { total, series };
}

function tileCard(
  workspace: WorkspaceContext,
  prepared: Prepared,
  { total, series }: TileNumbers,
): BoardCard {
  const kpi = prepared.view.kpis[0]!;
  const grain = sparklineGrain(prepared.view);
  const { period } = prepared.window;
  const row = total.rows[0];
  const byBucket = new Map(series.rows.map((entry) => [bucketOf(entry, grain), numberOrNull(entry, kpi)]));
  // Days are filled so an empty day reads as a gap, not as the next day's neighbour.
  const buckets: string[] = [];
  if (grain === 'day') {
    for (let day = period.from; day <= period.to; day = addDays(day, 1)) buckets.push(day);
  } else buckets.push(...[...byBucket.keys()].sort());
  const definition = workspace.catalog.kpi(kpi);
  const flag = row?.[`${kpi}__flag`];
  return {
    status: 'answered',
    kind: 'tile',
    ...saidOf(prepared),
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
    // The warnings of the questions the tile was answered in.
    warnings: [...new Set([...total.warnings, ...series.warnings])],
  };
}

async function rowsCard(workspace: WorkspaceContext, prepared: Prepared): Promise<BoardCard> {
  const { view, filter, window, comparison } = prepared;
  const query = await resolveKpiRequest(
    workspace,
    {
      kpis: view.kpis,
      dimensions: view.dimensions,
      ...(filter ? { filter } : {}),
      ...window.period,
      grain: view.grain,
    },
    `views.${view.id}`,
  );
  // One row past the bound tells a whole answer from a cut one.
  const result = await runComparedKpiQuery(
    workspace.warehouse,
    workspace.catalog,
    { ...query, limit: CARD_ROWS + 1 },
    comparison,
  );
  checkResultRows(result.rows.length, CARD_ROWS);
  return {
    status: 'answered',
    kind: prepared.kind === 'tile' ? 'table' : prepared.kind,
    ...saidOf(prepared),
    grain: view.grain,
    columns: result.columns,
    rows: result.rows,
    warnings: result.warnings,
  };
}

function failedCard(view: SavedView, error: unknown): BoardCard {
  if (!isMarkpiError(error)) throw error;
  return {
    status: 'failed',
    view: view.id,
    name: view.name,
    error: { code: error.code, message: error.message },
  };
}

/** The tiles of one group's card each: together when they can be, else each alone. */
async function answerTiles(workspace: WorkspaceContext, group: readonly Prepared[]): Promise<BoardCard[]> {
  try {
    const numbers = await tileNumbers(workspace, group);
    return group.map((prepared) => tileCard(workspace, prepared, numbers));
  } catch (error) {
    if (group.length === 1) return [failedCard(group[0]!.view, error)];
    if (!isMarkpiError(error)) throw error;
    // One KPI the catalog refuses fails the question of all: asked alone, only its own card fails.
    return Promise.all(group.map(async (prepared) => (await answerTiles(workspace, [prepared]))[0]!));
  }
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
  const cards = new Map<string, BoardCard>();
  // Kept in the board's order, so the same board asks the same questions (and hits the read cache).
  const resolved = await Promise.all(
    board.views.map(async (id): Promise<Prepared | null> => {
      const view = byId.get(id);
      if (!view) {
        cards.set(id, { status: 'missing', view: id });
        return null;
      }
      try {
        return await prepare(workspace, view);
      } catch (error) {
        cards.set(id, failedCard(view, error));
        return null;
      }
    }),
  );
  const prepared = resolved.filter((entry): entry is Prepared => entry !== null);
  // Tiles over the same days, comparison, condition and grain are asked together.
  const groups = new Map<string, Prepared[]>();
  for (const entry of prepared) {
    if (entry.kind !== 'tile') continue;
    const key = JSON.stringify([
      entry.window.period,
      entry.comparison?.period ?? null,
      entry.filter ?? '',
      sparklineGrain(entry.view),
    ]);
    groups.set(key, [...(groups.get(key) ?? []), entry]);
  }
  await Promise.all([
    ...[...groups.values()].map(async (group) => {
      const answered = await answerTiles(workspace, group);
      for (const [index, entry] of group.entries()) cards.set(entry.view.id, answered[index]!);
    }),
    ...prepared
      .filter((entry) => entry.kind !== 'tile')
      .map(async (entry) => {
        try {
          cards.set(entry.view.id, await rowsCard(workspace, entry));
        } catch (error) {
          cards.set(entry.view.id, failedCard(entry.view, error));
        }
      }),
  ]);
  return { board, cards: board.views.map((id) => cards.get(id)!) };
}
