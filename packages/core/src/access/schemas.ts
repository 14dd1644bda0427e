/** The wire shapes of scopes and share pages, kept apart so the dashboard carries no zod. */
import { z } from 'zod';
import { isSharePage, type SharePage } from './share-pages.js';

const scopeValues = z.array(z.string().trim().min(1).max(200)).min(1).max(200);

/** A scope as the API takes and returns it; an empty object sees everything. */
export const accessScopeSchema = z
  .object({
    channels: scopeValues.optional(),
    campaigns: scopeValues.optional(),
    accounts: scopeValues.optional(),
  })
  .strict();

export const sharePageSchema = z
  .string()
  .refine(isSharePage, { message: 'a page is `overview`, `explore` or `board:<id>`' })
  .transform((page) => page as SharePage);

export const sharePagesSchema = z.array(sharePageSchema).min(1).max(20);
