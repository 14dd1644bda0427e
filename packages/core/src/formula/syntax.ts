/**
 * Facts about the formula language's surface shared by the lexer, the parser and the
 * printer, so the three can't drift apart: limits, keywords, identifier shape, precedence.
 */
import type { ArithmeticOperator, BinaryOperator, ComparisonOperator, Expr, LogicalOperator } from './ast.js';

/** Longer texts are rejected before lexing, which bounds the work any input can cause. */
export const MAX_FORMULA_LENGTH = 10_000;

/**
 * Deepest nesting accepted, counting parentheses, calls, prefix operators and the depth of
 * the syntax tree (a chain `a + b + …` nests one level per operator). It keeps every
 * recursive walk over a parsed tree, ours or a planner's, far from the stack's limit.
 */
export const MAX_NESTING = 100;

export const KEYWORDS = ['and', 'or', 'not', 'in'] as const;
export type Keyword = (typeof KEYWORDS)[number];

/** Keywords are case-insensitive: `AND`, `And` and `and` are the same word. */
export function keywordOf(word: string): Keyword | undefined {
  const lower = word.toLowerCase();
  return (KEYWORDS as readonly string[]).includes(lower) ? (lower as Keyword) : undefined;
}

/** What a name must look like. Nothing else ever becomes a NameRef or a call's name. */
export const IDENTIFIER_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function isIdentifier(text: string): boolean {
  return IDENTIFIER_PATTERN.test(text) && keywordOf(text) === undefined;
}

/** Binding strength, weakest first. `not` and unary minus are prefix operators. */
export const Precedence = {
  or: 1,
  and: 2,
  not: 3,
  comparison: 4,
  additive: 5,
  multiplicative: 6,
  unaryMinus: 7,
  atom: 8,
} as const;

const COMPARISON_OPERATORS: ReadonlySet<string> = new Set<ComparisonOperator>([
  '=',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
]);
const ARITHMETIC_OPERATORS: ReadonlySet<string> = new Set<ArithmeticOperator>(['+', '-', '*', '/']);

export function isComparisonOperator(operator: BinaryOperator): operator is ComparisonOperator {
  return COMPARISON_OPERATORS.has(operator);
}

export function isArithmeticOperator(operator: BinaryOperator): operator is ArithmeticOperator {
  return ARITHMETIC_OPERATORS.has(operator);
}

export function isLogicalOperator(operator: BinaryOperator): operator is LogicalOperator {
  return operator === 'and' || operator === 'or';
}

export function binaryPrecedence(operator: BinaryOperator): number {
  switch (operator) {
    case 'or':
      return Precedence.or;
    case 'and':
      return Precedence.and;
    case '+':
    case '-':
      return Precedence.additive;
    case '*':
    case '/':
      return Precedence.multiplicative;
    default:
      return Precedence.comparison;
  }
}

/** How tightly an expression binds as printed, for deciding where parentheses are needed. */
export function expressionPrecedence(expr: Expr): number {
  switch (expr.kind) {
    case 'binary':
      return binaryPrecedence(expr.operator);
    case 'in':
      return Precedence.comparison;
    case 'unary':
      return expr.operator === 'not' ? Precedence.not : Precedence.unaryMinus;
    case 'number':
      // A negative literal (only ever built by hand; the parser makes unary minus) prints as `-5`.
      return expr.value < 0 || Object.is(expr.value, -0) ? Precedence.unaryMinus : Precedence.atom;
    default:
      return Precedence.atom;
  }
}

/** Shortens user text quoted in a message, without splitting a character in two. */
export function excerpt(text: string, limit = 24): string {
  if (text.length <= limit) return text;
  // A character takes at most two code units, so this head holds more than `limit` whole
  // characters whenever the text is longer than it.
  const head = text.slice(0, limit * 2 + 2);
  const characters = Array.from(head);
  if (characters.length <= limit && head.length === text.length) return text;
  return `${characters.slice(0, limit).join('')}…`;
}
