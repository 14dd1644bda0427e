/**
 * Annotations of a workspace (core's `annotations/`): added, listed by window, removed, and
 * imported from the workspace's events. Kept in the store's `dashboard_annotations` table,
 * append-only: a removal is a new version with an empty body, the latest version of an id is the
 * note. The CLI (`markpi annotations`) and the server's routes call these.
 */
import { randomUUID } from 'node:crypto';
import {
  type Annotation,
  type AnnotationInput,
  annotationInputSchema,
  annotationPeriod,
  invalidRequest,
  MarkpiError,
  type Period,
} from '@markpi/core';
import type { CellValue, Warehouse } from '@markpi/store';
import { workspaceEvents } from '../analytics/periods.js';
import type { WorkspaceContext } from '../workspace.js';

/** The store's table (`migrations/dashboard.ts`). */
const TABLE = 'dashboard_annotations';

interface Stored {
  version: number;
  annotation: Annotation | null;
}

async function loadAll(warehouse: Warehouse): Promise<Map<string, Stored>> {
  const q = (name: string) => warehouse.dialect.quote(name);
  const rows = await warehouse.query(
    `SELECT ${q('annotation_id')}, ${q('version')}, ${q('body')}, ${q('created_at')}, ${q('author')} FROM ${q(TABLE)} ORDER BY ${q('annotation_id')}, ${q('version')}`,
  );
  const latest = new Map<string, Stored>();
  for (const row of rows) {
    const id = String(row.annotation_id);
    const body = String(row.body ?? '');
    let annotation: Annotation | null = null;
    if (body !== '') {
      const parsed = annotationInputSchema.safeParse(JSON.parse(body));
      // A row written by a later version of markpi or edited by hand that does not read is left out.
      if (parsed.success)
        annotation = {
          id,
          ...parsed.data,
          createdAt: String(row.created_at),
          author: typeof row.author === 'string' ? row.author : null,
        };
    }
    latest.set(id, { version: Number(row.version), annotation });
  }
  return latest;
}

async function write(
  warehouse: Warehouse,
  id: string,
  version: number,
  body: string,
  createdAt: string,
  author: string | null,
): Promise<void> {
  const row: Record<string, CellValue> = { annotation_id: id, version, body, created_at: createdAt, author };
  await warehouse.append(TABLE, {
    rowCount: 1,
    columns: Object.fromEntries(Object.entries(row).map(([key, value]) => [key, [value]])),
  });
}

export interface AnnotationListParams {
  from?: string | undefined;
  to?: string | undefined;
}

/** The workspace's notes that touch a window (every note without one), by first day. */
export async function listAnnotations(
  workspace: WorkspaceContext,
  params: AnnotationListParams = {},
): Promise<Annotation[]> {
  const all = [...(await loadAll(workspace.warehouse)).values()].flatMap((stored) =>
    stored.annotation ? [stored.annotation] : [],
  );
  return all
    .filter((annotation) => {
      const { from, to } = annotationPeriod(annotation);
      return (
        (params.to === undefined || from <= params.to) && (params.from === undefined || to >= params.from)
      );
    })
    .sort((a, b) => a.date.localeCompare(b.date) || a.createdAt.localeCompare(b.createdAt));
}

/** Adds a note; what it says is checked by core's schema. */
export async function addAnnotation(
  workspace: WorkspaceContext,
  input: AnnotationInput | unknown,
  author: string | null = null,
): Promise<Annotation> {
  const parsed = annotationInputSchema.safeParse(input);
  if (!parsed.success) throw invalidRequest(parsed.error, 'annotation');
  const id = `an_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const createdAt = workspace.now().toISOString();
  await write(workspace.warehouse, id, 1, JSON.stringify(parsed.data), createdAt, author);
  return { id, ...parsed.data, createdAt, author };
}

/** Removes a note (a new, empty version of it). */
export async function removeAnnotation(
  workspace: WorkspaceContext,
  id: string,
  author: string | null = null,
): Promise<void> {
  const stored = (await loadAll(workspace.warehouse)).get(id);
  if (!stored?.annotation) {
    throw new MarkpiError('not_found', `no annotation \`${id}\``, [
      { message: 'list them with `markpi annotations list`', path: 'id' },
    ]);
  }
  await write(workspace.warehouse, id, stored.version + 1, '', workspace.now().toISOString(), author);
}

/**
 * A workspace-wide note for each of the workspace's events in a window (the retail sales days,
 * saved calendars, promotion and launch campaigns), over its days, named as the event is; an
 * event already noted on the same days with the same words is not noted again.
 */
export async function importEventAnnotations(
  workspace: WorkspaceContext,
  window: Period,
  author: string | null = null,
): Promise<Annotation[]> {
  const existing = new Set(
    (await listAnnotations(workspace)).map(
      (annotation) => `${annotation.date}|${annotation.to ?? ''}|${annotation.note}`,
    ),
  );
  const added: Annotation[] = [];
  for (const event of await workspaceEvents(workspace)) {
    if (event.period.to < window.from || event.period.from > window.to) continue;
    const input = {
      date: event.period.from,
      ...(event.period.to === event.period.from ? {} : { to: event.period.to }),
      note: event.name,
    };
    const key = `${input.date}|${input.to ?? ''}|${input.note}`;
    if (existing.has(key)) continue;
    existing.add(key);
    added.push(await addAnnotation(workspace, input, author));
  }
  return added;
}
