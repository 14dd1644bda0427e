/**
 * Column mappings for an upload no platform covers: the suggested draft for each uploaded file
 * (each column's class, field, confidence, reason and question, as a message with its English
 * and Chinese), and a dry run of a mapping the user edited — the first rows as they would be
 * stored and their totals, nothing written — the same as `markpi mapping suggest` and
 * `markpi import --mapping … --dry-run`.
 */
import { importIntoWorkspace } from '@markpi/app';
import { isUserError, MarkpiError, saidSchema } from '@markpi/core';
import {
  type FileSuggestion,
  fileSource,
  type MappingMessage,
  sayMapping,
  suggestMappingForFile,
  targetFields,
  validateMapping,
} from '@markpi/importers';
import { z } from 'zod';
import { fail } from '../errors.js';
import { defineRoute, type Route, workspaceRole } from '../http/route.js';
import { storeReport, uploadDirectory } from '../imports/uploads.js';
import type { ImportRecord } from '../meta/imports.js';
import { importParams, importResponseSchema } from '../schemas.js';
import { type AnyContext, audit, importView, loginsOf } from './support.js';

const messageSchema = z.object({
  key: z.string().describe('stable id of the sentence, e.g. `mapping.reason.ratio`'),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.array(z.string())])),
  en: z.string().describe('the sentence in English'),
  zh: z.string().describe('the sentence in Chinese'),
});

const cellSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const mappedColumnSchema = z.union([
  z.string(),
  z.object({
    field: z.string(),
    unit: z.string().optional(),
    currency: z.string().optional(),
    rateOf: z.string().optional(),
  }),
]);

const mappingSchema = z
  .object({
    name: z.string(),
    target: z.string(),
    columns: z.record(z.string(), mappedColumnSchema),
    channel: z.string().optional(),
    trafficType: z.string().optional(),
    currency: z.string().optional(),
    dateOrder: z.string().optional(),
    timeZone: z.string().optional(),
    constants: z.record(z.string(), z.string()).optional(),
    notes: z.array(z.string()).optional(),
  })
  .describe('a column mapping, as `markpi import --mapping` reads it');

export const mappingSuggestionSchema = z.object({
  files: z.array(
    z.object({
      file: z.string(),
      headerRow: z.number(),
      sampledRows: z.number(),
      columns: z.array(
        z.object({
          header: z.string(),
          index: z.number(),
          class: z.string().describe('rate, percentage, money, count, id, flag, date, category, text, …'),
          field: z.string().nullable().describe('null: left out'),
          confidence: z.number(),
          sure: z.boolean(),
          reason: messageSchema,
          question: messageSchema.optional(),
          currency: z.string().optional(),
          examples: z.array(z.string()),
        }),
      ),
      questions: z.array(messageSchema),
      mapping: mappingSchema,
      fields: z.array(z.string()).describe('the fields the mapping’s target accepts, `ignore` among them'),
    }),
  ),
  current: mappingSchema.optional().describe('the mapping the upload is read with now, if any'),
});

export const mappingPreviewBodySchema = z.object({ mapping: z.unknown() });

export const mappingPreviewSchema = z.object({
  files: z.array(
    z.object({
      file: z.string(),
      status: z.string(),
      rowsAccepted: z.number(),
      rowsRejected: z.number(),
      rejected: z.array(
        z.object({
          row: z.number(),
          column: z.string().nullable(),
          reason: z.string(),
          said: saidSchema
            .optional()
            .describe('the reason as a key and parameters, to say it in any language'),
        }),
      ),
      tables: z.array(
        z.object({
          table: z.string(),
          rows: z.array(z.record(z.string(), cellSchema)),
          rowCount: z.number(),
          totals: z.record(z.string(), z.number()),
        }),
      ),
      error: z.object({ code: z.string(), message: z.string(), said: saidSchema.optional() }).optional(),
    }),
  ),
});

const said = (message: MappingMessage) => ({
  ...message,
  en: sayMapping(message, 'en'),
  zh: sayMapping(message, 'zh'),
});

function suggestionView(suggestion: FileSuggestion) {
  return {
    file: suggestion.file,
    headerRow: suggestion.headerRow,
    sampledRows: suggestion.sampledRows,
    columns: suggestion.columns.map(({ question, reason, ...column }) => ({
      ...column,
      reason: said(reason),
      ...(question ? { question: said(question) } : {}),
    })),
    questions: suggestion.questions.map(said),
    mapping: suggestion.mapping,
    fields: [...targetFields(suggestion.mapping.target).keys()],
  };
}

