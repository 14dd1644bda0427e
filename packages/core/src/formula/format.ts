/**
 * Prints a syntax tree as canonical formula text: single spaces around binary operators,
 * lower-case keywords and function names, and parentheses only where the grouping needs
 * them. Parsing the printed text gives back the same tree (offsets aside).
 */
import { MarkpiError } from '../errors.js';
import type { Expr } from './ast.js';
import {
  binaryPrecedence,
  expressionPrecedence,
  isComparisonOperator,
  isIdentifier,
  Precedence,
} from './syntax.js';

export function formatExpr(expr: Expr): string {
  switch (expr.kind) {
    case 'number':
      return formatNumber(expr.value);
    case 'string':
      return `'${expr.value.replaceAll("'", "''")}'`;
    case 'name':
      return checkedName(expr.name);
    case 'call':
      return `${checkedName(expr.name)}(${expr.args.map(formatExpr).join(', ')})`;
    case 'unary':
      if (expr.operator === '-') {
        // Anything but an atom gets parentheses; that also keeps `-(-x)` from printing as `--x`.
        return `-${wrap(expr.operand, expressionPrecedence(expr.operand) < Precedence.atom)}`;
      }
      return `not ${wrap(expr.operand, expressionPrecedence(expr.operand) < Precedence.not)}`;
    case 'binary': {
      const precedence = binaryPrecedence(expr.operator);
      // Operators group to the left, so a right operand of equal strength needs parentheses;
      // comparisons don't group at all, so they need them on either side.
      const leftNeeds =
        expressionPrecedence(expr.left) < precedence ||
        (isComparisonOperator(expr.operator) && expressionPrecedence(expr.left) === precedence);
      const rightNeeds = expressionPrecedence(expr.right) <= precedence;
      return `${wrap(expr.left, leftNeeds)} ${expr.operator} ${wrap(expr.right, rightNeeds)}`;
    }
    case 'in': {
      const operand = wrap(expr.operand, expressionPrecedence(expr.operand) <= Precedence.comparison);
      return `${operand} ${expr.negated ? 'not in' : 'in'} (${expr.values.map(formatExpr).join(', ')})`;
    }
  }
}

function wrap(expr: Expr, parenthesize: boolean): string {
  return parenthesize ? `(${formatExpr(expr)})` : formatExpr(expr);
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) {
    throw new MarkpiError('formula_unprintable', `a formula can't hold the number ${value}`);
  }
  // String() gives forms the lexer reads back exactly: 1000, 0.5, 1e+21, 5e-7.
  return value < 0 || Object.is(value, -0) ? `-${String(-value)}` : String(value);
}

/** Refuses to print a hand-built name that would read back as something else. */
function checkedName(name: string): string {
  if (!isIdentifier(name)) {
    throw new MarkpiError('formula_unprintable', `\`${name}\` is not a valid name in a formula`);
  }
  return name;
}
