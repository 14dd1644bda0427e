/**
 * Mappings remembered for the next file of the same shape. When an upload read with a column
 * mapping is loaded, the mapping is kept in the workspace's metadata under the fingerprint of
 * each file's header (`headerFingerprint`: the normalised column names as a set); an upload whose
 * files all have remembered shapes, with one mapping between them, is then read with it at once.
 * Uploads for which the user named a platform are left to that platform.
 */
import { fileSource, fingerprintOfFile } from '@markpi/importers';
import type { UploadedFile } from '../imports/adapter.js';
import { text } from '../meta/rows.js';
import type { Services } from '../services.js';

type MetaServices = Pick<Services, 'meta'>;

/** Each file's header shape, or null for a file whose header cannot be found. */
export async function headerShapesOf(files: readonly UploadedFile[]): Promise<(string | null)[]> {
  const shapes: (string | null)[] = [];
  for (const file of files) {
    try {
      shapes.push(await fingerprintOfFile(fileSource(file.path, file.name)));
    } catch {
      // An unreadable head is the preview's to report, with its reasons.
      shapes.push(null);
    }
  }
  return shapes;
}

/** The mapping remembered for every one of these files' shapes, when they agree on one. */
export async function rememberedMapping(
  services: MetaServices,
  workspaceId: string,
  files: readonly UploadedFile[],
): Promise<Record<string, unknown> | null> {
  // Most workspaces keep none: their uploads are not read twice for nothing.
  const any = await services.meta.query(
    'SELECT 1 AS one FROM server_saved_mappings WHERE workspace_id = $1 LIMIT 1',
    [workspaceId],
  );
  if (any.length === 0) return null;
  const shapes = await headerShapesOf(files);
  if (shapes.length === 0 || shapes.some((shape) => shape === null)) return null;
  const wanted = [...new Set(shapes as string[])];
  const placeholders = wanted.map((_, index) => `$${index + 2}`).join(', ');
  const rows = await services.meta.query(
    `SELECT fingerprint, mapping FROM server_saved_mappings WHERE workspace_id = $1 AND fingerprint IN (${placeholders})`,
    [workspaceId, ...wanted],
  );
  if (rows.length !== wanted.length) return null;
  const mappings = new Set(rows.map((row) => text(row, 'mapping')));
  // Files remembered under different mappings are one upload read one way: the user chooses.
  if (mappings.size !== 1) return null;
  return JSON.parse([...mappings][0]!) as Record<string, unknown>;
}

/** Keeps a mapping for each of these shapes, replacing what was kept for them before. */
export async function rememberMapping(
  services: MetaServices & Pick<Services, 'now'>,
  workspaceId: string,
  shapes: readonly (string | null)[],
  mapping: Record<string, unknown>,
  savedBy: string,
): Promise<void> {
  const savedAt = services.now().toISOString();
  for (const shape of new Set(shapes)) {
    if (shape === null) continue;
    await services.meta.run(
      `INSERT OR REPLACE INTO server_saved_mappings (workspace_id, fingerprint, mapping, saved_by, saved_at)
       VALUES ($1, $2, $3, $4, $5)`,
      [workspaceId, shape, JSON.stringify(mapping), savedBy, savedAt],
    );
  }
}
