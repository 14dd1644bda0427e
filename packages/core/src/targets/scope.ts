/**
 * Scopes are filter conditions in the formula language. Targets need a few things from them:
 * whether one is valid for a KPI, which dimension values it pins (`campaign = '618-2026'`),
 * whether two are the same condition written differently, and how to combine two.
 */
import type { Catalog } from '../catalog/catalog.js';
import { duckDbDialect } from '../dialects/duckdb.js';
import { isMarkpiError, type Problem } from '../errors.js';
import type { Expr } from '../formula/ast.js';
import { formatExpr } from '../formula/format.js';
import { parseFormula } from '../formula/parser.js';
import { compileKpiQuery } from '../plan/compile.js';

/**
 * Problems with measuring `kpi` in `filter`, found by planning the query the KPI engine would
 * run (no data is read): an unknown KPI, a filter that does not parse, or a dimension the
 * KPI's facts do not carry. Empty when the pair is sound.
 */
export function scopeProblems(catalog: Catalog, kpi: string, filter: string | undefined): Problem[] {
  try {
    compileKpiQuery(
      catalog,
      { kpis: [kpi], from: '2000-01-01', to: '2000-01-01', ...(filter ? { filter } : {}) },
      duckDbDialect,
    );
    return [];
  } catch (error) {
    if (!isMarkpiError(error)) throw error;
    return error.problems.length > 0 ? error.problems : [{ message: error.message }];
  }
}

function collectPins(expr: Expr, pins: Record<string, string>): boolean {
  if (expr.kind === 'binary' && expr.operator === 'and')
    return collectPins(expr.left, pins) && collectPins(expr.right, pins);
  if (expr.kind === 'binary' && expr.operator === '=') {
    const [name, value] =
      expr.left.kind === 'name' && expr.right.kind === 'string'
        ? [expr.left.name, expr.right.value]
        : expr.right.kind === 'name' && expr.left.kind === 'string'
          ? [expr.right.name, expr.left.value]
          : [undefined, undefined];
    if (name === undefined || value === undefined) return false;
    if (pins[name] !== undefined && pins[name] !== value) return false;
    pins[name] = value;
    return true;
  }
  if (
    expr.kind === 'in' &&
    !expr.negated &&
    expr.operand.kind === 'name' &&
    expr.values.length === 1 &&
    expr.values[0]!.kind === 'string'
  ) {
    pins[expr.operand.name] = expr.values[0]!.value;
    return true;
  }
  return false;
}

/**
 * The dimension values a scope fixes when it is only `dimension = 'value'` conditions joined by
 * `and` (`{}` for no filter); null for anything else (ranges, `or`, `!=`), which pins nothing
 * a scorecard or goal lookup could rely on.
 */
export function scopePins(filter: string | undefined): Record<string, string> | null {
  if (filter === undefined || filter.trim() === '') return {};
  const parsed = parseFormula(filter);
  if (!parsed.ok) return null;
  const pins: Record<string, string> = {};
  return collectPins(parsed.expr, pins) ? pins : null;
}

/** The filter in canonical form, so `channel='douyin'` and `channel = 'douyin'` compare equal. */
export function canonicalFilter(filter: string | undefined): string | undefined {
  if (filter === undefined || filter.trim() === '') return undefined;
  const parsed = parseFormula(filter);
  return parsed.ok ? formatExpr(parsed.expr) : filter.trim();
}

export function sameScope(a: string | undefined, b: string | undefined): boolean {
  return canonicalFilter(a) === canonicalFilter(b);
}

/** Both conditions at once; absent ones are left out. */
export function combineFilters(...filters: (string | undefined)[]): string | undefined {
  const present = filters.filter((filter): filter is string => filter !== undefined && filter.trim() !== '');
  if (present.length === 0) return undefined;
  if (present.length === 1) return present[0];
  return present.map((filter) => `(${filter})`).join(' and ');
}
