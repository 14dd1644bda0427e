/**
 * Whether a fact's rows can be kept to a caller's scope: they must carry every dimension the
 * scope restricts. The planner refuses a KPI on a fact that does not (it would be answered
 * whole); the views that read several facts ask here first and leave such a fact out.
 */
import { type FactId, scopeRestrictions } from '@markpi/core';
import type { WorkspaceContext } from '../workspace.js';

/** The dimensions the caller's scope restricts that a fact's rows do not carry (none when unscoped). */
export function dimensionsNotKept(
  workspace: Pick<WorkspaceContext, 'scope' | 'catalog'>,
  fact: FactId,
): string[] {
  const carried = workspace.catalog.facts.get(fact)?.dimensions ?? [];
  return scopeRestrictions(workspace.scope)
    .map(({ dimension }) => dimension)
    .filter((dimension) => !carried.includes(dimension));
}

/** Whether a fact's rows carry every dimension the caller's scope restricts, so the planner can keep to it. */
export function factHoldsScope(
  workspace: Pick<WorkspaceContext, 'scope' | 'catalog'>,
  fact: FactId,
): boolean {
  return dimensionsNotKept(workspace, fact).length === 0;
}
