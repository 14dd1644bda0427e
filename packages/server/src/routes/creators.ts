/**
 * Creators, search visibility and O-5A audiences over HTTP — the same use cases as
 * `markpi creators`, `markpi search-visibility` and `markpi audiences`. Sentences come as a
 * message (a stable key and its parameters) with its English; clients say them in their
 * language with core's `sayCreators` (a roster's rejected rows with the importers' `sayRoster`).
 * A creator roster is uploaded as a form and loaded at once, as `markpi creators import-roster`.
 */
import {
  importCreatorRoster,
  rosterMappingProfile,
  scopedAudiences,
  scopedCreatorLeaderboards,
  scopedCreatorPage,
  scopedRehireCandidates,
  scopedSearchVisibility,
} from '@markpi/app';
import {
  AUDIENCE_STAGES,
  CREATOR_METRICS,
  CREATOR_TIERS,
  isoDateSchema,
  MarkpiError,
  saidSchema as messageSchema,
  TIER_RESULT,
  uploadTooLarge,
} from '@markpi/core';
import { bytesSource, ROSTER_MESSAGES, type RosterProfile, rosterSaid, sayRoster } from '@markpi/importers';
import { z } from 'zod';
import { languageOfRequest } from '../errors.js';
import { defineRoute, type Route, workspaceRole } from '../http/route.js';
import { workspaceParams } from '../schemas.js';
import { audit, workspaceContextOf } from './support.js';

const periodSchema = z.object({ from: isoDateSchema, to: isoDateSchema });
const tierSchema = z.enum(CREATOR_TIERS);
const metricSchema = z.enum(CREATOR_METRICS);
const saidSchema = z.object({
  key: z.string().describe('stable id of the sentence, e.g. `creators.below_min_spend`'),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.array(z.string())])),
  text: z.string().describe('the sentence in English'),
});
const metricValuesSchema = z.object(
  Object.fromEntries(CREATOR_METRICS.map((metric) => [metric, z.number().nullable()])) as Record<
    (typeof CREATOR_METRICS)[number],
    z.ZodNullable<z.ZodNumber>
  >,
);

const windowQuery = {
  from: isoDateSchema.optional().describe('first day; default 29 days before `to`'),
  to: isoDateSchema.optional().describe('last day; default the last day with data'),
  channel: z.string().max(100).optional().describe('one platform only'),
};

export const creatorQuerySchema = z.object({
  ...windowQuery,
  tier: tierSchema.optional().describe('one tier only; default every tier'),
  minSpend: z.coerce
    .number()
    .min(0)
    .optional()
    .describe('creators costing less (fees + media spend) are listed but not ranked; default 0'),
  minPosts: z.coerce.number().int().min(1).optional().describe('posts a re-hire signal needs; default 3'),
  sortBy: metricSchema.optional().describe('the KPI to rank by; default the tier’s first'),
});

const leaderboardRowSchema = z.object({
  creator: z.string(),
  label: z.string().optional().describe('the creator’s name'),
  tier: tierSchema,
  posts: z.number(),
  fee: z.number().describe('fees dated in the window, base currency'),
  spend: z.number().describe('media spend on the creator’s posts'),
  cost: z.number().describe('fee + spend'),
  result: z.number().describe('the tier’s result volume: interactions, saves or indexed posts'),
  values: metricValuesSchema,
  rank: z.number().nullable().describe('null under the minimum cost'),
  quadrant: z.enum(['star', 'bargain', 'costly', 'minor']).nullable(),
  rehire: z.object({
    signal: z.boolean(),
    beats: z.array(metricSchema),
    trails: z.array(metricSchema),
    reason: saidSchema,
  }),
});

const leaderboardSchema = z.object({
  tier: tierSchema,
  metrics: z.array(metricSchema).describe('the KPIs the tier is judged by'),
  sortBy: metricSchema,
  minSpend: z.number(),
  minPosts: z.number(),
  result: z.enum([...new Set(Object.values(TIER_RESULT))] as [string, ...string[]]),
  medians: metricValuesSchema,
  split: z.object({ cost: z.number().nullable(), result: z.number().nullable() }),
  ranked: z.array(leaderboardRowSchema),
  belowCut: z.array(leaderboardRowSchema),
  notes: z.array(saidSchema),
});

export const creatorLeaderboardsSchema = z.object({
  window: periodSchema,
  boards: z.array(leaderboardSchema),
  notes: z.array(saidSchema),
});

export const rehireListSchema = z.object({
  window: periodSchema,
  minSpend: z.number(),
  minPosts: z.number(),
  creators: z.array(leaderboardRowSchema),
});

