/**
 * Saved views of a workspace (core's `views/`): saved from an Explore question, listed, removed;
 * and boards that pin them in the order a person arranges them (shared, or private to the one who
 * made it). Kept in the store's `dashboard_views` table,
 * append-only like the annotations: a removal is a new, empty version, the latest version of an
 * id is the view. The server's routes call these.
 */
import { randomUUID } from 'node:crypto';
import {
  type Board,
  type BoardInput,
  boardInputSchema,
  invalidRequest,
  MarkpiError,
  type SavedView,
  type ViewInput,
  viewInputSchema,
} from '@markpi/core';
import type { CellValue, Warehouse } from '@markpi/store';
import type { WorkspaceContext } from '../workspace.js';

/** The store's table (`migrations/dashboard.ts`). */
const TABLE = 'dashboard_views';

interface Stored {
  version: number;
  view: SavedView | null;
}

async function loadAll(warehouse: Warehouse): Promise<Map<string, Stored>> {
  const q = (name: string) => warehouse.dialect.quote(name);
  const rows = await warehouse.query(
    `SELECT ${q('view_id')}, ${q('version')}, ${q('body')}, ${q('created_at')}, ${q('author')} FROM ${q(TABLE)} ORDER BY ${q('view_id')}, ${q('version')}`,
  );
  const latest = new Map<string, Stored>();
  for (const row of rows) {
    const id = String(row.view_id);
    const body = String(row.body ?? '');
    let view: SavedView | null = null;
    if (body !== '') {
      const parsed = viewInputSchema.safeParse(JSON.parse(body));
      // A row that does not read (written by a later version, edited by hand) is left out.
      if (parsed.success)
        view = {
          id,
          ...parsed.data,
          createdAt: String(row.created_at),
          author: typeof row.author === 'string' ? row.author : null,
        };
    }
    latest.set(id, { version: Number(row.version), view });
  }
  return latest;
}

async function write(warehouse: Warehouse, row: Record<string, CellValue>): Promise<void> {
  await warehouse.append(TABLE, {
    rowCount: 1,
    columns: Object.fromEntries(Object.entries(row).map(([key, value]) => [key, [value]])),
  });
}

/** The workspace's saved views, by name. */
export async function listViews(workspace: WorkspaceContext): Promise<SavedView[]> {
  return [...(await loadAll(workspace.warehouse)).values()]
    .flatMap((stored) => (stored.view ? [stored.view] : []))
    .sort((a, b) => a.name.localeCompare(b.name) || a.createdAt.localeCompare(b.createdAt));
}

/** Saves an Explore question by name; what it keeps is checked by core's schema. */
export async function saveView(
  workspace: WorkspaceContext,
  input: ViewInput | unknown,
  author: string | null = null,
): Promise<SavedView> {
  const parsed = viewInputSchema.safeParse(input);
  if (!parsed.success) throw invalidRequest(parsed.error, 'view');
  const id = `vw_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const createdAt = workspace.now().toISOString();
  await write(workspace.warehouse, {
    view_id: id,
    version: 1,
    body: JSON.stringify(parsed.data),
    created_at: createdAt,
    author,
  });
  return { id, ...parsed.data, createdAt, author };
}

/** Removes a view (a new, empty version of it). */
export async function removeView(
  workspace: WorkspaceContext,
  id: string,
  author: string | null = null,
): Promise<void> {
  const stored = (await loadAll(workspace.warehouse)).get(id);
  if (!stored?.view) {
    throw new MarkpiError('not_found', `no saved view \`${id}\``, [{ message: 'not found', path: 'id' }]);
  }
  await write(workspace.warehouse, {
    view_id: id,
    version: stored.version + 1,
    body: '',
    created_at: workspace.now().toISOString(),
    author,
  });
}

// ---------------------------------------------------------------- boards

const BOARDS = 'dashboard_boards';

interface StoredBoard {
  version: number;
  board: Board | null;
  /** Who made the board: a private board is theirs alone. */
  owner: string | null;
}