async function pendingUpload(context: AnyContext, importId: string): Promise<ImportRecord> {
  const workspaceId = context.workspace().record.id;
  const record = await context.services.imports.byId(workspaceId, importId);
  if (!record) throw fail.notFound('import_not_found', `no import \`${importId}\` in this workspace`);
  if (!['previewed', 'preview_failed', 'failed'].includes(record.status)) {
    throw new MarkpiError(
      'import_state',
      `import \`${record.id}\` is ${record.status}; only a pending upload can be mapped`,
    );
  }
  return record;
}

export const mappingRoutes: Route[] = [
  defineRoute({
    method: 'PUT',
    path: '/api/workspaces/:ws/imports/:importId/mapping',
    tag: 'imports',
    summary: 'Read the upload with a column mapping from now on, and preview it again',
    description:
      'The mapping is kept with the upload: the preview is made again with it, and confirming loads with it.',
    access: workspaceRole('editor'),
    params: importParams,
    body: mappingPreviewBodySchema,
    response: importResponseSchema,
    async handler(context) {
      const { services } = context;
      const record = await pendingUpload(context, context.params.importId);
      const mapping = validateMapping(context.body.mapping, 'mapping');
      const workspace = context.workspace().record;
      const options = { ...record.options, mapping: mapping as unknown as Record<string, unknown> };
      const updatedAt = services.now().toISOString();
      let updated: ImportRecord;
      try {
        const report = await services.importAdapter.preview({
          importId: record.id,
          warehouse: await services.registry.warehouse(workspace),
          catalog: services.registry.catalog(workspace),
          files: record.files,
          options,
        });
        const stored = storeReport(uploadDirectory(services.settings.dataDir, record.id), report);
        updated = { ...record, options, status: 'previewed', report: stored, error: null, updatedAt };
      } catch (error) {
        if (!isUserError(error)) throw error;
        const failure = {
          code: error.code,
          message: error.message,
          problems: error.problems,
          said: error.said,
        };
        updated = { ...record, options, status: 'preview_failed', report: null, error: failure, updatedAt };
      }
      await services.imports.update(updated);
      await audit(context, {
        action: 'import.mapping',
        target: record.id,
        details: { mapping: mapping.name, status: updated.status },
      });
      const logins = await loginsOf(context, [updated.createdBy]);
      return { import: importView(updated, logins.get(updated.createdBy) ?? '') };
    },
  }),

  defineRoute({
    method: 'GET',
    path: '/api/workspaces/:ws/imports/:importId/mapping-suggestion',
    tag: 'imports',
    summary: 'A suggested column mapping for each uploaded file',
    description:
      'Each column is classed from its header and values (ratio, percentage, money, count, ID, flag, date, ' +
      'category, text) before a field of a fitting kind is offered; a ratio or a flag never becomes a count ' +
      'or an amount. Doubtful columns are left out with a question.',
    access: workspaceRole('editor'),
    params: importParams,
    response: mappingSuggestionSchema,
    async handler(context) {
      const record = await pendingUpload(context, context.params.importId);
      const files = [];
      for (const file of record.files)
        files.push(suggestionView(await suggestMappingForFile(fileSource(file.path, file.name))));
      const current = record.options.mapping;
      return { files, ...(current ? { current: validateMapping(current, 'mapping') } : {}) };
    },
  }),

  defineRoute({
    method: 'POST',
    path: '/api/workspaces/:ws/imports/:importId/mapping-preview',
    tag: 'imports',
    summary: 'Dry-run the uploaded files with a column mapping: the first rows as stored and the totals',
    description: 'Nothing is written and the upload is left as it is.',
    access: workspaceRole('editor'),
    params: importParams,
    body: mappingPreviewBodySchema,
    response: mappingPreviewSchema,
    async handler(context) {
      const record = await pendingUpload(context, context.params.importId);
      const mapping = validateMapping(context.body.mapping, 'mapping');
      const workspace = await context.services.registry.context(
        context.workspace().record,
        context.services.now,
      );
      const reports = await importIntoWorkspace(
        workspace,
        record.files.map((file) => fileSource(file.path, file.name)),
        { dryRun: true, mapping },
      );
      return {
        files: reports.map((report) => ({
          file: report.file,
          status: report.status,
          rowsAccepted: report.summary?.rowsAccepted ?? 0,
          rowsRejected: report.summary?.rowsRejected ?? 0,
          rejected: (report.summary?.rejectedSample ?? []).slice(0, 20).map((row) => ({
            row: row.row,
            column: row.column,
            reason: row.reason,
            ...(row.said ? { said: row.said } : {}),
          })),
          tables: report.preview?.tables ?? [],
          ...(report.error
            ? {
                error: {
                  code: report.error.code,
                  message: report.error.message,
                  ...(report.error.said ? { said: report.error.said } : {}),
                },
              }
            : {}),
        })),
      };
    },
  }),
];
