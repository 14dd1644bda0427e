/**
 * Scopes are filter conditions in the formula language. Targets need a few things from them:
 * whether one is valid for a KPI, which dimension values it pins (`campaign = '618-2026'`),
 * whether two are the same condition written differently, and how to combine two.
 */
import type { Catalog } from '../catalog/catalog.js';
import { duckDbDialect } from '../dialects/duckdb.js';
import { isMarkpiError, MarkpiError, type Problem } from '../errors.js';
import type { Expr } from '../formula/ast.js';
import { formatExpr } from '../formula/format.js';
import { parseFormula } from '../formula/parser.js';
import { DIMENSION_VALUE_LABELS } from '../labels/index.js';
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

const NO_SPAN = { start: 0, end: 0 };

/** The operands of a chain of one logical operator, however it is bracketed. */
function chainOperands(expr: Expr, operator: 'and' | 'or'): Expr[] {
  return expr.kind === 'binary' && expr.operator === operator
    ? [...chainOperands(expr.left, operator), ...chainOperands(expr.right, operator)]
    : [expr];
}

/** Expressions sorted by their printed text, repeats dropped (`a and a` is `a`). */
function sortedUnique(exprs: readonly Expr[]): Expr[] {
  const byText = new Map(exprs.map((expr) => [formatExpr(expr), expr]));
  return [...byText.keys()].sort().map((text) => byText.get(text)!);
}

function chain(operator: 'and' | 'or', operands: readonly Expr[]): Expr {
  return operands
    .slice(1)
    .reduce<Expr>((left, right) => ({ kind: 'binary', operator, left, right, ...NO_SPAN }), operands[0]!);
}

const stringOf = (expr: Expr): string | undefined => (expr.kind === 'string' ? expr.value : undefined);

/**
 * One dimension tested against a value list: `x = 'a'` and `x in ('a', 'b')` (also `'a' = x`);
 * the names and values an `or` of such tests on one dimension merges into one list.
 */
function memberTest(expr: Expr): { name: string; values: string[]; negated: boolean } | undefined {
  if (expr.kind === 'binary' && (expr.operator === '=' || expr.operator === '!=')) {
    const negated = expr.operator === '!=';
    if (expr.left.kind === 'name' && expr.right.kind === 'string')
      return { name: expr.left.name, values: [expr.right.value], negated };
    if (expr.right.kind === 'name' && expr.left.kind === 'string')
      return { name: expr.right.name, values: [expr.left.value], negated };
    return undefined;
  }
  if (expr.kind === 'in' && expr.operand.kind === 'name') {
    const values = expr.values.map(stringOf);
    if (values.some((value) => value === undefined)) return undefined;
    return { name: expr.operand.name, values: values as string[], negated: expr.negated };
  }
  return undefined;
}

/** `x = 'a'` for one value, `x in ('a', 'b')` (sorted, no repeats) for more; negated alike. */
function memberExpr(name: string, values: readonly string[], negated: boolean): Expr {
  const operand: Expr = { kind: 'name', name, ...NO_SPAN };
  const sorted = [...new Set(values)].sort();
  if (sorted.length === 1)
    return {
      kind: 'binary',
      operator: negated ? '!=' : '=',
      left: operand,
      right: { kind: 'string', value: sorted[0]!, ...NO_SPAN },
      ...NO_SPAN,
    };
  const list: Expr[] = sorted.map((value) => ({ kind: 'string', value, ...NO_SPAN }));
  return { kind: 'in', operand, values: list, negated, ...NO_SPAN };
}

/**
 * A condition rewritten to one form per meaning that can be told without data: conjuncts and
 * disjuncts flattened, sorted and without repeats; a value test written `dimension = 'value'`
 * (an `in` with one value included); value lists sorted; an `or` of value tests on one dimension
 * merged into one `in`. Every rewrite selects exactly the rows the condition did.
 */
function canonicalExpr(expr: Expr): Expr {
  if (expr.kind === 'binary' && (expr.operator === 'and' || expr.operator === 'or')) {
    const { operator } = expr;
    let operands = chainOperands(expr, operator).flatMap((operand) =>
      chainOperands(canonicalExpr(operand), operator),
    );
    if (operator === 'or') {
      // `x = 'a' or x in ('b', 'c')` is `x in ('a', 'b', 'c')`; negated tests are left alone.
      const merged = new Map<string, string[]>();
      const rest: Expr[] = [];
      for (const operand of operands) {
        const test = memberTest(operand);
        if (test && !test.negated) merged.set(test.name, [...(merged.get(test.name) ?? []), ...test.values]);
        else rest.push(operand);
      }
      operands = [...rest, ...[...merged].map(([name, values]) => memberExpr(name, values, false))];
    }
    return chain(operator, sortedUnique(operands));
  }
  const test = memberTest(expr);
  if (test) return memberExpr(test.name, test.values, test.negated);
  if (expr.kind === 'unary' && expr.operator === 'not')
    return { ...expr, operand: canonicalExpr(expr.operand) };
  return expr;
}

