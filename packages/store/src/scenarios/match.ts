import type { CellValue, Row } from '../warehouse.js';

/** Floating-point sums may differ in the last bits between engines; figures agree to 1e-9. */
export const RELATIVE_TOLERANCE = 1e-9;

type Expect = (
  actual: unknown,
  message?: string,
) => { toEqual(expected: unknown): void; toBe(expected: unknown): void };

export function valuesAgree(actual: CellValue | undefined, expected: CellValue): boolean {
  if (typeof expected === 'number' && typeof actual === 'number') {
    return Math.abs(actual - expected) <= RELATIVE_TOLERANCE * Math.max(1, Math.abs(expected));
  }
  return actual === expected;
}

/** Every row in order, comparing only the keys each expected row lists. */
export function expectRowsMatch(rows: Row[], expected: Record<string, CellValue>[], expect: Expect): void {
  const shown = JSON.stringify(rows);
  expect(rows.length, `row count of ${shown}`).toBe(expected.length);
  expected.forEach((wanted, index) => {
    const row = rows[index]!;
    for (const [key, value] of Object.entries(wanted)) {
      expect(key in row, `row ${index} has no column ${key}: ${shown}`).toBe(true);
      expect(
        valuesAgree(row[key], value),
        `row ${index} ${key}: got ${row[key]}, expected ${value} in ${shown}`,
      ).toBe(true);
    }
  });
}
