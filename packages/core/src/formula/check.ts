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
import type { Problem } from '../errors.js';
import { didYouMeanSaid, formulaSaid } from '../messages/formula.js';
import type { Said } from '../messages/say.js';
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
import { at, ProblemList } from './problems.js';
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

const UNIT_HINT = formulaSaid('formula.hint.unit');
const CHANNEL_EXAMPLE = formulaSaid('formula.hint.example', { example: "channel = 'douyin'" });

class Checker {
  readonly problems = new ProblemList();
  readonly references: FormulaReferences = { measures: new Set(), kpis: new Set(), dimensions: new Set() };
  /** Known names by the kinds asked for, for suggestions; filled on first use. */
  private readonly namesByKinds = new Map<string, string[]>();

  constructor(
    private readonly env: CheckEnvironment,
    private readonly mode: CheckMode,
  ) {}

  private report(span: Span, said: Said, hint?: Said): void {
    this.problems.report(span, said, hint);
  }

  // ---------------------------------------------------------------- names

  /** Looks a name up, reporting it when unknown, with suggestions of the kinds that fit here. */
  private resolve(ref: NameRef, fitting: readonly SymbolKind[]): FormulaSymbol | undefined {
    const symbol = this.env.lookup(ref.name);
    if (!symbol) {
      const hint = this.problems.full ? undefined : this.unknownNameHint(ref.name, fitting);
      this.report(ref, formulaSaid('formula.unknown_name', { name: ref.name }), hint);
    }
    return symbol;
  }

  private unknownNameHint(name: string, fitting: readonly SymbolKind[]): Said | undefined {
    const lower = name.toLowerCase();
    if (this.mode === 'kpi' && isFunctionName(lower))
      return formulaSaid('formula.hint.is_function', { name: lower, usage: FUNCTIONS[lower].usage });
    return (
      didYouMeanSaid(name, this.namesOfKinds(fitting)) ?? didYouMeanSaid(name, this.namesOfKinds(ALL_KINDS))
    );
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
    const alias = FUNCTION_ALIASES.get(call.name);
    const hint = this.problems.full
      ? undefined
      : ((alias ? formulaSaid(alias) : undefined) ??
        (symbol
          ? formulaSaid('formula.hint.not_a_function', { name: call.name, kind: describeKind(symbol) })
          : undefined) ??
        didYouMeanSaid(call.name, FUNCTION_NAMES) ??
        formulaSaid('formula.hint.the_functions', { names: [...FUNCTION_NAMES] }));
    this.report(call.nameSpan, formulaSaid('formula.unknown_function', { name: call.name }), hint);
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
          formulaSaid('formula.text_as_value', { part: snippet(expr) }),
          formulaSaid('formula.hint.text_in_filters'),
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
          formulaSaid('formula.condition_as_value', { part: shown }),
          formulaSaid('formula.hint.kpi_computes_number'),
        );
        break;
      case 'row':
        this.report(
          expr,
          formulaSaid('formula.condition_in_row', { part: shown, within: scope.within ?? '' }),
          formulaSaid('formula.hint.count_if_counts'),
        );
        break;
      case 'item':
        this.report(
          expr,
          formulaSaid('formula.condition_as_number', { part: shown }),
          formulaSaid('formula.hint.compare_numbers'),
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
        this.report(ref, formulaSaid('formula.dimension_as_value', { name: ref.name }));
        return UNKNOWN;
      case 'kpi':
        if (scope.level === 'row') {
          this.report(
            ref,
            formulaSaid('formula.kpi_in_row', { name: ref.name, within: scope.within ?? '' }),
            formulaSaid('formula.hint.use_outside', { name: ref.name, within: scope.within ?? '' }),
          );
          return UNKNOWN;
        }
        if (scope.level === 'item') {
          this.report(
            ref,
            formulaSaid('formula.kpi_in_item', { name: ref.name }),
            formulaSaid('formula.hint.compare_measures'),
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
          ? formulaSaid('formula.snapshot_summed', { name: ref.name })
          : formulaSaid('formula.snapshot_in_row', { name: ref.name, within: scope.within ?? '' }),
        formulaSaid('formula.hint.closing_value', { name: ref.name }),
      );
      return;
    }
    scope.measuresSeen.push({ ref, fact: measure.fact });
  }

