/**
 * Numbers as exports write them: `1,414,877`, `1.234,5`, `1.2万`, `3w`, `2亿`, `6.20%`, `--`.
 * Never a bare parseFloat: `parseFloat("1,414,877")` is 1 and `parseFloat("1.2万")` is 1.2.
 */
import { ExcelPercent, type RawCell } from '../read/records.js';

/** Which character separates decimals in a file: `1,234.5` (dot) or `1.234,5` (comma). */
export type DecimalStyle = 'dot' | 'comma';

export type NumberResult =
  | { ok: true; value: number | null; percent: boolean }
  | { ok: false; reason: string };

/** Cells that mean "no value" (not zero): Google `--`, Meta `-`, Chinese UIs `—`; lower case. */
export const PLACEHOLDER_TEXTS: readonly string[] = [
  '',
  '-',
  '--',
  '—',
  '——',
  '–',
  'n/a',
  'na',
  'null',
  'none',
  '/',
  '#n/a',
];
const PLACEHOLDERS = new Set(PLACEHOLDER_TEXTS);

/** The longest placeholder: anything longer (once trimmed) is not one, without lower-casing it. */
const PLACEHOLDER_MAX = Math.max(...[...PLACEHOLDERS].map((text) => text.length));

export function isPlaceholder(text: string): boolean {
  // Called for nearly every cell; most are long names or numbers, so bail out before copying.
  const trimmed = text.length > PLACEHOLDER_MAX ? text.trim() : text;
  if (trimmed.length > PLACEHOLDER_MAX) return false;
  return PLACEHOLDERS.has(trimmed.trim().toLowerCase());
}

/** Powers of ten the magnitude suffixes stand for. */
const MAGNITUDES: Record<string, number> = { 万: 4, w: 4, W: 4, 亿: 8, k: 3, K: 3, 千: 3, M: 6 };

const CURRENCY_PREFIX = /^(?:US\$|R\$|HK\$|NT\$|A\$|C\$|S\$|\$|¥|￥|€|£|₩|₹|RMB|CNY|USD|EUR)\s*/i;
const CURRENCY_SUFFIX = /\s*(?:元|円|€|RMB|CNY|USD|EUR)$/i;

const failure = (text: string): NumberResult => ({ ok: false, reason: `"${text}" is not a number` });

export function parseNumber(cell: RawCell, style: DecimalStyle = 'dot'): NumberResult {
  if (cell === null) return { ok: true, value: null, percent: false };
  if (typeof cell === 'number') return { ok: true, value: cell, percent: false };
  if (cell instanceof ExcelPercent) return { ok: true, value: cell.fraction, percent: true };
  return parseNumberText(cell, style);
}

/** Plain integers and dot decimals, the bulk of every file, skip the general path. */
const PLAIN_NUMBER = /^-?\d{1,15}(?:\.\d{1,15})?$/;
const DOT_GROUPED = /^\d{1,3}(?:,\d{3})+(?:\.\d{1,15})?$/;
const SCALED_NUMBER = /^(\d{1,15}(\.\d{1,15})?)(万|w|W|亿|k|K|千|M)$/;

/**
 * The value of a plain integer or dot decimal (`12345`, `-0.25`), the bulk of every file, or
 * undefined for anything else; lets the row loop skip building a result object per cell.
 */
export function plainNumber(text: string, style: DecimalStyle): number | undefined {
  // In a comma-decimal file `2.900` is 2900, so only dot-less numbers take the shortcut there.
  return PLAIN_NUMBER.test(text) && (style === 'dot' || !text.includes('.')) ? Number(text) : undefined;
}

