/**
 * A KPI's formula as arithmetic over the values a diagnosis is given: KPI references are
 * expanded until only measures remain, and what the planner computes as one aggregate is one
 * variable — a measure by its id (`spend`), a value of an earlier window by its canonical text
 * (`opening(followers)`, `prior(conversion_value)`) and a per-item or distinct count likewise
 * (`count(content)`). `opening` and `prior` are pushed down to the measures they wrap, since the
 * planner renders `prior(a / b)` as `prior(a) / prior(b)` (a ratio of sums in the earlier window).
 *
 * Values follow the planner's SQL: a division by zero has no value (null), and so does anything
 * computed from a value that has none.
 */
import type { Catalog } from '../catalog/catalog.js';
import { MarkpiError } from '../errors.js';
import type { Expr } from '../formula/ast.js';
import { formatExpr } from '../formula/index.js';

export type Term =
  | { kind: 'constant'; value: number }
  | { kind: 'variable'; id: string }
  | { kind: 'negate'; operand: Term }
  | { kind: 'arithmetic'; operator: '+' | '-' | '*' | '/'; left: Term; right: Term }
  | { kind: 'function'; name: 'safe_div' | 'coalesce' | 'abs' | 'round' | 'min' | 'max'; args: Term[] };

/** Values by variable id. A missing or null value counts as 0: a sum over no rows. */
export type VariableValues = Readonly<Record<string, number | null | undefined>>;

/** `c · Π vᵢ^eᵢ`: a formula that only multiplies and divides. */
export interface Monomial {
  coefficient: number;
  /** Exponent by variable, without zeros, in the order the variables first appear. */
  powers: ReadonlyMap<string, number>;
}

/** `c + Σ aᵢ·vᵢ`: a formula that only adds, subtracts and scales. */
export interface LinearForm {
  constant: number;
  coefficients: ReadonlyMap<string, number>;
}

const notDecomposable = (kpi: string, what: string) =>
  new MarkpiError('formula_not_decomposable', `the formula of \`${kpi}\` can't be taken apart: ${what}`, [
    { message: what, path: `kpis.${kpi}.formula` },
  ]);

/** The KPI's formula with every KPI reference expanded, as a term over measures and aggregates. */
export function kpiTerm(catalog: Catalog, kpiId: string): Term {
  const kpi = catalog.kpi(kpiId);
  return toTerm(kpi.expr, catalog, kpiId, []);
}

function toTerm(expr: Expr, catalog: Catalog, kpiId: string, windows: readonly string[]): Term {
  const windowed = (text: string) => windows.reduceRight((inner, name) => `${name}(${inner})`, text);
  switch (expr.kind) {
    case 'number':
      return { kind: 'constant', value: expr.value };
    case 'name': {
      if (catalog.measures.has(expr.name)) return { kind: 'variable', id: windowed(expr.name) };
      const referenced = catalog.kpis.get(expr.name);
      if (referenced) return toTerm(referenced.expr, catalog, kpiId, windows);
      throw notDecomposable(kpiId, `\`${expr.name}\` is neither a measure nor a KPI`);
    }
    case 'unary':
      if (expr.operator === '-') {
        return { kind: 'negate', operand: toTerm(expr.operand, catalog, kpiId, windows) };
      }
      throw notDecomposable(kpiId, 'a condition outside count_if');
    case 'binary':
      if (expr.operator === '+' || expr.operator === '-' || expr.operator === '*' || expr.operator === '/') {
        return {
          kind: 'arithmetic',
          operator: expr.operator,
          left: toTerm(expr.left, catalog, kpiId, windows),
          right: toTerm(expr.right, catalog, kpiId, windows),
        };
      }
      throw notDecomposable(kpiId, 'a condition outside count_if');
    case 'call': {
      const args = expr.args;
      if (expr.name === 'opening' || expr.name === 'prior') {
        return toTerm(args[0]!, catalog, kpiId, [...windows, expr.name]);
      }
      // One planner aggregate each: counts of items, and row-level sums, minima and maxima.
      const aggregate =
        expr.name === 'count' ||
        expr.name === 'count_if' ||
        expr.name === 'sum' ||
        ((expr.name === 'min' || expr.name === 'max') && args.length === 1);
      if (aggregate) return { kind: 'variable', id: windowed(formatExpr(expr)) };
      if (
        expr.name === 'safe_div' ||
        expr.name === 'coalesce' ||
        expr.name === 'abs' ||
        expr.name === 'round' ||
        expr.name === 'min' ||
        expr.name === 'max'
      ) {
        return {
          kind: 'function',
          name: expr.name,
          args: args.map((arg) => toTerm(arg, catalog, kpiId, windows)),
        };
      }
      throw notDecomposable(kpiId, `the function \`${expr.name}\``);
    }
    default:
      throw notDecomposable(kpiId, 'text or a list where a number belongs');
  }
}

