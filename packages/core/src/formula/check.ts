/**
 * Resolves the names in a parsed formula and checks that it means something: the right
 * kind of name in each place, functions called properly, units that add up. It reports
 * every problem it finds, each pointing at the offending part of the text, and never stops
 * at the first.
 *
 * A KPI formula is read at three levels:
 * - value level: numbers computed after aggregation (a bare measure is its aggregate);
 * - row level: inside sum(…), min(x), max(x), arithmetic over one fact's rows;
 * - item level: inside count_if(d, …), each item's own aggregated measures, compared.
 * A filter is a condition on dimensions, applied to rows before aggregation.
 */
import { didYouMean, type Problem } from '../errors.js';
import type { FactId, MeasureAggregation } from '../model/facts.js';
import {
  DIMENSIONLESS,
  describeUnit,
  divideUnits,
  multiplyUnits,
  sameUnit,
  type UnitVector,
} from '../model/units.js';
import type { Call, Expr, NameRef, Span } from './ast.js';
import { formatExpr } from './format.js';
import {
  FUNCTION_ALIASES,
  FUNCTION_NAMES,
  FUNCTIONS,
  type FunctionName,
  isFunctionName,
} from './functions.js';
import { ProblemList } from './problems.js';
import { excerpt, isArithmeticOperator, isComparisonOperator, isLogicalOperator } from './syntax.js';
import { isCondition, walk } from './tree.js';

export type FormulaSymbol =
  | { kind: 'measure'; id: string; unit: UnitVector; aggregation: MeasureAggregation; fact: FactId }
  /** `unit` is undefined while the KPI's own unit isn't known yet; checks through it are skipped. */
  | { kind: 'kpi'; id: string; unit: UnitVector | undefined }
  /** `facts` lists the facts that carry this dimension. */
  | { kind: 'dimension'; id: string; facts: readonly FactId[] };

export type SymbolKind = FormulaSymbol['kind'];
type MeasureSymbol = Extract<FormulaSymbol, { kind: 'measure' }>;

export interface CheckEnvironment {
  /** The symbol a name (case-sensitive) stands for, if any. */
  lookup(name: string): FormulaSymbol | undefined;
  /** Every name `lookup` knows, for "did you mean" hints. */
  names(): Iterable<string>;
}

export interface FormulaReferences {
  measures: Set<string>;
  kpis: Set<string>;
  dimensions: Set<string>;
}

export interface CheckResult {
  /** KPI mode: the unit of the value, undefined when it can't be known. Filter mode: undefined. */
  unit: UnitVector | undefined;
  /** Every problem found, each with start/end offsets and, where one helps, a hint. */
  problems: Problem[];
  /** The names the formula uses, by kind. */
  references: FormulaReferences;
}

export type CheckMode = 'kpi' | 'filter';

export function checkFormula(expr: Expr, env: CheckEnvironment, mode: CheckMode): CheckResult {
  const checker = new Checker(env, mode);
  let unit: UnitVector | undefined;
  if (mode === 'kpi') {
    const scope: Scope = {
      level: 'value',
      within: undefined,
      insidePrior: false,
      measuresSeen: [],
      countedBy: undefined,
    };
    const result = checker.value(expr, scope);
    unit = result.kind === 'known' ? result.unit : result.kind === 'literal' ? DIMENSIONLESS : undefined;
  } else {
    checker.filterCondition(expr);
  }
  return { unit, problems: checker.problems.problems, references: checker.references };
}

/** An environment over a fixed list of symbols, keyed by id. */
export function createEnvironment(symbols: Iterable<FormulaSymbol>): CheckEnvironment {
  const byName = new Map<string, FormulaSymbol>();
  for (const symbol of symbols) byName.set(symbol.id, symbol);
  return { lookup: (name) => byName.get(name), names: () => byName.keys() };
}

/** What the checker knows about the unit of a value. */
type ValueUnit =
  | { kind: 'known'; unit: UnitVector }
  /** Numbers, and arithmetic on numbers only: they take the unit of whatever they meet. */
  | { kind: 'literal' }
  /** A KPI whose unit isn't settled, or a part that already has a problem: not checked further. */
  | { kind: 'unknown' };

