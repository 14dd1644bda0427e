/**
 * A catalog KPI as segments see it: additive (a sum of measures: each segment's own amount) or
 * a ratio of sums, `scale · Σ aᵢ·nᵢ / Σ bⱼ·dⱼ` (ROAS, CPM, CAC, ROI: each segment's numerator
 * and denominator add up to the whole's). Rows come as the measure sums the planner returns
 * per segment; this turns them into the amounts `segments.ts` splits.
 */
import type { Catalog } from '../catalog/catalog.js';
import { MarkpiError } from '../errors.js';
import {
  evaluateLinear,
  kpiTerm,
  type LinearForm,
  linearFormOf,
  ratioFormOf,
  termVariables,
  type VariableValues,
} from './expression.js';
import { message } from './messages.js';
import {
  type DrillOptions,
  type DrillResult,
  decomposeBySegment,
  drillDown,
  type SegmentDecomposition,
  type SegmentRow,
  type SegmentShape,
} from './segments.js';

export interface KpiSegmentShape {
  kpi: string;
  shape: SegmentShape;
  scale: number;
  numerator: LinearForm;
  /** Ratios only. */
  denominator?: LinearForm;
  /** The measures (and aggregates) a row must carry. */
  inputs: string[];
  /** Counts of distinct people or items: segments add up to more than the whole. */
  approximate: boolean;
}

/** How a KPI splits over segments; a user error for KPIs that don't (a product of sums). */
export function kpiSegmentShape(catalog: Catalog, kpiId: string): KpiSegmentShape {
  const term = kpiTerm(catalog, kpiId);
  const inputs = termVariables(term);
  const approximate = inputs.some(
    (id) => catalog.measures.get(id)?.aggregation === 'distinct' || /^(count|count_if)\(/.test(id),
  );
  const linear = linearFormOf(term);
  if (linear) return { kpi: kpiId, shape: 'additive', scale: 1, numerator: linear, inputs, approximate };
  const ratio = ratioFormOf(term);
  if (ratio) {
    return {
      kpi: kpiId,
      shape: 'ratio',
      scale: ratio.scale,
      numerator: ratio.numerator,
      denominator: ratio.denominator,
      inputs,
      approximate,
    };
  }
  throw new MarkpiError(
    'kpi_not_segmentable',
    `\`${kpiId}\` is neither a sum nor a ratio of sums, so its change can't be split over segments`,
    [
      {
        message: `\`${kpiId}\` = ${catalog.kpi(kpiId).formula}`,
        hint: 'split it by its formula instead, or over segments one of the sums it is made of',
      },
    ],
  );
}

export interface MeasureSegmentRow {
  segment: string;
  /** The segment's measure sums, as the planner returns them. */
  before: VariableValues;
  after: VariableValues;
}

/** The rows as numerator and denominator amounts (the ratio's scale stays with the split). */
export function toSegmentRows(shape: KpiSegmentShape, rows: readonly MeasureSegmentRow[]): SegmentRow[] {
  const amounts = (values: VariableValues) => ({
    numerator:
      shape.shape === 'additive'
        ? evaluateLinear(shape.numerator, values) - shape.numerator.constant
        : evaluateLinear(shape.numerator, values),
    ...(shape.denominator ? { denominator: evaluateLinear(shape.denominator, values) } : {}),
  });
  return rows.map((row) => ({
    segment: row.segment,
    before: amounts(row.before),
    after: amounts(row.after),
  }));
}

/** Splits a KPI's change over the segments of one dimension. */
export function decomposeKpiBySegment(
  shape: KpiSegmentShape,
  rows: readonly MeasureSegmentRow[],
): SegmentDecomposition {
  const result = decomposeBySegment(toSegmentRows(shape, rows), { shape: shape.shape, scale: shape.scale });
  if (shape.shape === 'additive') {
    // A constant in a sum belongs to no segment and cancels from the change; the whole is the KPI.
    const constant = shape.numerator.constant;
    result.before = result.before === null ? null : result.before + constant;
    result.after = result.after === null ? null : result.after + constant;
  }
  if (shape.approximate) result.notes.push(message('diagnosis.note.approximate'));
  return result;
}

export interface KpiDrillOptions extends Omit<DrillOptions, 'shape' | 'scale' | 'rows' | 'whole'> {
  rows: (
    request: Parameters<DrillOptions['rows']>[0],
  ) => readonly MeasureSegmentRow[] | Promise<readonly MeasureSegmentRow[]>;
}

/** Follows a KPI's change down a hierarchy of dimensions (see `drillDown`). */
export async function drillDownKpi(shape: KpiSegmentShape, options: KpiDrillOptions): Promise<DrillResult> {
  const result = await drillDown({
    ...options,
    shape: shape.shape,
    scale: shape.scale,
    rows: async (request) => toSegmentRows(shape, await options.rows(request)),
  });
  if (shape.shape === 'additive') {
    const constant = shape.numerator.constant;
    result.before = result.before === null ? null : result.before + constant;
    result.after = result.after === null ? null : result.after + constant;
  }
  if (shape.approximate) result.notes.push(message('diagnosis.note.approximate'));
  return result;
}
