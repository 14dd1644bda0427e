/**
 * Unconfirmed uploads do not stay: an upload neither confirmed nor cancelled within the expiry
 * (`uploadExpiryMs`, default 24 hours, counted from its last preview) loses its files and is
 * recorded as cancelled with the reason, in the import and in the audit log. The server sweeps
 * at start and then on a timer, so an upload goes at most an hour (a quarter of the expiry when
 * that is shorter) after it expired.
 */
import type { Services } from '../services.js';
import { removeUpload, uploadDirectory } from './uploads.js';

export const UPLOAD_EXPIRED = 'upload_expired';

/** Expires what is due and says how many uploads went. */
export async function expireUploads(services: Services): Promise<number> {
  const now = services.now();
  const hours = services.settings.uploadExpiryMs / 3_600_000;
  const due = await services.imports.pendingBefore(
    new Date(now.getTime() - services.settings.uploadExpiryMs).toISOString(),
  );
  for (const record of due) {
    removeUpload(uploadDirectory(services.settings.dataDir, record.id));
    await services.imports.update({
      ...record,
      status: 'cancelled',
      error: {
        code: UPLOAD_EXPIRED,
        message: `not confirmed within ${hours} hours of its preview; its files were deleted`,
        problems: [],
      },
      updatedAt: now.toISOString(),
    });
    await services.audit.write({
      at: now.toISOString(),
      userId: null,
      userLogin: null,
      workspaceId: record.workspaceId,
      action: 'import.expire',
      target: record.id,
      details: { files: record.files.map((file) => file.name) },
    });
  }
  return due.length;
}
