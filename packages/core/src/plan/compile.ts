/**
 * The planner: a KPI query becomes one SQL statement. The aggregation class decides the shape:
 * names stand for aggregated measures, so a ratio is a ratio of sums by construction;
 * snapshots take the last value per entity and then sum; reach summed over more than one
 * reported row is flagged; threshold KPIs aggregate per content item first; divisions by zero
 * give null. Values are always bound parameters; identifiers come only from the catalog.
 */
import { andExpr, scopeFilterExpr } from '../access/scope.js';
import type { Catalog, CatalogKpi, CatalogMeasure } from '../catalog/catalog.js';
import { MarkpiError, type Problem } from '../errors.js';
import type { Expr } from '../formula/ast.js';
import { type CheckEnvironment, checkFormula, formatExpr, parseFormula, walk } from '../formula/index.js';
import { didYouMeanSaid, formulaProblem, formulaSaid } from '../messages/formula.js';
import { type FactDefinition, type FactId, PERIOD_END_COLUMN } from '../model/facts.js';
import type { KpiUnit } from '../model/units.js';
import type { RollupTable } from '../rollups/definition.js';
import { chooseRollup, type DateRange, type RollupStatistics } from '../rollups/navigate.js';
import { optionSaid } from '../wire/zod-problems.js';
import { addDays, addMonths, isValidIsoDate, wholeMonthsBetween } from './dates.js';
import type { Dialect, ParameterType } from './dialect.js';
import { type Grain, type KpiQuery, kpiQuerySchema, type ResolvedKpiQuery } from './query.js';
import { rollupRowSource, scanNeeds } from './rollup-source.js';

export type ParameterValue = string | number;

/** How far back a window is moved: months first, then days. */
interface Shift {
  months: number;
  days: number;
}

const NO_SHIFT: Shift = { months: 0, days: 0 };

export type ColumnRole = 'time' | 'dimension' | 'kpi' | 'previous' | 'change' | 'flag';

export interface CompiledColumn {
  key: string;
  role: ColumnRole;
  /** The KPI a value, comparison or flag column belongs to. */
  kpi?: string;
  unit?: KpiUnit;
  /**
   * Set on a column that speaks only of period rows cut by the window (a flag, the prorated
   * share): a reader may leave it out when no row has a value in it.
   */
  onlyWhenSet?: true;
}

export interface CompiledQuery {
  sql: string;
  params: ParameterValue[];
  columns: CompiledColumn[];
  /** Things the reader of the numbers should know (e.g. a monthly ledger cut by week). */
  warnings: string[];
  query: ResolvedKpiQuery;
  /** The scans a rollup answered (see `CompileOptions.rollups`); absent when none did. */
  rollups?: RollupUse[];
}

/** The days a fact's period rows reach: the earliest first day and the latest last day among them. */
export interface PeriodRowSpan {
  first: string;
  last: string;
}

/** What the planner may read besides the facts: rollups, and sizes to choose among them. */
export interface CompileOptions {
  rollups?: readonly RollupTable[];
  statistics?: RollupStatistics;
  /**
   * Where each fact's period rows lie, read from the table (null: the fact has none). A scan
   * whose window misses that span would read no period row, so it reads the daily rows alone:
   * no period branch, and the navigation may then answer a distinct count from a rollup. A fact
   * left out is assumed to have period rows anywhere.
   */
  periodRows?: Partial<Record<FactId, PeriodRowSpan | null>>;
}

/** One scan answered from a rollup: which, the whole buckets it read and the raw days added. */
export interface RollupUse {
  rollup: string;
  table: string;
  fact: FactId;
  whole: DateRange;
  /** Days of the scan's window outside the rollup's whole buckets, read from the raw fact. */
  edges: DateRange[];
  /** The scan reads an earlier window (a comparison, `prior`, `opening`). */
  earlierWindow: boolean;
}

/** A value computed per group from one fact in one time window. */
type Atom =
  | { kind: 'aggregate'; fn: 'sum' | 'min' | 'max'; fact: FactId; row: Expr; shift: Shift }
  | { kind: 'rows'; fact: FactId; measure: string; shift: Shift }
  | { kind: 'closing'; fact: FactId; measure: string; shift: Shift }
  | { kind: 'count'; fact: FactId; dimension: string; shift: Shift }
  | { kind: 'count_if'; fact: FactId; dimension: string; condition: Expr; shift: Shift }
  /** The part of `sum(row)` that came from period rows prorated by day; null when none did. */
  | { kind: 'prorated'; fact: FactId; row: Expr; shift: Shift };

interface RegisteredAtom {
  atom: Atom;
  alias: string;
  branch: string;
}

const FLAG_UPPER = 'upper_bound';
const FLAG_LOWER = 'lower_bound';
const FLAG_APPROXIMATE = 'approximate';

/**
 * Which rows of a fact with period rows a branch reads: the daily table alone, the period rows
 * alone (whole or prorated), or both in one scan (what a distinct count needs).
 */
type BranchPart = 'daily' | 'periods' | 'all';

/** How the values one atom takes in several branches become one: sums add, extremes compare. */
function combining(atom: Atom): 'SUM' | 'MIN' | 'MAX' {
  if (atom.kind === 'aggregate') return atom.fn === 'sum' ? 'SUM' : atom.fn === 'min' ? 'MIN' : 'MAX';
  return atom.kind === 'rows' || atom.kind === 'prorated' ? 'SUM' : 'MAX';
}

/** Columns of a fact's row source that are not the fact's own (see `Compilation.rowSource`). */
const PRORATED = 'period_prorated';
const FIRST_DAY = 'period_first_day';
const COVERED_DAYS = 'period_covered_days';
const PERIOD_DAYS = 'period_days';
const DAY_OFFSET = 'period_day_offset';

function shiftKey(shift: Shift): string {
  return `${shift.months}m${shift.days}d`;
}

function addShift(a: Shift, b: Shift): Shift {
  return { months: a.months + b.months, days: a.days + b.days };
}

function isZeroShift(shift: Shift): boolean {
  return shift.months === 0 && shift.days === 0;
}

/** Moves a date back by a shift (months first, clamped, then days). */
function shiftBack(date: string, shift: Shift): string {
  return addDays(addMonths(date, -shift.months), -shift.days);
}

