/**
 * Checks the loaded rows against the file's own totals row. Google Ads writes several
 * (`Total: Landing pages`, then `Total: Account`, `Total: Search`, …): the one for the
 * report's own rows is checked; account and campaign-type totals cover rows the report may
 * not list, so they are only listed.
 */
import type { TableLayout } from './rows.js';
import type { NonAdditiveTotal, ReconciledMeasure, Reconciliation } from './types.js';

export interface TotalsRow {
  row: number;
  label: string;
  values: Record<string, number>;
}

const WIDER_TOTAL =
  /^\s*(total|gesamt|totale)\s*:\s*(account|konto|compte|cuenta|conta|search|suche|smart|video|demand gen|display|shopping|performance max|app|discovery)\s*$/i;

/**
 * Sums are compared with a tolerance: 0.05 % of the total plus 0.01, because platforms add
 * unrounded values and print rounded ones (Google's cost total is not the sum of the
 * rounded cell values).
 */
export function withinTolerance(total: number, sum: number): boolean {
  return Math.abs(total - sum) <= Math.abs(total) * 0.0005 + 0.01;
}

export function reconcile(
  totals: readonly TotalsRow[],
  sums: Readonly<Record<string, number>>,
  rowsAccepted: number,
  layout: TableLayout,
): Reconciliation {
  const checked = totals.find((total) => !WIDER_TOTAL.test(total.label)) ?? totals[0];
  const otherTotals = totals.filter((total) => total !== checked).map(({ row, label }) => ({ row, label }));
  if (!checked) return { status: 'no_totals', measures: [], otherTotals };
  const measures: ReconciledMeasure[] = [];
  const nonAdditive: NonAdditiveTotal[] = [];
  for (const [measure, fileTotal] of Object.entries(checked.values)) {
    // Reach and other distinct counts do not add up across rows, by definition: a person seen in
    // two rows is one person in the total. Their gap is told, never held against the import.
    if (layout.distinctColumns.has(measure)) {
      const rowsSum = Math.round((sums[measure] ?? 0) * 1e6) / 1e6;
      if (rowsAccepted > 0 && !withinTolerance(fileTotal, rowsSum))
        nonAdditive.push({ measure, fileTotal, rowsSum });
      continue;
    }
    if (!layout.additiveColumns.has(measure)) continue;
    const importedSum = Math.round((sums[measure] ?? 0) * 1e6) / 1e6;
    measures.push({
      measure,
      fileTotal,
      importedSum,
      difference: Math.round((importedSum - fileTotal) * 1e6) / 1e6,
      matched: rowsAccepted > 0 && withinTolerance(fileTotal, importedSum),
    });
  }
  return {
    status: measures.every((measure) => measure.matched) ? 'matched' : 'mismatched',
    totalsRow: checked.row,
    label: checked.label,
    measures,
    ...(nonAdditive.length > 0 ? { nonAdditive } : {}),
    otherTotals,
  };
}