async function loadBoards(warehouse: Warehouse): Promise<Map<string, StoredBoard>> {
  const q = (name: string) => warehouse.dialect.quote(name);
  const rows = await warehouse.query(
    `SELECT ${q('board_id')}, ${q('version')}, ${q('body')}, ${q('created_at')}, ${q('author')} FROM ${q(BOARDS)} ORDER BY ${q('board_id')}, ${q('version')}`,
  );
  const latest = new Map<string, StoredBoard>();
  for (const row of rows) {
    const id = String(row.board_id);
    const author = typeof row.author === 'string' ? row.author : null;
    const owner = latest.get(id)?.owner ?? author;
    const body = String(row.body ?? '');
    let board: Board | null = null;
    if (body !== '') {
      const parsed = boardInputSchema.safeParse(JSON.parse(body));
      if (parsed.success) board = { id, ...parsed.data, owner, updatedAt: String(row.created_at) };
    }
    latest.set(id, { version: Number(row.version), board, owner });
  }
  return latest;
}

/** A private board seen or changed by anyone but its owner is not there for them. */
function visible(
  stored: StoredBoard | undefined,
  login: string | null,
): stored is StoredBoard & { board: Board } {
  return stored?.board != null && (stored.board.shared || stored.owner === login);
}

/** The boards a person sees: the workspace's shared ones and their own private ones, by name. */
export async function listBoards(workspace: WorkspaceContext, login: string | null): Promise<Board[]> {
  return [...(await loadBoards(workspace.warehouse)).values()]
    .filter((stored) => visible(stored, login))
    .flatMap((stored) => (stored.board ? [stored.board] : []))
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

/**
 * One board a person sees, by its id or else its name (a name two visible boards share is
 * ambiguous: asked by id then).
 */
export async function findBoard(
  workspace: WorkspaceContext,
  idOrName: string,
  login: string | null,
): Promise<Board> {
  const boards = await listBoards(workspace, login);
  const byId = boards.find((board) => board.id === idOrName);
  if (byId) return byId;
  const named = boards.filter((board) => board.name === idOrName.trim());
  if (named.length === 1) return named[0]!;
  if (named.length > 1) {
    throw new MarkpiError(
      'invalid_request',
      `${named.length} boards are named \`${idOrName}\`: ask by id (${named.map((board) => board.id).join(', ')})`,
      [{ message: 'ambiguous board name', path: 'board' }],
    );
  }
  throw new MarkpiError('not_found', `no board \`${idOrName}\``, [{ message: 'not found', path: 'board' }]);
}

/** A new board, owned by whoever makes it. */
export async function createBoard(
  workspace: WorkspaceContext,
  input: BoardInput | unknown,
  login: string | null,
): Promise<Board> {
  const parsed = boardInputSchema.safeParse(input);
  if (!parsed.success) throw invalidRequest(parsed.error, 'board');
  const id = `bd_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const updatedAt = workspace.now().toISOString();
  await workspace.warehouse.append(BOARDS, {
    rowCount: 1,
    columns: {
      board_id: [id],
      version: [1],
      body: [JSON.stringify(parsed.data)],
      created_at: [updatedAt],
      author: [login],
    },
  });
  return { id, ...parsed.data, owner: login, updatedAt };
}

/** A board's new name, sharing or views in their new order (a new version of it). */
export async function updateBoard(
  workspace: WorkspaceContext,
  id: string,
  input: BoardInput | unknown,
  login: string | null,
): Promise<Board> {
  const parsed = boardInputSchema.safeParse(input);
  if (!parsed.success) throw invalidRequest(parsed.error, 'board');
  const stored = (await loadBoards(workspace.warehouse)).get(id);
  if (!visible(stored, login)) {
    throw new MarkpiError('not_found', `no board \`${id}\``, [{ message: 'not found', path: 'id' }]);
  }
  if (!stored.board.shared && parsed.data.shared && stored.owner !== login) {
    throw new MarkpiError('forbidden', 'only its owner shares a private board');
  }
  const updatedAt = workspace.now().toISOString();
  await workspace.warehouse.append(BOARDS, {
    rowCount: 1,
    columns: {
      board_id: [id],
      version: [stored.version + 1],
      body: [JSON.stringify(parsed.data)],
      created_at: [updatedAt],
      author: [login],
    },
  });
  return { id, ...parsed.data, owner: stored.owner, updatedAt };
}

export { answerBoard, CARD_ROWS } from './answer.js';
export {
  overviewTileKpis,
  overviewTiles,
  resetOverviewTiles,
  setOverviewTiles,
  type TileScope,
} from './tiles.js';
