/**
 * The monitor over HTTP: the incidents inbox and each incident (acknowledge, snooze, resolve,
 * false alarm, reopen, assign, comment — editors), the anomaly markers of a KPI's series for dots
 * on charts and tiles, freshness per source for the header, the monitor's settings, and a run on
 * demand. The same use cases as `markpi monitor`. Every sentence comes as a message (a stable key
 * and its parameters) next to its text in English and Chinese.
 */
import {
  ALLOWED_FROM,
  actOnIncident,
  INCIDENT_ACTIONS,
  INCIDENT_EVENT_KINDS,
  INCIDENT_KINDS,
  INCIDENT_STATES,
  type IncidentAction,
  MONITOR_CADENCES,
  monitorDefinitionSchema,
  monitorSettings,
  monitorSettingsSchema,
  runMonitor,
  SEGMENT_LEVELS,
  SENSITIVITIES,
  scopedFreshness,
  scopedIncident,
  scopedIncidents,
  scopedMarkers,
  UNWATCHED_REASONS,
  updateMonitorSettings,
} from '@markpi/app';
import { bilingualSchema, isoDateSchema, SEVERITIES } from '@markpi/core';
import { z } from 'zod';
import { memberMayCall } from '../auth/scoped-routes.js';
import { defineRoute, type Route, workspaceRole } from '../http/route.js';
import { workspaceParams } from '../schemas.js';
import { type AnyContext, audit, workspaceContextOf } from './support.js';

const TAG = 'monitor';

// ---------------------------------------------------------------- messages

/**
 * A monitor message: a stable key and its parameters — numbers, text (ids, dates), lists, and
 * messages said first. They nest at most six deep (a driver from the diagnosis is the deepest);
 * the levels are spelled out so the JSON schema needs no recursion.
 */
const messageValueSchema = z.union([z.string(), z.number(), z.array(z.string())]);
const messageOf = <T extends z.ZodType>(param: T) =>
  z.object({
    key: z.string().describe('stable id of the sentence, e.g. `monitor.title.kpi`'),
    params: z.record(z.string(), param),
  });
const nestOnce = <T extends z.ZodType>(inner: T) =>
  messageOf(z.union([messageValueSchema, inner, z.array(inner)]));
const monitorMessageSchema = nestOnce(nestOnce(nestOnce(nestOnce(nestOnce(messageOf(messageValueSchema))))));
const saidSchema = z.object({
  message: monitorMessageSchema,
  text: bilingualSchema.describe('the message said in English and Chinese'),
});

// ---------------------------------------------------------------- incidents

const markerSchema = z.object({
  series: z.string().describe('`kpi@segment`'),
  kpi: z.string(),
  segment: z.string().describe('`workspace`, or a level and a value: `channel:meta`, `campaign:ao-dy`'),
  time: isoDateSchema.describe('the slot: a day, or the Monday of a week for weekly monitors'),
  kind: z.enum(['point', 'sustained', 'tracking']),
  direction: z.enum(['above', 'below']),
  value: z.number(),
  expected: z.number(),
  low: z.number().nullable().describe('the usual range: values outside it alert on their own'),
  high: z.number().nullable(),
  probability: z.number().describe('how likely a value this far from expected is by chance, per slot'),
  rarity: z.enum(['unusual', 'very_unusual', 'extremely_unusual', 'beyond_chance']).nullable(),
  run: z.number().int().describe('slots a sustained run had lasted (1 for a point)'),
  event: z.string().nullable().describe('the declared event the slot fell on'),
  said: saidSchema,
});

const historySchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor: z.string().nullable().describe('who; null for the monitor'),
  kind: z.enum(INCIDENT_EVENT_KINDS),
  from: z.string().optional(),
  to: z.string().optional(),
  severity: z.enum(SEVERITIES).optional(),
  until: z.string().optional(),
  owner: z.string().nullable().optional(),
  note: z.string().optional(),
});

