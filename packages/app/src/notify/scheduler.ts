/**
 * Monitor and digest runs on their cadence. The schedules live in the store with the slot of
 * their last run and when the next is due, so a restart resumes where it stopped, and a run
 * missed while nothing was running is made once, for the latest slot (`planRun`).
 *
 * A run computes everything it will queue, then records it together with the schedule's next
 * due time in one transaction: a crash before the commit redoes the run, after it the run is
 * done, and either way each message is queued once (idempotency keys name the slot).
 */
import {
  composeDigest,
  type NotificationPreferences,
  nextSlotAfter,
  planRun,
  type Schedule,
} from '@markpi/core';
import { type Audience, fanOut } from './delivery.js';
import { gatherDigest } from './digest.js';
import type {
  MonitorHooks,
  NewInboxEntry,
  NewOutboxMessage,
  NotificationStore,
  NotifyDirectory,
  NotifyWorkspace,
  ScheduleRecord,
} from './ports.js';

export interface SchedulerOptions {
  now: () => Date;
  hooks: MonitorHooks;
  signal?: AbortSignal;
  /** After a failed run, try again this much later (or at the next slot, if sooner); default 5 min. */
  retryDelayMs?: number;
}

export interface RunReport {
  schedule: string;
  slot: string;
  missed: number;
  queued: number;
  error?: string;
}

function digestSchedule(preferences: NotificationPreferences, timeZone: string): Schedule | null {
  const { digest } = preferences;
  if (digest.cadence === 'off') return null;
  return {
    cadence:
      digest.cadence === 'daily'
        ? { every: 'day', at: digest.at }
        : { every: 'week', weekday: digest.weekday, at: digest.at },
    timeZone,
  };
}

async function membersWithPreferences(
  store: NotificationStore,
  directory: NotifyDirectory,
  workspaceId: string,
): Promise<Map<string, NotificationPreferences>> {
  return store.preferences(workspaceId, await directory.members(workspaceId));
}

/**
 * Makes the stored schedules match the settings: one monitor schedule per workspace that has a
 * monitor cadence, one digest schedule per member who asked for one. An unchanged schedule keeps
 * its next due time; a new or changed one is due at its first slot after now.
 */
export async function syncSchedules(
  store: NotificationStore,
  directory: NotifyDirectory,
  now: Date,
): Promise<ScheduleRecord[]> {
  const wanted = new Map<
    string,
    Omit<ScheduleRecord, 'nextDue' | 'lastSlot' | 'lastRunAt' | 'lastMissed' | 'lastError'>
  >();
  for (const workspace of await directory.workspaces()) {
    const { settings } = await store.settings(workspace.id);
    if (settings.monitor) {
      const id = `monitor:${workspace.id}`;
      wanted.set(id, {
        id,
        workspaceId: workspace.id,
        kind: 'monitor',
        userId: null,
        schedule: { cadence: settings.monitor, timeZone: workspace.timeZone },
      });
    }
    for (const [userId, preferences] of await membersWithPreferences(store, directory, workspace.id)) {
      const schedule = digestSchedule(preferences, workspace.timeZone);
      if (!schedule) continue;
      const id = `digest:${workspace.id}:${userId}`;
      wanted.set(id, { id, workspaceId: workspace.id, kind: 'digest', userId, schedule });
    }
  }
  const existing = new Map((await store.schedules()).map((record) => [record.id, record]));
  for (const id of existing.keys()) if (!wanted.has(id)) await store.deleteSchedule(id);
  const result: ScheduleRecord[] = [];
  for (const [id, want] of wanted) {
    const have = existing.get(id);
    if (have && JSON.stringify(have.schedule) === JSON.stringify(want.schedule)) {
      result.push(have);
      continue;
    }
    const record: ScheduleRecord = {
      ...want,
      nextDue: nextSlotAfter(want.schedule, now).toISOString(),
      lastSlot: have?.lastSlot ?? null,
      lastRunAt: have?.lastRunAt ?? null,
      lastMissed: have?.lastMissed ?? null,
      lastError: null,
    };
    await store.saveSchedule(record, now);
    result.push(record);
  }
  return result;
}