const LITERAL: ValueUnit = { kind: 'literal' };
const UNKNOWN: ValueUnit = { kind: 'unknown' };
const COUNT: ValueUnit = { kind: 'known', unit: { money: 0, count: 1, seconds: 0 } };
const known = (unit: UnitVector): ValueUnit => ({ kind: 'known', unit });

interface CountedDimension {
  id: string;
  facts: readonly FactId[];
}

interface Scope {
  level: 'value' | 'row' | 'item';
  /** At row and item level, the function whose argument this is, for messages. */
  within: FunctionName | undefined;
  insidePrior: boolean;
  /** Row and item level: the measures met so far, which must all come from one fact. */
  measuresSeen: { ref: NameRef; fact: FactId }[];
  /** Item level: the dimension items are counted by, when it resolved. */
  countedBy: CountedDimension | undefined;
}

/** Functions that aggregate rows or periods; they can't be nested in a row or item expression. */
const AGGREGATING_FUNCTIONS: ReadonlySet<FunctionName> = new Set([
  'sum',
  'min',
  'max',
  'count',
  'count_if',
  'opening',
  'prior',
]);

const ALL_KINDS: readonly SymbolKind[] = ['measure', 'kpi', 'dimension'];

const UNIT_HINT = 'a plain number adapts to any unit, but measures and KPIs keep theirs';

class Checker {
  readonly problems = new ProblemList();
  readonly references: FormulaReferences = { measures: new Set(), kpis: new Set(), dimensions: new Set() };
  /** Known names by the kinds asked for, for suggestions; filled on first use. */
  private readonly namesByKinds = new Map<string, string[]>();

  constructor(
    private readonly env: CheckEnvironment,
    private readonly mode: CheckMode,
  ) {}

  private report(span: Span, message: string, hint?: string): void {
    this.problems.report(span, message, hint);
  }

  // ---------------------------------------------------------------- names

  /** Looks a name up, reporting it when unknown, with suggestions of the kinds that fit here. */
  private resolve(ref: NameRef, fitting: readonly SymbolKind[]): FormulaSymbol | undefined {
    const symbol = this.env.lookup(ref.name);
    if (!symbol) {
      const hint = this.problems.full ? undefined : this.unknownNameHint(ref.name, fitting);
      this.report(ref, `unknown name \`${ref.name}\``, hint);
    }
    return symbol;
  }

  private unknownNameHint(name: string, fitting: readonly SymbolKind[]): string | undefined {
    const lower = name.toLowerCase();
    if (this.mode === 'kpi' && isFunctionName(lower))
      return `\`${lower}\` is a function: call it as ${FUNCTIONS[lower].usage}`;
    return didYouMean(name, this.namesOfKinds(fitting)) ?? didYouMean(name, this.namesOfKinds(ALL_KINDS));
  }

  private namesOfKinds(kinds: readonly SymbolKind[]): string[] {
    const key = kinds.join();
    let names = this.namesByKinds.get(key);
    if (!names) {
      names = [...this.env.names()].filter((name) => {
        const kind = this.env.lookup(name)?.kind;
        return kind !== undefined && kinds.includes(kind);
      });
      this.namesByKinds.set(key, names);
    }
    return names;
  }

  private record(symbol: FormulaSymbol): void {
    const set =
      symbol.kind === 'measure'
        ? this.references.measures
        : symbol.kind === 'kpi'
          ? this.references.kpis
          : this.references.dimensions;
    set.add(symbol.id);
  }

  /**
   * Reports unknown names and functions in a part already rejected as a whole, so a typo
   * inside it isn't lost, without piling further complaints on the same part.
   */
  private scanNames(expr: Expr): void {
    const fitting: readonly SymbolKind[] = this.mode === 'filter' ? ['dimension'] : ['measure', 'kpi'];
    walk(expr, (node) => {
      if (node.kind === 'name') this.resolve(node, fitting);
      if (node.kind === 'call' && this.mode === 'kpi' && !isFunctionName(node.name))
        this.unknownFunction(node);
    });
  }

