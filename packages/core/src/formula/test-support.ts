/** Shared by the formula tests: the real catalog as a check environment, and tree helpers. */
import { DIMENSIONS, FACTS, MEASURES } from '../model/facts.js';
import { DIMENSIONLESS, measureUnitVector, type UnitVector } from '../model/units.js';
import type { Expr } from './ast.js';
import { type CheckEnvironment, createEnvironment, type FormulaSymbol } from './check.js';
import { parseFormula } from './parser.js';

export const COUNT_UNIT: UnitVector = { money: 0, count: 1, seconds: 0 };
export const MONEY_UNIT: UnitVector = { money: 1, count: 0, seconds: 0 };
export const MONEY_PER_COUNT: UnitVector = { money: 1, count: -1, seconds: 0 };

/** Every measure and dimension of the catalog, plus a few KPIs. */
export function catalogEnvironment(): CheckEnvironment {
  const symbols: FormulaSymbol[] = [
    ...MEASURES.map(
      (measure): FormulaSymbol => ({
        kind: 'measure',
        id: measure.id,
        unit: measureUnitVector(measure.unit),
        aggregation: measure.aggregation,
        fact: measure.fact,
      }),
    ),
    ...DIMENSIONS.map(
      (dimension): FormulaSymbol => ({
        kind: 'dimension',
        id: dimension.id,
        // Every fact has a date; the other dimensions are listed per fact.
        facts: FACTS.filter((fact) => dimension.id === 'date' || fact.dimensions.includes(dimension.id)).map(
          (fact) => fact.id,
        ),
      }),
    ),
    { kind: 'kpi', id: 'interactions', unit: COUNT_UNIT },
    { kind: 'kpi', id: 'ctr', unit: DIMENSIONLESS },
    { kind: 'kpi', id: 'cpc', unit: MONEY_PER_COUNT },
    { kind: 'kpi', id: 'draft_kpi', unit: undefined },
  ];
  return createEnvironment(symbols);
}

/** Parses text that must be valid, failing the test with the problems otherwise. */
export function parsed(text: string): Expr {
  const result = parseFormula(text);
  if (!result.ok)
    throw new Error(`expected ${JSON.stringify(text)} to parse: ${JSON.stringify(result.problems)}`);
  return result.expr;
}

/**
 * A fully parenthesised prefix rendering that makes grouping visible, e.g. `a - b - c`
 * gives `(- (- a b) c)`.
 */
export function shape(expr: Expr): string {
  switch (expr.kind) {
    case 'number':
      return String(expr.value);
    case 'string':
      return JSON.stringify(expr.value);
    case 'name':
      return expr.name;
    case 'unary':
      return `(${expr.operator === '-' ? 'neg' : 'not'} ${shape(expr.operand)})`;
    case 'binary':
      return `(${expr.operator} ${shape(expr.left)} ${shape(expr.right)})`;
    case 'in':
      return `(${expr.negated ? 'not-in' : 'in'} ${shape(expr.operand)} ${expr.values.map(shape).join(' ')})`;
    case 'call':
      return `${expr.name}(${expr.args.map(shape).join(' ')})`;
  }
}