/** The variables a term reads, in the order they first appear. */
export function termVariables(term: Term): string[] {
  const seen = new Set<string>();
  const stack: Term[] = [term];
  const ordered: Term[] = [];
  // Depth-first, left to right: push children in reverse.
  for (let next = stack.pop(); next; next = stack.pop()) {
    ordered.push(next);
    const children =
      next.kind === 'negate'
        ? [next.operand]
        : next.kind === 'arithmetic'
          ? [next.left, next.right]
          : next.kind === 'function'
            ? next.args
            : [];
    for (let index = children.length - 1; index >= 0; index--) stack.push(children[index]!);
  }
  for (const node of ordered) if (node.kind === 'variable') seen.add(node.id);
  return [...seen];
}

/** The term's value, or null where the planner's SQL would give no value (a division by zero). */
export function evaluateTerm(term: Term, values: VariableValues): number | null {
  const result = evaluate(term, values);
  return result === null || !Number.isFinite(result) ? null : result;
}

function evaluate(term: Term, values: VariableValues): number | null {
  switch (term.kind) {
    case 'constant':
      return term.value;
    case 'variable':
      return values[term.id] ?? 0;
    case 'negate': {
      const operand = evaluate(term.operand, values);
      return operand === null ? null : -operand;
    }
    case 'arithmetic': {
      const left = evaluate(term.left, values);
      const right = evaluate(term.right, values);
      if (left === null || right === null) return null;
      switch (term.operator) {
        case '+':
          return left + right;
        case '-':
          return left - right;
        case '*':
          return left * right;
        case '/':
          return right === 0 ? null : left / right;
      }
      break;
    }
    case 'function': {
      const args = term.args.map((arg) => evaluate(arg, values));
      switch (term.name) {
        case 'safe_div': {
          const [numerator, denominator, fallback] = args;
          if (denominator === null || denominator === 0 || denominator === undefined) return fallback ?? null;
          return numerator === null || numerator === undefined ? null : numerator / denominator;
        }
        case 'coalesce':
          return args.find((arg) => arg !== null) ?? null;
        case 'abs':
          return args[0] === null || args[0] === undefined ? null : Math.abs(args[0]);
        case 'round': {
          const [value, digits] = args;
          if (value === null || value === undefined) return null;
          const scale = 10 ** (digits ?? 0);
          return Math.round(value * scale) / scale;
        }
        case 'min':
        case 'max':
          if (args.some((arg) => arg === null)) return null;
          return term.name === 'min' ? Math.min(...(args as number[])) : Math.max(...(args as number[]));
      }
    }
  }
  return null;
}

/** The term as `c · Π vᵢ^eᵢ`, or null when it adds, subtracts or calls a function. */
export function monomialOf(term: Term): Monomial | null {
  const found = monomial(term);
  if (!found) return null;
  const powers = new Map([...found.powers].filter(([, exponent]) => exponent !== 0));
  return { coefficient: found.coefficient, powers };
}

function monomial(term: Term): { coefficient: number; powers: Map<string, number> } | null {
  switch (term.kind) {
    case 'constant':
      return { coefficient: term.value, powers: new Map() };
    case 'variable':
      return { coefficient: 1, powers: new Map([[term.id, 1]]) };
    case 'negate': {
      const operand = monomial(term.operand);
      return operand && { coefficient: -operand.coefficient, powers: operand.powers };
    }
    case 'arithmetic': {
      if (term.operator === '+' || term.operator === '-') return null;
      return combine(monomial(term.left), monomial(term.right), term.operator === '*' ? 1 : -1);
    }
    case 'function':
      // safe_div without a fallback is a division that gives no value on zero, like `/`.
      if (term.name === 'safe_div' && term.args.length === 2) {
        return combine(monomial(term.args[0]!), monomial(term.args[1]!), -1);
      }
      return null;
  }
}