/** The length of one time bucket, as a shift; for `total` the whole range. */
function bucketShift(grain: Grain, from: string, toExclusive: string): Shift {
  switch (grain) {
    case 'day':
      return { months: 0, days: 1 };
    case 'week':
      return { months: 0, days: 7 };
    case 'month':
      return { months: 1, days: 0 };
    case 'quarter':
      return { months: 3, days: 0 };
    case 'year':
      return { months: 12, days: 0 };
    case 'total':
      return rangeShift(from, toExclusive);
  }
}

/** The previous period of equal length: whole months when the range is whole months. */
function rangeShift(from: string, toExclusive: string): Shift {
  const months = wholeMonthsBetween(from, toExclusive);
  if (months !== undefined) return { months, days: 0 };
  const days = Math.round((Date.parse(toExclusive) - Date.parse(from)) / 86_400_000);
  return { months: 0, days };
}

function usesOtherWindow(expr: Expr): boolean {
  let found = false;
  walk(expr, (node) => {
    if (node.kind === 'call' && (node.name === 'opening' || node.name === 'prior')) found = true;
  });
  return found;
}

/** Rebuilds an expression bottom-up. */
function mapExpr(expr: Expr, transform: (node: Expr) => Expr): Expr {
  switch (expr.kind) {
    case 'unary':
      return transform({ ...expr, operand: mapExpr(expr.operand, transform) });
    case 'binary':
      return transform({
        ...expr,
        left: mapExpr(expr.left, transform),
        right: mapExpr(expr.right, transform),
      });
    case 'in':
      return transform({
        ...expr,
        operand: mapExpr(expr.operand, transform),
        values: expr.values.map((value) => mapExpr(value, transform)),
      });
    case 'call':
      return transform({ ...expr, args: expr.args.map((arg) => mapExpr(arg, transform)) });
    default:
      return transform(expr);
  }
}

/** Replaces references to other KPIs by their formulas, so only measures remain. */
export function expandKpi(catalog: Catalog, kpi: CatalogKpi): Expr {
  return mapExpr(kpi.expr, (node) => {
    if (node.kind === 'name' && !catalog.measures.has(node.name) && catalog.kpis.has(node.name)) {
      return expandKpi(catalog, catalog.kpis.get(node.name)!);
    }
    return node;
  });
}

/** Which way a distinct measure pushes the value, to say "upper" or "lower" bound. */
function distinctPolarity(catalog: Catalog, expr: Expr): Set<1 | -1> {
  const found = new Set<1 | -1>();
  const visit = (node: Expr, sign: 1 | -1): void => {
    switch (node.kind) {
      case 'name':
        if (catalog.measures.get(node.name)?.aggregation === 'distinct') found.add(sign);
        return;
      case 'unary':
        visit(node.operand, node.operator === '-' ? (-sign as 1 | -1) : sign);
        return;
      case 'binary':
        visit(node.left, sign);
        visit(node.right, node.operator === '/' || node.operator === '-' ? (-sign as 1 | -1) : sign);
        return;
      case 'call':
        if (node.name === 'safe_div') {
          if (node.args[0]) visit(node.args[0], sign);
          if (node.args[1]) visit(node.args[1], -sign as 1 | -1);
          return;
        }
        for (const arg of node.args) visit(arg, sign);
        return;
      default:
        return;
    }
  };
  visit(expr, 1);
  return found;
}

class Compilation {
  readonly params: ParameterValue[] = [];
  readonly atoms = new Map<string, RegisteredAtom>();
  readonly problems: Problem[] = [];
  readonly warnings = new Set<string>();
  readonly rollupUses: RollupUse[] = [];
  private readonly timeKeyed: boolean;

  constructor(
    readonly catalog: Catalog,
    readonly dialect: Dialect,
    readonly query: ResolvedKpiQuery,
    readonly dimensions: string[],
    readonly filter: Expr | undefined,
    readonly from: string,
    readonly toExclusive: string,
    readonly navigation: CompileOptions = {},
  ) {
    this.timeKeyed = query.grain !== 'total';
  }

  bind(value: ParameterValue, type: ParameterType): string {
    this.params.push(value);
    return this.dialect.parameter(this.params.length - 1, type);
  }

  private quote(identifier: string): string {
    return this.dialect.quote(identifier);
  }

  measure(id: string): CatalogMeasure {
    const found = this.catalog.measures.get(id);
    if (!found) throw new MarkpiError('internal_unknown_measure', `measure ${id} vanished`);
    return found;
  }

  fact(id: FactId): FactDefinition {
    return this.catalog.facts.get(id)!;
  }

  registerAtom(atom: Atom, kpiId: string): string {
    const identity = JSON.stringify(atom, (key, value) =>
      key === 'row' || key === 'condition'
        ? formatExpr(value as Expr)
        : key === 'start' || key === 'end'
          ? undefined
          : value,
    );
    const existing = this.atoms.get(identity);
    if (existing) return existing.alias;
    this.checkFactFits(atom.fact, kpiId);
    const branch =
      atom.kind === 'closing'
        ? `snapshot:${atom.measure}:${shiftKey(atom.shift)}`
        : atom.kind === 'count_if'
          ? `items:${atom.fact}:${atom.dimension}:${formatExpr(atom.condition)}:${shiftKey(atom.shift)}`
          : `plain:${atom.fact}:${shiftKey(atom.shift)}`;
    const alias = `a${this.atoms.size}`;
    this.atoms.set(identity, { atom, alias, branch });
    return alias;
  }

  private readonly reportedFits = new Set<string>();