  private itemMeasure(ref: NameRef, measure: MeasureSymbol, scope: Scope): void {
    if (measure.aggregation === 'snapshot') {
      this.report(
        ref,
        formulaSaid('formula.snapshot_in_item', { name: ref.name }),
        formulaSaid('formula.hint.count_if_totals'),
      );
      return;
    }
    const counted = scope.countedBy;
    if (counted && !counted.facts.includes(measure.fact)) {
      this.report(
        ref,
        formulaSaid('formula.wrong_fact_for_count', {
          name: ref.name,
          dimension: counted.id,
          fact: measure.fact,
        }),
        counted.facts.length > 0
          ? formulaSaid('formula.hint.facts_for_count', {
              dimension: counted.id,
              facts: counted.facts.map((fact) => formulaSaid('formula.fact', { fact })),
            })
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
          formulaSaid('formula.units_differ', {
            operator: expr.operator,
            left: snippet(expr.left),
            leftUnit: unitName(left),
            right: snippet(expr.right),
            rightUnit: unitName(right),
          }),
          UNIT_HINT,
        );
        return UNKNOWN;
      }
    }
  }

  /** Functions inside sum(…) or a count_if(…) condition, where only arithmetic goes. */
  private callInsideAggregate(call: Call, scope: Scope): ValueUnit {
    const place =
      scope.level === 'row'
        ? formulaSaid('formula.place.call', { name: scope.within ?? '' })
        : formulaSaid('formula.place.count_if_condition');
    if (!isFunctionName(call.name)) {
      this.unknownFunction(call);
    } else if (AGGREGATING_FUNCTIONS.has(call.name)) {
      this.report(call, formulaSaid('formula.nested_aggregate', { name: call.name, place }));
    } else {
      this.report(
        call,
        formulaSaid('formula.function_in_aggregate', { name: call.name, place }),
        scope.level === 'row'
          ? formulaSaid('formula.hint.apply_to_result', { name: call.name, within: scope.within ?? '' })
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
            formulaSaid('formula.count_if_needs_measure'),
            formulaSaid('formula.hint.example', { example: FUNCTIONS.count_if.usage }),
          );
        }
        this.oneFact(itemScope.measuresSeen, formulaSaid('formula.place.count_if_condition'));
        return COUNT;
      }
      case 'safe_div':
        return this.safeDivision(call, first, second!, third, scope);
      case 'opening':
        return this.openingArgument(first);
      case 'prior':
        if (scope.insidePrior) {
          this.report(call, formulaSaid('formula.nested_prior'), formulaSaid('formula.hint.prior_once'));
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
        ? formulaSaid('formula.arity.exactly', { count: minArgs })
        : maxArgs === Infinity
          ? formulaSaid('formula.arity.at_least', { count: minArgs })
          : formulaSaid('formula.arity.between', { min: minArgs, max: maxArgs });
    const problem = formulaSaid('formula.arity', { name, wanted, count });
    const example = formulaSaid('formula.hint.example', { example: usage });
    if (count < minArgs) {
      this.report(call, problem, example);
      return false;
    }
    if (count > maxArgs) {
      const extra = call.args.slice(maxArgs);
      this.report({ start: extra[0]!.start, end: extra[extra.length - 1]!.end }, problem, example);
      return false;
    }
    return true;
  }

  /** sum(x), min(x), max(x): a row-level expression over the measures of one fact. */
  private rowAggregate(call: Call, name: 'sum' | 'min' | 'max', arg: Expr, scope: Scope): ValueUnit {
    const rowScope: Scope = { ...scope, level: 'row', within: name, measuresSeen: [] };
    const unit = this.value(arg, rowScope);
    if (!namesAnything(arg)) {
      this.report(
        call,
        formulaSaid('formula.aggregate_needs_measure', { name }),
        formulaSaid('formula.hint.example', { example: `${name}(clicks)` }),
      );
      return UNKNOWN;
    }
    return this.oneFact(rowScope.measuresSeen, formulaSaid('formula.place.call', { name })) ? unit : UNKNOWN;
  }

  /**
   * Whether the measures of one sum(…) or count_if(…) condition share a fact: each is
   * computed from one table's rows, or one table's items.
   */
  private oneFact(measures: readonly { ref: NameRef; fact: FactId }[], place: Said): boolean {
    const [first, ...others] = measures;
    const stranger = others.find((entry) => entry.fact !== first?.fact);
    if (!first || !stranger) return true;
    this.report(
      stranger.ref,
      formulaSaid('formula.mixed_facts', {
        place,
        first: first.ref.name,
        firstFact: first.fact,
        other: stranger.ref.name,
        otherFact: stranger.fact,
      }),
      formulaSaid('formula.hint.one_fact'),
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
          formulaSaid('formula.arguments_units_differ', {
            name: call.name,
            left: snippet(first.arg),
            leftUnit: describeUnit(first.unit),
            right: snippet(arg),
            rightUnit: describeUnit(unit.unit),
          }),
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
      this.report(arg, formulaSaid('formula.count_needs_dimension_name', { name, usage }));
      this.scanNames(arg);
      return undefined;
    }
    const symbol = this.resolve(arg, ['dimension']);
    if (!symbol) return undefined;
    if (symbol.kind !== 'dimension') {
      this.report(
        arg,
        formulaSaid('formula.counts_dimension', {
          name: arg.name,
          kind: describeKind(symbol),
          function: name,
          usage,
        }),
        symbol.kind === 'measure' && name === 'count'
          ? formulaSaid('formula.hint.total_itself', { name: arg.name })
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
          formulaSaid('formula.comparison_units_differ', {
            operator: expr.operator,
            left: snippet(expr.left),
            leftUnit: unitName(left),
            right: snippet(expr.right),
            rightUnit: unitName(right),
          }),
          UNIT_HINT,
        );
      }
      return;
    }
    if (expr.kind === 'in') {
      this.report(expr, formulaSaid('formula.in_in_count_if'), formulaSaid('formula.hint.compare_instead'));
    } else {
      this.report(
        expr,
        formulaSaid('formula.count_if_needs_condition'),
        formulaSaid('formula.hint.example', { example: FUNCTIONS.count_if.usage }),
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
        formulaSaid('formula.fallback_unit', {
          name: call.name,
          resultUnit: unitName(result),
          part: snippet(fallback),
          fallbackUnit: unitName(fallbackUnit),
        }),
        formulaSaid('formula.hint.plain_number_fits'),
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
      this.report(arg, formulaSaid('formula.opening_needs_name', { usage }));
      this.scanNames(arg);
      return UNKNOWN;
    }
    const symbol = this.resolve(arg, ['measure']);
    if (!symbol) return UNKNOWN;
    if (symbol.kind !== 'measure') {
      this.report(
        arg,
        formulaSaid('formula.opening_not_measure', { name: arg.name, kind: describeKind(symbol), usage }),
      );
      return UNKNOWN;
    }
    this.record(symbol);
    if (symbol.aggregation !== 'snapshot') {
      this.report(
        arg,
        formulaSaid('formula.opening_not_snapshot', { name: arg.name, aggregation: symbol.aggregation }),
        formulaSaid('formula.hint.opening_levels', { name: arg.name }),
      );
      return UNKNOWN;
    }
    return known(symbol.unit);
  }

  private roundingDigits(arg: Expr): void {
    if (arg.kind === 'number' && Number.isInteger(arg.value) && arg.value >= 0 && arg.value <= 10) return;
    this.report(
      arg,
      formulaSaid('formula.round_digits'),
      formulaSaid('formula.hint.example', { example: 'round(x, 2)' }),
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
          formulaSaid(
            left.kind === 'dimension' ? 'formula.filter_two_dimensions' : 'formula.filter_two_values',
            {
              part: snippet(expr),
            },
          ),
          CHANNEL_EXAMPLE,
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
        formulaSaid('formula.in_left_dimension'),
        formulaSaid('formula.hint.example', { example: "channel in ('douyin', 'kuaishou')" }),
      );
    }
    const types = new Set<'text' | 'number'>();
    for (const value of expr.values) {
      const item = this.filterOperand(value);
      if (item?.kind === 'dimension') {
        this.report(value, formulaSaid('formula.in_value_dimension', { name: formatExpr(value) }));
      }
      if (item?.kind === 'value') types.add(item.type);
    }
    if (types.size > 1) {
      this.report(expr, formulaSaid('formula.in_mixed_types'), formulaSaid('formula.hint.quote_text_values'));
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
        formulaSaid('formula.filter_condition_side', { part: snippet(expr) }),
        CHANNEL_EXAMPLE,
      );
      this.scanNames(expr);
    } else {
      this.report(expr, formulaSaid('formula.filter_arithmetic', { part: snippet(expr) }));
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
          formulaSaid('formula.filter_bare_dimension', { name: expr.name }),
          formulaSaid('formula.hint.example', { example: `${expr.name} = 'x'` }),
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
    this.report(expr, formulaSaid('formula.filter_not_condition', { part: snippet(expr) }), CHANNEL_EXAMPLE);
    this.scanNames(expr);
  }

  private notADimension(ref: NameRef, symbol: FormulaSymbol): void {
    this.report(
      ref,
      formulaSaid('formula.filter_not_dimension', { name: ref.name, kind: describeKind(symbol) }),
      formulaSaid('formula.hint.kpi_count_if'),
    );
  }

  private filterFunction(call: Call): void {
    this.report(
      call,
      formulaSaid('formula.filter_function', { name: call.name }),
      formulaSaid('formula.hint.filter_compares'),
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

/** A part of the formula, quoted for a message. */
function snippet(expr: Expr): string | Said {
  let text: string;
  try {
    text = formatExpr(expr);
  } catch {
    // Only a hand-built tree with an invalid name gets here; its position still says where.
    return formulaSaid('formula.part_at', { at: at(expr.start) });
  }
  return `\`${excerpt(text, 40)}\``;
}
