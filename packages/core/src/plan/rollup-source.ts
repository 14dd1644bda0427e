/**
 * The planner's side of aggregate navigation: what one scan of daily rows needs from a table
 * (so `rollups/navigate.ts` can pick a rollup that holds it), and the rows it then reads.
 *
 * A scan can be answered from a rollup only when every value it computes is the same over the
 * rollup's rows as over the raw rows they sum:
 * - `sum(x)`, `sum(-x)`, `sum(x * 2)`, `sum(x / 2)` of summed measures: a sum of sums, times a
 *   constant. Not `sum(x + y)` or `sum(x * y)`: a row where one side is null (or a product of
 *   two columns) does not add up the same once rows are summed;
 * - a measure counting only some rows (`paid_conversions`) when its condition names kept
 *   dimensions only: the condition holds for a whole rollup row or for none of it;
 * - `count(dimension)` of a kept dimension: the same distinct values appear;
 * - and nothing else: extremes, distinct measures and their row counts, snapshots and per-item
 *   counts stay on the raw table, as do filters naming a measure.
 */
import type { Catalog } from '../catalog/catalog.js';
import type { Expr } from '../formula/ast.js';
import { walk } from '../formula/index.js';
import type { FactDefinition, FactId } from '../model/facts.js';
import type { DateRange, RollupChoice, RollupRequest } from '../rollups/navigate.js';
import type { Dialect } from './dialect.js';

/** The parts of an atom this file reads (the planner's atoms have these shapes). */
export type NavigableAtom =
  | { kind: 'aggregate'; fn: 'sum' | 'min' | 'max'; fact: FactId; row: Expr }
  | { kind: 'count'; fact: FactId; dimension: string }
  | { kind: 'rows' | 'closing' | 'count_if' | 'prorated'; fact: FactId };

/** What a scan needs, before its window and grain are added; undefined when no rollup can answer it. */
export function scanNeeds(
  catalog: Catalog,
  atoms: readonly NavigableAtom[],
  groupedBy: readonly string[],
  filter: Expr | undefined,
): Pick<RollupRequest, 'fact' | 'columns' | 'dimensions' | 'readsDate'> | undefined {
  const first = atoms[0];
  if (!first) return undefined;
  const columns = new Set<string>();
  const dimensions = new Set(groupedBy);
  let readsDate = false;
  let summable = true;
  /** Adds a condition's names; false when it names anything but a dimension (or `date`). */
  const conditionNames = (condition: Expr): boolean => {
    let onlyDimensions = true;
    walk(condition, (node) => {
      if (node.kind !== 'name') return;
      if (node.name === 'date') readsDate = true;
      else if (catalog.dimensions.has(node.name) && !catalog.measures.has(node.name))
        dimensions.add(node.name);
      else onlyDimensions = false;
    });
    return onlyDimensions;
  };
  const measureColumn = (name: string): void => {
    const measure = catalog.measures.get(name);
    if (measure?.aggregation !== 'sum') {
      summable = false;
      return;
    }
    if (measure.filterExpr && !conditionNames(measure.filterExpr)) summable = false;
    columns.add(measure.column);
  };
  /** A constant times one summed measure, so the sum over rollup rows is the sum over raw rows. */
  const linear = (row: Expr): boolean => {
    switch (row.kind) {
      case 'name':
        measureColumn(row.name);
        return true;
      case 'unary':
        return row.operator === '-' && linear(row.operand);
      case 'binary':
        if (row.operator === '*') {
          if (row.left.kind === 'number') return linear(row.right);
          if (row.right.kind === 'number') return linear(row.left);
          return false;
        }
        return row.operator === '/' && row.right.kind === 'number' && linear(row.left);
      default:
        return false;
    }
  };
  for (const atom of atoms) {
    if (atom.fact !== first.fact) return undefined;
    if (atom.kind === 'aggregate') {
      if (atom.fn !== 'sum' || !linear(atom.row)) return undefined;
    } else if (atom.kind === 'count') {
      dimensions.add(atom.dimension);
    } else {
      return undefined;
    }
  }
  if (!summable) return undefined;
  if (filter && !conditionNames(filter)) return undefined;
  return { fact: first.fact, columns: [...columns], dimensions: [...dimensions], readsDate };
}

/**
 * The rows a scan reads through a rollup, under the fact's own column names: the rollup's whole
 * buckets (`date` is each bucket's first day) and, for the window's days outside them, the raw
 * fact's rows. The scan's own window and filter still apply on top.
 */
export function rollupRowSource(dialect: Dialect, fact: FactDefinition, choice: RollupChoice): string {
  const q = (identifier: string) => dialect.quote(identifier);
  const { rollup } = choice;
  if (choice.edges.length === 0) return q(rollup.table);
  const date = q('date');
  const within = (range: DateRange) =>
    `(${date} >= ${dialect.dateLiteral(range.from)} AND ${date} < ${dialect.dateLiteral(range.toExclusive)})`;
  const columns = [date, ...rollup.dimensions.map(q), ...rollup.columns.map(q)].join(', ');
  const whole = `SELECT ${columns} FROM ${q(rollup.table)} WHERE ${within(choice.whole)}`;
  const edges = `SELECT ${columns} FROM ${q(fact.table)} WHERE ${choice.edges.map(within).join(' OR ')}`;
  return `(${whole} UNION ALL ${edges}) AS ${q('fact_rows')}`;
}
