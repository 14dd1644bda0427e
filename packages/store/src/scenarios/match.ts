import { valuesAgree } from '../compare-values.js';
import type { CellValue, Row } from '../warehouse.js';

export { RELATIVE_TOLERANCE, valuesAgree } from '../compare-values.js';

type Expect = (
  actual: unknown,
  message?: string,
) => { toEqual(expected: unknown): void; toBe(expected: unknown): void };

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