  /** Every grouping and filtering dimension must exist in each fact a KPI reads. */
  private checkFactFits(factId: FactId, kpiId: string): void {
    const fact = this.fact(factId);
    const needed = new Set(this.dimensions);
    if (this.filter) {
      walk(this.filter, (node) => {
        if (node.kind === 'name') needed.add(node.name);
      });
    }
    for (const dimension of needed) {
      if (dimension === 'date' || fact.dimensions.includes(dimension)) continue;
      const key = `${kpiId}:${factId}:${dimension}`;
      if (this.reportedFits.has(key)) continue;
      this.reportedFits.add(key);
      this.problems.push(
        formulaProblem(
          formulaSaid('query.kpi_lacks_dimension', {
            kpi: kpiId,
            fact: factId,
            table: fact.table,
            dimension,
          }),
          formulaSaid('query.hint.drop_dimension', {
            dimension,
            kpi: kpiId,
            table: fact.table,
            dimensions: [...fact.dimensions],
          }),
        ),
      );
    }
    if (fact.grain === 'month' && (this.query.grain === 'day' || this.query.grain === 'week')) {
      this.warnings.add(
        `${fact.name.en} is kept by month: at grain ${this.query.grain} each month's amount falls on the first day of the month`,
      );
    }
  }

  /** The fact a `count(dimension)` counts in: the KPI's own fact when it carries the dimension. */
  private homeFact(dimension: string, kpiExpr: Expr): FactId | undefined {
    const facts: FactId[] = [];
    walk(kpiExpr, (node) => {
      if (node.kind === 'name' && this.catalog.measures.has(node.name))
        facts.push(this.measure(node.name).fact);
    });
    const carrying = this.catalog.factsWithDimension(dimension);
    return facts.find((fact) => carrying.includes(fact)) ?? carrying[0];
  }

  /** Renders a value-level expression over atom aliases (columns of the combined table). */
  renderValue(expr: Expr, shift: Shift, kpiId: string, kpiExpr: Expr): string {
    const render = (node: Expr, windowShift: Shift): string => {
      switch (node.kind) {
        case 'number':
          return this.bind(node.value, 'number');
        case 'string':
          throw new MarkpiError('internal_string_value', 'a string reached a value position');
        case 'name': {
          const measure = this.measure(node.name);
          if (measure.aggregation === 'snapshot') {
            return this.registerAtom(
              { kind: 'closing', fact: measure.fact, measure: measure.id, shift: windowShift },
              kpiId,
            );
          }
          return this.registerAtom(
            { kind: 'aggregate', fn: 'sum', fact: measure.fact, row: node, shift: windowShift },
            kpiId,
          );
        }
        case 'unary':
          return `(-${render(node.operand, windowShift)})`;
        case 'binary': {
          const left = render(node.left, windowShift);
          const right = render(node.right, windowShift);
          switch (node.operator) {
            case '+':
              // Sums of what is reported: a platform without saves still has interactions. A level
              // from another window (opening, prior) is never taken as zero, though.
              if (usesOtherWindow(node.left) || usesOtherWindow(node.right)) return `(${left} + ${right})`;
              return `(CASE WHEN ${left} IS NULL AND ${right} IS NULL THEN NULL ELSE COALESCE(${left}, 0) + COALESCE(${right}, 0) END)`;
            case '-':
              return `(${left} - ${right})`;
            case '*':
              return `(${left} * ${right})`;
            case '/':
              return this.dialect.divide(left, right);
            default:
              throw new MarkpiError('internal_condition_value', 'a condition reached a value position');
          }
        }
        case 'call':
          return renderCall(node, windowShift);
        case 'in':
          throw new MarkpiError('internal_condition_value', 'a condition reached a value position');
      }
    };
    const renderCall = (node: Extract<Expr, { kind: 'call' }>, windowShift: Shift): string => {
      const args = node.args;
      switch (node.name) {
        case 'sum':
        case 'min':
        case 'max': {
          if (args.length === 1) {
            const row = args[0]!;
            const fact = this.rowFact(row);
            return this.registerAtom(
              { kind: 'aggregate', fn: node.name, fact, row, shift: windowShift },
              kpiId,
            );
          }
          if (node.name === 'sum') throw new MarkpiError('internal_sum_arity', 'sum takes one argument');
          const rendered = args.map((arg) => render(arg, windowShift));
          const pick = node.name === 'min' ? '<=' : '>=';
          return rendered.reduce(
            (best, next) =>
              `(CASE WHEN ${best} IS NULL THEN ${next} WHEN ${next} IS NULL THEN ${best} WHEN ${best} ${pick} ${next} THEN ${best} ELSE ${next} END)`,
          );
        }
        case 'count': {
          const dimension = (args[0] as Extract<Expr, { kind: 'name' }>).name;
          const fact = this.homeFact(dimension, kpiExpr)!;
          return this.registerAtom({ kind: 'count', fact, dimension, shift: windowShift }, kpiId);
        }
        case 'count_if': {
          const dimension = (args[0] as Extract<Expr, { kind: 'name' }>).name;
          const condition = args[1]!;
          const fact = this.conditionFact(condition, dimension, kpiId);
          return this.registerAtom(
            { kind: 'count_if', fact, dimension, condition, shift: windowShift },
            kpiId,
          );
        }
        case 'coalesce':
          return `COALESCE(${args.map((arg) => render(arg, windowShift)).join(', ')})`;
        case 'safe_div': {
          const quotient = this.dialect.divide(render(args[0]!, windowShift), render(args[1]!, windowShift));
          return args[2] ? `COALESCE(${quotient}, ${render(args[2], windowShift)})` : quotient;
        }
        case 'opening':
        case 'prior':
          return render(args[0]!, addShift(windowShift, this.priorShift()));
        case 'abs':
          return `abs(${render(args[0]!, windowShift)})`;
        case 'round': {
          const digits = args[1]?.kind === 'number' ? Math.trunc(args[1].value) : 0;
          return `round(${render(args[0]!, windowShift)}, ${digits})`;
        }
        default:
          throw new MarkpiError('internal_unknown_function', `no SQL for function ${node.name}`);
      }
    };
    return render(expr, shift);
  }

  priorShift(): Shift {
    return bucketShift(this.query.grain, this.from, this.toExclusive);
  }

  /** The single fact a row-level expression reads. */
  private rowFact(row: Expr): FactId {
    const facts = new Set<FactId>();
    walk(row, (node) => {
      if (node.kind === 'name') facts.add(this.measure(node.name).fact);
    });
    const [first] = facts;
    if (!first) throw new MarkpiError('invalid_formula', 'sum(…) needs at least one measure');
    return first;
  }

