/**
 * A scope as SQL conditions, for the few records read beside the planner whose rows carry the
 * scope's dimensions themselves (fees, posts and accounts in the creator registry). A table
 * without one of the scope's dimensions can't show which of its rows lie inside, so it shows
 * none — the rule `rowInScope` states: a missing value lies outside.
 */
import { scopeRestrictions } from '@markpi/core';
import type { Warehouse } from '@markpi/store';
import type { WorkspaceContext } from '../workspace.js';

/**
 * The conditions keeping a table's rows inside the workspace's scope (none for an unscoped
 * caller), with their parameters numbered from `firstParameter`.
 */
export function scopeConditions(
  workspace: Pick<WorkspaceContext, 'scope'> & { warehouse: Pick<Warehouse, 'dialect'> },
  columns: readonly string[],
  firstParameter: number,
): { conditions: string[]; params: string[] } {
  const { dialect } = workspace.warehouse;
  const conditions: string[] = [];
  const params: string[] = [];
  for (const { dimension, values } of scopeRestrictions(workspace.scope)) {
    if (!columns.includes(dimension)) {
      conditions.push('1 = 0');
      continue;
    }
    const placeholders = values.map((value) => {
      params.push(value);
      return dialect.parameter(firstParameter + params.length - 1, 'text');
    });
    conditions.push(`${dialect.quote(dimension)} IN (${placeholders.join(', ')})`);
  }
  return { conditions, params };
}
