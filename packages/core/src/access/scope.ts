/**
 * Row-level access: a scope names the dimension values a member or a share link may see
 * (channels, campaigns, accounts). Within one dimension the values are alternatives (any of
 * them); across dimensions they all hold (a row must match every dimension the scope names).
 * A scope that names no dimension sees everything.
 *
 * The planner ANDs a catalog's scope into every KPI query it compiles (`compile.ts`), as a
 * syntax tree built here rather than text, so no filter a user types can reach around it.
 * A fact that lacks a scoped dimension can't be scoped, so a KPI that reads one is refused
 * rather than answered whole.
 */
import type { Expr, InList } from '../formula/ast.js';
import { parseFormula } from '../formula/parser.js';

/** The dimensions a scope may restrict, each with the key it has in a scope. */
export const SCOPE_DIMENSIONS = [
  { key: 'channels', dimension: 'channel' },
  { key: 'campaigns', dimension: 'campaign' },
  { key: 'accounts', dimension: 'account' },
] as const;

export type ScopeKey = (typeof SCOPE_DIMENSIONS)[number]['key'];

/** Dimension values a caller may see; an absent key leaves that dimension open. */
export type AccessScope = Partial<Record<ScopeKey, string[]>>;

/** Whether a scope restricts anything (absent and empty scopes see everything). */
export function isScoped(scope: AccessScope | null | undefined): scope is AccessScope {
  return !!scope && SCOPE_DIMENSIONS.some(({ key }) => (scope[key]?.length ?? 0) > 0);
}

/** The scope's restrictions as (dimension, values) pairs, in the order of `SCOPE_DIMENSIONS`. */
export function scopeRestrictions(
  scope: AccessScope | null | undefined,
): { dimension: string; values: readonly string[] }[] {
  if (!scope) return [];
  return SCOPE_DIMENSIONS.flatMap(({ key, dimension }) => {
    const values = scope[key];
    return values && values.length > 0 ? [{ dimension, values: [...new Set(values)] }] : [];
  });
}

const NOWHERE = { start: 0, end: 0 };

/** `dimension in ('a', 'b') and …` as a filter tree; undefined for a scope that restricts nothing. */
export function scopeFilterExpr(scope: AccessScope | null | undefined): Expr | undefined {
  let combined: Expr | undefined;
  for (const { dimension, values } of scopeRestrictions(scope)) {
    const condition: InList = {
      kind: 'in',
      ...NOWHERE,
      operand: { kind: 'name', name: dimension, ...NOWHERE },
      values: values.map((value) => ({ kind: 'string', value, ...NOWHERE })),
      negated: false,
    };
    combined = andExpr(combined, condition);
  }
  return combined;
}

/** Both conditions (either may be absent). */
export function andExpr(left: Expr | undefined, right: Expr | undefined): Expr | undefined {
  if (!left) return right;
  if (!right) return left;
  return { kind: 'binary', operator: 'and', left, right, ...NOWHERE };
}

/** Whether a row with these dimension values lies inside the scope (a missing value lies outside). */
export function rowInScope(
  scope: AccessScope | null | undefined,
  row: Readonly<Record<string, unknown>>,
): boolean {
  return scopeRestrictions(scope).every(({ dimension, values }) => {
    const value = row[dimension];
    return typeof value === 'string' && values.includes(value);
  });
}

/**
 * Whether every row a filter admits lies inside the scope, decided from the filter's shape: it
 * must require, for each scoped dimension, `dimension = 'v'` or `dimension in (…)` with values
 * all inside the scope (at the top level or under `and`). A target or scorecard whose filter
 * says less than that reaches outside, and a scoped caller does not see it.
 */
export function filterWithinScope(scope: AccessScope | null | undefined, filter: Expr | undefined): boolean {
  const restrictions = scopeRestrictions(scope);
  if (restrictions.length === 0) return true;
  if (!filter) return false;
  const required = new Map<string, Set<string>>();
  const collect = (node: Expr): void => {
    if (node.kind === 'binary' && node.operator === 'and') {
      collect(node.left);
      collect(node.right);
      return;
    }
    const pinned = pinnedValues(node);
    if (!pinned) return;
    const known = required.get(pinned.dimension);
    // Two conditions on one dimension: a row passes both, so it lies in their intersection.
    required.set(
      pinned.dimension,
      known ? new Set([...known].filter((value) => pinned.values.includes(value))) : new Set(pinned.values),
    );
  };
  collect(filter);
  return restrictions.every(({ dimension, values }) => {
    const pinned = required.get(dimension);
    return pinned !== undefined && [...pinned].every((value) => values.includes(value));
  });
}

/** `filterWithinScope` for a filter as text (a target's or a view's); text that can't be read lies outside. */
export function filterTextWithinScope(
  scope: AccessScope | null | undefined,
  filter: string | undefined,
): boolean {
  if (!isScoped(scope)) return true;
  if (filter === undefined || filter.trim() === '') return false;
  const parsed = parseFormula(filter);
  return parsed.ok && filterWithinScope(scope, parsed.expr);
}

function pinnedValues(node: Expr): { dimension: string; values: string[] } | undefined {
  if (node.kind === 'binary' && node.operator === '=') {
    const [name, literal] = node.left.kind === 'name' ? [node.left, node.right] : [node.right, node.left];
    if (name.kind === 'name' && literal.kind === 'string')
      return { dimension: name.name, values: [literal.value] };
    return undefined;
  }
  if (node.kind === 'in' && !node.negated && node.operand.kind === 'name') {
    const values: string[] = [];
    for (const value of node.values) {
      if (value.kind !== 'string') return undefined;
      values.push(value.value);
    }
    return { dimension: node.operand.name, values };
  }
  return undefined;
}

/** The scope's values in one list, channels first (what a chip shows). */
export function scopeValues(scope: AccessScope | null | undefined): string[] {
  return scopeRestrictions(scope).flatMap(({ values }) => values);
}
