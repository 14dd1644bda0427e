/**
 * Messages for people as a stable key and named parameters (`Said`), said in English or Chinese
 * from one template per language. Results, notes and errors carry the key and parameters, so
 * every client says them in its own language; the English a result or an error has always
 * carried is made from the same template, so text and message never drift apart.
 *
 * Templates name a parameter in braces and how to say it after a comma: `{value, percent}`.
 * Built-in formats:
 * - `number`: grouped digits, at most two decimals, U+2212 for minus (1,234.5; −3);
 * - `percent`: a fraction as a percentage, two significant decimals under 10% (0.0025 → 0.25%);
 * - `change`: a signed percentage (+12%, −9.1%, ±0%); `changeSize`: the same without its sign;
 * - `bytes`: a size (564 B, 12.3 kB, 4 MB);
 * - `quoted`: a text people typed, in quotation marks (“…” in both languages);
 * - `list`: a list joined ("a, b and c"; "a、b、c"); `clauses`: each item after a comma;
 * - `commas`: a list joined by commas alone ("a, b, c"; "a、b、c"); `semicolons`: by semicolons
 *   ("a; b"; "a；b"), for separate problems of one thing; `alternatives`: by "or" ("a or b"; "a 或 b").
 * A parameter without a format is said as it is (a string as written, a number by `number`).
 * Nested messages are said first and put in their place. Callers add formats of their own (KPI
 * and measure names from a catalog, amounts by unit) through `SayOptions.formats`.
 */

export type MessageLanguage = 'en' | 'zh';
export const MESSAGE_LANGUAGES: readonly MessageLanguage[] = ['en', 'zh'];

/** A parameter: a number, a text (an id, a date, what someone typed), a flag, a list, a nested message. */
export type SaidParam = string | number | boolean | Said | readonly (string | number | Said)[];

/** A sentence as a key and its parameters. */
export interface Said {
  key: string;
  params: Readonly<Record<string, SaidParam>>;
}

/** The two templates of one key. */
export interface MessageTemplate {
  en: string;
  zh: string;
}

export type MessageTable = Readonly<Record<string, MessageTemplate>>;

/** Says one plain parameter in a format of the caller's; `said` is the message it belongs to. */
export type MessageFormat = (
  value: string | number | boolean,
  language: MessageLanguage,
  said: Said,
) => string;

export interface SayOptions {
  /** The template of a key, or undefined when the key is not known. */
  template: (key: string) => MessageTemplate | undefined;
  /** Formats besides the built-in ones (a caller's format of the same name wins). */
  formats?: Readonly<Record<string, MessageFormat>>;
  /** What goes before each item of a `clauses` list: ", " in English and "，" in Chinese unless given. */
  clauseSeparator?: Readonly<Record<MessageLanguage, string>>;
}

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)(?:,\s*([A-Za-z]+))?\}/g;
const MAX_DEPTH = 8;

/** Thrown for a key with no template: a message nobody wrote words for is a bug, not a user's mistake. */
export class UnknownMessageKey extends Error {
  constructor(readonly key: string) {
    super(`no template for the message key \`${key}\``);
    this.name = 'UnknownMessageKey';
  }
}

/** The message as a sentence in `language`. */
export function sayMessage(said: Said, language: MessageLanguage, options: SayOptions): string {
  return sayAt(said, language, options, 0);
}