export function parseNumberText(original: string, style: DecimalStyle = 'dot'): NumberResult {
  const quick = plainNumber(original, style);
  if (quick !== undefined) return { ok: true, value: quick, percent: false };
  if (style === 'dot' && DOT_GROUPED.test(original)) {
    return { ok: true, value: Number(original.replaceAll(',', '')), percent: false };
  }
  // `1.2万`, `3w`, `15k`: Chinese UIs write every count above ten thousand this way. The digits
  // are shifted in the text, as below, so `1.15万` is exactly 11500.
  const scaled = SCALED_NUMBER.exec(original);
  if (scaled && (style === 'dot' || scaled[2] === undefined)) {
    return { ok: true, value: Number(`${scaled[1]}e${MAGNITUDES[scaled[3]!]}`), percent: false };
  }
  let text = original.replace(/[\u00a0\u202f\u2009\u2007]/g, ' ').trim();
  if (isPlaceholder(text)) return { ok: true, value: null, percent: false };

  let negative = false;
  if (/^\(.*\)$/.test(text)) {
    negative = true;
    text = text.slice(1, -1).trim();
  }
  if (/^[-−]/.test(text)) {
    negative = true;
    text = text.slice(1).trim();
  } else if (text.startsWith('+')) {
    text = text.slice(1).trim();
  }
  text = text.replace(CURRENCY_PREFIX, '').replace(CURRENCY_SUFFIX, '');
  let percent = false;
  if (text.endsWith('%')) {
    percent = true;
    text = text.slice(0, -1).trim();
  }
  let exponent = 0;
  const suffix = text.slice(-1);
  const magnitude = MAGNITUDES[suffix];
  if (magnitude !== undefined && text.length > 1) {
    exponent = magnitude;
    text = text.slice(0, -1).trim();
  }
  const scientific = /^(\d+(?:\.\d+)?)[eE]([+-]?\d+)$/.exec(text);
  if (scientific) {
    exponent += Number(scientific[2]);
    text = scientific[1]!;
  }
  const plain = normaliseSeparators(text, style);
  if (plain === undefined || !/^\d+(?:\.\d+)?$|^\.\d+$/.test(plain)) return failure(original.trim());
  if (percent) exponent -= 2;
  // Shifting the decimal point in the text keeps `1.15万` exactly 11500 (1.15 * 1e4 is not).
  const value = Number(`${plain}e${exponent}`);
  if (!Number.isFinite(value)) return failure(original.trim());
  return { ok: true, value: negative ? -value : value, percent };
}

/** `1,234.5` / `1.234,5` / `1 234,5` / `1'234.5` → `1234.5`; undefined when malformed. */
function normaliseSeparators(text: string, style: DecimalStyle): string | undefined {
  const compact = text.replace(/[ ']/g, '');
  const lastDot = compact.lastIndexOf('.');
  const lastComma = compact.lastIndexOf(',');
  const dots = compact.split('.').length - 1;
  const commas = compact.split(',').length - 1;
  if (dots > 0 && commas > 0) {
    const decimal = lastDot > lastComma ? '.' : ',';
    const grouping = decimal === '.' ? ',' : '.';
    if ((decimal === '.' ? dots : commas) > 1) return undefined;
    return compact.split(grouping).join('').replace(',', '.');
  }
  if (commas > 0) {
    if (commas > 1) return groupedOrUndefined(compact, ',');
    const decimals = compact.length - lastComma - 1;
    return style === 'comma' || decimals !== 3 ? compact.replace(',', '.') : compact.replace(',', '');
  }
  if (dots > 1) return groupedOrUndefined(compact, '.');
  if (dots === 1 && style === 'comma' && compact.length - lastDot - 1 === 3 && !compact.startsWith('0.')) {
    // `2.900` in a comma-decimal file is two thousand nine hundred.
    return compact.replace('.', '');
  }
  return compact;
}

function groupedOrUndefined(text: string, separator: string): string | undefined {
  const groups = text.split(separator);
  const [first, ...rest] = groups;
  if (!first || first.length > 3 || rest.some((group) => group.length !== 3)) return undefined;
  return groups.join('');
}

/**
 * Looks at number cells of a file and says which decimal separator it uses, when any cell
 * settles it (`12,5`, `1.234,56`, `4.19763158`, `1,234.5`); undefined when none does.
 */
export function detectDecimalStyle(samples: Iterable<string>): DecimalStyle | undefined {
  let dot = 0;
  let comma = 0;
  for (const raw of samples) {
    const text = raw.replace(/[\s%]/g, '');
    if (/\d,\d{3}\.\d/.test(text) || /\d,\d{3},\d{3}/.test(text)) dot++;
    else if (/\d\.\d{3},\d/.test(text) || /\d\.\d{3}\.\d{3}/.test(text)) comma++;
    else if (/^[-+]?\d*\.(?:\d{1,2}|\d{4,})$/.test(text)) dot++;
    else if (/^[-+]?\d*,(?:\d{1,2}|\d{4,})$/.test(text)) comma++;
  }
  if (dot === 0 && comma === 0) return undefined;
  return comma > dot ? 'comma' : 'dot';
}
