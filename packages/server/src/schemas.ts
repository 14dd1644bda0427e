/**
 * Every request and response body of the API as a zod schema. Routes validate with them, the
 * OpenAPI document is generated from them, and responses are parsed through them before they
 * leave (which also strips any field a schema doesn't list, so nothing leaks by accident).
 */
import {
  AGGREGATION_CLASSES,
  BREAKDOWN_MODES,
  bilingualSchema,
  CAMPAIGN_GOALS,
  COMPARE_PARAMS,
  COMPARISON_TABLES,
  cellSchema,
  columnSchema,
  comparisonSchema,
  DIRECTIONS,
  formulaCheckSchema,
  GRAINS,
  isoDateSchema as isoDate,
  isValidIsoDate,
  KPI_UNITS,
  kpiDefinitionSchema,
  kpiQuerySchema,
  kpiRequestSchema,
  overviewSchema,
  problemSchema,
  queryResultSchema,
  RAG_STATUSES,
  REVIEW_CADENCES,
  ragSchema,
  SMART_LETTERS,
  SUGGESTION_BASES,
  saidSchema,
  targetBreakdownSchema,
  targetIdSchema,
  targetPeriodSchema,
  targetSchema,
  targetScopeSchema,
  tileTargetSchema,
} from '@markpi/core';
import { z } from 'zod';
import { PASSWORD_PROBLEM_MESSAGES, passwordProblem, passwordSaid } from './auth/password-policy.js';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './auth/passwords.js';
import { ROLES } from './auth/roles.js';
import { nullableScopeSchema, pagesSchema } from './auth/scope-schemas.js';

// ---------------------------------------------------------------- shared pieces

export type { ComparisonTable } from '@markpi/core';
export {
  bilingualSchema,
  COMPARISON_TABLES,
  columnSchema,
  comparisonSchema,
  formulaCheckSchema,
  overviewSchema,
  problemSchema,
  queryResultSchema,
  RAG_STATUSES,
  ragSchema,
  tileTargetSchema,
};

export const errorBodySchema = z.object({
  error: z.object({
    code: z.string().describe('stable machine-readable code, e.g. `csrf_failed`, `invalid_query`'),
    message: z.string().describe('said in the language `Accept-Language` prefers: English or Chinese'),
    problems: z.array(problemSchema),
    said: saidSchema
      .optional()
      .describe('the message as a key and parameters (core says every key), to say it in any language'),
  }),
});

export const okSchema = z.object({ ok: z.literal(true) });

export const roleSchema = z.enum(ROLES);
const timestamp = z.string().describe('ISO-8601 UTC time');

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
export const sessionParams = z.object({ sessionId: z.string().max(64) });
export const memberParams = z.object({ ws: z.string(), userId: z.string() });
export const shareLinkParams = z.object({ ws: z.string(), linkId: z.string() });
export const importParams = z.object({ ws: z.string(), importId: z.string() });
export const kpiParams = z.object({ ws: z.string(), kpiId: z.string() });
export const shareTokenParams = z.object({ token: z.string().describe('the share link token') });

// ---------------------------------------------------------------- accounts and sessions

const password = z
  .string()
  .max(MAX_PASSWORD_LENGTH)
  .refine((value) => value.length >= MIN_PASSWORD_LENGTH, {
    message: PASSWORD_PROBLEM_MESSAGES.too_short.en,
    params: { said: passwordSaid('too_short') },
  })
  .refine((value) => passwordProblem(value) !== 'common', {
    message: PASSWORD_PROBLEM_MESSAGES.common.en,
    params: { said: passwordSaid('common') },
  });
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

export const sessionListSchema = z.object({
  sessions: z.array(
    z.object({
      id: z.string().describe('names the session for DELETE /api/me/sessions/{sessionId}; logs nobody in'),
      createdAt: timestamp.describe('when its login was'),
      expiresAt: timestamp.describe('when it ends unless used again (never past its absolute end)'),
      current: z.boolean().describe('the session of this request'),
    }),
  ),
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
  scope: nullableScopeSchema.describe('the rows you may see here; null: the whole workspace'),
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
  scope: nullableScopeSchema,
});
export const memberListSchema = z.object({ members: z.array(memberSchema) });
export const memberResponseSchema = z.object({ member: memberSchema });
export const addMemberBodySchema = z.object({
  login: z.string().min(1).max(120),
  role: roleSchema,
  scope: nullableScopeSchema.optional(),
});
export const memberScopeBodySchema = z.object({ scope: nullableScopeSchema });
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
      grain: z.enum(['day', 'month', 'event']),
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

