/**
 * Uploads: multipart upload → files kept in a temporary folder → preview (a dry run by the
 * importers) → confirm (the load) or cancel. Every step is recorded in the import and in the
 * audit log; rejected rows can be downloaded as CSV at any point after a preview.
 */
import { checkUploadQuota, isMarkpiError, isUserError, MarkpiError } from '@markpi/core';
import { newId } from '../auth/tokens.js';
import { fail, languageOfRequest } from '../errors.js';
import { defineRoute, type Route, workspaceRole } from '../http/route.js';
import type { ImportOptions, UploadedFile } from '../imports/adapter.js';
import {
  readRejectedCsv,
  removeUpload,
  removeUploadedFiles,
  saveUpload,
  storeReport,
  uploadDirectory,
  uploadQuota,
} from '../imports/uploads.js';
import type { ImportRecord } from '../meta/imports.js';
import type { WorkspaceRecord } from '../meta/workspaces.js';
import {
  confirmImportBodySchema,
  csvSchema,
  importListParamsSchema,
  importListSchema,
  importParams,
  importResponseSchema,
  rejectedCsvQuerySchema,
  uploadFormSchema,
  workspaceParams,
} from '../schemas.js';
import type { Services } from '../services.js';
import { headerShapesOf, rememberedMapping, rememberMapping } from './imports-saved-mappings.js';
import { type AnyContext, audit, importView, loginsOf } from './support.js';

async function importOrFail(context: AnyContext, importId: string): Promise<ImportRecord> {
  const workspaceId = context.workspace().record.id;
  const record = await context.services.imports.byId(workspaceId, importId);
  if (!record) throw fail.notFound('import_not_found', `no import \`${importId}\` in this workspace`);
  return record;
}

async function view(context: AnyContext, record: ImportRecord) {
  const logins = await loginsOf(context, [record.createdBy]);
  return { import: importView(record, logins.get(record.createdBy) ?? '') };
}

/**
 * Turns the adapter's failure into the import's recorded error when it is the user's to fix
 * (unreadable file, unknown platform); anything else is ours and propagates as a 500.
 */
function recordedError(error: unknown): ImportRecord['error'] {
  if (isUserError(error))
    return { code: error.code, message: error.message, problems: error.problems, said: error.said };
  throw error;
}

async function preview(
  services: Services,
  workspace: WorkspaceRecord,
  record: ImportRecord,
): Promise<ImportRecord> {
  const updatedAt = services.now().toISOString();
  try {
    const report = await services.importAdapter.preview({
      importId: record.id,
      warehouse: await services.registry.warehouse(workspace),
      catalog: services.registry.catalog(workspace),
      files: record.files,
      options: record.options,
    });
    const stored = storeReport(uploadDirectory(services.settings.dataDir, record.id), report);
    return { ...record, status: 'previewed', report: stored, error: null, updatedAt };
  } catch (error) {
    return { ...record, status: 'preview_failed', report: null, error: recordedError(error), updatedAt };
  }
}