  private conditionFact(condition: Expr, dimension: string, kpiId: string): FactId {
    const facts = new Set<FactId>();
    walk(condition, (node) => {
      if (node.kind === 'name' && this.catalog.measures.has(node.name))
        facts.add(this.measure(node.name).fact);
    });
    if (facts.size !== 1) {
      this.problems.push(formulaProblem(formulaSaid('query.count_if_one_fact', { kpi: kpiId })));
    }
    const [fact] = facts;
    return fact ?? this.catalog.factsWithDimension(dimension)[0]!;
  }

  /**
   * A measure's value on one row: its column, or zero on rows its filter excludes (so a group
   * with rows but none matching sums to 0, not null). Counting non-null rows wants null instead.
   */
  rowMeasure(measure: CatalogMeasure, excluded: '0' | 'NULL' = '0'): string {
    const column = this.quote(measure.column);
    if (!measure.filterExpr) return column;
    return `CASE WHEN ${this.renderCondition(measure.filterExpr, 'row')} THEN ${column}${excluded === '0' ? ' ELSE 0' : ''} END`;
  }

  /** Renders a row-level arithmetic expression over measure columns. */
  renderRow(expr: Expr): string {
    switch (expr.kind) {
      case 'number':
        return this.bind(expr.value, 'number');
      case 'name':
        return this.rowMeasure(this.measure(expr.name));
      case 'unary':
        return `(-${this.renderRow(expr.operand)})`;
      case 'binary':
        if (expr.operator === '/')
          return this.dialect.divide(this.renderRow(expr.left), this.renderRow(expr.right));
        return `(${this.renderRow(expr.left)} ${expr.operator} ${this.renderRow(expr.right)})`;
      default:
        throw new MarkpiError('invalid_formula', `\`${formatExpr(expr)}\` can't be computed row by row`);
    }
  }

  /**
   * Renders a condition. `row` conditions compare dimension columns with bound values;
   * `item` conditions compare per-item aggregates (inner aliases) with bound numbers.
   */
  renderCondition(expr: Expr, level: 'row' | 'item'): string {
    const operand = (node: Expr, other: Expr | undefined): string => {
      switch (node.kind) {
        case 'number':
          return this.bind(node.value, 'number');
        case 'string':
          return this.bind(
            node.value,
            other?.kind === 'name' && other.name === 'date' && isValidIsoDate(node.value) ? 'date' : 'text',
          );
        case 'name':
          return level === 'row' ? this.quote(node.name) : this.quote(`m_${node.name}`);
        case 'unary':
          if (node.operator === '-') return `(-${operand(node.operand, other)})`;
          return `(NOT ${this.renderCondition(node.operand, level)})`;
        case 'binary':
          if (['+', '-', '*'].includes(node.operator)) {
            return `(${operand(node.left, other)} ${node.operator} ${operand(node.right, other)})`;
          }
          if (node.operator === '/')
            return this.dialect.divide(operand(node.left, other), operand(node.right, other));
          return this.renderCondition(node, level);
        default:
          return this.renderCondition(node, level);
      }
    };
    switch (expr.kind) {
      case 'binary':
        if (expr.operator === 'and' || expr.operator === 'or') {
          return `(${this.renderCondition(expr.left, level)} ${expr.operator.toUpperCase()} ${this.renderCondition(expr.right, level)})`;
        }
        if (['=', '!=', '<', '<=', '>', '>='].includes(expr.operator)) {
          const operator = expr.operator === '!=' ? '<>' : expr.operator;
          return `(${operand(expr.left, expr.right)} ${operator} ${operand(expr.right, expr.left)})`;
        }
        return operand(expr, undefined);
      case 'unary':
        return expr.operator === 'not'
          ? `(NOT ${this.renderCondition(expr.operand, level)})`
          : operand(expr, undefined);
      case 'in': {
        const values = expr.values.map((value) => operand(value, expr.operand)).join(', ');
        return `(${operand(expr.operand, undefined)} ${expr.negated ? 'NOT IN' : 'IN'} (${values}))`;
      }
      default:
        return operand(expr, undefined);
    }
  }

  /** The query's bucket a day of a window `shift` earlier is moved forward onto. */
  private bucketOf(dateExpression: string, shift: Shift): string {
    let date = dateExpression;
    if (shift.months !== 0) date = this.dialect.addToDate(date, shift.months, 'month');
    if (shift.days !== 0) date = this.dialect.addToDate(date, shift.days, 'day');
    return this.dialect.truncateDate(this.query.grain as Exclude<Grain, 'total'>, date);
  }

  /** Grouping keys of a branch: the time bucket (shifted back into the query's buckets) and dimensions. */
  private keySelect(shift: Shift): string[] {
    const keys: string[] = [];
    if (this.timeKeyed) {
      keys.push(`${this.bucketOf(this.quote('date'), shift)} AS ${this.quote('bucket')}`);
    }
    for (const dimension of this.dimensions) keys.push(this.quote(dimension));
    return keys;
  }

  private keyNames(): string[] {
    return [...(this.timeKeyed ? ['bucket'] : []), ...this.dimensions].map((name) => this.quote(name));
  }

  private where(shift: Shift, extra: string[] = []): string {
    const from = shiftBack(this.from, shift);
    const to = shiftBack(this.toExclusive, shift);
    const date = this.quote('date');
    // The window's bounds are dates this planner computed and validated, printed as typed
    // literals so the engine can skip whole blocks by their min/max (a bound parameter hides
    // the value from the optimizer). Everything a user typed stays a bound parameter.
    const conditions = [
      `${date} >= ${this.dialect.dateLiteral(from)}`,
      `${date} < ${this.dialect.dateLiteral(to)}`,
    ];
    if (this.filter) conditions.push(this.renderCondition(this.filter, 'row'));
    conditions.push(...extra);
    return `WHERE ${conditions.join(' AND ')}`;
  }

