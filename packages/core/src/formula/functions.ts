import type { FormulaMessageKey } from '../messages/formula.js';

/** The functions a KPI formula can call. Filters can't call any. */

export const FUNCTION_NAMES = [
  'sum',
  'min',
  'max',
  'count',
  'count_if',
  'coalesce',
  'safe_div',
  'opening',
  'prior',
  'abs',
  'round',
] as const;

export type FunctionName = (typeof FUNCTION_NAMES)[number];

export interface FunctionSignature {
  minArgs: number;
  /** `Infinity` when the function takes any number of arguments. */
  maxArgs: number;
  /** How it is called, shown in messages and help. */
  usage: string;
  description: string;
}

export const FUNCTIONS: Readonly<Record<FunctionName, FunctionSignature>> = {
  sum: {
    minArgs: 1,
    maxArgs: 1,
    usage: 'sum(likes + comments)',
    description: 'Adds up a row-level expression over measures of one fact.',
  },
  min: {
    minArgs: 1,
    maxArgs: Infinity,
    usage: 'min(x) or min(a, b, …)',
    description: 'With one argument, the smallest row-level value; with several, the smallest of the values.',
  },
  max: {
    minArgs: 1,
    maxArgs: Infinity,
    usage: 'max(x) or max(a, b, …)',
    description: 'With one argument, the largest row-level value; with several, the largest of the values.',
  },
  count: {
    minArgs: 1,
    maxArgs: 1,
    usage: 'count(content)',
    description: 'How many distinct values of a dimension have data.',
  },
  count_if: {
    minArgs: 2,
    maxArgs: 2,
    usage: 'count_if(content, likes >= 1000)',
    description: 'How many values of a dimension meet a condition on their own totals.',
  },
  coalesce: {
    minArgs: 2,
    maxArgs: Infinity,
    usage: 'coalesce(leads, 0)',
    description: 'The first argument that has a value.',
  },
  safe_div: {
    minArgs: 2,
    maxArgs: 3,
    usage: 'safe_div(revenue, orders) or safe_div(revenue, orders, 0)',
    description: 'a / b, or the fallback (empty by default) when b is zero or empty.',
  },
  opening: {
    minArgs: 1,
    maxArgs: 1,
    usage: 'opening(customers)',
    description: 'A snapshot measure’s level at the start of the period.',
  },
  prior: {
    minArgs: 1,
    maxArgs: 1,
    usage: 'prior(conversion_value)',
    description: 'The value over the previous period of the same length.',
  },
  abs: { minArgs: 1, maxArgs: 1, usage: 'abs(x)', description: 'The absolute value.' },
  round: {
    minArgs: 1,
    maxArgs: 2,
    usage: 'round(x) or round(x, 2)',
    description: 'Rounded to a whole number, or to 0–10 decimals.',
  },
};

export function isFunctionName(name: string): name is FunctionName {
  return (FUNCTION_NAMES as readonly string[]).includes(name);
}

/**
 * Functions from SQL and spreadsheets that people reach for, and the hint (a message key of
 * `messages/formula.ts`) that says what to write instead.
 * A Map, not an object, so a name like `constructor` finds nothing.
 */
export const FUNCTION_ALIASES: ReadonlyMap<string, FormulaMessageKey> = new Map(
  Object.entries({
    avg: 'formula.hint.alias.average',
    average: 'formula.hint.alias.average',
    mean: 'formula.hint.alias.average',
    ifnull: 'formula.hint.alias.coalesce',
    isnull: 'formula.hint.alias.coalesce',
    nvl: 'formula.hint.alias.coalesce',
    nullif: 'formula.hint.alias.nullif',
    div: 'formula.hint.alias.divide',
    divide: 'formula.hint.alias.divide',
    iferror: 'formula.hint.alias.iferror',
    countif: 'formula.hint.alias.countif',
    count_distinct: 'formula.hint.alias.count_distinct',
    countd: 'formula.hint.alias.count_distinct',
    lag: 'formula.hint.alias.prior',
    previous: 'formula.hint.alias.prior',
    if: 'formula.hint.alias.condition',
    iif: 'formula.hint.alias.condition',
    case: 'formula.hint.alias.condition',
  } satisfies Record<string, FormulaMessageKey>),
);