  private unknownFunction(call: Call): void {
    const symbol = this.env.lookup(call.name);
    const hint = this.problems.full
      ? undefined
      : (FUNCTION_ALIASES.get(call.name) ??
        (symbol ? `\`${call.name}\` is a ${describeKind(symbol)}, not a function` : undefined) ??
        didYouMean(call.name, FUNCTION_NAMES) ??
        `the functions are ${FUNCTION_NAMES.join(', ')}`);
    this.report(call.nameSpan, `unknown function \`${call.name}\``, hint);
  }

  // ---------------------------------------------------------------- KPI values

  /** Checks an expression that must be a number at the scope's level; returns its unit. */
  value(expr: Expr, scope: Scope): ValueUnit {
    switch (expr.kind) {
      case 'number':
        return LITERAL;
      case 'string':
        this.report(
          expr,
          `text ${snippet(expr)} can't be a value in a KPI formula`,
          "text goes in filters, e.g. channel = 'douyin'",
        );
        return UNKNOWN;
      case 'name':
        return this.nameValue(expr, scope);
      case 'unary':
        if (expr.operator === '-') return this.value(expr.operand, scope);
        return this.conditionAsValue(expr, scope);
      case 'binary': {
        if (!isArithmeticOperator(expr.operator)) return this.conditionAsValue(expr, scope);
        const left = this.value(expr.left, scope);
        const right = this.value(expr.right, scope);
        return this.arithmetic(expr, left, right);
      }
      case 'in':
        return this.conditionAsValue(expr, scope);
      case 'call':
        return scope.level === 'value' ? this.call(expr, scope) : this.callInsideAggregate(expr, scope);
    }
  }

  private conditionAsValue(expr: Expr, scope: Scope): ValueUnit {
    const shown = snippet(expr);
    switch (scope.level) {
      case 'value':
        this.report(
          expr,
          `${shown} is a condition; conditions only go inside count_if(…)`,
          'a KPI formula computes a number, e.g. clicks / impressions; count_if(content, likes >= 1000) counts the items that meet a condition',
        );
        break;
      case 'row':
        this.report(
          expr,
          `${shown} is a condition; conditions can't go inside ${scope.within}(…)`,
          'count_if(content, likes >= 1000) counts the items that meet a condition',
        );
        break;
      case 'item':
        this.report(
          expr,
          `${shown} is a condition, used here as a number`,
          'compare numbers, e.g. likes >= 1000, and combine conditions with and / or',
        );
        break;
    }
    this.scanNames(expr);
    return UNKNOWN;
  }

  private nameValue(ref: NameRef, scope: Scope): ValueUnit {
    const symbol = this.resolve(ref, scope.level === 'value' ? ['measure', 'kpi'] : ['measure']);
    if (!symbol) return UNKNOWN;
    switch (symbol.kind) {
      case 'dimension':
        this.report(
          ref,
          `\`${ref.name}\` is a dimension: use it in count(${ref.name}), count_if(${ref.name}, …) or a filter`,
        );
        return UNKNOWN;
      case 'kpi':
        if (scope.level === 'row') {
          this.report(
            ref,
            `\`${ref.name}\` is a KPI; ${scope.within}(…) works on measures row by row, and a KPI has no rows`,
            `use ${ref.name} outside ${scope.within}(…)`,
          );
          return UNKNOWN;
        }
        if (scope.level === 'item') {
          this.report(
            ref,
            `\`${ref.name}\` is a KPI; a count_if(…) condition compares measures per item`,
            'compare measures, e.g. count_if(content, likes >= 1000)',
          );
          return UNKNOWN;
        }
        this.record(symbol);
        return symbol.unit ? known(symbol.unit) : UNKNOWN;
      case 'measure':
        this.record(symbol);
        if (scope.level === 'row') this.rowMeasure(ref, symbol, scope);
        if (scope.level === 'item') this.itemMeasure(ref, symbol, scope);
        return known(symbol.unit);
    }
  }

