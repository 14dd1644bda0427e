/**
 * Every request and response body of the API as a zod schema. Routes validate with them, the
 * OpenAPI document is generated from them, and responses are parsed through them before they
 * leave (which also strips any field a schema doesn't list, so nothing leaks by accident).
 */
import {
  AGGREGATION_CLASSES,
  COMPARISONS,
  DIRECTIONS,
  GRAINS,
  KPI_UNITS,
  kpiDefinitionSchema,
  kpiQuerySchema,
} from '@markpi/core';
import { z } from 'zod';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './auth/passwords.js';
import { ROLES } from './auth/roles.js';

// ---------------------------------------------------------------- shared pieces

export const problemSchema = z.object({
  message: z.string(),
  file: z.string().optional(),
  path: z.string().optional(),
  row: z.number().optional(),
  column: z.union([z.number(), z.string()]).optional(),
  start: z.number().optional().describe('0-based offset into a formula, for underlining'),
  end: z.number().optional(),
  hint: z.string().optional(),
});

export const errorBodySchema = z.object({
  error: z.object({
    code: z.string().describe('stable machine-readable code, e.g. `csrf_failed`, `invalid_query`'),
    message: z.string(),
    problems: z.array(problemSchema),
  }),
});

export const okSchema = z.object({ ok: z.literal(true) });

export const roleSchema = z.enum(ROLES);
export const bilingualSchema = z.object({ en: z.string(), zh: z.string() });
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
const timestamp = z.string().describe('ISO-8601 UTC time');
const cellSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** `a,b,c` in a query string → `['a', 'b', 'c']`. */
const commaList = (description: string) =>
  z
    .string()
    .describe(description)
    .transform((text) =>
      text
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part.length > 0),
    );

const workspaceId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'lower-case letters, digits, - and _, up to 63 characters');

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------- path parameters

export const workspaceParams = z.object({ ws: z.string().describe('workspace id') });
export const userParams = z.object({ userId: z.string() });
export const memberParams = z.object({ ws: z.string(), userId: z.string() });
export const shareLinkParams = z.object({ ws: z.string(), linkId: z.string() });
export const importParams = z.object({ ws: z.string(), importId: z.string() });
export const kpiParams = z.object({ ws: z.string(), kpiId: z.string() });
export const shareTokenParams = z.object({ token: z.string().describe('the share link token') });

// ---------------------------------------------------------------- accounts and sessions

const password = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH);
const login = z
  .string()
  .trim()
  .min(1)
  .max(120)
  .regex(/^[^\s]+$/, 'no spaces');

export const loginBodySchema = z.object({
  login: z.string().min(1).max(120),
  // Not `password`: an old account may have a shorter one; the length rule is for new ones.
  password: z.string().min(1).max(MAX_PASSWORD_LENGTH),
});

export const userSchema = z.object({
  id: z.string(),
  login: z.string(),
  displayName: z.string(),
  serverAdmin: z.boolean().describe('manages accounts and workspaces; admin of every workspace'),
  disabled: z.boolean(),
  createdAt: timestamp,
});

export const workspaceSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  role: roleSchema.describe('the caller’s role here (server admins are admin everywhere)'),
  createdAt: timestamp,
});

export const sessionResponseSchema = z.object({
  user: userSchema,
  csrfToken: z
    .string()
    .describe('send it back as the `X-CSRF-Token` header on every POST, PUT, PATCH and DELETE'),
  workspaces: z.array(workspaceSummarySchema),
});

export const changePasswordBodySchema = z.object({
  currentPassword: z.string().min(1).max(MAX_PASSWORD_LENGTH),
  newPassword: password,
});

export const userWithMembershipsSchema = userSchema.extend({
  memberships: z.array(z.object({ workspaceId: z.string(), role: roleSchema })),
});
export const userListSchema = z.object({ users: z.array(userWithMembershipsSchema) });

export const createUserBodySchema = z.object({
  login,
  displayName: z.string().trim().min(1).max(120).optional(),
  password: password.optional().describe('omit to have one generated and returned once'),
  serverAdmin: z.boolean().default(false),
});
export const createdUserSchema = z.object({
  user: userSchema,
  generatedPassword: z.string().optional().describe('present only when the request had no password'),
});

export const updateUserBodySchema = z.object({
  displayName: z.string().trim().min(1).max(120).optional(),
  password: password.optional().describe('sets a new password and ends the user’s sessions'),
  serverAdmin: z.boolean().optional(),
  disabled: z.boolean().optional().describe('a disabled user can’t log in; their sessions end'),
});
export const userResponseSchema = z.object({ user: userSchema });

// ---------------------------------------------------------------- workspaces and members

