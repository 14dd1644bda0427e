/** Scopes and share pages on the wire (core's schemas, described for the API document). */
import { accessScopeSchema, sharePagesSchema } from '@markpi/core';

export const scopeSchema = accessScopeSchema.describe(
  'rows this caller may see: dimension values, any of a list, all listed dimensions (`{"channels":["douyin"]}`)',
);

export const nullableScopeSchema = scopeSchema
  .nullable()
  .describe('rows this caller may see; null: the whole workspace');

export const pagesSchema = sharePagesSchema.describe(
  'what a share link opens: `overview`, `explore` (the query route) and/or `board:<id>`',
);
