/**
 * Targets, calendars, benchmarks and scorecard templates as saved in the workspace. The store
 * keeps them; the edges reach them here, with the rest of the application layer, so a rule about
 * saving (an audit, a check) has one place to go.
 */
import {
  checkSavedNumber,
  checkWindow,
  diffTargets,
  MarkpiError,
  neutralScopeFilter,
  parseTarget,
  sameScope,
  type Target,
  type TargetVersion,
} from '@markpi/core';
import {
  addTarget as addStoredTarget,
  listTargets,
  type NewTarget,
  type SaveOptions,
  updateTarget as updateStoredTarget,
  type Warehouse,
} from '@markpi/store';

export {
  getTarget,
  importBenchmarks,
  listBenchmarks,
  listEventCalendars,
  listScorecardTemplates,
  listTargets,
  type NewTarget,
  type SaveOptions,
  saveEventCalendar,
  saveScorecardTemplate,
  type TargetFilter,
  type TargetHistory,
  targetHistory,
} from '@markpi/store';

/**
 * A target's period is broken down and paced by day, so it takes the day grain's window limit;
 * its value is a saved number (`limits.ts`). Checked before the store sees it.
 */
function checkTargetLimits(input: {
  period?: { from: string; to: string } | undefined;
  value?: number;
}): void {
  if (input.period) checkWindow({ ...input.period, grain: 'day' });
  checkSavedNumber(input.value, 'value');
}

type Scoped = { scope?: { filter?: string | undefined } | undefined; baselineScope?: unknown };

/**
 * The input with its scopes' values written as ids (core's `neutralScopeFilter`: `channel = '抖音'`
 * is stored as `channel = 'douyin'`, its label kept as typed), so a stored target reads the same in
 * either language; refuses a value a closed dimension does not have.
 */
function withNeutralScopes<T extends Scoped>(catalog: Parameters<typeof neutralScopeFilter>[0], input: T): T {
  const neutral = (scope: unknown) => {
    if (typeof scope !== 'object' || scope === null || !('filter' in scope)) return scope;
    const { filter } = scope as { filter?: unknown };
    return typeof filter === 'string' ? { ...scope, filter: neutralScopeFilter(catalog, filter) } : scope;
  };
  return {
    ...input,
    ...(input.scope !== undefined ? { scope: neutral(input.scope) } : {}),
    ...(input.baselineScope !== undefined ? { baselineScope: neutral(input.baselineScope) } : {}),
  };
}

export interface AddOptions extends SaveOptions {
  /**
   * When a target with the same KPI, scope and period exists: replace it with a new version of
   * that target (its history kept) instead of refusing.
   */
  replace?: boolean;
}

/** What an add did: a new target (version 1), or a new version of the one it replaced. */
export interface AddedTarget extends TargetVersion {
  /** The id of the target replaced, when the add replaced one. */
  replaced?: string;
}

/**
 * Two targets promise the same thing when they have the same KPI, the same scope condition
 * (however it is written) and the same period; their labels, values and goals may differ.
 */
export function sameTargetSlot(a: Target, b: Pick<Target, 'kpi' | 'scope' | 'period'>): boolean {
  return (
    a.kpi === b.kpi &&
    sameScope(a.scope.filter, b.scope.filter) &&
    a.period.from === b.period.from &&
    a.period.to === b.period.to
  );
}

/**
 * The stored target with the same KPI, scope and period as `input`, if any; `input` itself (the
 * same id) is left out, so a target is never its own duplicate.
 */
export async function findSameTarget(
  warehouse: Warehouse,
  input: Pick<Target, 'kpi' | 'scope' | 'period'> & { id?: string },
): Promise<TargetVersion | undefined> {
  const stored = await listTargets(warehouse, { kpi: input.kpi });
  return stored.find((entry) => entry.target.id !== input.id && sameTargetSlot(entry.target, input));
}

function duplicateError(existing: TargetVersion, kpi: string): MarkpiError {
  const { target } = existing;
  const what = `${kpi} in ${target.scope.label} for ${target.period.from} … ${target.period.to}`;
  return new MarkpiError('target_exists', `target ${target.id} already sets ${what}`, [
    {
      message: `target ${target.id} (version ${existing.version}) already sets ${what}`,
      hint: 'replace it (a new version of that target, its history kept) or change the scope or period',
    },
  ]);
}

/**
 * Runs `work` in one transaction in which the store's own transactions join the outer one
 * instead of opening their own, so several saves land together or not at all (on engines with
 * transactions; ClickHouse appends as it goes).
 */