  private rowMeasure(ref: NameRef, measure: MeasureSymbol, scope: Scope): void {
    if (measure.aggregation === 'snapshot') {
      this.report(
        ref,
        scope.within === 'sum'
          ? `snapshot measures can't be summed over days, and \`${ref.name}\` is one`
          : `snapshot measures can't go into ${scope.within}(…) over rows, and \`${ref.name}\` is one`,
        `use the measure itself for its closing value, or opening(${ref.name})`,
      );
      return;
    }
    scope.measuresSeen.push({ ref, fact: measure.fact });
  }

  private itemMeasure(ref: NameRef, measure: MeasureSymbol, scope: Scope): void {
    if (measure.aggregation === 'snapshot') {
      this.report(
        ref,
        `snapshot measures can't be used in a count_if(…) condition, and \`${ref.name}\` is one`,
        "count_if compares each item's totals; a snapshot measure holds levels, not totals",
      );
      return;
    }
    const counted = scope.countedBy;
    if (counted && !counted.facts.includes(measure.fact)) {
      this.report(
        ref,
        `\`${ref.name}\` can't be counted per \`${counted.id}\`: its fact (${measure.fact}) has no \`${counted.id}\` dimension`,
        counted.facts.length > 0
          ? `measures in count_if(${counted.id}, …) must come from: ${counted.facts.join(', ')}`
          : undefined,
      );
    }
    scope.measuresSeen.push({ ref, fact: measure.fact });
  }

  private arithmetic(expr: Expr & { kind: 'binary' }, left: ValueUnit, right: ValueUnit): ValueUnit {
    if (left.kind === 'unknown' || right.kind === 'unknown') return UNKNOWN;
    switch (expr.operator) {
      case '*':
        if (left.kind === 'literal') return right;
        return right.kind === 'literal' ? left : known(multiplyUnits(left.unit, right.unit));
      case '/':
        if (right.kind === 'literal') return left;
        return known(divideUnits(left.kind === 'literal' ? DIMENSIONLESS : left.unit, right.unit));
      default: {
        const unified = unify(left, right);
        if (unified !== 'mismatch') return unified;
        this.report(
          expr,
          `\`${expr.operator}\` needs the same unit on both sides, but ${snippet(expr.left)} is ${unitName(left)} and ${snippet(expr.right)} is ${unitName(right)}`,
          UNIT_HINT,
        );
        return UNKNOWN;
      }
    }
  }

  /** Functions inside sum(…) or a count_if(…) condition, where only arithmetic goes. */
  private callInsideAggregate(call: Call, scope: Scope): ValueUnit {
    const place = scope.level === 'row' ? `${scope.within}(…)` : 'a count_if(…) condition';
    if (!isFunctionName(call.name)) {
      this.unknownFunction(call);
    } else if (AGGREGATING_FUNCTIONS.has(call.name)) {
      this.report(call, `${call.name}(…) can't go inside ${place}: aggregate functions don't nest`);
    } else {
      this.report(
        call,
        `${call.name}(…) can't go inside ${place}: only arithmetic on measures and numbers can`,
        scope.level === 'row'
          ? `apply it to the result instead, e.g. ${call.name}(${scope.within}(x))`
          : undefined,
      );
    }
    for (const arg of call.args) this.scanNames(arg);
    return UNKNOWN;
  }

  // ---------------------------------------------------------------- functions