  /**
   * The rows a branch reads from a fact, as `FROM` text. A fact without period rows is its table.
   * A fact with them reads, under the same column names (`part` says which: the daily rows alone,
   * the period rows alone, or all of them):
   * - its daily rows in the window;
   * - each period row whose whole period lies inside the window and inside one bucket of the
   *   query, whole, on its first day: its bucket holds all of it, so sums and ratios of sums over
   *   it are exact;
   * - each other period row overlapping the window, prorated by day: one row per day of the
   *   period inside the window, each carrying the row's values divided by the period's length in
   *   days, marked in `period_prorated` so the answer can say how much of it was spread.
   */
  private rowSource(factId: FactId, shift: Shift, part: BranchPart): string {
    const fact = this.fact(factId);
    const table = this.quote(fact.table);
    if (!fact.periodTable || part === 'daily') return table;
    const q = (identifier: string) => this.quote(identifier);
    const date = q('date');
    const end = q(PERIOD_END_COLUMN);
    const fromDay = shiftBack(this.from, shift);
    const toExclusive = shiftBack(this.toExclusive, shift);
    const from = this.dialect.dateLiteral(fromDay);
    const to = this.dialect.dateLiteral(toExclusive);
    const lastDay = this.dialect.dateLiteral(addDays(toExclusive, -1));
    const measures = [
      ...new Set(
        [...this.catalog.measures.values()]
          .filter((measure) => measure.fact === factId)
          .map((measure) => measure.column),
      ),
    ];
    const dimensions = fact.dimensions.map(q);
    const plain = [date, ...dimensions, ...measures.map(q)].join(', ');
    const daily = `SELECT ${plain}, 0 AS ${q(PRORATED)} FROM ${table} WHERE ${date} >= ${from} AND ${date} < ${to}`;
    const periods = q(fact.periodTable);
    const sameBucket = this.timeKeyed
      ? ` AND ${this.bucketOf(date, shift)} = ${this.bucketOf(end, shift)}`
      : '';
    const whole = `${date} >= ${from} AND ${end} < ${to}${sameBucket}`;
    const exact = `SELECT ${plain}, 0 AS ${q(PRORATED)} FROM ${periods} WHERE ${whole}`;
    // Spelled as CASE: the same on every engine, whatever its greatest/least do with types.
    const firstDay = `(CASE WHEN ${date} > ${from} THEN ${date} ELSE ${from} END)`;
    const lastCovered = `(CASE WHEN ${end} < ${lastDay} THEN ${end} ELSE ${lastDay} END)`;
    const cut = `SELECT ${[
      ...dimensions,
      ...measures.map((column) => `${q(column)} AS ${q(`m_${column}`)}`),
      `${firstDay} AS ${q(FIRST_DAY)}`,
      `datediff('day', ${firstDay}, ${lastCovered}) + 1 AS ${q(COVERED_DAYS)}`,
      `datediff('day', ${date}, ${end}) + 1 AS ${q(PERIOD_DAYS)}`,
    ].join(', ')} FROM ${periods} WHERE ${date} < ${to} AND ${end} >= ${from} AND NOT (${whole})`;
    const spread = this.dialect.lists.unnest(
      cut,
      [...dimensions, ...measures.map((column) => q(`m_${column}`)), q(FIRST_DAY), q(PERIOD_DAYS)],
      [{ list: this.dialect.dayOffsets(q(COVERED_DAYS)), as: q(DAY_OFFSET) }],
    );
    const prorated = `SELECT ${[
      `${q(FIRST_DAY)} + ${q(DAY_OFFSET)} AS ${date}`,
      ...dimensions,
      ...measures.map((column) => `${q(`m_${column}`)} / ${q(PERIOD_DAYS)} AS ${q(column)}`),
    ].join(', ')}, 1 AS ${q(PRORATED)} FROM (${spread}) AS ${q('spread')}`;
    if (part === 'periods') return `(${exact} UNION ALL ${prorated}) AS ${q('fact_rows')}`;
    return `(${daily} UNION ALL ${exact} UNION ALL ${prorated}) AS ${q('fact_rows')}`;
  }

  /**
   * Aggregate navigation: the rows of a scan of daily rows from the cheapest rollup that answers
   * it exactly (see `rollup-source.ts`), or undefined to read the fact. Period rows never do.
   */
  private rollupSource(members: RegisteredAtom[], part: BranchPart): string | undefined {
    const rollups = this.navigation.rollups ?? [];
    const first = members[0]!.atom;
    const fact = this.fact(first.fact);
    if (rollups.length === 0 || part === 'periods' || (part === 'all' && fact.periodTable)) return undefined;
    const needs = scanNeeds(
      this.catalog,
      members.map((member) => member.atom),
      this.dimensions,
      this.filter,
    );
    if (!needs) return undefined;
    const choice = chooseRollup(
      rollups,
      {
        ...needs,
        grain: this.query.grain,
        shift: first.shift,
        from: shiftBack(this.from, first.shift),
        toExclusive: shiftBack(this.toExclusive, first.shift),
      },
      this.navigation.statistics,
    );
    if (!choice) return undefined;
    this.rollupUses.push({
      rollup: choice.rollup.name,
      table: choice.rollup.table,
      fact: first.fact,
      whole: choice.whole,
      edges: choice.edges,
      earlierWindow: !isZeroShift(first.shift),
    });
    return rollupRowSource(this.dialect, fact, choice);
  }

  /**
   * Whether a scan of this fact in the window moved back by `shift` may meet a period row. Every
   * period row it would read starts before the window ends and ends on or after its first day,
   * so a span of period rows wholly before or after the window holds none of them.
   */
  readsPeriodRows(factId: FactId, shift: Shift): boolean {
    if (!this.fact(factId).periodTable) return false;
    const span = this.navigation.periodRows?.[factId];
    if (span === undefined) return true;
    if (span === null) return false;
    return span.first < shiftBack(this.toExclusive, shift) && span.last >= shiftBack(this.from, shift);
  }

  private groupBy(names: string[]): string {
    return names.length > 0 ? ` GROUP BY ${names.join(', ')}` : '';
  }