export const workspaceDetailSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: roleSchema,
  createdAt: timestamp,
  baseCurrency: z.string(),
  timeZone: z.string().describe('the workspace’s reporting time zone; send it as `timeZone` in queries'),
  dataRange: z
    .object({ from: isoDate, to: isoDate })
    .nullable()
    .describe('first and last day with any data; null when the workspace is empty'),
});
export const workspaceListSchema = z.object({ workspaces: z.array(workspaceSummarySchema) });
export const workspaceResponseSchema = z.object({ workspace: workspaceDetailSchema });

export const createWorkspaceBodySchema = z.object({
  id: workspaceId.optional().describe('URL id; derived from the name when omitted'),
  name: z.string().trim().min(1).max(120),
});
export const updateWorkspaceBodySchema = z.object({
  name: z.string().trim().min(1).max(120).optional(),
  baseCurrency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as CNY')
    .optional(),
  timeZone: z.string().refine(isTimeZone, 'an IANA time zone such as Asia/Shanghai').optional(),
});

export const memberSchema = z.object({
  userId: z.string(),
  login: z.string(),
  displayName: z.string(),
  role: roleSchema,
  addedAt: timestamp,
});
export const memberListSchema = z.object({ members: z.array(memberSchema) });
export const memberResponseSchema = z.object({ member: memberSchema });
export const addMemberBodySchema = z.object({ login: z.string().min(1).max(120), role: roleSchema });
export const updateMemberBodySchema = z.object({ role: roleSchema });

// ---------------------------------------------------------------- catalog

const catalogKpiSchema = z.object({
  id: z.string(),
  name: bilingualSchema,
  description: bilingualSchema,
  formula: z.string(),
  unit: z.enum(KPI_UNITS),
  direction: z.enum(DIRECTIONS),
  aggregation: z.enum(AGGREGATION_CLASSES),
  sources: z.array(z.string()),
  builtin: z.boolean().describe('false for the workspace’s custom KPIs'),
  references: z.object({
    measures: z.array(z.string()),
    kpis: z.array(z.string()),
    dimensions: z.array(z.string()),
  }),
});

export const catalogSchema = z.object({
  baseCurrency: z.string(),
  timeZone: z.string(),
  kpis: z.array(catalogKpiSchema),
  measures: z.array(
    z.object({
      id: z.string(),
      fact: z.string(),
      aggregation: z.enum(['sum', 'distinct', 'snapshot']),
      unit: z.string(),
      name: bilingualSchema,
      description: bilingualSchema,
      filter: z.string().optional(),
      builtin: z.boolean(),
    }),
  ),
  dimensions: z.array(
    z.object({
      id: z.string(),
      name: bilingualSchema,
      description: bilingualSchema,
      values: z.array(z.string()).optional().describe('the closed set of values, when there is one'),
      facts: z.array(z.string()).describe('facts that can be cut by this dimension'),
    }),
  ),
  facts: z.array(
    z.object({
      id: z.string(),
      name: bilingualSchema,
      grain: z.enum(['day', 'month']),
      dimensions: z.array(z.string()),
    }),
  ),
});

export const validateFormulaBodySchema = z.object({
  formula: z.string().max(10_000),
  mode: z
    .enum(['kpi', 'filter'])
    .default('kpi')
    .describe('a KPI formula, or a filter condition on dimensions'),
  unit: z.enum(KPI_UNITS).optional().describe('the unit the KPI will declare, to check the formula against'),
  aggregation: z.enum(AGGREGATION_CLASSES).optional().describe('the aggregation class the KPI will declare'),
});

export const formulaCheckSchema = z.object({
  valid: z.boolean(),
  problems: z.array(problemSchema).describe('each with `start`/`end` offsets into the formula'),
  unit: z
    .string()
    .nullable()
    .describe('what the formula computes, e.g. `money per count`; null when unknown'),
  suggestedUnits: z.array(z.enum(KPI_UNITS)).describe('declared units that fit what the formula computes'),
  aggregation: z
    .enum(AGGREGATION_CLASSES)
    .nullable()
    .describe('the aggregation class the formula’s shape implies'),
  references: z.object({
    measures: z.array(z.string()),
    kpis: z.array(z.string()),
    dimensions: z.array(z.string()),
  }),
});

export const saveKpiBodySchema = kpiDefinitionSchema.omit({ id: true });
export const kpiResponseSchema = z.object({ kpi: catalogKpiSchema });

// ---------------------------------------------------------------- queries

export { kpiQuerySchema };