export const creatorPageSchema = z.object({
  window: periodSchema,
  creator: z.object({
    creator: z.string(),
    name: z.string().nullable(),
    tier: tierSchema.nullable(),
    channel: z.string().nullable(),
    followers: z.number().nullable(),
    category: z.string().nullable(),
    agency: z.string().nullable(),
    contentType: z.string().nullable().describe('what the creator makes (sales, expert, lifestyle…)'),
    label: z.string(),
    accounts: z
      .array(
        z.object({
          channel: z.string(),
          account: z.string(),
          accountName: z.string().nullable(),
          followers: z.number().nullable(),
          link: z.string().nullable(),
        }),
      )
      .describe('the creator’s accounts per platform in the registry, most followed first'),
  }),
  tier: tierSchema.nullable(),
  standing: leaderboardRowSchema.nullable(),
  medians: metricValuesSchema.nullable(),
  metrics: metricValuesSchema.nullable(),
  posts: z.array(
    z.object({
      content: z.string(),
      title: z.string().nullable(),
      channel: z.string().nullable(),
      format: z.string().nullable(),
      publishedOn: z.string().nullable(),
      fee: z.number(),
      spend: z.number(),
      views: z.number(),
      likes: z.number(),
      saves: z.number(),
      interactions: z.number(),
      engagementRate: z.number().nullable(),
      saveRate: z.number().nullable(),
      completionRate5s: z.number().nullable(),
      completionRate50: z.number().nullable(),
      cpe: z.number().nullable().describe('(fee + spend) / interactions'),
    }),
  ),
  curve: z.array(
    z.object({
      date: isoDateSchema,
      views: z.number(),
      likes: z.number(),
      interactions: z.number(),
      saves: z.number(),
      spend: z.number(),
    }),
  ),
  cost: z.object({
    fee: z.number(),
    spend: z.number(),
    total: z.number(),
    bySource: z.array(z.object({ source: z.string(), fee: z.number() })),
  }),
  keywords: z
    .array(
      z.object({
        channel: z.string(),
        keyword: z.string(),
        indexedPosts: z.number(),
        top10Results: z.number(),
        ownPositiveTop10: z.number(),
        keywordTop10: z.number(),
        top10Share: z.number().nullable().describe('the creator’s top-ten results / the keyword’s'),
        shareOfVoice: z
          .number()
          .nullable()
          .describe('the creator’s positive top-ten results / the keyword’s top-ten results'),
      }),
    )
    .describe('where the creator’s posts rank, per platform and tracked keyword'),
  attributed: z
    .array(z.object({ model: z.string(), value: z.number(), roi: z.number().nullable() }))
    .nullable()
    .describe('attributed GMV per model as the last attribution refresh wrote it; null when none did'),
  notes: z
    .array(saidSchema)
    .optional()
    .describe('for a scoped caller: figures left out because their records do not carry the scope'),
});

export const searchVisibilityQuerySchema = z.object({
  ...windowQuery,
  keyword: z.string().max(200).optional().describe('one keyword only'),
});

export const searchVisibilitySchema = z.object({
  window: periodSchema,
  keywords: z.array(
    z.object({
      channel: z.string(),
      keyword: z.string(),
      snapshots: z.number().describe('days with a result page'),
      indexedPosts: z.number(),
      ownResults: z.number(),
      top10Results: z.number(),
      ownPositiveTop10: z.number(),
      shareOfVoice: z.number().nullable().describe('own positive top-ten results / all top-ten results'),
      trendPerWeek: z.number().nullable().describe('least-squares slope of the daily share, per week'),
      trend: z.array(z.object({ date: isoDateSchema, shareOfVoice: z.number() })),
      holders: z.array(
        z.object({
          creator: z.string(),
          label: z.string().optional(),
          tier: z.string().nullable(),
          top10Results: z.number(),
          top10Share: z.number().nullable(),
          averagePositions: z.number().nullable(),
          indexedPosts: z.number(),
        }),
      ),
    }),
  ),
  notes: z.array(saidSchema),
});

export const audienceQuerySchema = z.object({
  ...windowQuery,
  days: z.coerce
    .number()
    .int()
    .min(1)
    .max(366)
    .optional()
    .describe('days of A3 growth before each promotion; default 30'),
  promotion: z.string().max(200).optional().describe('one promotion only (its campaign id)'),
});

const flowsSchema = z.object({
  from: isoDateSchema,
  to: isoDateSchema,
  openingDate: isoDateSchema.nullable(),
  closingDate: isoDateSchema.nullable(),
  stages: z.array(
    z.object({
      stage: z.enum(AUDIENCE_STAGES),
      opening: z.number().nullable(),
      closing: z.number().nullable(),
      change: z.number().nullable(),
      changeRate: z.number().nullable(),
    }),
  ),
  flows: z.array(
    z.object({
      from: z.enum(['a1', 'a2', 'a1_a2']),
      to: z.literal('a3'),
      users: z.number(),
      rate: z.number().nullable(),
    }),
  ),
  a3: z.object({ inflow: z.number(), otherNet: z.number().nullable() }),
  notes: z.array(saidSchema),
});