async function monitorRun(
  store: NotificationStore,
  directory: NotifyDirectory,
  workspace: NotifyWorkspace,
  slot: Date,
  options: SchedulerOptions,
): Promise<{ inbox: NewInboxEntry[]; outbox: NewOutboxMessage[] }> {
  const context = await directory.context(workspace.id);
  const incidents = await options.hooks.runMonitor(workspace, context, slot);
  const inbox: NewInboxEntry[] = [];
  const outbox: NewOutboxMessage[] = [];
  if (incidents.length === 0) return { inbox, outbox };
  const stored = await store.settings(workspace.id);
  const audience: Audience = {
    members: await membersWithPreferences(store, directory, workspace.id),
    ...stored,
  };
  for (const incident of incidents) {
    const queued = fanOut(
      {
        kind: 'incident',
        severity: incident.severity,
        title: incident.title,
        sections: [{ lines: incident.lines }],
        ...(incident.link ? { link: incident.link } : {}),
      },
      workspace,
      audience,
      {
        subject: `incident:${incident.id}`,
        webhooks: true,
        now: options.now(),
        sayers: options.hooks.sayers,
      },
    );
    inbox.push(...queued.inbox);
    outbox.push(...queued.outbox);
  }
  return { inbox, outbox };
}

async function digestRun(
  store: NotificationStore,
  directory: NotifyDirectory,
  workspace: NotifyWorkspace,
  userId: string,
  slot: Date,
  options: SchedulerOptions,
): Promise<{ inbox: NewInboxEntry[]; outbox: NewOutboxMessage[] }> {
  const preferences = (await store.preferences(workspace.id, [userId])).get(userId);
  if (!preferences || preferences.digest.cadence === 'off') return { inbox: [], outbox: [] };
  const context = await directory.context(workspace.id);
  const incidents = await options.hooks.openIncidents(workspace, context);
  const input = await gatherDigest(context, {
    workspace: { id: workspace.id, name: workspace.name },
    cadence: preferences.digest.cadence,
    kpis: preferences.kpis,
    incidents,
    link: `/workspaces/${workspace.id}`,
  });
  const stored = await store.settings(workspace.id);
  return fanOut(
    composeDigest(input),
    workspace,
    { members: new Map([[userId, preferences]]), ...stored },
    {
      subject: `digest:${userId}:${slot.toISOString()}`,
      webhooks: false,
      emailAnySeverity: true,
      now: options.now(),
      sayers: options.hooks.sayers,
    },
  );
}

/** Syncs the schedules, then makes every run that is due, each recorded with its messages at once. */
export async function runDueSchedules(
  store: NotificationStore,
  directory: NotifyDirectory,
  options: SchedulerOptions,
): Promise<RunReport[]> {
  const schedules = await syncSchedules(store, directory, options.now());
  const workspaces = new Map((await directory.workspaces()).map((workspace) => [workspace.id, workspace]));
  const reports: RunReport[] = [];
  for (const record of schedules) {
    if (options.signal?.aborted) break;
    const now = options.now();
    const plan = planRun(record.schedule, new Date(record.nextDue), now);
    if (!plan.due) continue;
    const workspace = workspaces.get(record.workspaceId);
    if (!workspace) continue;
    try {
      const queued =
        record.kind === 'monitor'
          ? await monitorRun(store, directory, workspace, plan.slot, options)
          : await digestRun(store, directory, workspace, record.userId ?? '', plan.slot, options);
      const counts = await store.record({
        ...queued,
        at: options.now().toISOString(),
        schedule: {
          id: record.id,
          nextDue: plan.nextDue.toISOString(),
          lastSlot: plan.slot.toISOString(),
          lastRunAt: options.now().toISOString(),
          lastMissed: plan.missed,
        },
      });
      reports.push({
        schedule: record.id,
        slot: plan.slot.toISOString(),
        missed: plan.missed,
        queued: counts.inbox + counts.outbox,
      });
    } catch (error) {
      const message = (error as Error).message ?? String(error);
      const retry = new Date(
        Math.min(now.getTime() + (options.retryDelayMs ?? 300_000), plan.nextDue.getTime()),
      );
      await store.scheduleFailed(record.id, retry, message.slice(0, 1000), options.now());
      reports.push({
        schedule: record.id,
        slot: plan.slot.toISOString(),
        missed: plan.missed,
        queued: 0,
        error: message,
      });
    }
  }
  return reports;
}
