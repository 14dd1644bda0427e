/**
 * Totals and summary rows: Google Ads ends with `Total: Account`, `Total: Search`, …
 * (`Gesamt: Konto`, `Total : compte`), Chinese exports carry `合计`/`总计`, GA4 explorations a
 * `Grand total`, and Meta's summary row is the first row with every name empty. They are
 * never loaded; the import uses them to reconcile its own sums.
 */
// `Total: Account` / `Total : compte` / `Gesamt: Konto`, or a cell that is only the word: a
// campaign called "Total Care" is not a totals row.
const TOTAL_LABEL =
  /^\s*(?:(?:total|totals|gesamt|totale|summe|totaal)\s*:|(?:total|totals|grand total|gesamt|summe|合计|總計|总计|汇总|合計|總和|总和)\s*$)/i;

export function isTotalLabel(text: string): boolean {
  return TOTAL_LABEL.test(text);
}