  /** SQL of one branch: its keys and the values of its atoms, aliased. */
  renderBranch(members: RegisteredAtom[], wanted: BranchPart = 'all'): { sql: string; aliases: string[] } {
    const first = members[0]!.atom;
    const part = wanted === 'all' && !this.readsPeriodRows(first.fact, first.shift) ? 'daily' : wanted;
    const table = this.rollupSource(members, part) ?? this.rowSource(first.fact, first.shift, part);
    const keys = this.keySelect(first.shift);
    const keyNames = this.keyNames();
    const aliases = members.map((member) => member.alias);

    if (first.kind === 'closing') {
      const measure = this.measure(first.measure);
      const entity = (this.fact(first.fact).entity ?? []).filter(
        (column) => !this.dimensions.includes(column),
      );
      const extra = [`${this.quote(measure.column)} IS NOT NULL`];
      if (measure.filterExpr) extra.push(this.renderCondition(measure.filterExpr, 'row'));
      const inner = `SELECT ${[...keys, ...entity.map((column) => this.quote(column))].join(', ')}, ${this.dialect.lastValue(this.quote(measure.column), this.quote('date'))} AS ${this.quote('entity_value')} FROM ${table} ${this.where(first.shift, extra)}${this.groupBy([...keyNames, ...entity.map((column) => this.quote(column))])}`;
      const sql = `SELECT ${[...keyNames, `${this.dialect.toFloat(`SUM(${this.quote('entity_value')})`)} AS ${this.quote(members[0]!.alias)}`].join(', ')} FROM (${inner}) AS ${this.quote('entities')}${this.groupBy(keyNames)}`;
      return { sql, aliases };
    }

    if (first.kind === 'count_if') {
      const measures = new Set<string>();
      walk(first.condition, (node) => {
        if (node.kind === 'name' && this.catalog.measures.has(node.name)) measures.add(node.name);
      });
      const itemColumn = this.quote(first.dimension);
      const includeItem = !this.dimensions.includes(first.dimension);
      const perItem = [...measures].map(
        (id) => `SUM(${this.rowMeasure(this.measure(id))}) AS ${this.quote(`m_${id}`)}`,
      );
      const innerKeys = [...keys, ...(includeItem ? [itemColumn] : [])];
      const inner = `SELECT ${[...innerKeys, ...perItem].join(', ')} FROM ${table} ${this.where(first.shift, [`${itemColumn} IS NOT NULL`])}${this.groupBy([...keyNames, ...(includeItem ? [itemColumn] : [])])}`;
      const counted = `${this.dialect.toFloat(`SUM(CASE WHEN ${this.renderCondition(first.condition, 'item')} THEN 1 ELSE 0 END)`)} AS ${this.quote(members[0]!.alias)}`;
      return {
        sql: `SELECT ${[...keyNames, counted].join(', ')} FROM (${inner}) AS ${this.quote('items')}${this.groupBy(keyNames)}`,
        aliases,
      };
    }

    const values = members.map(({ atom, alias }) => {
      let value: string;
      switch (atom.kind) {
        case 'aggregate':
          value = `${atom.fn.toUpperCase()}(${this.renderRow(atom.row)})`;
          break;
        case 'rows':
          value = `COUNT(${this.rowMeasure(this.measure(atom.measure), 'NULL')})`;
          break;
        case 'count':
          value = `COUNT(DISTINCT ${this.quote(atom.dimension)})`;
          break;
        case 'prorated':
          value = `SUM(CASE WHEN ${this.quote(PRORATED)} = 1 THEN ${this.renderRow(atom.row)} END)`;
          break;
        default:
          throw new MarkpiError('internal_branch', `atom ${atom.kind} in a plain branch`);
      }
      return `${this.dialect.toFloat(value)} AS ${this.quote(alias)}`;
    });
    return {
      sql: `SELECT ${[...keys, ...values].join(', ')} FROM ${table} ${this.where(first.shift)}${this.groupBy(keyNames)}`,
      aliases,
    };
  }
}

/**
 * For a KPI reading facts with period rows: SQL that is true when any of its summed measures
 * took a prorated period row in the query's window, and the largest share of one of those
 * measures' values that came from prorated rows (null when none did, or the measure is zero).
 * Measures read only in an earlier window (`prior`, `opening`) speak for the current one too:
 * the flag describes the value shown, whose own window is the one that counts. A fact whose
 * period rows all lie outside that window has nothing spread in it: no flag, no share.
 */
function proratedShare(
  compilation: Compilation,
  expr: Expr,
  kpiId: string,
): { any: string; share: string } | undefined {
  const read = new Map<string, Extract<Expr, { kind: 'name' }>>();
  walk(expr, (node) => {
    if (node.kind !== 'name') return;
    const measure = compilation.catalog.measures.get(node.name);
    if (!measure || measure.aggregation === 'snapshot') return;
    if (!compilation.readsPeriodRows(measure.fact, NO_SHIFT)) return;
    if (!read.has(node.name)) read.set(node.name, node);
  });
  if (read.size === 0) return undefined;
  const q = (alias: string) => compilation.dialect.quote(alias);
  const parts = [...read.values()].map((node) => {
    const fact = compilation.measure(node.name).fact;
    const total = compilation.registerAtom(
      { kind: 'aggregate', fn: 'sum', fact, row: node, shift: NO_SHIFT },
      kpiId,
    );
    const spread = compilation.registerAtom({ kind: 'prorated', fact, row: node, shift: NO_SHIFT }, kpiId);
    return { spread: q(spread), share: compilation.dialect.divide(q(spread), q(total)) };
  });
  const share = parts
    .map((part) => part.share)
    .reduce(
      (best, next) =>
        `(CASE WHEN ${best} IS NULL THEN ${next} WHEN ${next} IS NULL THEN ${best} WHEN ${best} >= ${next} THEN ${best} ELSE ${next} END)`,
    );
  return { any: parts.map((part) => `${part.spread} IS NOT NULL`).join(' OR '), share };
}

/** A refused query whose message is its problems' messages one after another, in each language. */
function problemsError(problems: Problem[]): MarkpiError {
  const message = problems.map((problem) => problem.message).join('; ');
  const saids = problems.map((problem) => problem.said);
  const said = saids.every((each) => each !== undefined)
    ? formulaSaid('query.problems', { problems: saids })
    : undefined;
  return new MarkpiError('invalid_query', message, problems, said);
}