  private call(call: Call, scope: Scope): ValueUnit {
    if (!isFunctionName(call.name)) {
      this.unknownFunction(call);
      for (const arg of call.args) this.scanNames(arg);
      return UNKNOWN;
    }
    if (!this.arityFits(call, call.name)) {
      for (const arg of call.args) this.scanNames(arg);
      return UNKNOWN;
    }
    // arityFits has made sure each function got at least its required arguments.
    const [first, second, third] = call.args as [Expr, Expr | undefined, Expr | undefined];
    switch (call.name) {
      case 'sum':
        return this.rowAggregate(call, 'sum', first, scope);
      case 'min':
      case 'max':
        return second === undefined
          ? this.rowAggregate(call, call.name, first, scope)
          : this.sameUnitArguments(call, scope);
      case 'coalesce':
        return this.sameUnitArguments(call, scope);
      case 'count':
        this.dimensionArgument(first, 'count');
        return COUNT;
      case 'count_if': {
        const countedBy = this.dimensionArgument(first, 'count_if');
        const condition = second!;
        const itemScope: Scope = { ...scope, level: 'item', within: 'count_if', countedBy, measuresSeen: [] };
        this.itemCondition(condition, itemScope);
        // Only worth saying of a real condition; anything else already got its problem.
        if (isCondition(condition) && !namesAnything(condition)) {
          this.report(
            condition,
            'the condition of count_if(…) needs a measure',
            `e.g. ${FUNCTIONS.count_if.usage}`,
          );
        }
        this.oneFact(itemScope.measuresSeen, 'a count_if(…) condition');
        return COUNT;
      }
      case 'safe_div':
        return this.safeDivision(call, first, second!, third, scope);
      case 'opening':
        return this.openingArgument(first);
      case 'prior':
        if (scope.insidePrior) {
          this.report(
            call,
            "prior(…) can't be nested inside another prior(…)",
            'one prior(…) already looks one period back',
          );
        }
        return this.value(first, { ...scope, insidePrior: true });
      case 'abs':
        return this.value(first, scope);
      case 'round': {
        const unit = this.value(first, scope);
        if (second !== undefined) this.roundingDigits(second);
        return unit;
      }
    }
  }

  private arityFits(call: Call, name: FunctionName): boolean {
    const { minArgs, maxArgs, usage } = FUNCTIONS[name];
    const count = call.args.length;
    const wanted =
      minArgs === maxArgs
        ? `exactly ${plural(minArgs, 'argument')}`
        : maxArgs === Infinity
          ? `at least ${plural(minArgs, 'argument')}`
          : `${minArgs} to ${maxArgs} arguments`;
    if (count < minArgs) {
      this.report(call, `${name}(…) takes ${wanted}, got ${count}`, `e.g. ${usage}`);
      return false;
    }
    if (count > maxArgs) {
      const extra = call.args.slice(maxArgs);
      this.report(
        { start: extra[0]!.start, end: extra[extra.length - 1]!.end },
        `${name}(…) takes ${wanted}, got ${count}`,
        `e.g. ${usage}`,
      );
      return false;
    }
    return true;
  }

  /** sum(x), min(x), max(x): a row-level expression over the measures of one fact. */
  private rowAggregate(call: Call, name: 'sum' | 'min' | 'max', arg: Expr, scope: Scope): ValueUnit {
    const rowScope: Scope = { ...scope, level: 'row', within: name, measuresSeen: [] };
    const unit = this.value(arg, rowScope);
    if (!namesAnything(arg)) {
      this.report(call, `${name}(…) needs a measure to aggregate`, `e.g. ${name}(clicks)`);
      return UNKNOWN;
    }
    return this.oneFact(rowScope.measuresSeen, `${name}(…)`) ? unit : UNKNOWN;
  }

  /**
   * Whether the measures of one sum(…) or count_if(…) condition share a fact: each is
   * computed from one table's rows, or one table's items.
   */
  private oneFact(measures: readonly { ref: NameRef; fact: FactId }[], place: string): boolean {
    const [first, ...others] = measures;
    const stranger = others.find((entry) => entry.fact !== first?.fact);
    if (!first || !stranger) return true;
    this.report(
      stranger.ref,
      `${place} can only combine measures of one fact, but \`${first.ref.name}\` is in ${first.fact} and \`${stranger.ref.name}\` in ${stranger.fact}`,
      'compute each on its own and combine the results outside',
    );
    return false;
  }

