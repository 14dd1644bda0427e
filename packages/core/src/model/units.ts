/**
 * Units as exponent vectors over three base quantities, so `spend / clicks` is money per
 * count and `clicks / impressions` is dimensionless. Checking a formula's unit against the
 * unit its KPI declares catches `spend + clicks` and a CPC declared as a percentage.
 */
export interface UnitVector {
  money: number;
  count: number;
  seconds: number;
}

/** The units a measure can carry. */
export type MeasureUnit = 'count' | 'currency' | 'seconds' | 'ratio';

/** The units a KPI can declare; they also decide how the value is displayed. */
export type KpiUnit = 'count' | 'currency' | 'ratio' | 'percent' | 'multiple' | 'number' | 'seconds';

export const DIMENSIONLESS: UnitVector = { money: 0, count: 0, seconds: 0 };

export function measureUnitVector(unit: MeasureUnit): UnitVector {
  switch (unit) {
    case 'count':
      return { money: 0, count: 1, seconds: 0 };
    case 'currency':
      return { money: 1, count: 0, seconds: 0 };
    case 'seconds':
      return { money: 0, count: 0, seconds: 1 };
    case 'ratio':
      return DIMENSIONLESS;
  }
}

export function multiplyUnits(a: UnitVector, b: UnitVector): UnitVector {
  return { money: a.money + b.money, count: a.count + b.count, seconds: a.seconds + b.seconds };
}

export function divideUnits(a: UnitVector, b: UnitVector): UnitVector {
  return { money: a.money - b.money, count: a.count - b.count, seconds: a.seconds - b.seconds };
}

export function sameUnit(a: UnitVector, b: UnitVector): boolean {
  return a.money === b.money && a.count === b.count && a.seconds === b.seconds;
}

/**
 * Whether a formula's computed unit fits the KPI's declared unit. Money amounts may be per
 * something (CPC is money per click, still shown as currency); counts are plain counts.
 */
export function unitFits(declared: KpiUnit, computed: UnitVector): boolean {
  switch (declared) {
    case 'count':
      return computed.money === 0 && computed.seconds === 0 && computed.count === 1;
    case 'currency':
      return computed.money === 1 && computed.seconds === 0 && computed.count <= 0;
    case 'seconds':
      return computed.money === 0 && computed.seconds === 1 && computed.count <= 0;
    case 'ratio':
    case 'percent':
    case 'multiple':
    case 'number':
      return sameUnit(computed, DIMENSIONLESS);
  }
}

export function describeUnit(unit: UnitVector): string {
  if (sameUnit(unit, DIMENSIONLESS)) return 'a plain number (ratio)';
  const part = (name: string, exponent: number) =>
    exponent === 0 ? '' : exponent === 1 ? name : `${name}^${exponent}`;
  const bases = ['money', 'count', 'seconds'] as const;
  const top = bases.map((base) => part(base, Math.max(unit[base], 0))).filter(Boolean);
  const bottom = bases.map((base) => part(base, Math.max(-unit[base], 0))).filter(Boolean);
  const numerator = top.length > 0 ? top.join('·') : '1';
  return bottom.length > 0 ? `${numerator} per ${bottom.join('·')}` : numerator;
}