export const saveKpiBodySchema = kpiDefinitionSchema.omit({ id: true });
export const kpiResponseSchema = z.object({ kpi: catalogKpiSchema });

// ---------------------------------------------------------------- queries

export { kpiQuerySchema };

/** `period` (a preset or an event) instead of dates, shared by the analytics requests. */
const periodField = {
  period: z
    .string()
    .max(300)
    .optional()
    .describe(
      'instead of `from`/`to`: today, yesterday, this_week, last_week, this_month, last_month, this_quarter, ' +
        'last_quarter, this_year, last_year, month_to_date, quarter_to_date, year_to_date (in the workspace’s time ' +
        'zone), or `event:<name>[@<year>]` for an event of the workspace’s calendars (`event:618@2026`)',
    ),
};

const compareDescription =
  'previous (the period before, of the window’s own shape), last_year (same dates; the same ISO week for a week), ' +
  'same_event (the same event’s own dates last year), auto (the window’s default: same_event for an event, else ' +
  'previous), none';

/** A ranking of the rows (the application layer's `RankingRequest`). */
const rankingFields = {
  sort: z
    .string()
    .max(300)
    .optional()
    .describe(
      'rank rows by a column: `<kpi>[:asc|desc]`; a KPI without an order ranks best first by its direction',
    ),
  min: z
    .union([z.string().max(1000), z.array(z.string().max(300)).max(20)])
    .optional()
    .describe(
      '`<kpi>=<number>` floors (comma-separated or a list) a ranked row must reach; rows under them are counted in `ranking.belowMinimum`',
    ),
};

/** The KPI query with `period` and the comparisons the periods add. */
export const kpiPeriodRequestSchema = kpiRequestSchema.extend({
  ...periodField,
  compare: z.enum(COMPARE_PARAMS).optional().describe(compareDescription),
  ...rankingFields,
});

/** The same query as `kpiQuerySchema`, spelled as URL parameters (lists comma-separated). */
export const kpiQueryParamsSchema = z.object({
  kpis: commaList('KPI ids, comma-separated, e.g. `spend,ctr,roas`'),
  dimensions: commaList('dimension ids to group by, comma-separated').optional(),
  filter: z.string().max(10_000).optional().describe("condition on dimensions, e.g. `channel = 'douyin'`"),
  from: isoDate.optional().describe('first day, inclusive; default: 29 days before `to`'),
  to: isoDate.optional().describe('last day, inclusive; default: the last day with data'),
  grain: z.enum(GRAINS).optional(),
  timeZone: z.string().optional().describe('default: the workspace’s time zone'),
  ...periodField,
  compare: z.enum(COMPARE_PARAMS).optional().describe(compareDescription),
  limit: z.coerce.number().int().positive().max(1_000_000).optional(),
  ...rankingFields,
});

// ---------------------------------------------------------------- overview

export const overviewParamsSchema = z.object({
  from: isoDate.optional().describe('default: 29 days before `to`'),
  to: isoDate.optional().describe('default: the last day with data'),
  kpis: commaList('KPI tiles to show, comma-separated').optional(),
  filter: z.string().max(10_000).optional(),
  ...periodField,
  compare: z.enum(COMPARE_PARAMS).optional().describe(`${compareDescription}; default auto`),
});

// ---------------------------------------------------------------- comparison tables

export const comparisonParams = z.object({ ws: z.string(), table: z.enum(COMPARISON_TABLES) });