const poolWindowSchema = z.object({
  startDate: isoDateSchema.nullable(),
  endDate: isoDateSchema.nullable(),
  start: z.number().nullable(),
  end: z.number().nullable(),
  growth: z.number().nullable(),
  rate: z.number().nullable(),
  perDay: z.number().nullable(),
});

export const audienceReportSchema = z.object({
  window: periodSchema,
  total: flowsSchema,
  channels: z.array(z.object({ channel: z.string(), flows: flowsSchema })),
  series: z.array(z.object({ date: isoDateSchema, stage: z.string(), users: z.number() })),
  promotions: z.array(
    z.object({
      campaign: z.string(),
      name: z.string().nullable(),
      start: isoDateSchema,
      growth: z.object({
        promotionStart: isoDateSchema,
        days: z.number(),
        before: poolWindowSchema,
        previous: poolWindowSchema,
        notes: z.array(saidSchema),
      }),
    }),
  ),
});

const defined = <T extends Record<string, unknown>>(value: T) =>
  Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };

export const rosterFormSchema = z.object({
  file: z.file().describe('the roster: CSV or XLSX (an agency roster, a 星图 or 蒲公英 creator list)'),
  mapping: z
    .string()
    .optional()
    .describe(
      'JSON `{ "columns": { field: header }, "channel": platform }` for a list markpi does not recognise',
    ),
  force: z.enum(['true', 'false']).optional().describe('load again even if these bytes were imported before'),
  dryRun: z.enum(['true', 'false']).optional().describe('read and report; write nothing'),
});

export const rosterReportSchema = z.object({
  file: z.string(),
  importId: z.string().describe('SHA-256 of the file'),
  status: z.enum(['imported', 'already_imported', 'dry_run']),
  profile: z
    .string()
    .optional()
    .describe('how the file was read: agency_roster, xingtu_creators, … or mapping'),
  rowsRead: z.number(),
  creatorsAdded: z.number(),
  creatorsUpdated: z.number(),
  accounts: z.number(),
  rejected: z.array(
    z.object({
      row: z.number(),
      column: z.string(),
      reason: z.enum(Object.keys(ROSTER_MESSAGES) as [keyof typeof ROSTER_MESSAGES]),
      params: z.record(z.string(), z.string()),
      values: z.record(z.string(), z.string()),
      text: z.string().describe("the reason in the request's language (Accept-Language)"),
      said: messageSchema.describe('the reason as a key and parameters, to say it in any language'),
    }),
  ),
});

/** A form field's text, when the part is one. */
const fieldText = (part: { type: string; value?: unknown }) =>
  part.type === 'field' && typeof part.value === 'string' ? part.value : undefined;

