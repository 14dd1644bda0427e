/**
 * A condition in the formula language (filter mode) over one event fact's dimensions, printed
 * for the warehouse with every value a user typed bound as a parameter. Names come only from
 * the fact's own dimensions, so an identifier never carries user text.
 */
import {
  type CellValue,
  type CheckEnvironment,
  checkFormula,
  type Dialect,
  type Expr,
  type FactDefinition,
  isValidIsoDate,
  MarkpiError,
  type ParameterType,
  parseFormula,
} from '@markpi/core';

/** Collects bound values and prints their placeholders in order. */
export class Parameters {
  readonly values: CellValue[] = [];
  constructor(private readonly dialect: Dialect) {}

  bind(value: string | number, type: ParameterType): string {
    this.values.push(value);
    return this.dialect.parameter(this.values.length - 1, type);
  }
}

/**
 * Parses, checks and prints `text` as a row condition on `fact`; `field` names the option in
 * errors (`filter`, `conversionFilter`). Throws `invalid_filter` with every problem.
 */
export function renderEventFilter(
  text: string,
  fact: FactDefinition,
  dialect: Dialect,
  parameters: Parameters,
  field: string,
): string {
  const parsed = parseFormula(text);
  if (!parsed.ok) {
    throw new MarkpiError(
      'invalid_filter',
      `the ${field} could not be read`,
      parsed.problems.map((problem) => ({ ...problem, path: field })),
    );
  }
  const names = ['date', ...fact.dimensions];
  const environment: CheckEnvironment = {
    lookup: (name) => (names.includes(name) ? { kind: 'dimension', id: name, facts: [fact.id] } : undefined),
    names: () => names,
  };
  const checked = checkFormula(parsed.expr, environment, 'filter');
  if (checked.problems.length > 0) {
    throw new MarkpiError(
      'invalid_filter',
      `the ${field} is not valid for ${fact.name.en.toLowerCase()}`,
      checked.problems.map((problem) => ({ ...problem, path: field })),
    );
  }
  return new ConditionPrinter(dialect, parameters).condition(parsed.expr);
}

class ConditionPrinter {
  constructor(
    private readonly dialect: Dialect,
    private readonly parameters: Parameters,
  ) {}

  condition(expr: Expr): string {
    switch (expr.kind) {
      case 'binary':
        if (expr.operator === 'and' || expr.operator === 'or') {
          return `(${this.condition(expr.left)} ${expr.operator.toUpperCase()} ${this.condition(expr.right)})`;
        }
        if (['=', '!=', '<', '<=', '>', '>='].includes(expr.operator)) {
          const operator = expr.operator === '!=' ? '<>' : expr.operator;
          return `(${this.operand(expr.left, expr.right)} ${operator} ${this.operand(expr.right, expr.left)})`;
        }
        return this.operand(expr, undefined);
      case 'unary':
        return expr.operator === 'not'
          ? `(NOT ${this.condition(expr.operand)})`
          : this.operand(expr, undefined);
      case 'in': {
        const values = expr.values.map((value) => this.operand(value, expr.operand)).join(', ');
        return `(${this.operand(expr.operand, undefined)} ${expr.negated ? 'NOT IN' : 'IN'} (${values}))`;
      }
      default:
        return this.operand(expr, undefined);
    }
  }

  private operand(expr: Expr, other: Expr | undefined): string {
    switch (expr.kind) {
      case 'number':
        return this.parameters.bind(expr.value, 'number');
      case 'string': {
        const isDate = other?.kind === 'name' && other.name === 'date' && isValidIsoDate(expr.value);
        return this.parameters.bind(expr.value, isDate ? 'date' : 'text');
      }
      case 'name':
        return this.dialect.quote(expr.name);
      case 'unary':
        return expr.operator === '-' ? `(-${this.operand(expr.operand, other)})` : this.condition(expr);
      case 'binary':
        if (expr.operator === '+' || expr.operator === '-' || expr.operator === '*') {
          return `(${this.operand(expr.left, other)} ${expr.operator} ${this.operand(expr.right, other)})`;
        }
        if (expr.operator === '/')
          return this.dialect.divide(this.operand(expr.left, other), this.operand(expr.right, other));
        return this.condition(expr);
      default:
        return this.condition(expr);
    }
  }
}
