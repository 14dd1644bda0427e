/**
 * Splits a formula into tokens. It reports every character it can't use (all of them, not
 * just the first) and never throws. Offsets are JavaScript string indices (UTF-16 code units).
 */
import type { Problem } from '../errors.js';
import type { ArithmeticOperator, ComparisonOperator } from './ast.js';
import { ProblemList } from './problems.js';
import { excerpt, isIdentifier, type Keyword, keywordOf } from './syntax.js';

interface TokenSpan {
  start: number;
  end: number;
}

export type Token =
  | (TokenSpan & { kind: 'number'; value: number })
  | (TokenSpan & { kind: 'string'; value: string })
  | (TokenSpan & { kind: 'name'; name: string })
  | (TokenSpan & { kind: 'keyword'; keyword: Keyword })
  /** `==` arrives as `=` and `<>` as `!=`. */
  | (TokenSpan & { kind: 'operator'; operator: ArithmeticOperator | ComparisonOperator })
  | (TokenSpan & { kind: 'open' | 'close' | 'comma' | 'end' });

export interface LexResult {
  /** Always ends with one `end` token. */
  tokens: Token[];
  problems: Problem[];
}

/**
 * Numbers: `12`, `1.5`, `.5`, `1e3`, `2.5e-3`, `1_000` (underscores only between digits).
 * Linear to match: every repetition is separated by a character the next can't start with.
 */
const NUMBER_PATTERN = /^(?:\d+(?:_\d+)*(?:\.\d+(?:_\d+)*)?|\.\d+(?:_\d+)*)(?:[eE][+-]?\d+)?$/;

const isDigit = (char: string | undefined): boolean => char !== undefined && char >= '0' && char <= '9';
const isIdentifierStart = (char: string): boolean =>
  (char >= 'a' && char <= 'z') || (char >= 'A' && char <= 'Z') || char === '_';
const isIdentifierPart = (char: string): boolean => isIdentifierStart(char) || isDigit(char);
/** Any Unicode space counts, so a pasted non-breaking or full-width space does no harm. */
const isWhitespace = (char: string): boolean => /\s/.test(char);

/** Characters that begin a token or a specific complaint; anything else is lumped into a run. */
const HANDLED_CHARACTERS = new Set(["'", '"', '`', '(', ')', ',', '+', '-', '*', '/', '=', '!', '<', '>']);

function startsSomething(text: string, index: number): boolean {
  const char = text[index]!;
  if (isWhitespace(char) || isIdentifierPart(char)) return true;
  if (char === '.') return isDigit(text[index + 1]);
  if (char === '!') return text[index + 1] === '=';
  return HANDLED_CHARACTERS.has(char);
}

function hintForUnknown(run: string): string | undefined {
  const first = run[0];
  switch (first) {
    case ';':
      return 'a formula is a single expression; remove the `;`';
    case '!':
      return 'write `!=` for "not equal", or `not` to negate a condition';
    case '&':
    case '|':
      return 'write `and` / `or` to combine conditions';
    case '%':
      return 'write a percentage as a ratio (a / b); the KPI’s unit decides how it is shown';
    case '^':
      return 'powers are not supported; multiply instead (x * x)';
    case '[':
    case ']':
    case '{':
    case '}':
      return 'group with round parentheses ( )';
    case '.':
      return 'names cannot contain `.`; a number needs a digit after its decimal point';
    case '‘':
    case '’':
    case '“':
    case '”':
      return "put text in straight single quotes, e.g. 'douyin'";
    case '（':
    case '）':
    case '，':
    case '；':
      return 'use ASCII punctuation: ( ) and ,';
    default:
      return first !== undefined && first.charCodeAt(0) > 0x7f
        ? "names use only the letters A–Z, digits and _; put other text in single quotes, e.g. '抖音'"
        : undefined;
  }
}

