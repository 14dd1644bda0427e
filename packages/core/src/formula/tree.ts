/**
 * Small tools over syntax trees. They use an explicit stack instead of recursion, so a tree
 * built by hand (not by the parser, which caps nesting) can't overflow the call stack.
 */
import type { Expr } from './ast.js';
import { isComparisonOperator, isLogicalOperator } from './syntax.js';

/** The direct sub-expressions of a node, in source order. */
export function childrenOf(expr: Expr): readonly Expr[] {
  switch (expr.kind) {
    case 'unary':
      return [expr.operand];
    case 'binary':
      return [expr.left, expr.right];
    case 'in':
      return [expr.operand, ...expr.values];
    case 'call':
      return expr.args;
    default:
      return [];
  }
}

/**
 * Visits every node depth-first in source order, parents before children. Returning
 * `false` from `visit` skips that node's children.
 */
export function walk(expr: Expr, visit: (node: Expr, parent: Expr | undefined) => unknown): void {
  const stack: { node: Expr; parent: Expr | undefined }[] = [{ node: expr, parent: undefined }];
  for (let entry = stack.pop(); entry; entry = stack.pop()) {
    if (visit(entry.node, entry.parent) === false) continue;
    const children = childrenOf(entry.node);
    for (let index = children.length - 1; index >= 0; index--) {
      stack.push({ node: children[index]!, parent: entry.node });
    }
  }
}

/**
 * Whether an expression is a condition (true/false) by its shape: a comparison, an `in`
 * list, `not`, `and` or `or`. Names aren't conditions; the language has no boolean measures.
 */
export function isCondition(expr: Expr): boolean {
  switch (expr.kind) {
    case 'binary':
      return isComparisonOperator(expr.operator) || isLogicalOperator(expr.operator);
    case 'in':
      return true;
    case 'unary':
      return expr.operator === 'not';
    default:
      return false;
  }
}

/** Whether two trees are the same formula, ignoring where their text sat (offsets). */
export function sameExpr(a: Expr, b: Expr): boolean {
  const pairs: [Expr, Expr][] = [[a, b]];
  for (let pair = pairs.pop(); pair; pair = pairs.pop()) {
    const [x, y] = pair;
    if (!sameNode(x, y)) return false;
    const xs = childrenOf(x);
    const ys = childrenOf(y);
    if (xs.length !== ys.length) return false;
    for (let index = 0; index < xs.length; index++) pairs.push([xs[index]!, ys[index]!]);
  }
  return true;
}

/** Compares the node's own fields, not its children. */
function sameNode(x: Expr, y: Expr): boolean {
  switch (x.kind) {
    case 'number':
      return y.kind === 'number' && Object.is(x.value, y.value);
    case 'string':
      return y.kind === 'string' && x.value === y.value;
    case 'name':
      return y.kind === 'name' && x.name === y.name;
    case 'unary':
      return y.kind === 'unary' && x.operator === y.operator;
    case 'binary':
      return y.kind === 'binary' && x.operator === y.operator;
    case 'in':
      return y.kind === 'in' && x.negated === y.negated;
    case 'call':
      return y.kind === 'call' && x.name === y.name;
  }
}
