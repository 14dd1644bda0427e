/**
 * How each KPI is watched: as a volume the detector scores with its own noise, or as a ratio
 * scored through its count with the volume behind it (core's `detectKpiAnomalies`). The shape
 * is read from the KPI's formula, with KPI references expanded:
 *
 * - `c · V`, V free of divisions (a measure, a sum of measures, `count_if(…)`, `opening(x)`):
 *   a volume — a count when every name in V counts things, else an amount;
 * - `c · N / D` with N and D free of divisions: a ratio of the parts N and D, scaled by c
 *   (CPM is spend / impressions × 1000); `c · (N − D) / D` and `c · (N + D) / D` are that ratio
 *   moved by ∓c (ROI is ROAS − 1);
 * - anything else (a ratio of ratios, a product of measures): not watched on its own; its parts,
 *   which are KPIs or measures of their own, are.
 *
 * A ratio's sampling follows what its parts count: counts over counts are binomial when no day
 * has more successes than trials (CTR, CVR) and gamma-Poisson otherwise (frequency), money over a
 * count is money per event (CPC, CPA: the count is what varies), a count over money is events per
 * unit of money (gamma-Poisson), anything else is the numerator's wobble per unit of the
 * denominator (ROAS).
 */
import {
  type Catalog,
  type CatalogKpi,
  type Expr,
  formatExpr,
  parseFormula,
  type RatioSampling,
  sameExpr,
  type VolumeMeasure,
  walk,
} from '@markpi/core';

/** What the names in a part count: things, money, or anything else (seconds, shares). */
export type PartKind = 'count' | 'money' | 'other';

export interface VolumeShape {
  kind: 'volume';
  kpi: string;
  /** The part's formula, asked of the planner as a KPI. */
  part: string;
  measure: VolumeMeasure;
  /** The KPI is the part × scale. */
  scale: number;
}

export interface RatioShape {
  kind: 'ratio';
  kpi: string;
  numerator: string;
  denominator: string;
  numeratorKind: PartKind;
  denominatorKind: PartKind;
  /** The KPI is numerator / denominator × scale + offset. */
  scale: number;
  offset: number;
}

export interface UnwatchedShape {
  kind: 'unwatched';
  kpi: string;
  /**
   * `shape`: neither a sum nor a ratio of sums; `monthly`: it reads a ledger kept by month;
   * `period`: it compares a period with the one before (LTV, retention, growth rates); `mix`: a
   * share a strategy moves, left to the monitor that names it (`isMixKpi`).
   */
  reason: UnwatchedReason;
}

export const UNWATCHED_REASONS = ['shape', 'monthly', 'period', 'mix'] as const;
export type UnwatchedReason = (typeof UNWATCHED_REASONS)[number];

export type MonitorShape = VolumeShape | RatioShape | UnwatchedShape;

/** The formula with every KPI it names replaced by that KPI's own formula. */
export function expandKpis(catalog: Catalog, expr: Expr, depth = 0): Expr {
  if (depth > 20) return expr;
  switch (expr.kind) {
    case 'name': {
      const kpi = catalog.kpis.get(expr.name);
      if (kpi && !catalog.measures.has(expr.name)) return expandKpis(catalog, kpi.expr, depth + 1);
      return expr;
    }
    case 'unary':
      return { ...expr, operand: expandKpis(catalog, expr.operand, depth) };
    case 'binary':
      return {
        ...expr,
        left: expandKpis(catalog, expr.left, depth),
        right: expandKpis(catalog, expr.right, depth),
      };
    default:
      return expr;
  }
}

/** Pulls positive constant factors out: `x * 1000` is x scaled by 1000, `x / 100` by 0.01. */
function withoutScale(expr: Expr): { expr: Expr; scale: number } {
  let scale = 1;
  let current = expr;
  for (;;) {
    if (current.kind !== 'binary') break;
    const { operator, left, right } = current;
    if (operator === '*' && right.kind === 'number' && right.value > 0) {
      scale *= right.value;
      current = left;
    } else if (operator === '*' && left.kind === 'number' && left.value > 0) {
      scale *= left.value;
      current = right;
    } else if (operator === '/' && right.kind === 'number' && right.value > 0) {
      scale /= right.value;
      current = left;
    } else break;
  }
  return { expr: current, scale };
}