/**
 * The filter in canonical form, so conditions that differ only in writing compare equal:
 * `channel='douyin'`, `channel in ('douyin')` and `'douyin' = channel`; `a and b` and `b and a`;
 * `channel in ('b', 'a')` and `channel = 'a' or channel = 'b'`. Conditions that select the same
 * rows only because of the data (a campaign that runs on one channel) stay apart.
 */
export function canonicalFilter(filter: string | undefined): string | undefined {
  if (filter === undefined || filter.trim() === '') return undefined;
  const parsed = parseFormula(filter);
  return parsed.ok ? formatExpr(canonicalExpr(parsed.expr)) : filter.trim();
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

/**
 * What a value typed in a scope stands for: the dimension's id as it is; a name of one of its
 * values in English (any case) or Chinese, as that value's id when exactly one has it; else, for a
 * dimension with a closed set of values, nothing (`undefined`), and for an open one (campaigns,
 * creators: the workspace's own ids) the value as typed.
 */
export function scopeValueId(catalog: Catalog, dimension: string, value: string): string | undefined {
  const closed = catalog.dimensions.get(dimension)?.values;
  const labels = DIMENSION_VALUE_LABELS[dimension] ?? {};
  if (closed?.includes(value) || Object.hasOwn(labels, value)) return value;
  const typed = value.trim();
  const named = Object.entries(labels)
    .filter(([, label]) => label.zh === typed || label.en.toLowerCase() === typed.toLowerCase())
    .map(([id]) => id);
  const byId = closed?.find((id) => id.toLowerCase() === typed.toLowerCase());
  const ids = [...new Set([...named, ...(byId ? [byId] : [])])];
  if (ids.length === 1) return ids[0];
  return closed ? undefined : value;
}

interface UnknownValue {
  dimension: string;
  value: string;
}

function neutralExpr(catalog: Catalog, expr: Expr, unknown: UnknownValue[]): Expr {
  const id = (dimension: string, value: Expr): Expr => {
    if (value.kind !== 'string') return value;
    const resolved = scopeValueId(catalog, dimension, value.value);
    if (resolved === undefined) unknown.push({ dimension, value: value.value });
    return resolved === undefined || resolved === value.value ? value : { ...value, value: resolved };
  };
  switch (expr.kind) {
    case 'binary':
      if (expr.operator === '=' || expr.operator === '!=') {
        if (expr.left.kind === 'name') return { ...expr, right: id(expr.left.name, expr.right) };
        if (expr.right.kind === 'name') return { ...expr, left: id(expr.right.name, expr.left) };
        return expr;
      }
      return {
        ...expr,
        left: neutralExpr(catalog, expr.left, unknown),
        right: neutralExpr(catalog, expr.right, unknown),
      };
    case 'in': {
      const { operand } = expr;
      return operand.kind === 'name'
        ? { ...expr, values: expr.values.map((value) => id(operand.name, value)) }
        : expr;
    }
    case 'unary':
      return { ...expr, operand: neutralExpr(catalog, expr.operand, unknown) };
    default:
      return expr;
  }
}

/**
 * A scope's condition with every value written as its dimension's id, so a stored target reads
 * the same in any language: `channel = '抖音'` and `channel = 'Douyin'` are stored as
 * `channel = 'douyin'`. A condition with nothing to resolve is kept as typed. Refuses a value a
 * dimension with a closed set of values does not have, naming the value and the dimension's
 * values (`invalid_target`); a condition that does not parse is left to the scope's own checks.
 */
export function neutralScopeFilter(catalog: Catalog, filter: string | undefined): string | undefined {
  if (filter === undefined || filter.trim() === '') return filter;
  const parsed = parseFormula(filter);
  if (!parsed.ok) return filter;
  const unknown: UnknownValue[] = [];
  const neutral = neutralExpr(catalog, parsed.expr, unknown);
  if (unknown.length > 0) {
    const problems: Problem[] = unknown.map(({ dimension, value }) => {
      const known = [...(catalog.dimensions.get(dimension)?.values ?? [])];
      return {
        // As the key's English says it, the list's last item after "and".
        message: `${dimension} has no value ${value}, nor one named so in English or Chinese (its values: ${
          known.length > 1 ? `${known.slice(0, -1).join(', ')} and ${known.at(-1)}` : known.join('')
        })`,
        path: 'scope.filter',
        said: { key: 'target.scope.unknown_value', params: { dimension, value, known } },
      };
    });
    const values = unknown.map(({ dimension, value }) => `${dimension} = ${value}`);
    throw new MarkpiError(
      'invalid_target',
      `the scope names values its dimensions do not have: ${values.join(', ')}`,
      problems,
      { key: 'target.scope.unknown_values', params: { values } },
    );
  }
  const written = formatExpr(neutral);
  return written === formatExpr(parsed.expr) ? filter : written;
}