function sayAt(said: Said, language: MessageLanguage, options: SayOptions, depth: number): string {
  if (depth > MAX_DEPTH) throw new Error(`message \`${said.key}\` nests deeper than ${MAX_DEPTH}`);
  const template = options.template(said.key);
  if (!template) throw new UnknownMessageKey(said.key);
  return template[language].replace(PLACEHOLDER, (whole, name: string, format: string | undefined) => {
    if (!Object.hasOwn(said.params, name)) return whole;
    const value = said.params[name]!;
    const text = (item: string | number | boolean | Said): string =>
      typeof item === 'object'
        ? sayAt(item, language, options, depth + 1)
        : sayValue(item, format, language, said, options);
    if (Array.isArray(value)) {
      const items = (value as readonly (string | number | Said)[]).map(text);
      const separator = options.clauseSeparator?.[language] ?? (language === 'zh' ? '，' : ', ');
      if (format === 'clauses') return items.map((item) => `${separator}${item}`).join('');
      if (format === 'commas') return items.join(language === 'zh' ? '、' : ', ');
      if (format === 'semicolons') return items.join(language === 'zh' ? '；' : '; ');
      if (format === 'alternatives') return items.join(language === 'zh' ? ' 或 ' : ' or ');
      return joinList(items, language);
    }
    return text(value as string | number | boolean | Said);
  });
}

function sayValue(
  value: string | number | boolean,
  format: string | undefined,
  language: MessageLanguage,
  said: Said,
  options: SayOptions,
): string {
  const own = format === undefined ? undefined : options.formats?.[format];
  if (own) return own(value, language, said);
  if (typeof value === 'number') {
    switch (format) {
      case 'percent':
        return percentText(value);
      case 'change':
        return signedPercent(value);
      case 'changeSize':
        return signedPercent(value).replace(/^[+−]/, '');
      case 'bytes':
        return bytesText(value);
      default:
        return numberText(value, 2);
    }
  }
  if (typeof value === 'boolean') return String(value);
  return format === 'quoted' ? `“${value}”` : value;
}

/** "a, b and c" in English, "a、b、c" in Chinese. */
export function joinList(items: readonly string[], language: MessageLanguage): string {
  if (language === 'zh') return items.join('、');
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** Grouped digits, at most `digits` decimals, U+2212 for minus: 1,234.5, −3. */
export function numberText(value: number, digits: number): string {
  return new Intl.NumberFormat('en-US', { maximumFractionDigits: digits }).format(value).replace('-', '−');
}

/** A fraction as a percentage with two significant decimals under 10%: 0.25%, 0.9%, 3.5%, 12%. */
export function percentText(value: number): string {
  const percent = value * 100;
  const size = Math.abs(percent);
  const digits = size === 0 ? 0 : size < 1 ? 2 : size < 10 ? 1 : 0;
  const text = percent.toFixed(digits);
  return `${text.includes('.') ? text.replace(/\.?0+$/, '') : text}%`.replace('-', '−');
}

/** A change: +20%, −9.1%, ±0% (one decimal under 10%). */
export function signedPercent(value: number): string {
  if (Math.abs(value) < 0.0005) return '±0%';
  const percent = value * 100;
  const text = Math.abs(percent).toFixed(Math.abs(percent) >= 10 ? 0 : 1);
  return `${percent < 0 ? '−' : '+'}${text}%`;
}

/** A size in bytes: 564 B, 12.3 kB, 4 MB, 1.5 GB (powers of 1,000, one decimal under 100). */
export function bytesText(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = unit === 0 || Math.abs(value) >= 100 ? 0 : 1;
  const text = value.toFixed(digits);
  return `${text.includes('.') ? text.replace(/\.0$/, '') : text} ${units[unit]}`;
}

/** Placeholders of a template whose format is neither built in nor among `extra`. */
export function unknownFormats(template: string, extra: readonly string[] = []): string[] {
  const known = new Set([...BUILT_IN_FORMATS, ...extra]);
  return [...template.matchAll(PLACEHOLDER)]
    .map((match) => match[2])
    .filter((format): format is string => format !== undefined && !known.has(format));
}

/** The names a template's placeholders use. */
export function placeholderNames(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((match) => match[1]!);
}

export const BUILT_IN_FORMATS = [
  'number',
  'percent',
  'change',
  'changeSize',
  'bytes',
  'quoted',
  'list',
  'clauses',
  'commas',
  'semicolons',
  'alternatives',
] as const;