  /** coalesce(a, b, …) and min/max(a, b, …): values that share one unit. */
  private sameUnitArguments(call: Call, scope: Scope): ValueUnit {
    let first: { arg: Expr; unit: UnitVector } | undefined;
    let settled = true;
    for (const arg of call.args) {
      const unit = this.value(arg, scope);
      if (unit.kind === 'unknown') settled = false;
      if (unit.kind !== 'known') continue;
      if (!first) {
        first = { arg, unit: unit.unit };
      } else if (!sameUnit(first.unit, unit.unit)) {
        this.report(
          arg,
          `the arguments of ${call.name}(…) need the same unit, but ${snippet(first.arg)} is ${describeUnit(first.unit)} and ${snippet(arg)} is ${describeUnit(unit.unit)}`,
          UNIT_HINT,
        );
        settled = false;
      }
    }
    if (!settled) return UNKNOWN;
    return first ? known(first.unit) : LITERAL;
  }

  /**
   * The first argument of count(d) and count_if(d, …): a dimension's name. Returns the
   * dimension, or undefined when it isn't one (after reporting why).
   */
  private dimensionArgument(arg: Expr, name: 'count' | 'count_if'): CountedDimension | undefined {
    const usage = FUNCTIONS[name].usage;
    if (arg.kind !== 'name') {
      this.report(arg, `${name}(…) takes a dimension's name first, e.g. ${usage}`);
      this.scanNames(arg);
      return undefined;
    }
    const symbol = this.resolve(arg, ['dimension']);
    if (!symbol) return undefined;
    if (symbol.kind !== 'dimension') {
      this.report(
        arg,
        `\`${arg.name}\` is a ${describeKind(symbol)}, but ${name}(…) counts the values of a dimension, e.g. ${usage}`,
        symbol.kind === 'measure' && name === 'count'
          ? `for the total of ${arg.name} write ${arg.name} itself`
          : undefined,
      );
      return undefined;
    }
    this.record(symbol);
    return { id: symbol.id, facts: symbol.facts };
  }

  /** The condition of count_if(d, condition), over each item's aggregated measures. */
  private itemCondition(expr: Expr, scope: Scope): void {
    if (expr.kind === 'binary' && isLogicalOperator(expr.operator)) {
      this.itemCondition(expr.left, scope);
      this.itemCondition(expr.right, scope);
      return;
    }
    if (expr.kind === 'unary' && expr.operator === 'not') {
      this.itemCondition(expr.operand, scope);
      return;
    }
    if (expr.kind === 'binary' && isComparisonOperator(expr.operator)) {
      const left = this.value(expr.left, scope);
      const right = this.value(expr.right, scope);
      if (unify(left, right) === 'mismatch') {
        this.report(
          expr,
          `\`${expr.operator}\` compares values of the same unit, but ${snippet(expr.left)} is ${unitName(left)} and ${snippet(expr.right)} is ${unitName(right)}`,
          UNIT_HINT,
        );
      }
      return;
    }
    if (expr.kind === 'in') {
      this.report(
        expr,
        '`in` lists compare a dimension with fixed values, so they belong in filters, not in a count_if(…) condition',
        'compare numbers instead, e.g. likes = 0 or likes >= 1000',
      );
    } else {
      this.report(
        expr,
        'the second argument of count_if(…) must be a condition',
        `e.g. ${FUNCTIONS.count_if.usage}`,
      );
    }
    this.scanNames(expr);
  }

  private safeDivision(
    call: Call,
    numerator: Expr,
    denominator: Expr,
    fallback: Expr | undefined,
    scope: Scope,
  ): ValueUnit {
    const top = this.value(numerator, scope);
    const bottom = this.value(denominator, scope);
    let result: ValueUnit =
      top.kind === 'unknown' || bottom.kind === 'unknown'
        ? UNKNOWN
        : bottom.kind === 'literal'
          ? top
          : known(divideUnits(top.kind === 'literal' ? DIMENSIONLESS : top.unit, bottom.unit));
    if (fallback === undefined) return result;
    const fallbackUnit = this.value(fallback, scope);
    const unified = unify(result, fallbackUnit);
    if (unified === 'mismatch') {
      this.report(
        fallback,
        `the fallback of ${call.name}(…) needs the unit of the result (${unitName(result)}), but ${snippet(fallback)} is ${unitName(fallbackUnit)}`,
        'a plain number such as 0 always fits',
      );
      result = UNKNOWN;
    } else {
      result = unified;
    }
    return result;
  }