export function tokenize(text: string): LexResult {
  const tokens: Token[] = [];
  const problems = new ProblemList();
  let index = 0;

  while (index < text.length) {
    const char = text[index]!;
    const start = index;

    if (isWhitespace(char)) {
      index++;
      continue;
    }

    if (isDigit(char) || (char === '.' && isDigit(text[index + 1]))) {
      index = lexNumber(text, start, tokens, problems);
      continue;
    }

    if (isIdentifierStart(char)) {
      while (index < text.length && isIdentifierPart(text[index]!)) index++;
      const word = text.slice(start, index);
      const keyword = keywordOf(word);
      tokens.push(
        keyword
          ? { kind: 'keyword', keyword, start, end: index }
          : { kind: 'name', name: word, start, end: index },
      );
      continue;
    }

    const next = text[index + 1];
    switch (char) {
      case "'":
        index = lexString(text, start, tokens, problems);
        continue;
      case '"': {
        const close = text.indexOf('"', start + 1);
        index = close === -1 ? text.length : close + 1;
        const inner = text.slice(start + 1, close === -1 ? text.length : close);
        problems.report(
          { start, end: index },
          `unexpected double quote at ${start}: text goes in single quotes`,
          `write '${excerpt(inner.replaceAll("'", "''"))}'`,
        );
        continue;
      }
      case '`': {
        const close = text.indexOf('`', start + 1);
        index = close === -1 ? text.length : close + 1;
        const inner = text.slice(start + 1, close === -1 ? text.length : close);
        problems.report(
          { start, end: index },
          `unexpected backquote at ${start}: names are written without quotes`,
          isIdentifier(inner) ? `write ${inner}` : undefined,
        );
        continue;
      }
      case '(':
        tokens.push({ kind: 'open', start, end: start + 1 });
        index++;
        continue;
      case ')':
        tokens.push({ kind: 'close', start, end: start + 1 });
        index++;
        continue;
      case ',':
        tokens.push({ kind: 'comma', start, end: start + 1 });
        index++;
        continue;
      case '+':
      case '*':
        tokens.push({ kind: 'operator', operator: char, start, end: start + 1 });
        index++;
        continue;
      case '-':
        // `--` would be a comment in SQL. Reading it as two minus signs would silently turn
        // `spend -- clicks` into `spend + clicks`, so it is refused; `- -x` still works.
        if (next === '-') {
          index += 2;
          problems.report(
            { start, end: index },
            `unexpected \`--\` at ${start}: formulas have no comments`,
            'remove the comment; to negate twice write -(-x)',
          );
          continue;
        }
        tokens.push({ kind: 'operator', operator: '-', start, end: start + 1 });
        index++;
        continue;
      case '/':
        if (next === '*' || next === '/') {
          index += 2;
          problems.report(
            { start, end: index },
            `unexpected \`/${next}\` at ${start}: formulas have no comments`,
            'remove the comment',
          );
          continue;
        }
        tokens.push({ kind: 'operator', operator: '/', start, end: start + 1 });
        index++;
        continue;
      case '=':
        index += next === '=' ? 2 : 1;
        tokens.push({ kind: 'operator', operator: '=', start, end: index });
        continue;
      case '<':
        index += next === '=' || next === '>' ? 2 : 1;
        tokens.push({
          kind: 'operator',
          operator: next === '=' ? '<=' : next === '>' ? '!=' : '<',
          start,
          end: index,
        });
        continue;
      case '>':
        index += next === '=' ? 2 : 1;
        tokens.push({ kind: 'operator', operator: next === '=' ? '>=' : '>', start, end: index });
        continue;
      case '!':
        if (next === '=') {
          index += 2;
          tokens.push({ kind: 'operator', operator: '!=', start, end: index });
          continue;
        }
        break;
    }

    // A run of characters the language has no use for is one problem, not one per character.
    index++;
    while (index < text.length && !startsSomething(text, index)) index++;
    const run = excerpt(text.slice(start, index));
    problems.report(
      { start, end: index },
      `unexpected \`${run}\` at ${start}: formulas can't contain \`${run}\``,
      hintForUnknown(run),
    );
  }

  tokens.push({ kind: 'end', start: text.length, end: text.length });
  return { tokens, problems: problems.problems };
}

/** Reads the number starting at `start`; returns the index just past it. */
function lexNumber(text: string, start: number, tokens: Token[], problems: ProblemList): number {
  // Take the whole run of characters a number could be confused with, so `12abc` and
  // `1.2.3` are one complaint instead of a number followed by something odd.
  let index = start;
  while (index < text.length) {
    const char = text[index]!;
    const previous = text[index - 1];
    const signOfExponent =
      (char === '+' || char === '-') && (previous === 'e' || previous === 'E') && isDigit(text[index + 1]);
    if (!(isIdentifierPart(char) || char === '.' || signOfExponent)) break;
    index++;
  }
  const written = text.slice(start, index);
  if (!NUMBER_PATTERN.test(written)) {
    problems.report(
      { start, end: index },
      `\`${excerpt(written)}\` at ${start} is not a number`,
      'numbers look like 12, 1.5, .5, 1e3 or 1_000; names start with a letter or _',
    );
    return index;
  }
  const value = Number(written.replaceAll('_', ''));
  if (!Number.isFinite(value)) {
    problems.report({ start, end: index }, `\`${excerpt(written)}\` at ${start} is too large a number`);
    return index;
  }
  tokens.push({ kind: 'number', value, start, end: index });
  return index;
}

/** Reads the single-quoted text starting at `start`, where `''` stands for one quote. */
function lexString(text: string, start: number, tokens: Token[], problems: ProblemList): number {
  let value = '';
  let index = start + 1;
  let segmentStart = index;
  while (index < text.length) {
    if (text[index] !== "'") {
      index++;
      continue;
    }
    value += text.slice(segmentStart, index);
    if (text[index + 1] === "'") {
      value += "'";
      index += 2;
      segmentStart = index;
      continue;
    }
    tokens.push({ kind: 'string', value, start, end: index + 1 });
    return index + 1;
  }
  problems.report(
    { start, end: text.length },
    `the text starting at ${start} is never closed`,
    "end it with ' (write '' for a quote inside the text)",
  );
  return text.length;
}