export const creatorRoutes: Route[] = [
  defineRoute({
    method: 'POST',
    path: '/api/workspaces/:ws/creators/roster',
    tag: 'imports',
    summary: 'Load a creator roster into the registry',
    description:
      'multipart/form-data with one `file` and optional `mapping` (JSON), `force` and `dryRun` fields; loaded at ' +
      'once, atomically and once per file (the same bytes again are `already_imported`). Creators get their tier ' +
      'by the workspace’s rules; rows that cannot be read are listed with a reason key, its parameters and English.',
    access: workspaceRole('editor'),
    params: workspaceParams,
    multipart: rosterFormSchema,
    response: rosterReportSchema,
    async handler(context) {
      const { services, request } = context;
      if (!request.isMultipart()) {
        throw new MarkpiError('invalid_request', 'send the roster as multipart/form-data', [
          { message: 'use multipart/form-data with the roster in the field `file`', path: 'file' },
        ]);
      }
      const limit = services.settings.maxUploadBytes;
      let upload: { name: string; bytes: Buffer } | undefined;
      let profile: RosterProfile | undefined;
      const flags = { force: false, dryRun: false };
      for await (const part of request.parts({ limits: { fileSize: limit, files: 1 } })) {
        if (part.type === 'file') {
          const chunks: Buffer[] = [];
          for await (const chunk of part.file) chunks.push(chunk as Buffer);
          if (part.file.truncated) throw uploadTooLarge(part.filename, limit);
          upload = { name: part.filename.slice(0, 255) || 'roster', bytes: Buffer.concat(chunks) };
          continue;
        }
        const text = fieldText(part);
        if (text === undefined) continue;
        if (part.fieldname === 'force' || part.fieldname === 'dryRun')
          flags[part.fieldname] = text === 'true';
        if (part.fieldname === 'mapping' && text.trim() !== '') {
          let value: unknown;
          try {
            value = JSON.parse(text);
          } catch (error) {
            throw new MarkpiError('import.mapping_invalid', 'mapping: not valid JSON', [
              { path: 'mapping', message: (error as Error).message.split('\n')[0] ?? '' },
            ]);
          }
          profile = rosterMappingProfile(value, 'mapping');
        }
      }
      if (!upload) {
        throw new MarkpiError('invalid_request', 'the upload has no roster', [
          { message: 'add the roster in the field `file`', path: 'file' },
        ]);
      }
      const workspace = await workspaceContextOf(context);
      const report = await importCreatorRoster(workspace, bytesSource(upload.name, upload.bytes), {
        ...(profile ? { profile } : {}),
        ...(flags.force ? { force: true } : {}),
        ...(flags.dryRun ? { dryRun: true } : {}),
      });
      if (report.status === 'imported') {
        await audit(context, {
          action: 'creators.roster',
          target: report.importId,
          details: {
            file: report.file,
            creatorsAdded: report.creatorsAdded,
            creatorsUpdated: report.creatorsUpdated,
            accounts: report.accounts,
            rejected: report.rejected.length,
          },
        });
      }
      const language = languageOfRequest(context.request.headers['accept-language']);
      return {
        ...report,
        rejected: report.rejected.map((rejection) => ({
          ...rejection,
          text: sayRoster(rejection.reason, rejection.params, language),
          said: rosterSaid(rejection.reason, rejection.params),
        })),
      };
    },
  }),

  defineRoute({
    method: 'GET',
    path: '/api/workspaces/:ws/creators',
    tag: 'analytics',
    summary: 'Creators ranked within their tier by the KPIs the tier is judged by',
    description:
      'KOL by CPE (fees + media spend over interactions), engagement rate and viral rates at 1,000 and 5,000 likes ' +
      'over the whole period; KOS by save rate, 5 s and 50% completion and CPE; KOC by indexed posts, top-ten ' +
      'share of voice and cost per indexed post. Creators costing less than `minSpend` are listed, not ranked; ' +
      'each ranked creator has a cost-versus-result quadrant and a re-hire signal.',
    access: workspaceRole('viewer'),
    params: workspaceParams,
    query: creatorQuerySchema,
    response: creatorLeaderboardsSchema,
    async handler(context) {
      const { services, query } = context;
      const workspace = await services.registry.context(context.workspace().record, services.now);
      return scopedCreatorLeaderboards(workspace, defined(query));
    },
  }),

  defineRoute({
    method: 'GET',
    path: '/api/workspaces/:ws/creators/rehire',
    tag: 'analytics',
    summary: 'Creators who beat their tier’s median on every KPI it is judged by, over several posts',
    access: workspaceRole('viewer'),
    params: workspaceParams,
    query: creatorQuerySchema.omit({ sortBy: true }),
    response: rehireListSchema,
    async handler(context) {
      const { services, query } = context;
      const workspace = await services.registry.context(context.workspace().record, services.now);
      return scopedRehireCandidates(workspace, defined(query));
    },
  }),

  defineRoute({
    method: 'GET',
    path: '/api/workspaces/:ws/creators/:creator',
    tag: 'analytics',
    summary: 'One creator: every post, the daily curve, cost against fee and standing in the tier',
    access: workspaceRole('viewer'),
    params: workspaceParams.extend({ creator: z.string().min(1).max(200) }),
    query: creatorQuerySchema.omit({ sortBy: true }),
    response: creatorPageSchema,
    async handler(context) {
      const { services, query, params } = context;
      const workspace = await services.registry.context(context.workspace().record, services.now);
      return scopedCreatorPage(workspace, params.creator, defined(query));
    },
  }),

  defineRoute({
    method: 'GET',
    path: '/api/workspaces/:ws/search-visibility',
    tag: 'analytics',
    summary: 'Indexed posts, top-ten share of voice and its trend per keyword, and who holds the positions',
    access: workspaceRole('viewer'),
    params: workspaceParams,
    query: searchVisibilityQuerySchema,
    response: searchVisibilitySchema,
    async handler(context) {
      const { services, query } = context;
      const workspace = await services.registry.context(context.workspace().record, services.now);
      return scopedSearchVisibility(workspace, defined(query));
    },
  }),

  defineRoute({
    method: 'GET',
    path: '/api/workspaces/:ws/audiences',
    tag: 'analytics',
    summary: 'O-5A stage sizes and flows to A3 between two dates, and A3 growth before each promotion',
    description:
      'Stage sizes at the start of `from` and the end of `to`; the A1→A3 and A2→A3 transfers the platform ' +
      'reports, over the source stage’s opening size; every other movement as a net change of sizes.',
    access: workspaceRole('viewer'),
    params: workspaceParams,
    query: audienceQuerySchema,
    response: audienceReportSchema,
    async handler(context) {
      const { services, query } = context;
      const workspace = await services.registry.context(context.workspace().record, services.now);
      return scopedAudiences(workspace, defined(query));
    },
  }),
];