  private openingArgument(arg: Expr): ValueUnit {
    const usage = FUNCTIONS.opening.usage;
    if (arg.kind !== 'name') {
      this.report(arg, `opening(…) takes the name of a snapshot measure, e.g. ${usage}`);
      this.scanNames(arg);
      return UNKNOWN;
    }
    const symbol = this.resolve(arg, ['measure']);
    if (!symbol) return UNKNOWN;
    if (symbol.kind !== 'measure') {
      this.report(
        arg,
        `\`${arg.name}\` is a ${describeKind(symbol)}, but opening(…) takes a snapshot measure, e.g. ${usage}`,
      );
      return UNKNOWN;
    }
    this.record(symbol);
    if (symbol.aggregation !== 'snapshot') {
      this.report(
        arg,
        `opening(…) needs a snapshot measure, but \`${arg.name}\` is a ${symbol.aggregation} measure`,
        `only levels such as followers have an opening value; for the previous period's total use prior(${arg.name})`,
      );
      return UNKNOWN;
    }
    return known(symbol.unit);
  }

  private roundingDigits(arg: Expr): void {
    if (arg.kind === 'number' && Number.isInteger(arg.value) && arg.value >= 0 && arg.value <= 10) return;
    this.report(
      arg,
      'the second argument of round(…) must be a whole number of decimals from 0 to 10',
      'e.g. round(x, 2)',
    );
    if (arg.kind !== 'number') this.scanNames(arg);
  }

  // ---------------------------------------------------------------- filters

  /** Checks a filter: a condition on dimensions. */
  filterCondition(expr: Expr): void {
    if (expr.kind === 'binary' && isLogicalOperator(expr.operator)) {
      this.filterCondition(expr.left);
      this.filterCondition(expr.right);
      return;
    }
    if (expr.kind === 'unary' && expr.operator === 'not') {
      this.filterCondition(expr.operand);
      return;
    }
    if (expr.kind === 'binary' && isComparisonOperator(expr.operator)) {
      const left = this.filterOperand(expr.left);
      const right = this.filterOperand(expr.right);
      if (left && right && left.kind === right.kind) {
        this.report(
          expr,
          left.kind === 'dimension'
            ? `${snippet(expr)} compares two dimensions; a filter compares a dimension with a value`
            : `${snippet(expr)} compares two fixed values; a filter compares a dimension with a value`,
          "e.g. channel = 'douyin'",
        );
      }
      return;
    }
    if (expr.kind === 'in') {
      this.filterInList(expr);
      return;
    }
    this.notAFilterCondition(expr);
  }

  private filterInList(expr: Expr & { kind: 'in' }): void {
    const operand = this.filterOperand(expr.operand);
    if (operand?.kind === 'value') {
      this.report(
        expr.operand,
        'the left side of `in` must be a dimension',
        "e.g. channel in ('douyin', 'kuaishou')",
      );
    }
    const types = new Set<'text' | 'number'>();
    for (const value of expr.values) {
      const item = this.filterOperand(value);
      if (item?.kind === 'dimension') {
        this.report(
          value,
          `the values of an \`in\` list must be fixed values like 'douyin', not the dimension \`${formatExpr(value)}\``,
        );
      }
      if (item?.kind === 'value') types.add(item.type);
    }
    if (types.size > 1) {
      this.report(
        expr,
        "an `in` list can't mix text and numbers",
        "write text values in quotes, e.g. ('1', '2')",
      );
    }
  }

