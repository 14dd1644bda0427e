/**
 * Which platform accounts deliver data, and up to which day: the ground of the freshness answer
 * and of the default window's last day.
 *
 * A source is one account on one channel in one daily fact that carries both (daily performance,
 * follower snapshots): one kind of export. Its days are read over the last `SOURCE_LOOKBACK_DAYS`
 * before the workspace's last day. Conventions:
 * - a source reports daily when it has data on at least 95% of the 28 days ending on its last
 *   day; a source that skips days (a small account, a weekly snapshot) has no "late" day by the
 *   calendar and does not hold back the window;
 * - a source is active when its last day is within 14 days of the latest day any source has; one
 *   quiet for longer has stopped (the late-source monitor says so) and no longer holds it back;
 * - data is complete through the earliest last day of the active daily sources.
 * A workspace with no such source (only monthly ledgers, say) is complete through its last day
 * with data.
 */
import { addDays, type Catalog, daysBetween } from '@markpi/core';
import type { Warehouse } from '@markpi/store';
import { sourceWithinScope } from '../access/rules.js';

export const SOURCE_LOOKBACK_DAYS = 60;
export const DAILY_COVERAGE = 0.95;
export const COVERAGE_DAYS = 28;
export const ACTIVE_DAYS = 14;

export interface SourceDays {
  /** `channel/account`, and the fact when it is not the daily performance (`channel/account · followers`). */
  source: string;
  fact: string;
  channel: string;
  account: string;
  /** Days with data, sorted, within the lookback. */
  days: string[];
}

export interface SourceStatus extends SourceDays {
  lastDay: string;
  daily: boolean;
  active: boolean;
}

/** Facts that record one platform account per row, day by day. */
function accountFacts(catalog: Catalog) {
  return [...catalog.facts.values()].filter(
    (fact) =>
      fact.grain === 'day' && fact.dimensions.includes('channel') && fact.dimensions.includes('account'),
  );
}

export function sourceName(fact: string, channel: string, account: string): string {
  return fact === 'performance' ? `${channel}/${account}` : `${channel}/${account} · ${fact}`;
}

/** Days with data per source over the lookback ending on `lastDay` (the workspace's last day). */
export async function sourceDays(
  warehouse: Warehouse,
  catalog: Catalog,
  lastDay: string,
): Promise<SourceDays[]> {
  const facts = accountFacts(catalog);
  if (facts.length === 0) return [];
  const { dialect } = warehouse;
  const q = (name: string) => dialect.quote(name);
  const from = addDays(lastDay, -(SOURCE_LOOKBACK_DAYS - 1));
  const parts = facts.map(
    (fact, index) =>
      `SELECT ${index} AS fact_index, ${q('channel')} AS channel, ${q('account')} AS account, ${dialect.formatDate(q('date'))} AS day FROM ${q(fact.table)} WHERE ${q('date')} >= ${dialect.dateLiteral(from)} AND ${q('date')} <= ${dialect.dateLiteral(lastDay)} AND ${q('channel')} IS NOT NULL AND ${q('account')} IS NOT NULL GROUP BY ${q('channel')}, ${q('account')}, ${q('date')}`,
  );
  // Sorted here, not in SQL: ClickHouse applies a trailing ORDER BY to the last part of a UNION only.
  const rows = await warehouse.query(parts.join(' UNION ALL '));
  const sources = new Map<string, SourceDays>();
  for (const row of rows) {
    const fact = facts[Number(row.fact_index)]!.id;
    const channel = String(row.channel);
    const account = String(row.account);
    if (channel === '' || account === '') continue;
    const key = sourceName(fact, channel, account);
    const entry = sources.get(key) ?? { source: key, fact, channel, account, days: [] };
    entry.days.push(String(row.day));
    sources.set(key, entry);
  }
  for (const entry of sources.values()) entry.days.sort();
  // A scoped catalog's caller has the sources inside the scope only: their days end its window.
  return [...sources.values()]
    .filter((entry) => sourceWithinScope(catalog.rowScope, entry))
    .sort((a, b) => a.fact.localeCompare(b.fact) || a.source.localeCompare(b.source));
}

/** Each source's last day, whether it reports daily and whether it is active (see the module's comment). */
export function classifySources(sources: readonly SourceDays[]): SourceStatus[] {
  const lastDays = sources
    .map((source) => source.days.at(-1))
    .filter((day): day is string => day !== undefined);
  const latest = lastDays.sort().at(-1);
  return sources
    .filter((source) => source.days.length > 0)
    .map((source) => {
      const lastDay = source.days.at(-1)!;
      const since = addDays(lastDay, -(COVERAGE_DAYS - 1));
      const covered = source.days.filter((day) => day >= since).length;
      return {
        ...source,
        lastDay,
        daily: covered >= DAILY_COVERAGE * COVERAGE_DAYS,
        active: latest !== undefined && daysBetween(lastDay, latest) <= ACTIVE_DAYS,
      };
    });
}

/** The last day every active daily source has; null when there is no such source. */
export function completeThrough(sources: readonly SourceStatus[]): string | null {
  const holding = sources.filter((source) => source.daily && source.active).map((source) => source.lastDay);
  return holding.length > 0 ? holding.sort()[0]! : null;
}
