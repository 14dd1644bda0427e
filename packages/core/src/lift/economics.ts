/**
 * What an incremental volume is worth: incremental value, incremental ROAS and ROI, and the cost
 * per incremental unit (conversion, order, search), each with the interval carried over from
 * the volume's interval. All four are monotone in the volume, so the interval's ends map to the
 * figure's ends exactly; the cost per incremental unit has no finite value where the volume is
 * zero or negative (null: "no incremental units bought with this money").
 */
import { MarkpiError } from '../errors.js';

export interface EconomicsInput {
  /** What the campaign (or the treated cell) spent over the measured window. */
  spend: number;
  /** Value of one unit of the KPI (1 when the KPI is revenue); absent: no ROAS or ROI. */
  valuePerUnit?: number;
}

/** A figure with the ends of its interval. */
export interface Estimate {
  value: number;
  low: number;
  high: number;
}

/**
 * The cost per incremental unit and its interval. Null marks what has no finite value: the
 * value when the volume is not positive, the high end when the volume's interval reaches zero
 * (the cost is unbounded), and the low end too when the whole interval is at or below zero.
 */
export interface OpenEstimate {
  value: number | null;
  low: number | null;
  high: number | null;
}

export interface LiftEconomics {
  spend: number;
  valuePerUnit: number | null;
  /** Incremental volume × value per unit. */
  incrementalValue: Estimate | null;
  /** Incremental value ÷ spend. */
  incrementalRoas: Estimate | null;
  /** (Incremental value − spend) ÷ spend. */
  incrementalRoi: Estimate | null;
  /** Spend ÷ incremental volume; null where the volume is not positive. */
  costPerIncremental: OpenEstimate;
}

export function validateEconomics(input: EconomicsInput, path: string): void {
  const problems: { message: string; path: string }[] = [];
  if (!(Number.isFinite(input.spend) && input.spend >= 0))
    problems.push({
      message: `spend must be a finite number ≥ 0, got ${input.spend}`,
      path: `${path}.spend`,
    });
  if (input.valuePerUnit !== undefined && !(Number.isFinite(input.valuePerUnit) && input.valuePerUnit >= 0))
    problems.push({
      message: `valuePerUnit must be a finite number ≥ 0, got ${input.valuePerUnit}`,
      path: `${path}.valuePerUnit`,
    });
  if (problems.length > 0) throw new MarkpiError('invalid_lift_input', 'economics: invalid input', problems);
}

/** The economics of an incremental volume with its interval. */
export function liftEconomics(incremental: Estimate, input: EconomicsInput): LiftEconomics {
  const { spend } = input;
  const valuePerUnit = input.valuePerUnit ?? null;
  const scaled = (factor: number, offset = 0): Estimate => ({
    value: incremental.value * factor + offset,
    low: incremental.low * factor + offset,
    high: incremental.high * factor + offset,
  });
  const incrementalValue = valuePerUnit === null ? null : scaled(valuePerUnit);
  const incrementalRoas = valuePerUnit === null || spend === 0 ? null : scaled(valuePerUnit / spend);
  const incrementalRoi = valuePerUnit === null || spend === 0 ? null : scaled(valuePerUnit / spend, -1);
  // Cost per unit falls as the volume rises: the interval's low end comes from the volume's high.
  const per = (volume: number) => (volume > 0 ? spend / volume : null);
  const costPerIncremental: OpenEstimate = {
    value: per(incremental.value),
    low: incremental.high > 0 ? spend / incremental.high : null,
    high: per(incremental.low),
  };
  return { spend, valuePerUnit, incrementalValue, incrementalRoas, incrementalRoi, costPerIncremental };
}