function resolveQuery(input: KpiQuery): ResolvedKpiQuery {
  const parsed = kpiQuerySchema.safeParse(input);
  if (!parsed.success) {
    throw new MarkpiError(
      'invalid_query',
      'the query is not valid',
      parsed.error.issues.map((issue) => {
        const said = optionSaid(issue.message);
        return { message: issue.message, path: issue.path.join('.'), ...(said ? { said } : {}) };
      }),
      formulaSaid('query.invalid'),
    );
  }
  for (const field of ['from', 'to'] as const) {
    if (!isValidIsoDate(parsed.data[field])) {
      const value = parsed.data[field];
      const said = formulaSaid('query.not_a_date', { field, value });
      throw new MarkpiError(
        'invalid_query',
        `\`${field}\` is not a calendar date: ${value}`,
        [formulaProblem(formulaSaid('query.not_a_date_value', { value }), undefined, { path: field })],
        said,
      );
    }
  }
  return parsed.data;
}

function parseFilter(catalog: Catalog, filter: string | undefined): Expr | undefined {
  if (filter === undefined || filter.trim() === '') return undefined;
  const parsed = parseFormula(filter);
  if (!parsed.ok) {
    const said = formulaSaid('query.filter_unreadable');
    throw new MarkpiError('invalid_filter', 'the filter could not be read', parsed.problems, said);
  }
  const env: CheckEnvironment = {
    lookup: (name) =>
      catalog.dimensions.has(name)
        ? { kind: 'dimension', id: name, facts: catalog.factsWithDimension(name) }
        : catalog.measures.has(name)
          ? {
              kind: 'measure',
              id: name,
              unit: catalog.measures.get(name)!.unitVector,
              aggregation: catalog.measures.get(name)!.aggregation,
              fact: catalog.measures.get(name)!.fact,
            }
          : undefined,
    names: () => catalog.dimensions.keys(),
  };
  const checked = checkFormula(parsed.expr, env, 'filter');
  if (checked.problems.length > 0) {
    const said = formulaSaid('query.filter_invalid');
    throw new MarkpiError('invalid_filter', 'the filter is not valid', checked.problems, said);
  }
  return parsed.expr;
}

