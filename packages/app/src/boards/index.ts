/**
 * Saved views of a workspace (core's `views/`): saved from an Explore question, listed, removed —
 * the first part of boards (which will pin them). Kept in the store's `dashboard_views` table,
 * append-only like the annotations: a removal is a new, empty version, the latest version of an
 * id is the view. The server's routes call these.
 */
import { randomUUID } from 'node:crypto';
import { invalidRequest, MarkpiError, type SavedView, type ViewInput, viewInputSchema } from '@markpi/core';
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
