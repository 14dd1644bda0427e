/**
 * Totals and summary rows: Google Ads ends with `Total: Account`, `Total: Search`, …
 * (`Gesamt: Konto`, `Total : compte`), Chinese exports carry `合计`/`总计`, GA4 explorations a
 * `Grand total`, and Meta's summary row is the first row with every name empty. They are
 * never loaded; the import uses them to reconcile its own sums.
 */
/** Words that open a totals label when a colon follows (`Total: Account`, `Gesamt: Konto`). */
export const TOTAL_WORDS_BEFORE_COLON: readonly string[] = [
  'total',
  'totals',
  'gesamt',
  'totale',
  'summe',
  'totaal',
];
/** Words that are a totals label on their own (a cell holding only `合计`). */
export const TOTAL_WORDS_ALONE: readonly string[] = [
  'total',
  'totals',
  'grand total',
  'gesamt',
  'summe',
  '合计',
  '總計',
  '总计',
  '汇总',
  '合計',
  '總和',
  '总和',
];

// `Total: Account` / `Total : compte` / `Gesamt: Konto`, or a cell that is only the word: a
// campaign called "Total Care" is not a totals row. (The engine reader spells the same test in
// RE2 from these lists: load/engine-csv.ts.)
const TOTAL_LABEL = new RegExp(
  `^\\s*(?:(?:${TOTAL_WORDS_BEFORE_COLON.join('|')})\\s*:|(?:${TOTAL_WORDS_ALONE.join('|')})\\s*$)`,
  'i',
);

export function isTotalLabel(text: string): boolean {
  return TOTAL_LABEL.test(text);
}

/**
 * A row's totals label as the streaming reader finds it: the first filled cell, when it is
 * among the first three, and a totals label; undefined for any other row.
 */
export function totalsLabelOf(cells: readonly (string | null)[]): string | undefined {
  for (let index = 0; index < Math.min(cells.length, 3); index++) {
    const text = (cells[index] ?? '').trim();
    if (text === '') continue;
    return isTotalLabel(text) ? text : undefined;
  }
  return undefined;
}