/** Whether a formula divides, or multiplies two things that vary: then it is no sum of parts. */
function hasDivision(expr: Expr): boolean {
  let found = false;
  walk(expr, (node) => {
    if (node.kind === 'binary' && (node.operator === '/' || node.operator === '*')) {
      const constant = node.left.kind === 'number' || node.right.kind === 'number';
      if (node.operator === '/' || !constant) found = true;
    }
    return !found;
  });
  return found;
}

/** What the names of a part count (see `PartKind`). */
export function partKind(catalog: Catalog, expr: Expr): PartKind {
  const kinds = new Set<PartKind>();
  walk(expr, (node) => {
    if (node.kind === 'call' && (node.name === 'count' || node.name === 'count_if')) {
      kinds.add('count');
      return false;
    }
    if (node.kind === 'name') {
      const measure = catalog.measures.get(node.name);
      if (measure)
        kinds.add(measure.unit === 'count' ? 'count' : measure.unit === 'currency' ? 'money' : 'other');
    }
    return true;
  });
  return kinds.size === 1 ? [...kinds][0]! : 'other';
}

export function shapeOf(catalog: Catalog, kpi: CatalogKpi): MonitorShape {
  const expanded = expandKpis(catalog, kpi.expr);
  const { expr, scale } = withoutScale(expanded);
  if (!hasDivision(expr)) {
    return {
      kind: 'volume',
      kpi: kpi.id,
      part: formatExpr(expr),
      measure: partKind(catalog, expr) === 'count' ? 'count' : 'amount',
      scale,
    };
  }
  if (expr.kind === 'binary' && expr.operator === '/') {
    const numeratorScaled = withoutScale(expr.left);
    const denominatorScaled = withoutScale(expr.right);
    let numerator = numeratorScaled.expr;
    const denominator = denominatorScaled.expr;
    const ratioScale = (scale * numeratorScaled.scale) / denominatorScaled.scale;
    let offset = 0;
    // (N − D) / D is N / D − 1; (N + D) / D is N / D + 1.
    if (
      numerator.kind === 'binary' &&
      (numerator.operator === '-' || numerator.operator === '+') &&
      numeratorScaled.scale === 1 &&
      sameExpr(numerator.right, denominator)
    ) {
      offset = (numerator.operator === '-' ? -1 : 1) * ratioScale;
      numerator = numerator.left;
    }
    if (!hasDivision(numerator) && !hasDivision(denominator)) {
      return {
        kind: 'ratio',
        kpi: kpi.id,
        numerator: formatExpr(numerator),
        denominator: formatExpr(denominator),
        numeratorKind: partKind(catalog, numerator),
        denominatorKind: partKind(catalog, denominator),
        scale: ratioScale,
        offset,
      };
    }
  }
  return { kind: 'unwatched', kpi: kpi.id, reason: 'shape' };
}

/**
 * A ratio's sampling (see the module's comment); `exceeds` says whether some slot has a
 * numerator above its denominator (which rules out binomial).
 */
export function samplingOf(shape: RatioShape, exceeds: boolean): RatioSampling {
  const { numeratorKind: n, denominatorKind: d } = shape;
  if (n === 'count' && d === 'count') return exceeds ? 'poisson' : 'binomial';
  if (n === 'money' && d === 'count') return 'per_event';
  if (n === 'count' && d === 'money') return 'poisson';
  return 'none';
}

/** The formulas every shape needs asked of the planner. */
/**
 * Whether a ratio's trials repeat day after day, so a weekly slot is scored with a day's worth of
 * them (the ratio itself unchanged): its parts read a fact whose rows observe a standing state
 * every day (search-result snapshots: a week holds one day's page seven times over), or its
 * denominator is a distinct count (reach: the same people, reached again on every day they are
 * reached, are summed again).
 */
export function repeatsDaily(catalog: Catalog, shape: MonitorShape): boolean {
  if (shape.kind !== 'ratio') return false;
  let repeats = false;
  [shape.numerator, shape.denominator].forEach((part, index) => {
    const parsed = parseFormula(part);
    if (!parsed.ok) return;
    walk(parsed.expr, (node) => {
      if (node.kind !== 'name') return true;
      const measure = catalog.measures.get(node.name);
      if (!measure) return true;
      if (catalog.facts.get(measure.fact)?.repeatsDaily) repeats = true;
      if (index === 1 && measure.aggregation === 'distinct') repeats = true;
      return !repeats;
    });
  });
  return repeats;
}

export function partsOf(shape: MonitorShape): string[] {
  if (shape.kind === 'volume') return [shape.part];
  if (shape.kind === 'ratio') return [shape.numerator, shape.denominator];
  return [];
}
