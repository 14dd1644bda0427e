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

const AVERAGE = 'an average is a division, e.g. spend / count(campaign) or sum(x) / count(content)';

/**
 * Functions from SQL and spreadsheets that people reach for, and what to write instead.
 * A Map, not an object, so a name like `constructor` finds nothing.
 */
export const FUNCTION_ALIASES: ReadonlyMap<string, string> = new Map(
  Object.entries({
    avg: AVERAGE,
    average: AVERAGE,
    mean: AVERAGE,
    ifnull: 'use coalesce(x, 0)',
    isnull: 'use coalesce(x, 0)',
    nvl: 'use coalesce(x, 0)',
    nullif: 'use safe_div(a, b) to divide without failing on zero',
    div: 'use safe_div(a, b) or a / b',
    divide: 'use safe_div(a, b) or a / b',
    iferror: 'use safe_div(a, b, 0)',
    countif: 'use count_if(content, likes >= 1000)',
    count_distinct: 'count(x) already counts distinct values',
    countd: 'count(x) already counts distinct values',
    lag: 'use prior(x) for the previous period',
    previous: 'use prior(x) for the previous period',
    if: 'conditions only go inside count_if(…)',
    iif: 'conditions only go inside count_if(…)',
    case: 'conditions only go inside count_if(…)',
  }),
);