  /**
   * One side of a comparison in a filter: a dimension or a fixed value. Anything else is
   * reported here and comes back undefined.
   */
  private filterOperand(
    expr: Expr,
  ): { kind: 'dimension' } | { kind: 'value'; type: 'text' | 'number' } | undefined {
    if (expr.kind === 'string') return { kind: 'value', type: 'text' };
    if (isNumberValue(expr)) return { kind: 'value', type: 'number' };
    if (expr.kind === 'name') {
      const symbol = this.resolve(expr, ['dimension']);
      if (!symbol) return undefined;
      if (symbol.kind !== 'dimension') {
        this.notADimension(expr, symbol);
        return undefined;
      }
      this.record(symbol);
      return { kind: 'dimension' };
    }
    if (expr.kind === 'call') {
      this.filterFunction(expr);
    } else if (isCondition(expr)) {
      this.report(
        expr,
        `${snippet(expr)} is a condition; each side of a comparison is a dimension or a value`,
        "e.g. channel = 'douyin'",
      );
      this.scanNames(expr);
    } else {
      this.report(
        expr,
        `filters compare a dimension with a fixed value; arithmetic like ${snippet(expr)} isn't supported`,
      );
      this.scanNames(expr);
    }
    return undefined;
  }

  private notAFilterCondition(expr: Expr): void {
    if (expr.kind === 'name') {
      const symbol = this.resolve(expr, ['dimension']);
      if (symbol?.kind === 'dimension') {
        this.record(symbol);
        this.report(
          expr,
          `a filter must be a condition: compare \`${expr.name}\` with a value`,
          `e.g. ${expr.name} = 'x'`,
        );
      } else if (symbol) {
        this.notADimension(expr, symbol);
      }
      return;
    }
    if (expr.kind === 'call') {
      this.filterFunction(expr);
      return;
    }
    this.report(expr, `a filter must be a condition, but ${snippet(expr)} is not`, "e.g. channel = 'douyin'");
    this.scanNames(expr);
  }

  private notADimension(ref: NameRef, symbol: FormulaSymbol): void {
    this.report(
      ref,
      `filters apply to dimensions; \`${ref.name}\` is a ${describeKind(symbol)} — to keep only items above a value use count_if`,
      'e.g. a KPI count_if(content, likes >= 1000)',
    );
  }

  private filterFunction(call: Call): void {
    this.report(
      call,
      `functions can't be used in filters, and ${call.name}(…) is one`,
      "a filter compares dimensions with values, e.g. channel = 'douyin'",
    );
    for (const arg of call.args) this.scanNames(arg);
  }
}

/** Combines the units of two values that must agree; a plain number takes the other's unit. */
function unify(a: ValueUnit, b: ValueUnit): ValueUnit | 'mismatch' {
  if (a.kind === 'unknown' || b.kind === 'unknown') return UNKNOWN;
  if (a.kind === 'literal') return b;
  if (b.kind === 'literal') return a;
  return sameUnit(a.unit, b.unit) ? a : 'mismatch';
}

function unitName(unit: ValueUnit): string {
  return unit.kind === 'known'
    ? describeUnit(unit.unit)
    : unit.kind === 'literal'
      ? 'a plain number'
      : 'unknown';
}

function namesAnything(expr: Expr): boolean {
  let found = false;
  walk(expr, (node) => {
    if (node.kind === 'name') found = true;
    return !found;
  });
  return found;
}

/** A number, possibly negated: a fixed value in a filter. */
function isNumberValue(expr: Expr): boolean {
  let node = expr;
  while (node.kind === 'unary' && node.operator === '-') node = node.operand;
  return node.kind === 'number';
}

function describeKind(symbol: FormulaSymbol): string {
  return symbol.kind === 'kpi' ? 'KPI' : symbol.kind;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** A part of the formula, quoted for a message. */
function snippet(expr: Expr): string {
  let text: string;
  try {
    text = formatExpr(expr);
  } catch {
    // Only a hand-built tree with an invalid name gets here; its position still says where.
    return `the part at ${expr.start}`;
  }
  return `\`${excerpt(text, 40)}\``;
}
