/**
 * How fresh the workspace's data is, per platform account (`sources.ts`): each source's last day
 * against its usual delay, the day data is complete through (where the default window ends), and
 * the note of which sources are behind — for the dashboard's header and for the late-source
 * monitor.
 *
 * Lateness: a source that reports daily is judged by core's `checkDeliveries` — its usual delay
 * from the import log (the days between the last day a file covered and the day it was imported,
 * in the workspace's time zone; one day without a log) and its cadence. A source that skips days
 * is late only once it has been quiet longer than its longest quiet spell of the lookback plus
 * one day of delay.
 */
import {
  addDays,
  checkDeliveries,
  type DiagnosisMessage,
  daysBetween,
  IMPORTS_TABLE,
  type SourceDeliveries,
  todayIn,
} from '@markpi/core';
import type { Warehouse } from '@markpi/store';
import { timeZoneOf, type WorkspaceContext, workspaceDataRange, workspaceToday } from '../workspace.js';
import { monitorMessage, type Said, sayMonitor } from './messages.js';
import {
  classifySources,
  completeThrough,
  SOURCE_LOOKBACK_DAYS,
  type SourceStatus,
  sourceDays,
} from './sources.js';

export interface SourceFreshness {
  source: string;
  fact: string;
  channel: string;
  account: string;
  lastDay: string;
  /** Reports daily (data on most days), which makes it hold back the default window. */
  daily: boolean;
  /** Its last day is within two weeks of the latest day any source has. */
  active: boolean;
  status: 'on_time' | 'late';
  /** Usual days between a day and its data arriving; null for sources that skip days. */
  delayDays: number | null;
  cadenceDays: number | null;
  /** The day newer data was due by. */
  dueBy: string;
  daysLate: number;
  /** Days behind the latest day any source has. */
  daysBehind: number;
  /** Why it is late, when it is. */
  said: Said | null;
}

export interface Freshness {
  /** Today in the workspace's time zone. */
  today: string;
  /** The first and last day with data in any fact; null for an empty workspace. */
  firstDay: string | null;
  lastDay: string | null;
  /** The last day every active daily source has; null when no source reports daily. */
  completeThrough: string | null;
  /** Where a default window ends: `completeThrough`, else the last day with data, else today. */
  windowEnd: string;
  sources: SourceFreshness[];
  /** Sources behind the latest day, furthest first. */
  behind: string[];
  note: Said;
}

interface Arrival {
  arrivedOn: string;
  lastDay: string;
}

/** When each source's files arrived and the last day they covered, from the import log. */
async function arrivals(
  warehouse: Warehouse,
  timeZone: string,
  since: string,
  tables: ReadonlyMap<string, string>,
): Promise<Map<string, Arrival[]>> {
  const { dialect } = warehouse;
  const q = (name: string) => dialect.quote(name);
  const rows = await warehouse.query(
    `SELECT ${q('target_table')}, ${q('accounts')}, ${dialect.formatDate(q('period_to'))} AS covered_to, ${q('imported_at')} FROM ${q(IMPORTS_TABLE.name)} WHERE ${q('period_to')} >= ${dialect.dateLiteral(since)}`,
  );
  const found = new Map<string, Arrival[]>();
  for (const row of rows) {
    const fact = tables.get(String(row.target_table));
    if (!fact || typeof row.covered_to !== 'string' || row.imported_at === null) continue;
    const instant = new Date(`${String(row.imported_at).replace(' ', 'T')}Z`);
    if (Number.isNaN(instant.getTime())) continue;
    let accounts: unknown;
    try {
      accounts = JSON.parse(String(row.accounts ?? '[]'));
    } catch {
      continue;
    }
    if (!Array.isArray(accounts)) continue;
    for (const entry of accounts as { channel?: unknown; account?: unknown }[]) {
      if (typeof entry?.channel !== 'string' || typeof entry.account !== 'string') continue;
      const key = `${fact}\u0000${entry.channel}\u0000${entry.account}`;
      found.set(key, [
        ...(found.get(key) ?? []),
        { arrivedOn: todayIn(timeZone, instant), lastDay: row.covered_to },
      ]);
    }
  }
  return found;
}

function longestGap(days: readonly string[]): number {
  let longest = 1;
  for (let index = 1; index < days.length; index++)
    longest = Math.max(longest, daysBetween(days[index - 1]!, days[index]!));
  return longest;
}