export function compileKpiQuery(
  catalog: Catalog,
  input: KpiQuery,
  dialect: Dialect,
  options: CompileOptions = {},
): CompiledQuery {
  const query = resolveQuery(input);
  const problems: Problem[] = [];

  const kpis: CatalogKpi[] = [];
  for (const id of new Set(query.kpis)) {
    const found = catalog.kpis.get(id);
    if (found) kpis.push(found);
    else
      problems.push(
        formulaProblem(
          formulaSaid('query.unknown_kpi', { name: id }),
          didYouMeanSaid(id, catalog.kpis.keys()) ?? formulaSaid('query.hint.kpi_list'),
        ),
      );
  }
  const dimensions = [...new Set(query.dimensions)];
  for (const dimension of dimensions) {
    if (dimension === 'date') {
      problems.push(formulaProblem(formulaSaid('query.date_dimension'), formulaSaid('query.hint.day_grain')));
    } else if (!catalog.dimensions.has(dimension)) {
      problems.push(
        formulaProblem(
          formulaSaid('query.unknown_dimension', { name: dimension }),
          didYouMeanSaid(dimension, catalog.dimensions.keys()) ??
            formulaSaid('query.hint.dimensions', { names: [...catalog.dimensions.keys()] }),
        ),
      );
    }
  }
  if (problems.length > 0) throw problemsError(problems);

  // A scoped catalog's rows: the scope is its own tree, so the typed filter can't reach around it.
  const filter = andExpr(scopeFilterExpr(catalog.rowScope), parseFilter(catalog, query.filter));
  const toExclusive = addDays(query.to, 1);
  const compilation = new Compilation(
    catalog,
    dialect,
    query,
    dimensions,
    filter,
    query.from,
    toExclusive,
    options,
  );
  const compareShift: Shift | undefined =
    query.compare === 'previous'
      ? rangeShift(query.from, toExclusive)
      : query.compare === 'last_year'
        ? { months: 12, days: 0 }
        : undefined;

  interface KpiOutput {
    kpi: CatalogKpi;
    current: string;
    previous?: string;
    flag?: string;
    /** The flag speaks only of prorated period rows (no distinct measure to qualify). */
    flagOnlyWhenSet?: boolean;
    /** The largest share of a summed measure that came from prorated period rows. */
    share?: string;
  }
  const outputs: KpiOutput[] = [];
  for (const kpi of kpis) {
    const expr = expandKpi(catalog, kpi);
    const current = compilation.renderValue(expr, NO_SHIFT, kpi.id, expr);
    const previous = compareShift ? compilation.renderValue(expr, compareShift, kpi.id, expr) : undefined;
    const polarity = distinctPolarity(catalog, expr);
    let flag: string | undefined;
    let distinctFlag: string | undefined;
    if (polarity.size > 0) {
      const counted = new Set<string>();
      walk(expr, (node) => {
        if (node.kind === 'name' && catalog.measures.get(node.name)?.aggregation === 'distinct')
          counted.add(node.name);
      });
      const rowCounts = [...counted].map((measure) =>
        compilation.registerAtom(
          { kind: 'rows', fact: catalog.measures.get(measure)!.fact, measure, shift: NO_SHIFT },
          kpi.id,
        ),
      );
      const label = polarity.size === 2 ? FLAG_APPROXIMATE : polarity.has(1) ? FLAG_UPPER : FLAG_LOWER;
      const summedSeveral = rowCounts.map((alias) => `${alias} > 1`).join(' OR ');
      distinctFlag = `WHEN ${summedSeveral} THEN ${compilation.bind(label, 'text')}`;
    }
    const prorated = proratedShare(compilation, expr, kpi.id);
    if (prorated) {
      flag = `CASE WHEN ${prorated.any} THEN ${compilation.bind(FLAG_APPROXIMATE, 'text')} ${distinctFlag ?? ''} END`;
    } else if (distinctFlag) {
      flag = `CASE ${distinctFlag} END`;
    }
    outputs.push({
      kpi,
      current,
      ...(previous ? { previous } : {}),
      ...(flag ? { flag, flagOnlyWhenSet: !distinctFlag } : {}),
      ...(prorated ? { share: prorated.share } : {}),
    });
  }
  if (compilation.problems.length > 0) throw problemsError(compilation.problems);

  // Branches: atoms of one fact and window share a scan; snapshots and per-item counts get their own.
  const branches = new Map<string, RegisteredAtom[]>();
  for (const registered of compilation.atoms.values()) {
    const list = branches.get(registered.branch) ?? [];
    list.push(registered);
    branches.set(registered.branch, list);
  }
  const allAliases = [...compilation.atoms.values()].map((registered) => registered.alias);
  const q = (identifier: string) => dialect.quote(identifier);
  const keyNames = [...(query.grain !== 'total' ? ['bucket'] : []), ...dimensions].map(q);
  // A fact's daily rows keep the scan they always had; its period rows (few) are read by a branch
  // of their own whose sums add to the daily ones. Distinct counts need every row in one scan.
  const splittable = (atom: Atom) =>
    atom.kind === 'aggregate' || atom.kind === 'rows' || atom.kind === 'prorated';
  const rendered = [...branches.values()].flatMap((members) => {
    const first = members[0]!.atom;
    if (!compilation.fact(first.fact).periodTable || !members.every((member) => splittable(member.atom))) {
      return [{ members, ...compilation.renderBranch(members) }];
    }
    const daily = members.filter((member) => member.atom.kind !== 'prorated');
    // No period row in this window: the branch would add nothing. (Its spread values are asked
    // for only where the query's own window holds period rows: see `proratedShare`.)
    if (!compilation.readsPeriodRows(first.fact, first.shift)) {
      return [{ members: daily, ...compilation.renderBranch(daily, 'daily') }];
    }
    return [
      ...(daily.length > 0 ? [{ members: daily, ...compilation.renderBranch(daily, 'daily') }] : []),
      { members, ...compilation.renderBranch(members, 'periods') },
    ];
  });
  const combineWith = new Map(
    [...compilation.atoms.values()].map((registered) => [registered.alias, combining(registered.atom)]),
  );
  // One branch already has one row per key: no union and no second grouping needed.
  const combined =
    rendered.length === 1
      ? rendered[0]!.sql
      : `SELECT ${[...keyNames, ...allAliases.map((alias) => `${combineWith.get(alias) ?? 'MAX'}(${q(alias)}) AS ${q(alias)}`)].join(', ')} FROM (${rendered
          .map(({ sql, aliases }, index) => {
            const padded = allAliases.map((alias) =>
              aliases.includes(alias) ? q(alias) : `${dialect.nullNumber()} AS ${q(alias)}`,
            );
            return `SELECT ${[...keyNames, ...padded].join(', ')} FROM (${sql}) AS ${q(`branch_${index}`)}`;
          })
          .join(
            ' UNION ALL ',
          )}) AS ${q('unioned')}${keyNames.length > 0 ? ` GROUP BY ${keyNames.join(', ')}` : ''}`;

  const columns: CompiledColumn[] = [];
  const selects: string[] = [];
  if (query.grain !== 'total') {
    selects.push(`${dialect.formatDate(q('bucket'))} AS ${q(query.grain)}`);
    columns.push({ key: query.grain, role: 'time' });
  }
  for (const dimension of dimensions) {
    selects.push(q(dimension));
    columns.push({ key: dimension, role: 'dimension' });
  }
  for (const output of outputs) {
    selects.push(`${output.current} AS ${q(output.kpi.id)}`);
    columns.push({ key: output.kpi.id, role: 'kpi', kpi: output.kpi.id, unit: output.kpi.unit });
    if (output.previous) {
      selects.push(`${output.previous} AS ${q(`${output.kpi.id}__previous`)}`);
      columns.push({
        key: `${output.kpi.id}__previous`,
        role: 'previous',
        kpi: output.kpi.id,
        unit: output.kpi.unit,
      });
    }
    if (output.flag) {
      selects.push(`${output.flag} AS ${q(`${output.kpi.id}__flag`)}`);
      columns.push({
        key: `${output.kpi.id}__flag`,
        role: 'flag',
        kpi: output.kpi.id,
        ...(output.flagOnlyWhenSet ? { onlyWhenSet: true as const } : {}),
      });
    }
    if (output.share) {
      selects.push(`${output.share} AS ${q(`${output.kpi.id}__prorated`)}`);
      columns.push({
        key: `${output.kpi.id}__prorated`,
        role: 'flag',
        kpi: output.kpi.id,
        onlyWhenSet: true,
      });
    }
  }
  // Keep only groups with data in the asked-for window; earlier windows only feed comparisons.
  const currentAliases = [...compilation.atoms.values()]
    .filter((registered) => isZeroShift(registered.atom.shift))
    .map((registered) => `${q(registered.alias)} IS NOT NULL`);
  const orderKeys = [...(query.grain !== 'total' ? [query.grain] : []), ...dimensions].map(q);
  let sql = `SELECT ${selects.join(', ')} FROM (${combined}) AS ${q('combined')}${currentAliases.length > 0 ? ` WHERE ${currentAliases.join(' OR ')}` : ''}`;
  if (compareShift) {
    const changes = outputs.map((output) => {
      const current = q(output.kpi.id);
      const previous = q(`${output.kpi.id}__previous`);
      return `${dialect.divide(`(${current} - ${previous})`, `abs(${previous})`)} AS ${q(`${output.kpi.id}__change`)}`;
    });
    sql = `SELECT ${q('with_previous')}.*, ${changes.join(', ')} FROM (${sql}) AS ${q('with_previous')}`;
    for (const output of outputs) {
      const index = columns.findIndex((column) => column.key === `${output.kpi.id}__previous`);
      columns.splice(index + 1, 0, { key: `${output.kpi.id}__change`, role: 'change', kpi: output.kpi.id });
    }
  }
  if (orderKeys.length > 0) sql += ` ORDER BY ${orderKeys.join(', ')}`;
  if (query.limit !== undefined) sql += ` LIMIT ${Math.trunc(query.limit)}`;
  // Final column order follows `columns`, whatever order the engine returns them in.
  return {
    sql,
    params: compilation.params,
    columns,
    warnings: [...compilation.warnings],
    query,
    ...(compilation.rollupUses.length > 0 ? { rollups: compilation.rollupUses } : {}),
  };
}