const incidentSummaryFields = {
  id: z.string(),
  kind: z.enum(INCIDENT_KINDS),
  severity: z.enum(SEVERITIES),
  state: z.enum(INCIDENT_STATES).describe('as of now: a snooze that has run out reads `open`'),
  snoozedUntil: z.string().nullable(),
  owner: z.string().nullable(),
  title: saidSchema,
  from: isoDateSchema,
  to: isoDateSchema,
  segment: z.string().describe('the deepest segment that explains it'),
  kpi: z.string().nullable(),
  direction: z.enum(['above', 'below']).nullable(),
  segments: z.array(z.string()),
  kpis: z.array(z.string()),
  monitor: z.string(),
  target: z.string().optional(),
  openedAt: z.string(),
  updatedAt: z.string(),
  detectedAt: z.string(),
  allowed: z
    .array(z.enum(INCIDENT_ACTIONS))
    .describe(
      'what the caller may do to it now: the actions its state allows whose routes the caller’s role and scope pass',
    ),
};

const incidentSummarySchema = z.object({
  ...incidentSummaryFields,
  lines: z.number().int().describe('how many alert lines the incident has'),
  comments: z.number().int(),
});

const incidentSchema = z.object({
  ...incidentSummaryFields,
  lines: z.array(saidSchema).describe('the headline alert first, then related ones'),
  drivers: z.array(saidSchema).describe('the driver breakdown from the diagnosis, when there is one'),
  series: z.array(z.string()),
  markers: z.array(markerSchema),
  comments: z.array(z.object({ at: z.string(), author: z.string().nullable(), text: z.string() })),
  history: z.array(historySchema),
  why: z
    .object({
      kpi: z.string(),
      from: z.string(),
      to: z.string(),
      compare: z.literal('previous'),
      filter: z.string().optional(),
    })
    .nullable()
    .describe(
      'the question `GET …/why` answers with the breakdown behind it; null for late sources and pace',
    ),
});

const incidentParams = z.object({ ws: z.string(), id: z.string().min(1).max(100) });

const list = <T extends string>(values: readonly [T, ...T[]], description: string) =>
  z
    .string()
    .describe(description)
    .transform((text, context) => {
      const parts = text
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part.length > 0);
      for (const part of parts) {
        if (!(values as readonly string[]).includes(part))
          context.addIssue({ code: 'custom', message: `not one of ${values.join(', ')}: ${part}` });
      }
      return parts as T[];
    });