/** The same query as `kpiQuerySchema`, spelled as URL parameters (lists comma-separated). */
export const kpiQueryParamsSchema = z.object({
  kpis: commaList('KPI ids, comma-separated, e.g. `spend,ctr,roas`'),
  dimensions: commaList('dimension ids to group by, comma-separated').optional(),
  filter: z.string().max(10_000).optional().describe("condition on dimensions, e.g. `channel = 'douyin'`"),
  from: isoDate.describe('first day, inclusive'),
  to: isoDate.describe('last day, inclusive'),
  grain: z.enum(GRAINS).optional(),
  timeZone: z.string().optional(),
  compare: z.enum(COMPARISONS).optional(),
  limit: z.coerce.number().int().positive().max(1_000_000).optional(),
});

export const columnSchema = z.object({
  key: z.string().describe('the key of this column in each row'),
  role: z.enum(['time', 'dimension', 'kpi', 'previous', 'change', 'flag']),
  kpi: z.string().optional(),
  unit: z.enum(KPI_UNITS).optional(),
});

export const queryResultSchema = z.object({
  columns: z.array(columnSchema),
  rows: z
    .array(z.record(z.string(), cellSchema))
    .describe(
      'keyed by KPI id, dimension id, the grain name, and `<kpi>__previous`, `<kpi>__change`, `<kpi>__flag`',
    ),
  warnings: z.array(z.string()),
});

// ---------------------------------------------------------------- overview

export const overviewParamsSchema = z.object({
  from: isoDate.optional().describe('default: 29 days before `to`'),
  to: isoDate.optional().describe('default: the last day with data'),
  kpis: commaList('KPI tiles to show, comma-separated').optional(),
  filter: z.string().max(10_000).optional(),
  compare: z.enum(COMPARISONS).default('previous'),
});

const funnelStageSchema = z.object({
  stage: z.enum(['exposure', 'click', 'conversion']),
  kpi: z.string().describe('the count at this stage: impressions, clicks, conversions'),
  value: z.number().nullable(),
  rateKpi: z.string().nullable().describe('the step rate into this stage: ctr for click, cvr for conversion'),
  rate: z.number().nullable(),
  medianRate: z.number().nullable().describe('median of this rate across the workspace’s channels'),
  relativeToMedian: z
    .number()
    .nullable()
    .describe('rate / medianRate; below 1 is worse than the typical channel'),
  weakest: z.boolean().describe('the weakest stage of the whole funnel'),
});

export const overviewSchema = z.object({
  period: z.object({ from: isoDate, to: isoDate }),
  compare: z.enum(COMPARISONS),
  tiles: z.array(
    z.object({
      kpi: z.string(),
      name: bilingualSchema,
      unit: z.enum(KPI_UNITS),
      direction: z.enum(DIRECTIONS),
      value: z.number().nullable(),
      previous: z.number().nullable(),
      change: z.number().nullable().describe('(value − previous) / |previous|'),
      flag: z.string().nullable().describe('e.g. `upper_bound` for reach summed over days'),
      sparkline: z.array(z.object({ date: isoDate, value: z.number().nullable() })),
    }),
  ),
  funnel: z.object({
    channels: z.array(
      z.object({
        channel: z.string(),
        stages: z.array(funnelStageSchema),
        weakestStage: z
          .enum(['click', 'conversion'])
          .nullable()
          .describe('this channel’s stage furthest below the median'),
      }),
    ),
    medians: z.object({ ctr: z.number().nullable(), cvr: z.number().nullable() }),
    weakest: z
      .object({ channel: z.string(), stage: z.enum(['click', 'conversion']), relativeToMedian: z.number() })
      .nullable(),
  }),
  warnings: z.array(z.string()),
});

// ---------------------------------------------------------------- comparison tables

export const COMPARISON_TABLES = [
  'channels',
  'campaigns',
  'creators',
  'content',
  'regions',
  'audiences',
] as const;
export type ComparisonTable = (typeof COMPARISON_TABLES)[number];

export const comparisonParams = z.object({ ws: z.string(), table: z.enum(COMPARISON_TABLES) });

