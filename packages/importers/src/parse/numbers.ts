/**
 * Numbers as exports write them: `1,414,877`, `1.234,5`, `1.2万`, `3w`, `2亿`, `6.20%`, `--`.
 * Never a bare parseFloat: `parseFloat("1,414,877")` is 1 and `parseFloat("1.2万")` is 1.2.
 */
import { ExcelPercent, type RawCell } from '../read/records.js';
import { type Refusal, refusal } from '../said.js';

/** Which character separates decimals in a file: `1,234.5` (dot) or `1.234,5` (comma). */
export type DecimalStyle = 'dot' | 'comma';

export type NumberResult = { ok: true; value: number | null; percent: boolean } | Refusal;

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

const failure = (text: string): NumberResult => refusal('import.reason.not_a_number', { value: text });

export function parseNumber(cell: RawCell, style: DecimalStyle = 'dot'): NumberResult {
  if (cell === null) return { ok: true, value: null, percent: false };
  if (typeof cell === 'number') return { ok: true, value: cell, percent: false };
  if (cell instanceof ExcelPercent) return { ok: true, value: cell.fraction, percent: true };
  return parseNumberText(cell, style);
}

/** Plain integers and dot decimals, the bulk of every file, skip the general path. */
const PLAIN_NUMBER = /^-?\d{1,15}(?:\.\d{1,15})?$/;

/**
 * The value of a plain integer or dot decimal (`12345`, `-0.25`), the bulk of every file, or
 * undefined for anything else; lets the row loop skip building a result object per cell.
 */
export function plainNumber(text: string, style: DecimalStyle): number | undefined {
  // In a comma-decimal file `2.900` is 2900, so only dot-less numbers take the shortcut there.
  return PLAIN_NUMBER.test(text) && (style === 'dot' || !text.includes('.')) ? Number(text) : undefined;
}

/** 10⁰ … 10²²: every one exactly a double. */
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, power) => Number(`1e${power}`));

/** Magnitude suffixes by character code: 万 w W 亿 k K 千 M. */
function suffixMagnitude(code: number): number {
  switch (code) {
    case 0x4e07:
    case 0x77:
    case 0x57:
      return 4;
    case 0x4ebf:
      return 8;
    case 0x6b:
    case 0x4b:
    case 0x5343:
      return 3;
    case 0x4d:
      return 6;
    default:
      return -1;
  }
}

/**
 * The three shapes nearly every number cell of an export has, read in one pass over the
 * characters with no intermediate text, or undefined for anything else (the general parser's):
 * - plain: `-?d{1,15}(.d{1,15})?` (in a comma-decimal file only without a dot);
 * - grouped with commas, dot decimals only: `d{1,3}(,ddd)+(.d{1,15})?`;
 * - scaled: `d{1,15}(.d{1,15})?` then 万 w W 亿 k K 千 M (in a comma-decimal file only whole).
 *
 * Exact as the text is: with at most 15 digits the digits form an integer M below 2⁵³ and the
 * value is M × 10^e or M ÷ 10^-e, one correctly rounded operation on exact doubles, which is the
 * double nearest the written decimal — what `Number` gives for the same text. Longer digit runs
 * are handed to `Number` itself.
 */
export function quickNumber(text: string, style: DecimalStyle): number | undefined {
  const length = text.length;
  let index = 0;
  const negative = length > 0 && text.charCodeAt(0) === 45;
  if (negative) index = 1;
  let mantissa = 0;
  let integerDigits = 0;
  let group = 0;
  let groups = 0;
  let firstGroup = 0;
  for (; index < length; index++) {
    const code = text.charCodeAt(index);
    if (code >= 48 && code <= 57) {
      mantissa = mantissa * 10 + (code - 48);
      integerDigits++;
      group++;
    } else if (code === 44) {
      // A grouping comma: the first group has one to three digits, every later one three.
      if (groups === 0) {
        if (group < 1 || group > 3) return undefined;
        firstGroup = group;
      } else if (group !== 3) return undefined;
      groups++;
      group = 0;
    } else break;
  }
  if (integerDigits === 0) return undefined;
  if (groups > 0 && (group !== 3 || firstGroup === 0)) return undefined;
  let fractionDigits = 0;
  let dot = false;
  if (index < length && text.charCodeAt(index) === 46) {
    dot = true;
    index++;
    for (; index < length; index++) {
      const code = text.charCodeAt(index);
      if (code < 48 || code > 57) break;
      mantissa = mantissa * 10 + (code - 48);
      fractionDigits++;
    }
    if (fractionDigits === 0 || fractionDigits > 15) return undefined;
  }
  let magnitude = 0;
  if (index === length - 1) {
    magnitude = suffixMagnitude(text.charCodeAt(index));
    if (magnitude < 0 || negative || groups > 0 || (dot && style !== 'dot')) return undefined;
    index++;
  } else if (dot && style !== 'dot') return undefined;
  if (index !== length) return undefined;
  if (groups > 0) {
    if (style !== 'dot' || negative) return undefined;
  } else if (integerDigits > 15) return undefined;
  if (integerDigits + fractionDigits > 15) {
    // Beyond 2⁵³ the digits are not exact as an integer: the text as the slower shapes read it.
    if (groups > 0) return Number(text.replaceAll(',', ''));
    if (magnitude > 0) return Number(`${text.slice(0, -1)}e${magnitude}`);
    return Number(text);
  }
  const exponent = magnitude - fractionDigits;
  const value = exponent >= 0 ? mantissa * POWERS_OF_TEN[exponent]! : mantissa / POWERS_OF_TEN[-exponent]!;
  return negative ? -value : value;
}

export function parseNumberText(original: string, style: DecimalStyle = 'dot'): NumberResult {
  const quick = quickNumber(original, style);
  if (quick !== undefined) return { ok: true, value: quick, percent: false };
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
    // Every pattern below needs a dot or a comma: most cells (whole counts) have neither.
    if (!raw.includes('.') && !raw.includes(',')) continue;
    const text = raw.replace(/[\s%]/g, '');
    if (/\d,\d{3}\.\d/.test(text) || /\d,\d{3},\d{3}/.test(text)) dot++;
    else if (/\d\.\d{3},\d/.test(text) || /\d\.\d{3}\.\d{3}/.test(text)) comma++;
    else if (/^[-+]?\d*\.(?:\d{1,2}|\d{4,})$/.test(text)) dot++;
    else if (/^[-+]?\d*,(?:\d{1,2}|\d{4,})$/.test(text)) comma++;
  }
  if (dot === 0 && comma === 0) return undefined;
  return comma > dot ? 'comma' : 'dot';
}