const incidentListQuery = z.object({
  state: list(INCIDENT_STATES, `states, comma-separated: ${INCIDENT_STATES.join(', ')}`).optional(),
  kind: z.enum(INCIDENT_KINDS).optional(),
  from: isoDateSchema.optional().describe('incidents whose days reach on or after this day'),
  to: isoDateSchema.optional().describe('incidents whose days start on or before this day'),
  segment: z.string().max(300).optional().describe('incidents with an alert in this segment'),
  kpi: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

type AnyIncident = Awaited<ReturnType<typeof scopedIncident>>;

function summaryView(
  incident: AnyIncident,
  allowed: readonly IncidentAction[],
): z.input<typeof incidentSummarySchema> {
  const {
    markers: _markers,
    drivers: _drivers,
    series: _series,
    history: _history,
    why: _why,
    ...rest
  } = incident;
  return {
    ...rest,
    lines: incident.lines.length,
    comments: incident.comments.length,
    allowed: [...allowed],
  };
}

/**
 * What the caller may do to an incident, by the checks the server makes when they try: the
 * action's route passes their role and scope (`memberMayCall`, as `authorize` decides) and the
 * incident's state allows the action (`ALLOWED_FROM`, as `incidentAction` decides). A share
 * link may do nothing.
 */
function allowedActions(context: Pick<AnyContext, 'workspace'>): (incident: AnyIncident) => IncidentAction[] {
  const { record, role } = context.workspace();
  const callable = INCIDENT_ACTIONS.filter((action) => {
    const route = incidentActionRoutes.find((entry) => entry.action === action)?.route;
    return route !== undefined && memberMayCall(route, role, record.scope);
  });
  return (incident) => callable.filter((action) => ALLOWED_FROM[action].includes(incident.state));
}

/** The incident with what the caller may do to it. */
function withAllowed(context: Pick<AnyContext, 'workspace'>, incident: AnyIncident) {
  return { ...incident, allowed: allowedActions(context)(incident) };
}

const noteBody = z.object({ note: z.string().max(2000).optional() });

const ACTION_ROUTES: {
  action: IncidentAction;
  path: string;
  summary: string;
  body: z.ZodType;
  toRequest: (body: Record<string, unknown>) => { until?: string; owner?: string | null; text?: string };
}[] = [
  {
    action: 'acknowledge',
    path: 'acknowledge',
    summary: 'Acknowledge an incident: someone is on it',
    body: noteBody,
    toRequest: (body) => ({ ...(typeof body.note === 'string' ? { text: body.note } : {}) }),
  },
  {
    action: 'snooze',
    path: 'snooze',
    summary: 'Snooze an incident until a time; it reads open again after',
    body: z.object({
      until: z.string().describe('an ISO time after now, e.g. 2026-11-03T09:00:00+08:00'),
      note: z.string().max(2000).optional(),
    }),
    toRequest: (body) => ({
      until: String(body.until),
      ...(typeof body.note === 'string' ? { text: body.note } : {}),
    }),
  },
  {
    action: 'resolve',
    path: 'resolve',
    summary: 'Resolve an incident',
    body: noteBody,
    toRequest: (body) => ({ ...(typeof body.note === 'string' ? { text: body.note } : {}) }),
  },
  {
    action: 'false_alarm',
    path: 'false-alarm',
    summary: 'Mark an incident a false alarm: its series alert at a tenth of the probability from now on',
    body: noteBody,
    toRequest: (body) => ({ ...(typeof body.note === 'string' ? { text: body.note } : {}) }),
  },
  {
    action: 'reopen',
    path: 'reopen',
    summary: 'Reopen an incident (a false alarm reopened no longer makes its series stricter)',
    body: noteBody,
    toRequest: (body) => ({ ...(typeof body.note === 'string' ? { text: body.note } : {}) }),
  },
  {
    action: 'assign',
    path: 'owner',
    summary: 'Give an incident an owner (null: nobody)',
    body: z.object({ owner: z.string().trim().max(200).nullable() }),
    toRequest: (body) => ({ owner: (body.owner as string | null) ?? null }),
  },
  {
    action: 'comment',
    path: 'comments',
    summary: 'Comment on an incident',
    body: z.object({ text: z.string().trim().min(1).max(2000) }),
    toRequest: (body) => ({ text: String(body.text) }),
  },
];

// ---------------------------------------------------------------- freshness, settings, runs

const freshnessSchema = z.object({
  today: isoDateSchema.describe("today in the workspace's time zone"),
  firstDay: isoDateSchema.nullable(),
  lastDay: isoDateSchema.nullable().describe('the last day with data in any fact'),
  completeThrough: isoDateSchema
    .nullable()
    .describe(
      'the last day every active platform account that reports daily has; null when none reports daily',
    ),
  windowEnd: isoDateSchema.describe('where a default window ends'),
  sources: z.array(
    z.object({
      source: z.string(),
      fact: z.string(),
      channel: z.string(),
      account: z.string(),
      lastDay: isoDateSchema,
      daily: z.boolean().describe('has data on most days (and so holds back the default window)'),
      active: z.boolean(),
      status: z.enum(['on_time', 'late']),
      delayDays: z.number().nullable(),
      cadenceDays: z.number().nullable(),
      dueBy: isoDateSchema,
      daysLate: z.number().int(),
      daysBehind: z.number().int(),
      said: saidSchema.nullable(),
    }),
  ),
  behind: z.array(z.string()).describe('sources behind the latest day, furthest first'),
  note: saidSchema.describe('for the header: complete through which day, and which sources are behind'),
});

const runRecordSchema = z.object({
  at: z.string(),
  day: isoDateSchema,
  summary: saidSchema,
  series: z.number().int(),
  alerts: z.number().int(),
  from: isoDateSchema.nullable(),
  through: isoDateSchema.nullable(),
});

const settingsViewSchema = z.object({
  settings: monitorSettingsSchema,
  version: z.number().int().describe('0: the defaults, never saved'),
  updatedAt: z.string().nullable(),
  author: z.string().nullable(),
  monitors: z.array(
    monitorDefinitionSchema.extend({
      watched: z.array(z.object({ kpi: z.string(), shape: z.enum(['volume', 'ratio']) })),
      unwatched: z.array(z.object({ kpi: z.string(), reason: z.enum(UNWATCHED_REASONS), said: saidSchema })),
    }),
  ),
  segments: z.array(z.enum(SEGMENT_LEVELS)),
  lastRun: runRecordSchema.nullable(),
});

const runSchema = z.object({
  at: z.string(),
  skipped: z.boolean().describe('nothing changed since the last run'),
  from: isoDateSchema.nullable(),
  through: isoDateSchema.nullable(),
  series: z.number().int(),
  alerts: z.number().int(),
  opened: z.array(incidentSummarySchema),
  updated: z.array(incidentSummarySchema),
  reopened: z.array(incidentSummarySchema),
  active: z.number().int(),
  unwatched: z.array(saidSchema),
  problems: z.array(saidSchema),
  summary: saidSchema,
});

/** The route's workspace as the use cases take it. */

/** The incident action routes, each with its action: the page asks them what a caller may do. */
const incidentActionRoutes: { action: IncidentAction; route: Route }[] = ACTION_ROUTES.map((spec) => ({
  action: spec.action,
  route: defineRoute({
    method: spec.action === 'assign' ? 'PUT' : 'POST',
    path: `/api/workspaces/:ws/monitor/incidents/:id/${spec.path}`,
    tag: TAG,
    summary: spec.summary,
    description:
      'Checked against the state: acting on a state it can’t leave that way (resolving what is resolved) is 409 ' +
      '`conflict`. The answer is the incident after the action.',
    access: workspaceRole('editor'),
    params: incidentParams,
    body: spec.body,
    response: incidentSchema,
    async handler(context) {
      const workspace = await workspaceContextOf(context);
      const incident = await actOnIncident(
        workspace,
        context.params.id,
        { action: spec.action, ...spec.toRequest(context.body as Record<string, unknown>) },
        context.user().login,
      );
      await audit(context, {
        action: `incident.${spec.action}`,
        target: incident.id,
        details: { state: incident.state, owner: incident.owner },
      });
      return withAllowed(context, incident);
    },
  }),
}));

export const monitorRoutes: Route[] = [
  defineRoute({
    method: 'GET',
    path: '/api/workspaces/:ws/monitor/incidents',
    tag: TAG,
    summary: 'The incidents inbox: newest first, with counts per state',
    description:
      'Alerts that share a cause are one incident, headed by the deepest segment that explains it. Filter by ' +
      'state (comma-separated), kind, days, segment (`channel:meta`) or KPI.',
    access: workspaceRole('viewer'),
    params: workspaceParams,
    query: incidentListQuery,
    response: z.object({
      incidents: z.array(incidentSummarySchema),
      total: z.number().int().describe('incidents matching, before the limit'),
      counts: z.record(z.enum(INCIDENT_STATES), z.number().int()).describe('every incident by state'),
    }),
    async handler(context) {
      const workspace = await workspaceContextOf(context);
      const { query } = context;
      // A scoped caller's list, counts and total hold the incidents inside the scope alone.
      const answer = await scopedIncidents(workspace, {
        ...(query.state && query.state.length > 0 ? { state: query.state } : {}),
        kind: query.kind,
        from: query.from,
        to: query.to,
        segment: query.segment,
        kpi: query.kpi,
        limit: query.limit,
      });
      const allowed = allowedActions(context);
      return {
        ...answer,
        incidents: answer.incidents.map((incident) => summaryView(incident, allowed(incident))),
      };
    },
  }),

  defineRoute({
    method: 'GET',
    path: '/api/workspaces/:ws/monitor/incidents/:id',
    tag: TAG,
    summary: 'One incident: its alerts (markers), drivers, comments and history',
    access: workspaceRole('viewer'),
    params: incidentParams,
    response: incidentSchema,
    async handler(context) {
      return withAllowed(context, await scopedIncident(await workspaceContextOf(context), context.params.id));
    },
  }),

  ...incidentActionRoutes.map((entry) => entry.route),

  defineRoute({
    method: 'GET',
    path: '/api/workspaces/:ws/monitor/markers',
    tag: TAG,
    summary: 'Anomaly markers of one KPI series, for dots on charts and tiles',
    description:
      'Every alert on the KPI in the segment (default the whole workspace), with its value, expected value, usual ' +
      'range, how unusual it is, its explanation and the incident it belongs to. False alarms are left out unless asked.',
    access: workspaceRole('viewer'),
    params: workspaceParams,
    query: z.object({
      kpi: z.string().min(1).max(100),
      segment: z
        .string()
        .max(300)
        .optional()
        .describe('`workspace` (default) or `channel:meta`, `campaign:…`'),
      from: isoDateSchema.optional(),
      to: isoDateSchema.optional(),
      falseAlarms: z
        .enum(['true', 'false'])
        .optional()
        .transform((value) => value === 'true'),
    }),
    response: z.object({
      markers: z.array(
        markerSchema.extend({
          incident: z.object({
            id: z.string(),
            state: z.enum(INCIDENT_STATES),
            severity: z.enum(SEVERITIES),
            title: saidSchema,
          }),
        }),
      ),
    }),
    async handler(context) {
      const { query } = context;
      return {
        markers: await scopedMarkers(await workspaceContextOf(context), {
          kpi: query.kpi,
          segment: query.segment,
          from: query.from,
          to: query.to,
          falseAlarms: query.falseAlarms,
        }),
      };
    },
  }),

  defineRoute({
    method: 'GET',
    path: '/api/workspaces/:ws/freshness',
    tag: TAG,
    summary: 'Freshness per source: each platform account’s last day against its usual delay',
    description:
      'The day data is complete through (where default windows end: the last day every active account that reports ' +
      'daily has), the sources behind it, and a note for the header.',
    access: workspaceRole('viewer'),
    params: workspaceParams,
    response: freshnessSchema,
    async handler(context) {
      return scopedFreshness(await workspaceContextOf(context));
    },
  }),

  defineRoute({
    method: 'GET',
    path: '/api/workspaces/:ws/monitor/settings',
    tag: TAG,
    summary: 'The monitor settings: what is watched, at which cadence and sensitivity, and the last run',
    description:
      'Without set-up one monitor watches every KPI that has data, daily, in every segment (workspace, channel, ' +
      `campaign, creator tier, top creators by spend), at normal sensitivity. Cadences: ${MONITOR_CADENCES.join(', ')}; ` +
      `sensitivities: ${SENSITIVITIES.join(', ')} (0.05, 0.25 and 1 incidents by chance per channel per quarter, ` +
      'shared among the series watched there).',
    access: workspaceRole('viewer'),
    params: workspaceParams,
    response: settingsViewSchema,
    async handler(context) {
      return monitorSettings(await workspaceContextOf(context));
    },
  }),

  defineRoute({
    method: 'PUT',
    path: '/api/workspaces/:ws/monitor/settings',
    tag: TAG,
    summary: 'Change the monitor settings (a new version; the old ones stay)',
    description:
      'Every KPI named must be in the catalog (400 `unknown_kpi`); settings equal to the saved ones are 400 `no_change`.',
    access: workspaceRole('editor'),
    params: workspaceParams,
    body: monitorSettingsSchema,
    response: settingsViewSchema,
    async handler(context) {
      const view = await updateMonitorSettings(
        await workspaceContextOf(context),
        context.body,
        context.user().login,
      );
      await audit(context, {
        action: 'monitor.settings',
        target: context.workspace().record.id,
        details: { version: view.version, monitors: view.settings.monitors.map((monitor) => monitor.id) },
      });
      return view;
    },
  }),

  defineRoute({
    method: 'POST',
    path: '/api/workspaces/:ws/monitor/run',
    tag: TAG,
    summary: 'Run the monitor now',
    description:
      'Scores every watched series, groups the alerts into incidents and records them; a run that finds nothing ' +
      'changed since the last one is skipped unless `force` is set. Notifications are left to the scheduled runs.',
    access: workspaceRole('editor'),
    params: workspaceParams,
    body: z.object({ force: z.boolean().default(false) }),
    response: runSchema,
    async handler(context) {
      const run = await runMonitor(await workspaceContextOf(context), { force: context.body.force });
      await audit(context, {
        action: 'monitor.run',
        target: context.workspace().record.id,
        details: { opened: run.opened.length, skipped: run.skipped },
      });
      const allowed = allowedActions(context);
      const view = (incident: AnyIncident) => summaryView(incident, allowed(incident));
      return {
        ...run,
        opened: run.opened.map(view),
        updated: run.updated.map(view),
        reopened: run.reopened.map(view),
      };
    },
  }),
];
