/**
 * Writing CSV cells that a spreadsheet opens as data, never as formulas. Every CSV the product
 * writes (the CLI's `--format csv`, the dashboard's export, rejected rows) goes through here.
 *
 * Convention (OWASP, "CSV Injection"): a text cell that begins with `=`, `+`, `-`, `@`, a tab, a
 * carriage return or a line feed — or their full-width forms `＝ ＋ － ＠`, which spreadsheets
 * with an East Asian input method also read as the start of a formula — gets a single quote in
 * front, so the spreadsheet shows the text as it was (Excel hides the quote). A *number* is
 * written as it is, minus sign included: a numeric column stays numeric and `-12.5` is no formula.
 * A text that merely reads like a number (`'-12'` in a text column) is text and is quoted like any
 * other text that begins with `-`; columns whose values are numbers pass numbers, not texts.
 * Quoting then follows RFC 4180: a cell holding a comma, a double quote, a line end or leading or
 * trailing space is wrapped in double quotes, inner double quotes doubled.
 */

/** The first characters that make a spreadsheet read a cell as a formula. */
export const FORMULA_TRIGGERS: readonly string[] = [
  '=',
  '+',
  '-',
  '@',
  '\t',
  '\r',
  '\n',
  '＝',
  '＋',
  '－',
  '＠',
];

/** Whether a text cell would be read as a formula by a spreadsheet. */
export function startsLikeFormula(text: string): boolean {
  return text.length > 0 && FORMULA_TRIGGERS.includes(text[0]!);
}

/** The text with a single quote in front when it would otherwise be read as a formula. */
export function neutraliseFormula(text: string): string {
  return startsLikeFormula(text) ? `'${text}` : text;
}

export type CsvValue = string | number | boolean | null | undefined;

/** One CSV field: numbers as written, texts neutralised, then quoted where RFC 4180 needs it. */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? neutraliseFormula(value) : String(value);
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV record ending in CRLF. */
export function csvRecord(values: readonly CsvValue[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}