/** Each source's freshness as of today (see the module's comment). */
export function judgeSources(
  sources: readonly SourceStatus[],
  today: string,
  log: ReadonlyMap<string, Arrival[]>,
): SourceFreshness[] {
  const latest = sources
    .map((source) => source.lastDay)
    .sort()
    .at(-1);
  const daily = sources.filter((source) => source.daily);
  const deliveries: SourceDeliveries[] = daily.map((source) => {
    const logged = log.get(`${source.fact}\u0000${source.channel}\u0000${source.account}`);
    return {
      source: source.source,
      days: source.days,
      ...(logged && logged.length > 0 ? { arrivals: logged } : {}),
    };
  });
  const judged = new Map(checkDeliveries(deliveries, { today }).map((entry) => [entry.source, entry]));
  return sources.map((source): SourceFreshness => {
    const common = {
      source: source.source,
      fact: source.fact,
      channel: source.channel,
      account: source.account,
      lastDay: source.lastDay,
      daily: source.daily,
      active: source.active,
      daysBehind: latest === undefined ? 0 : daysBetween(source.lastDay, latest),
    };
    const delivery = judged.get(source.source);
    if (delivery?.dueBy) {
      return {
        ...common,
        status: delivery.status === 'late' ? 'late' : 'on_time',
        delayDays: delivery.delayDays,
        cadenceDays: delivery.cadenceDays,
        dueBy: delivery.dueBy,
        daysLate: delivery.daysLate,
        said: null,
      };
    }
    const dueBy = addDays(source.lastDay, longestGap(source.days) + 1);
    const past = daysBetween(dueBy, today);
    return {
      ...common,
      status: past > 0 ? 'late' : 'on_time',
      delayDays: null,
      cadenceDays: null,
      dueBy,
      daysLate: Math.max(0, past),
      said: null,
    };
  });
}

/** The freshness answer: every source, the day data is complete through, and the note. */
export async function workspaceFreshness(workspace: WorkspaceContext): Promise<Freshness> {
  const today = workspaceToday(workspace);
  const range = await workspaceDataRange(workspace);
  if (!range) {
    return {
      today,
      firstDay: null,
      lastDay: null,
      completeThrough: null,
      windowEnd: today,
      sources: [],
      behind: [],
      note: sayMonitor(workspace.catalog, monitorMessage('monitor.freshness.empty')),
    };
  }
  const found = classifySources(await sourceDays(workspace.warehouse, workspace.catalog, range.to));
  const tables = new Map(
    [...workspace.catalog.facts.values()].map((fact) => [fact.table, fact.id as string]),
  );
  const log = await arrivals(
    workspace.warehouse,
    timeZoneOf(workspace),
    addDays(range.to, -(SOURCE_LOOKBACK_DAYS - 1)),
    tables,
  );
  const sources = judgeSources(found, today, log).map((source) => ({
    ...source,
    said:
      source.status === 'late'
        ? sayMonitor(
            workspace.catalog,
            monitorMessage(
              source.daysLate === 1 ? 'monitor.title.late_source.one' : 'monitor.title.late_source',
              {
                channel: source.channel,
                account:
                  source.fact === 'performance' ? source.account : `${source.account} (${source.fact})`,
                days: source.daysLate,
                lastDay: source.lastDay,
              },
            ),
          )
        : null,
  }));
  const complete = completeThrough(found);
  const latest =
    found
      .map((source) => source.lastDay)
      .sort()
      .at(-1) ?? range.to;
  const behindSources = sources
    .filter((source) => source.active && source.daily && source.lastDay < latest)
    .sort((a, b) => b.daysBehind - a.daysBehind || a.source.localeCompare(b.source));
  const windowEnd = complete !== null && complete < range.to ? complete : range.to;
  const sourceSaid = (source: SourceFreshness) =>
    monitorMessage('monitor.source', {
      channel: source.channel,
      account: source.account,
      lastDay: source.lastDay,
    });
  let note: DiagnosisMessage;
  if (complete === null) note = monitorMessage('monitor.freshness.none', { day: range.to });
  else if (behindSources.length === 0) note = monitorMessage('monitor.freshness.complete', { day: complete });
  else
    note = monitorMessage(
      behindSources.length === 1 ? 'monitor.freshness.behind.one' : 'monitor.freshness.behind',
      {
        complete,
        latest,
        sources: behindSources.map(sourceSaid),
      },
    );
  return {
    today,
    firstDay: range.from,
    lastDay: range.to,
    completeThrough: complete,
    windowEnd,
    sources,
    behind: behindSources.map((source) => source.source),
    note: sayMonitor(workspace.catalog, note),
  };
}
