import type { CellValue } from './warehouse.js';

/** Floating-point sums may differ in the last bits between engines; figures agree to 1e-9. */
export const RELATIVE_TOLERANCE = 1e-9;

/** Whether two engines' answers are the same figure (numbers within the tolerance, else equal). */
export function valuesAgree(actual: CellValue | undefined, expected: CellValue): boolean {
  if (typeof expected === 'number' && typeof actual === 'number') {
    return Math.abs(actual - expected) <= RELATIVE_TOLERANCE * Math.max(1, Math.abs(expected));
  }
  return actual === expected;
}
