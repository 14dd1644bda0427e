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
 * the others asked beside it). Charts and tables over the same days, comparison, condition, grain
 * and dimensions whose KPIs read the same facts are asked together too, their KPIs side by side
 * in one question, each card then taking its own columns and rows (see `fusable` for when that is
 * exactly what the view asked alone answers, and when a card is asked alone after all). A card
 * whose question fails (a KPI since removed from the catalog) says why; the other cards are still
 * answered.
 */
import {
  addDays,
  type BoardAnswer,
  type BoardCard,
  type BoardCardKind,
  boardCardKind,
  type Catalog,
  type CompareParam,
  checkResultRows,
  type Expr,
  type FactId,
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

/**
 * The facts a KPI's value is read from, when that value is empty wherever none of those facts has
 * data in the window (so a row that only another KPI's data brings is an empty row of its own);
 * null when it may not be: a constant added (`x + 1` adds what is reported, so it is 1 on an empty
 * row), a fallback (`coalesce`, `safe_div`'s third argument), a level from another window
 * (`opening`, `prior`), a count of a dimension's values (its fact is chosen by the planner), or a
 * KPI the catalog lacks.
 */
export function factsOfEmptyWithoutData(
  catalog: Catalog,
  kpi: string,
  visiting: ReadonlySet<string> = new Set(),
): Set<FactId> | null {
  if (visiting.has(kpi) || !catalog.kpis.has(kpi)) return null;
  const facts = new Set<FactId>();
  const inside = new Set([...visiting, kpi]);
  const read = (node: Expr, addedTo: boolean): boolean => {
    switch (node.kind) {
      case 'number':
        return !addedTo;
      case 'name': {
        const measure = catalog.measures.get(node.name);
        if (measure) {
          facts.add(measure.fact);
          return true;
        }
        const nested = catalog.kpis.has(node.name)
          ? factsOfEmptyWithoutData(catalog, node.name, inside)
          : null;
        for (const fact of nested ?? []) facts.add(fact);
        return nested !== null;
      }
      case 'unary':
        return node.operator === '-' && read(node.operand, addedTo);
      case 'binary': {
        if (!['+', '-', '*', '/'].includes(node.operator)) return false;
        const added = node.operator === '+' || node.operator === '-';
        return read(node.left, added) && read(node.right, added);
      }
      default:
        return false;
    }
  };
  // A KPI that is a constant alone is a value on every row.
  return read(catalog.kpis.get(kpi)!.expr, true) ? facts : null;
}

/**
 * Whether views may be asked in one question, KPIs side by side, and the key of those that may be
 * asked together: the same days, comparison, condition, grain and dimensions (in their order), and
 * KPIs that read the same facts and are empty without their data. Then, for every row of the one
 * question, each KPI's numbers are those of its view asked alone (a KPI's value, comparison and
 * flags are sums over its own facts' rows of that row's bucket and values, whatever is asked
 * beside it), and the rows a view alone answers are the ones its own KPIs have data on. A row
 * where one of them has a value is such a row; a row where all of them are empty may be one (a
 * ratio over zero) or may be another view's alone, so a view with such a row is asked alone, as is
 * every view of a question that reaches the card's bound of rows.
 * Null: the view is asked alone.
 */
function fusionKey(catalog: Catalog, prepared: Prepared): string | null {
  const facts = new Set<FactId>();
  for (const kpi of prepared.view.kpis) {
    const read = factsOfEmptyWithoutData(catalog, kpi);
    if (read === null) return null;
    for (const fact of read) facts.add(fact);
  }
  return JSON.stringify([
    prepared.window.period,
    prepared.comparison,
    prepared.filter ?? '',
    prepared.view.grain,
    prepared.view.dimensions,
    [...facts].sort(),
  ]);
}

/** One question for every KPI of `group` (views that share a `fusionKey`), cut one row past the bound. */
async function askRows(workspace: WorkspaceContext, group: readonly Prepared[]): Promise<KpiResult> {
  const [first] = group;
  const { view, filter, window, comparison } = first!;
  const query = await resolveKpiRequest(
    workspace,
    {
      kpis: [...new Set(group.flatMap((entry) => entry.view.kpis))],
      dimensions: view.dimensions,
      ...(filter ? { filter } : {}),
      ...window.period,
      grain: view.grain,
    },
    `views.${group.map((entry) => entry.view.id).join(',')}`,
  );
  // One row past the bound tells a whole answer from a cut one.
  return runComparedKpiQuery(
    workspace.warehouse,
    workspace.catalog,
    { ...query, limit: CARD_ROWS + 1 },
    comparison,
  );
}

/**
 * A view's card from a question that may hold other views' KPIs too: its keys' and its KPIs'
 * columns in the order its own question would have them, and a flag column left out as the store
 * leaves it out when none of the card's rows needs it. Undefined when the card cannot be told from
 * a shared question: a row where all of its KPIs are empty.
 */
function rowsCardOf(prepared: Prepared, result: KpiResult, shared: boolean): BoardCard | undefined {
  const { view } = prepared;
  checkResultRows(result.rows.length, CARD_ROWS);
  const own = new Set(view.kpis);
  const values = result.columns.filter((column) => column.role === 'kpi' && own.has(column.kpi!));
  const hasValue = (row: Row) => values.some((column) => (row[column.key] ?? null) !== null);
  // Every row has one of the view's values, so its KPIs have data there: the rows it asks alone.
  if (shared && !result.rows.every(hasValue)) return undefined;
  const keys = result.columns.filter((column) => column.role === 'time' || column.role === 'dimension');
  const columns = shared
    ? [...keys, ...[...own].flatMap((kpi) => result.columns.filter((column) => column.kpi === kpi))].filter(
        (column) => !column.onlyWhenSet || result.rows.some((row) => (row[column.key] ?? null) !== null),
      )
    : result.columns;
  const rows = shared
    ? result.rows.map((row) =>
        Object.fromEntries(columns.map((column) => [column.key, row[column.key] ?? null])),
      )
    : result.rows;
  return {
    status: 'answered',
    kind: prepared.kind === 'tile' ? 'table' : prepared.kind,
    ...saidOf(prepared),
    grain: view.grain,
    columns,
    rows,
    warnings: result.warnings,
  };
}

/** A view's card from its own question. */
async function rowsCard(workspace: WorkspaceContext, prepared: Prepared): Promise<BoardCard> {
  return rowsCardOf(prepared, await askRows(workspace, [prepared]), false)!;
}

/**
 * The cards of views that share a `fusionKey`: one question for them all, each card taken from it,
 * and a view asked alone when its card cannot be told from the shared answer or the question fails.
 */
async function answerRows(workspace: WorkspaceContext, group: readonly Prepared[]): Promise<BoardCard[]> {
  const alone = (prepared: Prepared) =>
    rowsCard(workspace, prepared).catch((error: unknown) => failedCard(prepared.view, error));
  if (group.length === 1) return [await alone(group[0]!)];
  let result: KpiResult;
  try {
    result = await askRows(workspace, group);
  } catch (error) {
    if (!isMarkpiError(error)) throw error;
    // One KPI the catalog refuses fails the question of all: asked alone, only its own card fails.
    return Promise.all(group.map(alone));
  }
  // A question cut at the bound may have left out rows one view alone would show.
  if (result.rows.length > CARD_ROWS) return Promise.all(group.map(alone));
  return Promise.all(group.map((prepared) => rowsCardOf(prepared, result, true) ?? alone(prepared)));
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
  // Charts and tables that can be asked together are; the others are groups of one.
  const rowGroups = new Map<string, Prepared[]>();
  for (const entry of prepared) {
    if (entry.kind === 'tile') continue;
    const key = fusionKey(workspace.catalog, entry) ?? `alone:${entry.view.id}`;
    rowGroups.set(key, [...(rowGroups.get(key) ?? []), entry]);
  }
  await Promise.all([
    ...[...groups.values()].map(async (group) => {
      const answered = await answerTiles(workspace, group);
      for (const [index, entry] of group.entries()) cards.set(entry.view.id, answered[index]!);
    }),
    ...[...rowGroups.values()].map(async (group) => {
      const answered = await answerRows(workspace, group);
      for (const [index, entry] of group.entries()) cards.set(entry.view.id, answered[index]!);
    }),
  ]);
  return { board, cards: board.views.map((id) => cards.get(id)!) };
}