function combine(
  left: { coefficient: number; powers: Map<string, number> } | null,
  right: { coefficient: number; powers: Map<string, number> } | null,
  sign: 1 | -1,
): { coefficient: number; powers: Map<string, number> } | null {
  if (!left || !right) return null;
  if (sign === -1 && right.coefficient === 0) return null;
  const powers = new Map(left.powers);
  for (const [id, exponent] of right.powers) powers.set(id, (powers.get(id) ?? 0) + sign * exponent);
  return {
    coefficient: sign === 1 ? left.coefficient * right.coefficient : left.coefficient / right.coefficient,
    powers,
  };
}

/** The term as `c + Σ aᵢ·vᵢ`, or null when it multiplies variables or calls a function. */
export function linearFormOf(term: Term): LinearForm | null {
  const found = linear(term);
  if (!found) return null;
  const coefficients = new Map([...found.coefficients].filter(([, coefficient]) => coefficient !== 0));
  return { constant: found.constant, coefficients };
}

function linear(term: Term): { constant: number; coefficients: Map<string, number> } | null {
  switch (term.kind) {
    case 'constant':
      return { constant: term.value, coefficients: new Map() };
    case 'variable':
      return { constant: 0, coefficients: new Map([[term.id, 1]]) };
    case 'negate': {
      const operand = linear(term.operand);
      return operand && scaled(operand, -1);
    }
    case 'arithmetic': {
      const left = linear(term.left);
      const right = linear(term.right);
      if (!left || !right) return null;
      switch (term.operator) {
        case '+':
        case '-': {
          const sign = term.operator === '+' ? 1 : -1;
          const coefficients = new Map(left.coefficients);
          for (const [id, coefficient] of right.coefficients)
            coefficients.set(id, (coefficients.get(id) ?? 0) + sign * coefficient);
          return { constant: left.constant + sign * right.constant, coefficients };
        }
        case '*':
          if (right.coefficients.size === 0) return scaled(left, right.constant);
          if (left.coefficients.size === 0) return scaled(right, left.constant);
          return null;
        case '/':
          return right.coefficients.size === 0 && right.constant !== 0
            ? scaled(left, 1 / right.constant)
            : null;
      }
      return null;
    }
    case 'function':
      return null;
  }
}

function scaled(
  form: { constant: number; coefficients: Map<string, number> },
  factor: number,
): { constant: number; coefficients: Map<string, number> } {
  return {
    constant: form.constant * factor,
    coefficients: new Map([...form.coefficients].map(([id, coefficient]) => [id, coefficient * factor])),
  };
}

/**
 * The term as `scale · numerator / denominator` with both sides linear, or null. A ratio KPI
 * in this shape splits over segments: each segment's numerator and denominator add up to the
 * whole's. Constant terms inside either side belong to no segment, so they rule the shape out.
 */
export function ratioFormOf(
  term: Term,
): { scale: number; numerator: LinearForm; denominator: LinearForm } | null {
  let scale = 1;
  let inner = term;
  // Peel constant factors: `spend / impressions * 1000`, `-(a / b)`.
  for (;;) {
    if (inner.kind === 'negate') {
      scale = -scale;
      inner = inner.operand;
    } else if (inner.kind === 'arithmetic' && inner.operator === '*' && inner.right.kind === 'constant') {
      scale *= inner.right.value;
      inner = inner.left;
    } else if (inner.kind === 'arithmetic' && inner.operator === '*' && inner.left.kind === 'constant') {
      scale *= inner.left.value;
      inner = inner.right;
    } else if (inner.kind === 'arithmetic' && inner.operator === '/' && inner.right.kind === 'constant') {
      if (inner.right.value === 0) return null;
      scale /= inner.right.value;
      inner = inner.left;
    } else break;
  }
  const parts =
    inner.kind === 'arithmetic' && inner.operator === '/'
      ? [inner.left, inner.right]
      : inner.kind === 'function' && inner.name === 'safe_div' && inner.args.length === 2
        ? inner.args
        : null;
  if (!parts) return null;
  const numerator = linearFormOf(parts[0]!);
  const denominator = linearFormOf(parts[1]!);
  if (!numerator || !denominator) return null;
  if (numerator.constant !== 0 || denominator.constant !== 0) return null;
  if (denominator.coefficients.size === 0) return null;
  return { scale, numerator, denominator };
}

/** `c + Σ aᵢ·vᵢ` at the given values. */
export function evaluateLinear(form: LinearForm, values: VariableValues): number {
  let total = form.constant;
  for (const [id, coefficient] of form.coefficients) total += coefficient * (values[id] ?? 0);
  return total;
}
