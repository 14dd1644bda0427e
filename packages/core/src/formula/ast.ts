/**
 * The formula language's syntax tree. Every node carries the character offsets of the text
 * it came from, so a checker or planner can point at the exact place of a problem.
 */

export interface Span {
  /** 0-based offset of the first character. */
  start: number;
  /** 0-based offset just past the last character. */
  end: number;
}

export type ArithmeticOperator = '+' | '-' | '*' | '/';
export type ComparisonOperator = '=' | '!=' | '<' | '<=' | '>' | '>=';
export type LogicalOperator = 'and' | 'or';
export type BinaryOperator = ArithmeticOperator | ComparisonOperator | LogicalOperator;

export interface NumberLiteral extends Span {
  kind: 'number';
  value: number;
}

export interface StringLiteral extends Span {
  kind: 'string';
  value: string;
}

/** A measure, KPI or dimension id. Names are case-sensitive snake_case. */
export interface NameRef extends Span {
  kind: 'name';
  name: string;
}

export interface Unary extends Span {
  kind: 'unary';
  operator: '-' | 'not';
  operand: Expr;
}

export interface Binary extends Span {
  kind: 'binary';
  operator: BinaryOperator;
  left: Expr;
  right: Expr;
}

/** `x in ('a', 'b')` or `x not in (...)`. */
export interface InList extends Span {
  kind: 'in';
  operand: Expr;
  values: Expr[];
  negated: boolean;
}

export interface Call extends Span {
  kind: 'call';
  /** Lower-cased function name. */
  name: string;
  /** Span of the function name alone. */
  nameSpan: Span;
  args: Expr[];
}

export type Expr = NumberLiteral | StringLiteral | NameRef | Unary | Binary | InList | Call;