export const comparisonParamsSchema = z.object({
  from: isoDate.optional().describe('default: 29 days before `to`'),
  to: isoDate.optional().describe('default: the last day with data'),
  kpis: commaList('KPI columns, comma-separated').optional(),
  filter: z.string().max(10_000).optional().describe('condition on dimensions, in the formula language'),
  search: z
    .string()
    .max(200)
    .optional()
    .describe('keep rows whose id or name contains this text (case-insensitive)'),
  sort: z.string().optional().describe('column key to sort by (a KPI id, `<kpi>__change`, or the dimension)'),
  order: z.enum(['asc', 'desc']).default('desc'),
  min: rankingFields.min,
  ...periodField,
  compare: z.enum(COMPARE_PARAMS).optional().describe(compareDescription),
  limit: z.coerce.number().int().positive().max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

// ---------------------------------------------------------------- targets, pacing and scorecards

const calendarDate = isoDate.refine(isValidIsoDate, 'not a calendar date');
const periodSchema = z.object({ from: isoDate, to: isoDate });
const directionSchema = z.enum(DIRECTIONS);
export const BREAKDOWN_METHODS = ['split', 'level', 'end_of_period'] as const;
const breakdownMethodSchema = z
  .enum(BREAKDOWN_METHODS)
  .describe('split: additive, parts add up; level: ratios keep their level; end_of_period: snapshots');
export const BREAKDOWN_LEVELS = ['quarter', 'month', 'day'] as const;

/** A share typed as `0.9` or `90%` in a URL. */
const shareParam = (description: string) =>
  z
    .string()
    .regex(/^\s*\d+(\.\d+)?\s*%?\s*$/, 'a share such as 0.9 or 90%')
    .transform((text) => {
      const trimmed = text.trim();
      return trimmed.endsWith('%') ? Number(trimmed.slice(0, -1)) / 100 : Number(trimmed);
    })
    .describe(description);

const whereParams = {
  where: z
    .string()
    .max(10_000)
    .optional()
    .describe("condition on dimensions, e.g. `campaign = '618-2026'` (the CLI's --where)"),
  filter: z.string().max(10_000).optional().describe('the same as `where`, under the name other routes use'),
};

export const targetParams = z.object({ ws: z.string(), id: z.string().describe('target id') });

export { targetSchema };

export const targetVersionSchema = z.object({
  target: targetSchema,
  version: z.number().int().describe('1 for the first version'),
  createdAt: timestamp.describe('when this version was saved'),
  author: z.string().optional().describe('login of who saved it'),
  reason: z.string().optional().describe('why it changed'),
});

const targetChangeSchema = z.object({
  field: z.string().describe('dotted path, e.g. `value`, `period.to`, `scope.filter`'),
  before: z.unknown().describe('absent when the field was not set'),
  after: z.unknown().describe('absent when the field was removed'),
});
const targetChangesSchema = z.object({
  version: z.number().int(),
  createdAt: timestamp,
  author: z.string().optional(),
  reason: z.string().optional(),
  changes: z.array(targetChangeSchema),
});

const projectionSchema = z.object({
  value: z.number().describe('projected value at the end of the period'),
  low: z.number().nullable().describe('lower end of the central `interval` band; null with too few days'),
  high: z.number().nullable(),
  sd: z.number().nullable(),
  interval: z.number().describe('central probability of low–high, default 0.8'),
});

/**
 * A message for people as a stable key and its parameters (core's `targets/messages.ts`), next to
 * its English, so a client can say it in its own language. Parameters are numbers (fractions for
 * changes and shares), strings (ids, ISO dates, user text), lists of ids, and messages said
 * first; four levels at most, spelled out so the JSON schema needs no recursion.
 */
const messageValueSchema = z.union([z.string(), z.number(), z.array(z.string())]);
const messageOf = <T extends z.ZodType>(param: T) =>
  z.object({
    key: z.string().describe('stable id of the sentence, e.g. `smart.attainable.stretch`'),
    params: z.record(z.string(), param),
  });
const messageTermSchema = messageOf(messageValueSchema);
const messageLabelSchema = messageOf(z.union([messageValueSchema, messageTermSchema]));
const messagePhraseSchema = messageOf(z.union([messageValueSchema, messageLabelSchema]));
export const messageSchema = messageOf(
  z.union([messageValueSchema, messagePhraseSchema, z.array(messagePhraseSchema)]),
);

export const paceSummarySchema = z.object({
  targetId: z.string(),
  scope: z.string().describe('the scope label'),
  kpi: z.string(),
  direction: directionSchema,
  method: breakdownMethodSchema,
  period: periodSchema,
  asOf: isoDate.describe('the day paced as of (the last day with data, at most the period’s end)'),
  status: z
    .enum([...RAG_STATUSES, 'not_started', 'no_data'])
    .describe('RAG of actual vs to-date target; not_started before the period, no_data without actuals'),
  elapsedDays: z.number().int(),
  totalDays: z.number().int(),
  elapsedShare: z.number().describe('share of the plan’s weight (additive) or of the days behind us'),
  target: z.number().describe('the whole target'),
  targetToDate: z.number().describe('the cumulative target as of `asOf`'),
  actualToDate: z.number().nullable(),
  index: z
    .number()
    .nullable()
    .describe('attainment to date: actual vs to-date target in the KPI’s direction, 1 = on plan'),
  projection: projectionSchema.nullable(),
  projectedIndex: z.number().nullable().describe('projection vs the whole target, read like `index`'),
  probability: z.number().nullable().describe('chance of reaching the target by the period’s end, 0–1'),
  outcome: z
    .enum(['met', 'missed'])
    .nullable()
    .describe(
      'once the period has ended: its final figure met the target or missed it (status green or red)',
    ),
  notes: z.array(z.string()),
  noteMessages: z
    .array(messageSchema)
    .describe('the last `noteMessages.length` of `notes` as messages (notes the server adds come first)'),
  dataThrough: isoDate.optional().describe('the KPI’s last day of data, when before `asOf`'),
});

export const paceSchema = paceSummarySchema.extend({
  series: z
    .array(
      z.object({
        date: isoDate,
        target: z.number().describe('cumulative target (additive), else the day’s target level'),
        actual: z
          .number()
          .nullable()
          .describe('running total (additive), the day’s value (ratio) or level (snapshot); null after asOf'),
        projected: z.number().nullable().describe('the projected path after asOf; null before'),
      }),
    )
    .describe('every day of the period'),
});

export const targetListParamsSchema = z.object({
  asOf: calendarDate.optional().describe('pace as of this day; default the last day with data'),
  kpi: z.string().max(100).optional().describe('only targets of this KPI'),
  activeOn: calendarDate.optional().describe('only targets whose period includes this day'),
});

export const targetListSchema = z.object({
  asOf: isoDate.describe('the day the paces were asked for'),
  targets: z.array(
    targetVersionSchema.extend({
      pace: paceSummarySchema.nullable().describe('null when it could not be computed; `problem` says why'),
      problem: z.string().optional(),
    }),
  ),
});

export const targetDetailSchema = z.object({
  current: targetVersionSchema,
  versions: z.array(targetVersionSchema).describe('every version, oldest first'),
  changes: z.array(targetChangesSchema).describe('what each version after the first changed'),
});

export const createTargetBodySchema = targetSchema.extend({
  id: targetIdSchema
    .optional()
    .describe('default: derived from KPI, scope label and start, e.g. `roi-618-2026-2026-05-20`'),
  reason: z.string().trim().min(1).max(2000).optional().describe('kept with the version'),
  replace: z
    .boolean()
    .optional()
    .describe(
      'a target with the same KPI, scope and period becomes this one’s next version instead of a 409',
    ),
});

export const bulkTargetBodySchema = z.strictObject({
  kpi: targetSchema.shape.kpi,
  by: z.string().min(1).max(100).describe('the scorecard’s dimension: campaign, channel, creator_tier…'),
  period: targetPeriodSchema,
  value: z
    .union([
      z.strictObject({ same: z.number().refine(Number.isFinite, 'a finite number') }),
      z.strictObject({
        baseline: z.enum(['previous', 'last_year']),
        uplift: z
          .number()
          .gt(-1)
          .max(100)
          .describe('better than the baseline in the KPI’s direction: 0.1 is 10%'),
      }),
    ])
    .describe('one value for all, or each entity’s own baseline × the uplift'),
  entities: z
    .array(z.string().min(1).max(200))
    .min(1)
    .max(1000)
    .optional()
    .describe('default: every entity with data for the KPI in the period or the baseline window'),
  filter: z.string().trim().min(1).max(10_000).optional().describe('only entities within this condition'),
  goal: z.string().trim().min(1).max(2000).optional(),
  owner: z.string().trim().min(1).max(200).optional(),
  cadence: z.enum(REVIEW_CADENCES).optional(),
  replace: z
    .boolean()
    .optional()
    .describe('replace targets with the same KPI, entity and period (new versions)'),
});

export const bulkTargetResultSchema = z.object({
  saved: z.array(targetVersionSchema.extend({ replaced: z.string().optional() })),
  skipped: z
    .array(z.object({ entity: z.string(), reason: z.enum(['no_baseline']) }))
    .describe('entities left without a target: no baseline to build it from'),
  baselineWindow: periodSchema.optional(),
});

export const updateTargetBodySchema = z
  .strictObject({
    kpi: targetSchema.shape.kpi.optional(),
    scope: targetScopeSchema.optional(),
    baselineScope: targetScopeSchema.nullable().optional().describe('null removes it'),
    period: targetPeriodSchema.optional(),
    value: z.number().refine(Number.isFinite, 'a finite number').optional(),
    goal: z.string().trim().min(1).max(2000).nullable().optional().describe('null removes it'),
    owner: z.string().trim().min(1).max(200).nullable().optional().describe('null removes it'),
    cadence: z.enum(REVIEW_CADENCES).optional(),
    breakdown: targetBreakdownSchema.optional(),
    note: z.string().max(2000).nullable().optional().describe('null removes it'),
    reason: z.string().trim().min(1).max(2000).optional().describe('why it changed; kept with the version'),
  })
  .describe('only the fields to change; the rest are kept from the current version');

export const savedTargetSchema = z.object({
  current: targetVersionSchema,
  replaced: z
    .string()
    .optional()
    .describe('the target this one replaced as its next version, when `replace`'),
  changes: z.array(targetChangeSchema).describe('what this version changed (empty for a new target)'),
});

export const paceParamsSchema = z.object({
  asOf: calendarDate.optional().describe('default: the last day with data'),
  red: shareParam('below this share of the to-date target is red (default 0.9)').optional(),
  green: shareParam('from this share on it is green, amber in between (default 1)').optional(),
  interval: shareParam('central probability of the projection band (default 0.8)').optional(),
  runRateDays: z.coerce
    .number()
    .int()
    .positive()
    .max(366)
    .optional()
    .describe('additive KPIs: estimate the run rate from the last N days only'),
});
export const paceResponseSchema = z.object({ pace: paceSchema });

const breakdownPartSchema = z.object({
  level: z.enum(BREAKDOWN_LEVELS),
  from: isoDate,
  to: isoDate,
  value: z
    .number()
    .describe('the part’s target: its share (additive), the level (ratio), the level by its end (snapshot)'),
  cumulative: z.number().describe('the to-date target at the part’s last day'),
  share: z.number().describe('the part’s share of the period’s day weight, 0–1'),
  event: z.string().optional().describe('the calendar event that set a day’s weight'),
});

export const breakdownSchema = z.object({
  kpi: z.string(),
  method: breakdownMethodSchema,
  mode: z.enum(BREAKDOWN_MODES),
  period: periodSchema,
  value: z.number().describe('the target (additive: rounded to `precision`, what the parts add up to)'),
  precision: z.number().nullable(),
  startLevel: z.number().nullable().describe('snapshots: the level the path starts from'),
  quarters: z.array(breakdownPartSchema),
  months: z.array(breakdownPartSchema),
  days: z.array(breakdownPartSchema),
  notes: z.array(z.string()),
});

export const breakdownParamsSchema = z.object({
  level: z.enum(BREAKDOWN_LEVELS).default('month').describe('which parts `parts` holds'),
  mode: z.enum(BREAKDOWN_MODES).optional().describe('override the target’s breakdown mode'),
  calendar: z.string().max(64).optional().describe('event calendar for mode=events (default cn-retail)'),
});
export const breakdownResponseSchema = z.object({
  level: z.enum(BREAKDOWN_LEVELS),
  parts: z.array(breakdownPartSchema).describe('the parts of `level`'),
  breakdown: breakdownSchema,
});

const baselineSchema = z.object({
  kind: z.enum([
    'same_period_last_year',
    'previous_period',
    'trailing',
    'best_month',
    'median_month',
    'worst_month',
    'benchmark',
  ]),
  label: z.string(),
  value: z.number().describe('the KPI over the baseline’s own window'),
  comparable: z.number().describe('on the target period’s footing: additive values pro-rated by days'),
  from: isoDate.optional(),
  to: isoDate.optional(),
  flag: z.string().optional(),
  source: z.string().optional(),
  segment: z.string().optional(),
});

export const baselineSummarySchema = z.object({
  kpi: z.string(),
  period: periodSchema,
  footing: z.enum(['per_day', 'level']),
  baselines: z.array(baselineSchema),
  history: z.array(
    z.object({
      month: z.string(),
      value: z.number().nullable(),
      comparable: z.number().nullable(),
      partial: z.boolean().optional(),
    }),
  ),
  notes: z.array(z.string()),
  noteMessages: z.array(messageSchema).describe('`notes` as messages, in the same order'),
});

const againstBaselineSchema = z.object({
  baseline: baselineSchema,
  change: z.number().nullable().describe('relative change from the baseline'),
  improvement: z.number().nullable().describe('the change in the KPI’s better direction'),
});

export const historyPositionSchema = z.object({
  value: z.number(),
  percentile: z.number().nullable().describe('share of history months below the value, 0–100'),
  monthsCompared: z.number().int(),
  reference: againstBaselineSchema.nullable(),
  best: againstBaselineSchema.nullable(),
  phrases: z.object({
    best: z.string().optional(),
    reference: z.string().optional(),
    percentile: z.string().optional(),
  }),
  summary: z.string().describe('e.g. "needs +85% over the best month on record (2025-11); …"'),
  messages: z
    .object({
      best: messagePhraseSchema.optional(),
      reference: messagePhraseSchema.optional(),
      percentile: messagePhraseSchema.optional(),
      summary: messageSchema,
    })
    .describe('`phrases` and `summary` as messages'),
});

const smartRatingSchema = z.enum(['pass', 'warn', 'fail']);
export const targetCheckSchema = z.object({
  target: z.string().describe('target id'),
  kpi: z.string(),
  overall: smartRatingSchema.describe('the worst of the five'),
  letters: z.array(
    z.object({
      letter: z.enum(SMART_LETTERS),
      rating: smartRatingSchema,
      reason: z.string().describe('in English: `message` said'),
      message: messageSchema.describe('the reason as a key and its parameters'),
    }),
  ),
  campaignGoal: z.string().optional().describe('the goal of the campaign the scope pins, when it pins one'),
  position: historyPositionSchema.optional(),
  baselines: baselineSummarySchema.optional(),
});
export const checkParamsSchema = z.object({
  today: calendarDate
    .optional()
    .describe('judge as of this day (default: today in the workspace’s time zone)'),
});
export const checkResponseSchema = z.object({ check: targetCheckSchema });

export const suggestParamsSchema = z.object({
  kpi: z.string().min(1).max(100),
  from: calendarDate.describe('first day of the target period'),
  to: calendarDate.describe('last day of the target period'),
  ...whereParams,
  basis: z.enum(SUGGESTION_BASES).default('auto').describe('what to start from'),
  growth: shareParam('how much better than the basis (0.1 or 10%; default 10%)').optional(),
  trailingMonths: z.coerce.number().int().positive().max(36).optional().describe('default 3'),
});
export const suggestionSchema = z.object({
  baselines: baselineSummarySchema,
  suggestion: z
    .object({
      value: z.number(),
      basis: baselineSchema,
      growth: z.number(),
      position: historyPositionSchema,
      reason: z.string().describe('"last year’s 1.52 +10%: needs +4% over the best month on record …"'),
    })
    .nullable()
    .describe('null when there is no baseline to start from'),
});

export const scorecardTemplateViewSchema = z.object({
  id: z.string(),
  name: z.object({ en: z.string(), zh: z.string().optional() }),
  goal: z.enum(CAMPAIGN_GOALS).optional().describe('the campaign goal the template judges'),
  items: z.array(z.object({ kpi: z.string(), weight: z.number().describe('0–1; they add up to 1') })),
});
const templateOptionParams = {
  other: z.string().max(100).optional().describe('KPI for word of mouth’s “other 20%” (default save_rate)'),
};
export const scorecardTemplatesParamsSchema = z.object(templateOptionParams);
export const scorecardTemplateListSchema = z.object({
  templates: z.array(scorecardTemplateViewSchema.extend({ builtin: z.boolean() })),
});

export const scorecardParamsSchema = z.object({
  template: z
    .string()
    .max(64)
    .default('promotion')
    .describe('launch, promotion, word_of_mouth or a saved id'),
  by: z.string().max(100).default('campaign').describe('a dimension: campaign, channel, creator, region…'),
  from: calendarDate.optional().describe('default: 29 days before `to`'),
  to: calendarDate.optional().describe('default: the last day with data'),
  ...whereParams,
  targets: z
    .string()
    .max(2000)
    .regex(
      /^\s*[a-z][a-z0-9_]*\s*:\s*-?\d+(\.\d+)?\s*(,\s*[a-z][a-z0-9_]*\s*:\s*-?\d+(\.\d+)?\s*)*$/,
      'kpi:value pairs, comma-separated, e.g. roi:1.5,cpl:45',
    )
    .transform((text) =>
      Object.fromEntries(
        text.split(',').map((pair) => {
          const [kpi, value] = pair.split(':');
          return [kpi!.trim(), Number(value)];
        }),
      ),
    )
    .optional()
    .describe('a target for every entity without a stored one, e.g. `roi:1.5,cpl:45`'),
  storedTargets: z
    .enum(['true', 'false'])
    .default('true')
    .transform((text) => text === 'true')
    .describe('use stored targets whose scope is exactly the entity (default true)'),
  baseline: z
    .enum(['none', 'own_history', 'own_last_year', 'peers_median'])
    .default('none')
    .describe(
      'what a KPI without any target is scored against: its own same-length window before, the same days last year, or the peers’ median',
    ),
  cap: z.coerce.number().positive().max(10).default(1.2).describe('highest attainment one KPI counts for'),
  ...templateOptionParams,
});

const kpiScoreSchema = z.object({
  kpi: z.string(),
  direction: directionSchema,
  weight: z.number().describe('the template’s weight'),
  effectiveWeight: z.number().describe('after unscored KPIs’ weight was shared out; 0 when not scored'),
  actual: z.number().nullable(),
  target: z.number().nullable(),
  attainment: z.number().nullable().describe('actual vs target in the KPI’s direction, before capping'),
  counted: z.number().nullable().describe('attainment as counted: floored at 0, capped'),
  points: z.number().nullable().describe('effectiveWeight × counted'),
  status: z.enum(['scored', 'no_data', 'no_target', 'unavailable']),
  note: z.string().optional(),
  noteMessage: messageSchema.optional().describe('`note` as a message'),
  flag: z.string().optional().describe('the engine’s flag, e.g. upper_bound'),
  targetSource: z.string().optional().describe('`target <id>`, `common target` or `entity target`'),
  basis: z
    .enum(['target', 'own_history', 'peers_median'])
    .optional()
    .describe('what `target` is: a set target, or a baseline standing in for one'),
});

export const scorecardResultSchema = z.object({
  template: scorecardTemplateViewSchema,
  by: z.string(),
  period: periodSchema,
  filter: z.string().optional(),
  cap: z.number(),
  entities: z
    .array(
      z.object({
        entity: z.string(),
        label: z.string(),
        score: z.number().nullable().describe('weighted attainment, 1 = every KPI on target'),
        rank: z.number().int().nullable().describe('1 = best; ties share a rank; null without a score'),
        coverage: z.number().describe('share of the template’s weight that was scored'),
        missingKpis: z
          .array(z.string())
          .describe('KPIs not scored (no data, no target, unavailable) whose weight went to the others'),
        kpis: z.array(kpiScoreSchema),
        flags: z
          .array(z.string())
          .describe('e.g. "cpl has no data: its 20% is shared among roi and impressions"'),
        flagMessages: z.array(messageSchema).describe('`flags` as messages'),
      }),
    )
    .describe('ranked, best first'),
  notScored: z
    .object({
      count: z.number().int(),
      reasons: z.array(
        z.object({ reason: z.enum(['no_data', 'no_target', 'unavailable']), count: z.number().int() }),
      ),
      entities: z.array(z.string()),
      message: messageSchema,
    })
    .optional()
    .describe('the entities without a score, folded into one line'),
  notes: z.array(z.string()),
  noteMessages: z.array(messageSchema).describe('`notes` as messages'),
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
  scope: nullableScopeSchema,
  pages: pagesSchema,
});
export const shareLinkListSchema = z.object({ links: z.array(shareLinkSchema) });
export const createShareLinkBodySchema = z.object({
  label: z.string().trim().max(120).default(''),
  expiresInDays: z.number().int().min(1).max(365).default(30),
  scope: nullableScopeSchema.optional(),
  pages: pagesSchema.default(['overview']),
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
  scope: nullableScopeSchema,
  pages: pagesSchema,
  boards: z
    .array(z.object({ id: z.string(), name: z.string() }))
    .describe('the boards among the pages that the workspace still shares, by id with their names'),
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
      noteMessages: z
        .array(saidSchema)
        .optional()
        .describe('`notes` as messages, in the same order (core says every key in either language)'),
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
        said: saidSchema.optional().describe('`message` as a key and parameters, to say it in any language'),
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
export const rejectedCsvQuerySchema = z.object({
  lang: z
    .enum(['en', 'zh'])
    .optional()
    .describe('the language of the reasons; `Accept-Language` decides when absent'),
});
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