export const comparisonParamsSchema = z.object({
  from: isoDate,
  to: isoDate,
  kpis: commaList('KPI columns, comma-separated').optional(),
  filter: z.string().max(10_000).optional().describe('condition on dimensions, in the formula language'),
  search: z
    .string()
    .max(200)
    .optional()
    .describe('keep rows whose id or name contains this text (case-insensitive)'),
  sort: z.string().optional().describe('column key to sort by (a KPI id, `<kpi>__change`, or the dimension)'),
  order: z.enum(['asc', 'desc']).default('desc'),
  compare: z.enum(COMPARISONS).optional(),
  limit: z.coerce.number().int().positive().max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

export const comparisonSchema = queryResultSchema.extend({
  table: z.enum(COMPARISON_TABLES),
  dimension: z.string().describe('the column holding each row’s id'),
  total: z.number().describe('rows after filtering and search, before paging'),
  labels: z.record(z.string(), z.string()).describe('display names of the ids on this page, where known'),
});

// ---------------------------------------------------------------- share links

export const shareLinkSchema = z.object({
  id: z.string(),
  label: z.string(),
  createdBy: z.string().describe('login of the creator'),
  createdAt: timestamp,
  expiresAt: timestamp,
  revokedAt: timestamp.nullable(),
  active: z.boolean(),
});
export const shareLinkListSchema = z.object({ links: z.array(shareLinkSchema) });
export const createShareLinkBodySchema = z.object({
  label: z.string().trim().max(120).default(''),
  expiresInDays: z.number().int().min(1).max(365).default(30),
});
export const createdShareLinkSchema = z.object({
  link: shareLinkSchema,
  token: z.string().describe('shown once; the link is `/share/<token>`'),
  path: z.string(),
});
export const shareLinkResponseSchema = z.object({ link: shareLinkSchema });

export const shareInfoSchema = z.object({
  workspace: z.object({ name: z.string(), baseCurrency: z.string(), timeZone: z.string() }),
  expiresAt: timestamp,
  dataRange: z.object({ from: isoDate, to: isoDate }).nullable(),
});

// ---------------------------------------------------------------- audit log

const auditValue = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]);
export const auditEntrySchema = z.object({
  id: z.string(),
  seq: z
    .number()
    .describe('increases with every entry; pass the last one seen as `before` for the next page'),
  at: timestamp,
  userId: z.string().nullable(),
  userLogin: z.string().nullable(),
  workspaceId: z.string().nullable(),
  action: z.string(),
  target: z.string(),
  details: z.record(z.string(), auditValue),
});
export const auditParamsSchema = z.object({
  limit: z.coerce.number().int().positive().max(500).default(100),
  before: z.coerce
    .number()
    .int()
    .optional()
    .describe('only entries older than this `seq` (the last one seen)'),
  action: z.string().max(80).optional(),
});
export const auditListSchema = z.object({ entries: z.array(auditEntrySchema) });

// ---------------------------------------------------------------- imports

const importReportSchema = z.object({
  files: z.array(
    z.object({
      file: z.string(),
      importId: z.string().nullable().describe('the importer’s id of this file’s load (its content hash)'),
      status: z
        .string()
        .describe('`dry_run` in a preview; `imported`, `already_imported` or `failed` after a load'),
      platform: z.string().nullable(),
      fact: z.string().nullable(),
      mapping: z.array(z.object({ source: z.string(), target: z.string().nullable() })),
      rows: z.number(),
      accepted: z.number(),
      rejected: z.number(),
      period: z.object({ from: isoDate, to: isoDate }).nullable(),
      sample: z.array(z.record(z.string(), cellSchema)).describe('accepted rows as stored; may be empty'),
      notes: z.array(z.string()).describe('mapping notes and warnings worth showing'),
    }),
  ),
  rejectedRows: z.number().describe('how many rows were rejected in all'),
  rejectedSample: z
    .array(
      z.object({
        file: z.string(),
        row: z.number(),
        column: z.string().nullable(),
        message: z.string(),
        values: z.record(z.string(), z.string()),
      }),
    )
    .describe('the first rejected rows (up to 100); the CSV download has all of them once loaded'),
  problems: z.array(problemSchema).describe('whole files that could not be read, with file, row and column'),
  rowsLoaded: z.number(),
});

export const importSchema = z.object({
  id: z.string(),
  status: z.enum(['previewed', 'preview_failed', 'importing', 'imported', 'failed', 'cancelled']),
  files: z.array(z.object({ name: z.string(), size: z.number() })),
  options: z.object({ platform: z.string().optional() }),
  report: importReportSchema.nullable(),
  error: errorBodySchema.shape.error.nullable(),
  createdBy: z.string(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export const importListSchema = z.object({ imports: z.array(importSchema) });
export const importResponseSchema = z.object({ import: importSchema });
export const importListParamsSchema = z.object({
  limit: z.coerce.number().int().positive().max(200).default(50),
});
export const confirmImportBodySchema = z.object({
  platform: z
    .string()
    .max(60)
    .optional()
    .describe('read the files as this platform instead of the detected one'),
});
export const uploadFormSchema = z.object({
  file: z.array(z.file()).describe('one or more files (CSV or XLSX), field name `file`'),
  platform: z.string().optional().describe('optional: the platform to read the files as'),
});

// ---------------------------------------------------------------- system

export const healthSchema = z.object({ ok: z.literal(true), version: z.string() });
export const openApiDocumentSchema = z.record(z.string(), z.unknown());
export const csvSchema = z.string().describe('text/csv');