export const importRoutes: Route[] = [
  defineRoute({
    method: 'GET',
    path: '/api/workspaces/:ws/imports',
    tag: 'imports',
    summary: 'Uploads of the workspace, newest first',
    access: workspaceRole('viewer'),
    params: workspaceParams,
    query: importListParamsSchema,
    response: importListSchema,
    async handler(context) {
      const records = await context.services.imports.list(context.workspace().record.id, context.query.limit);
      const logins = await loginsOf(
        context,
        records.map((record) => record.createdBy),
      );
      return { imports: records.map((record) => importView(record, logins.get(record.createdBy) ?? '')) };
    },
  }),

  defineRoute({
    method: 'POST',
    path: '/api/workspaces/:ws/imports',
    tag: 'imports',
    summary: 'Upload files and preview the import (nothing is loaded yet)',
    description:
      'multipart/form-data with one or more `file` fields and an optional `platform` field. The answer is the ' +
      'import with its preview: detected platform, column mapping, counts, sample rows and rejected rows. ' +
      'A preview that fails for a reason in the files is status `preview_failed` with `error`, not an HTTP error.',
    access: workspaceRole('editor'),
    params: workspaceParams,
    multipart: uploadFormSchema,
    response: importResponseSchema,
    async handler(context) {
      const { services, request } = context;
      const workspace = context.workspace().record;
      if (!request.isMultipart()) {
        throw new MarkpiError('invalid_request', 'send the files as multipart/form-data', [
          { message: 'use multipart/form-data with the files in the field `file`', path: 'file' },
        ]);
      }
      const id = newId();
      const directory = uploadDirectory(services.settings.dataDir, id);
      const files: UploadedFile[] = [];
      const options: ImportOptions = {};
      const { maxUploadBytes, maxUploadFiles, uploadQuotaBytes } = services.settings;
      // What the workspace's other unconfirmed uploads hold, those still arriving included.
      const quota = uploadQuota(services, workspace.id);
      const heldBefore = (await services.imports.heldBytes(workspace.id)) + quota.arriving();
      checkUploadQuota(heldBefore + 1, uploadQuotaBytes);
      // No file may be longer than the quota has room for, so one upload can't overshoot it.
      const fileLimit = Math.min(maxUploadBytes, uploadQuotaBytes - heldBefore);
      let received = 0;
      try {
        for await (const part of request.parts({
          limits: { fileSize: fileLimit, files: maxUploadFiles },
        })) {
          if (part.type === 'file') {
            const saved = await saveUpload(
              directory,
              files.length,
              part.filename,
              part.file,
              fileLimit,
            ).catch((error: unknown) => {
              if (isMarkpiError(error) && error.code === 'payload_too_large' && fileLimit < maxUploadBytes)
                checkUploadQuota(heldBefore + received + fileLimit + 1, uploadQuotaBytes);
              throw error;
            });
            files.push(saved);
            received += saved.size;
            quota.add(saved.size);
            checkUploadQuota(heldBefore + received, uploadQuotaBytes);
          } else if (
            part.fieldname === 'platform' &&
            typeof part.value === 'string' &&
            part.value.trim() !== ''
          ) {
            options.platform = part.value.trim().slice(0, 60);
          }
        }
        if (files.length === 0) {
          throw new MarkpiError('invalid_request', 'the upload has no file', [
            { message: 'add at least one file in the field `file`', path: 'file' },
          ]);
        }
        if (!options.platform) {
          const remembered = await rememberedMapping(services, workspace.id, files);
          if (remembered) options.mapping = remembered;
        }
        const now = services.now().toISOString();
        const uploaded: ImportRecord = {
          id,
          workspaceId: workspace.id,
          status: 'previewed',
          files,
          options,
          report: null,
          error: null,
          createdBy: context.user().id,
          createdAt: now,
          updatedAt: now,
        };
        const previewed = await preview(services, workspace, uploaded);
        await services.imports.create(previewed);
        await audit(context, {
          action: 'import.upload',
          target: id,
          details: { files: files.map((file) => file.name), status: previewed.status },
        });
        return view(context, previewed);
      } catch (error) {
        removeUpload(directory);
        throw error;
      } finally {
        quota.add(-received);
      }
    },
  }),

  defineRoute({
    method: 'GET',
    path: '/api/workspaces/:ws/imports/:importId',
    tag: 'imports',
    summary: 'One import with its preview or load report',
    access: workspaceRole('viewer'),
    params: importParams,
    response: importResponseSchema,
    async handler(context) {
      return view(context, await importOrFail(context, context.params.importId));
    },
  }),

  defineRoute({
    method: 'POST',
    path: '/api/workspaces/:ws/imports/:importId/preview',
    tag: 'imports',
    summary: 'Preview again, e.g. read as another platform than the detected one',
    access: workspaceRole('editor'),
    params: importParams,
    body: confirmImportBodySchema,
    response: importResponseSchema,
    async handler(context) {
      const { services, body } = context;
      const record = await importOrFail(context, context.params.importId);
      if (!['previewed', 'preview_failed', 'failed'].includes(record.status)) {
        throw new MarkpiError(
          'import_state',
          `import \`${record.id}\` is ${record.status}; only a pending upload can be previewed`,
        );
      }
      // A platform chosen by name reads the files as that platform, not with a mapping kept before.
      const { mapping: _replaced, ...chosen } = record.options;
      const options: ImportOptions = body.platform ? { ...chosen, platform: body.platform } : record.options;
      const previewed = await preview(services, context.workspace().record, { ...record, options });
      await services.imports.update(previewed);
      return view(context, previewed);
    },
  }),

  defineRoute({
    method: 'POST',
    path: '/api/workspaces/:ws/imports/:importId/confirm',
    tag: 'imports',
    summary: 'Load a previewed upload into the workspace',
    description:
      'Atomic: every accepted row lands or none does. 409 `import_state` unless the import is `previewed` ' +
      '(or `failed`, to retry). The uploaded files are deleted after a successful load; the rejected-rows report stays.',
    access: workspaceRole('editor'),
    params: importParams,
    response: importResponseSchema,
    async handler(context) {
      const { services } = context;
      const workspace = context.workspace().record;
      const record = await importOrFail(context, context.params.importId);
      if (!(await services.imports.claimForImport(workspace.id, record.id, services.now().toISOString()))) {
        throw new MarkpiError(
          'import_state',
          `import \`${record.id}\` is ${record.status}; only a previewed upload can be loaded`,
        );
      }
      let finished: ImportRecord;
      // Read before the load, which deletes the files: the shapes a loaded mapping is kept for.
      const shapes = record.options.mapping ? await headerShapesOf(record.files) : [];
      try {
        const report = await services.importAdapter.commit({
          importId: record.id,
          warehouse: await services.registry.warehouse(workspace),
          catalog: services.registry.catalog(workspace),
          files: record.files,
          options: record.options,
        });
        const stored = storeReport(uploadDirectory(services.settings.dataDir, record.id), report);
        finished = {
          ...record,
          status: 'imported',
          report: stored,
          error: null,
          updatedAt: services.now().toISOString(),
        };
        removeUploadedFiles(record.files);
      } catch (error) {
        const usersToFix = isUserError(error);
        finished = {
          ...record,
          status: 'failed',
          updatedAt: services.now().toISOString(),
          error: usersToFix
            ? { code: error.code, message: error.message, problems: error.problems, said: error.said }
            : { code: 'internal', message: 'the load failed; the server log has the details', problems: [] },
        };
        // Recorded either way, so the import never stays `importing`; our own failures are then a 500.
        await services.imports.update(finished);
        if (!usersToFix) throw error;
      }
      await services.imports.update(finished);
      if (finished.status === 'imported' && record.options.mapping)
        await rememberMapping(services, workspace.id, shapes, record.options.mapping, context.user().id);
      await audit(context, {
        action: 'import.confirm',
        target: record.id,
        details: {
          files: record.files.map((file) => file.name),
          status: finished.status,
          rowsLoaded: finished.report?.rowsLoaded ?? 0,
          rejectedRows: finished.report?.rejectedRows ?? 0,
        },
      });
      return view(context, finished);
    },
  }),

  defineRoute({
    method: 'DELETE',
    path: '/api/workspaces/:ws/imports/:importId',
    tag: 'imports',
    summary: 'Cancel a pending upload and delete its files',
    access: workspaceRole('editor'),
    params: importParams,
    response: importResponseSchema,
    async handler(context) {
      const { services } = context;
      const record = await importOrFail(context, context.params.importId);
      if (record.status === 'importing' || record.status === 'imported') {
        throw new MarkpiError(
          'import_state',
          `import \`${record.id}\` is ${record.status} and can't be cancelled`,
        );
      }
      if (record.status === 'cancelled') return view(context, record);
      removeUpload(uploadDirectory(services.settings.dataDir, record.id));
      const cancelled: ImportRecord = {
        ...record,
        status: 'cancelled',
        updatedAt: services.now().toISOString(),
      };
      await services.imports.update(cancelled);
      await audit(context, {
        action: 'import.cancel',
        target: record.id,
        details: { files: record.files.map((file) => file.name) },
      });
      return view(context, cancelled);
    },
  }),

  defineRoute({
    method: 'GET',
    path: '/api/workspaces/:ws/imports/:importId/rejected.csv',
    tag: 'imports',
    summary:
      'Rejected rows as CSV (UTF-8 with BOM): all of them once loaded, the preview’s first ones before',
    description:
      'Columns: file, row, column, problem/reason, then the row’s cells (as columns, or as JSON once loaded by the importers). ' +
      'Reasons are said in `lang`, else in the language `Accept-Language` prefers.',
    access: workspaceRole('viewer'),
    params: importParams,
    query: rejectedCsvQuerySchema,
    response: csvSchema,
    raw: { contentType: 'text/csv; charset=utf-8', filename: 'rejected-rows.csv' },
    async handler(context) {
      const { services } = context;
      const language = context.query.lang ?? languageOfRequest(context.request.headers['accept-language']);
      const record = await importOrFail(context, context.params.importId);
      if (!record.report)
        throw fail.notFound('not_found', `import \`${record.id}\` has no rejected-rows report`);
      // Once loaded, the importers keep every rejected row in the workspace; before, only the preview's.
      const loadedIds = record.report.files.flatMap((file) =>
        file.status === 'imported' && file.importId ? [file.importId] : [],
      );
      if (record.status === 'imported' && loadedIds.length > 0 && services.importAdapter.rejectedRowsCsv) {
        const warehouse = await services.registry.warehouse(context.workspace().record);
        const csv = await services.importAdapter.rejectedRowsCsv(warehouse, loadedIds, language);
        return `\ufeff${csv.replace(/^\ufeff/, '')}`;
      }
      // A preview kept before its reasons had a Chinese copy is served as it was written.
      const directory = uploadDirectory(services.settings.dataDir, record.id);
      const csv = readRejectedCsv(directory, language) ?? readRejectedCsv(directory);
      if (csv === undefined)
        throw fail.notFound('not_found', `import \`${record.id}\` has no rejected-rows report`);
      return csv;
    },
  }),
];
