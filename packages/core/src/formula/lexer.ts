/**
 * Splits a formula into tokens. It reports every character it can't use (all of them, not
 * just the first) and never throws. Offsets are JavaScript string indices (UTF-16 code units).
 */
import type { Problem } from '../errors.js';
import { type FormulaMessageKey, formulaSaid } from '../messages/formula.js';
import type { Said } from '../messages/say.js';
import type { ArithmeticOperator, ComparisonOperator } from './ast.js';
import { at, ProblemList } from './problems.js';
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

function hintForUnknown(run: string): Said | undefined {
  const key = unknownHintKey(run[0]);
  return key === undefined ? undefined : formulaSaid(key);
}

function unknownHintKey(first: string | undefined): FormulaMessageKey | undefined {
  switch (first) {
    case ';':
      return 'formula.hint.semicolon';
    case '!':
      return 'formula.hint.bang';
    case '&':
    case '|':
      return 'formula.hint.and_or';
    case '%':
      return 'formula.hint.percent';
    case '^':
      return 'formula.hint.power';
    case '[':
    case ']':
    case '{':
    case '}':
      return 'formula.hint.brackets';
    case '.':
      return 'formula.hint.dot';
    case '‘':
    case '’':
    case '“':
    case '”':
      return 'formula.hint.curly_quotes';
    case '（':
    case '）':
    case '，':
    case '；':
      return 'formula.hint.fullwidth';
    default:
      return first !== undefined && first.charCodeAt(0) > 0x7f ? 'formula.hint.non_ascii' : undefined;
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
          formulaSaid('formula.double_quote', { at: at(start) }),
          formulaSaid('formula.hint.write', { text: `'${excerpt(inner.replaceAll("'", "''"))}'` }),
        );
        continue;
      }
      case '`': {
        const close = text.indexOf('`', start + 1);
        index = close === -1 ? text.length : close + 1;
        const inner = text.slice(start + 1, close === -1 ? text.length : close);
        problems.report(
          { start, end: index },
          formulaSaid('formula.backquote', { at: at(start) }),
          isIdentifier(inner) ? formulaSaid('formula.hint.write', { text: inner }) : undefined,
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
            formulaSaid('formula.comment', { mark: '--', at: at(start) }),
            formulaSaid('formula.hint.remove_comment_negate'),
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
            formulaSaid('formula.comment', { mark: `/${next}`, at: at(start) }),
            formulaSaid('formula.hint.remove_comment'),
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
      formulaSaid('formula.unexpected_characters', { run, at: at(start) }),
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
      formulaSaid('formula.not_a_number', { text: excerpt(written), at: at(start) }),
      formulaSaid('formula.hint.number_forms'),
    );
    return index;
  }
  const value = Number(written.replaceAll('_', ''));
  if (!Number.isFinite(value)) {
    problems.report(
      { start, end: index },
      formulaSaid('formula.number_too_large', { text: excerpt(written), at: at(start) }),
    );
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
    formulaSaid('formula.text_unclosed', { at: at(start) }),
    formulaSaid('formula.hint.close_text'),
  );
  return text.length;
}
