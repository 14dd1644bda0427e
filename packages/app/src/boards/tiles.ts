/**
 * The overview's tiles — the workspace's default board — as KPI ids in order: the workspace's,
 * set by its editors for everyone, and a person's own over them. What the overview shows someone:
 * their own tiles, else the workspace's, else the defaults (`DEFAULT_TILE_KPIS`). Kept in the
 * store's `dashboard_tiles` table, append-only like the boards: a reset is a new, empty version.
 * A tile whose KPI has left the catalog since (a custom KPI removed from the workspace file) is
 * left out when read, so the overview never fails on an old choice; none left reads as unset.
 */
import {
  invalidRequest,
  MarkpiError,
  type OVERVIEW_TILE_SCOPES,
  type OverviewTiles,
  type OverviewTilesInput,
  overviewTilesInputSchema,
} from '@markpi/core';
import type { Warehouse } from '@markpi/store';
import { DEFAULT_TILE_KPIS } from '../analytics/overview.js';
import type { WorkspaceContext } from '../workspace.js';

const TILES = 'dashboard_tiles';

export type TileScope = (typeof OVERVIEW_TILE_SCOPES)[number];

function scopeKey(scope: TileScope, login: string | null): string {
  if (scope === 'workspace') return 'workspace';
  if (!login) {
    throw new MarkpiError('forbidden', 'one’s own tiles need a signed-in person', [
      { message: 'no one signed in', path: 'scope' },
    ]);
  }
  return `user:${login}`;
}

interface Stored {
  version: number;
  kpis: string[] | null;
}

async function loadTiles(warehouse: Warehouse): Promise<Map<string, Stored>> {
  const q = (name: string) => warehouse.dialect.quote(name);
  const rows = await warehouse.query(
    `SELECT ${q('tiles_scope')}, ${q('version')}, ${q('body')} FROM ${q(TILES)} ORDER BY ${q('tiles_scope')}, ${q('version')}`,
  );
  const latest = new Map<string, Stored>();
  for (const row of rows) {
    const body = String(row.body ?? '');
    let kpis: string[] | null = null;
    if (body !== '') {
      const parsed = overviewTilesInputSchema.safeParse(JSON.parse(body));
      if (parsed.success) kpis = parsed.data.kpis;
    }
    latest.set(String(row.tiles_scope), { version: Number(row.version), kpis });
  }
  return latest;
}

/** The tiles a person sees on the overview, and where they come from. */
export async function overviewTiles(
  workspace: WorkspaceContext,
  login: string | null,
): Promise<OverviewTiles> {
  const stored = await loadTiles(workspace.warehouse);
  const known = (kpis: string[] | null | undefined) => {
    const kept = (kpis ?? []).filter((id) => workspace.catalog.kpis.has(id));
    return kept.length > 0 ? kept : null;
  };
  const shared = known(stored.get('workspace')?.kpis);
  const mine = login ? known(stored.get(`user:${login}`)?.kpis) : null;
  const defaults = [...DEFAULT_TILE_KPIS];
  return {
    kpis: mine ?? shared ?? defaults,
    source: mine ? 'mine' : shared ? 'workspace' : 'defaults',
    workspace: shared,
    mine,
    defaults,
  };
}

/** The KPI ids of the overview's tiles for a person: what `answerOverview` shows without `kpis`. */
export async function overviewTileKpis(workspace: WorkspaceContext, login: string | null): Promise<string[]> {
  return (await overviewTiles(workspace, login)).kpis;
}

/**
 * Sets the workspace's tiles or one's own: KPIs of the catalog (built-in or the workspace's
 * own), each once, in order. Who may set the workspace's is the edge's to decide.
 */
export async function setOverviewTiles(
  workspace: WorkspaceContext,
  input: OverviewTilesInput | unknown,
  login: string | null,
): Promise<OverviewTiles> {
  const parsed = overviewTilesInputSchema.safeParse(input);
  if (!parsed.success) throw invalidRequest(parsed.error, 'tiles');
  const { kpis, scope } = parsed.data;
  const problems = kpis.flatMap((id, index) => {
    if (!workspace.catalog.kpis.has(id)) return [{ message: `no KPI \`${id}\``, path: `kpis[${index}]` }];
    if (kpis.indexOf(id) !== index)
      return [{ message: `\`${id}\` is a tile already`, path: `kpis[${index}]` }];
    return [];
  });
  if (problems.length > 0) {
    throw new MarkpiError('invalid_request', problems.map((problem) => problem.message).join('; '), problems);
  }
  await writeTiles(workspace, scopeKey(scope, login), JSON.stringify({ kpis, scope }), login);
  return overviewTiles(workspace, login);
}

/** Back to what is under: one's own tiles to the workspace's, the workspace's to the defaults. */
export async function resetOverviewTiles(
  workspace: WorkspaceContext,
  scope: TileScope,
  login: string | null,
): Promise<OverviewTiles> {
  const key = scopeKey(scope, login);
  await writeTiles(workspace, key, '', login);
  return overviewTiles(workspace, login);
}

async function writeTiles(workspace: WorkspaceContext, key: string, body: string, login: string | null) {
  const stored = (await loadTiles(workspace.warehouse)).get(key);
  await workspace.warehouse.append(TILES, {
    rowCount: 1,
    columns: {
      tiles_scope: [key],
      version: [(stored?.version ?? 0) + 1],
      body: [body],
      created_at: [workspace.now().toISOString()],
      author: [login],
    },
  });
}