export async function inOneTransaction<T>(
  warehouse: Warehouse,
  work: (scoped: Warehouse) => Promise<T>,
): Promise<T> {
  return warehouse.transaction(async (scoped) => {
    const joined: Warehouse = new Proxy(scoped, {
      get(target, property, receiver) {
        if (property === 'transaction')
          return <R>(inner: (warehouse: Warehouse) => Promise<R>): Promise<R> => inner(joined);
        const value = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    return work(joined);
  });
}

/** Optional fields a replacing target leaves empty are emptied, so the replacement is whole. */
const CLEARED_ON_REPLACE = { goal: undefined, owner: undefined, note: undefined, baselineScope: undefined };

/**
 * Saves a new target (version 1), within core's limits. A target with the same KPI, scope and
 * period is refused (`target_exists`, a conflict), or with `replace` becomes the new version of
 * that target: the new value, goal and the rest under the old id, its history kept. Replacing a
 * target with an identical one saves nothing and answers the stored version.
 */
export async function addTarget(
  warehouse: Warehouse,
  catalog: Parameters<typeof addStoredTarget>[1],
  given: NewTarget,
  options: AddOptions = {},
): Promise<AddedTarget> {
  checkTargetLimits(given);
  const input = withNeutralScopes(catalog, given);
  const { replace, ...saveOptions } = options;
  const probe = parseTarget({ ...input, id: input.id ?? 'probe' });
  return inOneTransaction(warehouse, async (scoped) => {
    const existing = await findSameTarget(scoped, { ...probe, ...(input.id ? { id: input.id } : {}) });
    if (!existing) return addStoredTarget(scoped, catalog, input, saveOptions);
    if (!replace) throw duplicateError(existing, probe.kpi);
    const { id: _id, ...given } = input;
    const next = parseTarget({ ...CLEARED_ON_REPLACE, ...given, id: existing.target.id });
    if (diffTargets(existing.target, next).length === 0) return { ...existing, replaced: existing.target.id };
    const version = await updateStoredTarget(
      scoped,
      catalog,
      existing.target.id,
      { ...CLEARED_ON_REPLACE, ...given },
      {
        ...saveOptions,
        reason: saveOptions.reason ?? 'replaced by a target with the same KPI, scope and period',
      },
    );
    return { ...version, replaced: existing.target.id };
  });
}

/** Saves a changed target as a new version, within core's limits. */
export async function updateTarget(
  ...args: Parameters<typeof updateStoredTarget>
): ReturnType<typeof updateStoredTarget> {
  checkTargetLimits(args[3]);
  const [warehouse, catalog, id, changes, ...rest] = args;
  return updateStoredTarget(warehouse, catalog, id, withNeutralScopes(catalog, changes), ...rest);
}

/** A stored target whose scope was written again with ids. */
export interface ScopeRewrite {
  id: string;
  /** The new version that holds the ids. */
  version: number;
  before: { scope?: string; baselineScope?: string };
  after: { scope?: string; baselineScope?: string };
}

/** A stored target whose scope names a value no id answers to, left as it is. */
export interface ScopeLeft {
  id: string;
  filter: string;
  problems: string[];
}

/**
 * Writes the scopes of targets saved before scopes were stored as ids again with ids
 * (`channel = '抖音'` becomes `channel = 'douyin'`), as a new version of each target (history
 * kept, as every change is), where every value typed maps to exactly one id. A scope naming a
 * value no id answers to is left as it is and reported, so a person can fix it.
 */
export async function rewriteLabelScopes(
  warehouse: Warehouse,
  catalog: Parameters<typeof neutralScopeFilter>[0] & Parameters<typeof updateStoredTarget>[1],
  options: SaveOptions = {},
): Promise<{ rewritten: ScopeRewrite[]; left: ScopeLeft[] }> {
  const rewritten: ScopeRewrite[] = [];
  const left: ScopeLeft[] = [];
  for (const { target } of await listTargets(warehouse)) {
    const before: ScopeRewrite['before'] = {};
    const after: ScopeRewrite['after'] = {};
    const changes: Partial<Pick<Target, 'scope' | 'baselineScope'>> = {};
    for (const field of ['scope', 'baselineScope'] as const) {
      const scope = target[field];
      if (!scope?.filter) continue;
      try {
        const neutral = neutralScopeFilter(catalog, scope.filter);
        if (neutral === scope.filter) continue;
        before[field] = scope.filter;
        after[field] = neutral!;
        changes[field] = { ...scope, filter: neutral! };
      } catch (error) {
        if (!(error instanceof MarkpiError)) throw error;
        left.push({
          id: target.id,
          filter: scope.filter,
          problems: error.problems.map((problem) => problem.message),
        });
      }
    }
    if (Object.keys(changes).length === 0) continue;
    const saved = await updateStoredTarget(warehouse, catalog, target.id, changes, {
      reason: 'scope written with ids',
      ...options,
    });
    rewritten.push({ id: target.id, version: saved.version, before, after });
  }
  return { rewritten, left };
}
