/**
 * Property tests: whatever text arrives (from a dashboard, an API, a YAML file), the parser
 * and checker answer with a result, quickly, and anything that parses has only well-formed
 * names, numbers and text in it, so nothing unparsed can reach generated SQL.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BinaryOperator, Expr } from './ast.js';
import { checkFormula } from './check.js';
import { formatExpr } from './format.js';
import { FUNCTION_NAMES } from './functions.js';
import { type ParseResult, parseFormula } from './parser.js';
import { MAX_PROBLEMS } from './problems.js';
import { isIdentifier, MAX_FORMULA_LENGTH } from './syntax.js';
import { catalogEnvironment } from './test-support.js';
import { childrenOf, sameExpr, walk } from './tree.js';

const env = catalogEnvironment();

/** Generous: a linear parser takes well under a millisecond per thousand characters. */
const TIME_LIMIT_MS = 500;

const TOKENS = [
  "'",
  "''",
  '"',
  '`',
  ';',
  '--',
  '-',
  '/*',
  '*/',
  '//',
  '#',
  'DROP TABLE kpis',
  "'; DROP TABLE users; --",
  "' OR '1'='1",
  '(',
  ')',
  '((',
  '))',
  ',',
  'clicks',
  'spend',
  'channel',
  'Clicks',
  'sum(',
  'count_if(',
  'count(',
  'opening(',
  'prior(',
  'not',
  'NOT',
  'in',
  'and',
  'OR',
  '=',
  '==',
  '<>',
  '!=',
  '!',
  '<=',
  '>=',
  '<',
  '>',
  '+',
  '*',
  '/',
  '1',
  '0',
  '1e3',
  '1e999',
  '.5',
  '1_000',
  '1.',
  "'douyin'",
  "'it''s'",
  '点击',
  '🙂',
  '\u0000',
  '\u200b',
  '\n',
  '\t',
  '%',
  '$1',
  '?',
  '\\',
  'e',
  'e+1',
];

const tokenSoup = (maxLength: number) =>
  fc
    .tuple(fc.array(fc.constantFrom(...TOKENS), { maxLength }), fc.constantFrom('', ' '))
    .map(([tokens, separator]) => tokens.join(separator));

const SPAN = { start: 0, end: 0 };
const BINARY_OPERATORS: BinaryOperator[] = ['+', '-', '*', '/', '=', '!=', '<', '<=', '>', '>=', 'and', 'or'];
// Half of the names are the catalog's, so the checker sees real measures, KPIs and dimensions.
const name = fc.oneof(
  fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,6}$/).filter(isIdentifier),
  fc.constantFrom(...env.names()),
);
const functionName = fc.oneof(
  fc.stringMatching(/^[a-z_][a-z0-9_]{0,6}$/).filter(isIdentifier),
  fc.constantFrom(...FUNCTION_NAMES),
);

/** Random trees of every node kind, as the parser could produce them (no negative literals). */
const { expr: randomExpr } = fc.letrec<{ expr: Expr }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', maxDepth: 6 },
    fc
      .oneof(fc.nat(), fc.double({ min: 0, max: Number.MAX_VALUE, noNaN: true }))
      .map((value): Expr => ({ kind: 'number', value: Math.abs(value), ...SPAN })),
    fc.string({ unit: 'binary', maxLength: 8 }).map((value): Expr => ({ kind: 'string', value, ...SPAN })),
    name.map((value): Expr => ({ kind: 'name', name: value, ...SPAN })),
    fc
      .tuple(fc.constantFrom('-' as const, 'not' as const), tie('expr'))
      .map(([operator, operand]): Expr => ({ kind: 'unary', operator, operand, ...SPAN })),
    fc
      .tuple(fc.constantFrom(...BINARY_OPERATORS), tie('expr'), tie('expr'))
      .map(([operator, left, right]): Expr => ({ kind: 'binary', operator, left, right, ...SPAN })),
    fc
      .tuple(tie('expr'), fc.array(tie('expr'), { minLength: 1, maxLength: 3 }), fc.boolean())
      .map(([operand, values, negated]): Expr => ({ kind: 'in', operand, values, negated, ...SPAN })),
    fc
      .tuple(functionName, fc.array(tie('expr'), { maxLength: 3 }))
      .map(([callee, args]): Expr => ({ kind: 'call', name: callee, nameSpan: SPAN, args, ...SPAN })),
  ),
}));

/** Valid formulas with hostile tokens spliced in, so that many still parse, oddly. */
const mutatedFormula = fc
  .tuple(
    randomExpr,
    fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(...TOKENS)), {
      maxLength: 3,
    }),
  )
  .map(([expr, insertions]) => {
    let text = formatExpr(expr);
    for (const [where, token] of insertions) {
      const at = Math.floor(where * text.length);
      text = text.slice(0, at) + token + text.slice(at);
    }
    return text;
  });

const hostileText = fc.oneof(
  mutatedFormula,
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: fc.constantFrom('(', ')', '-', ' ', 'a', "'", 'not ', ',', 'f('), maxLength: 400 }),
  tokenSoup(60),
);

function timedParse(text: string): ParseResult {
  const started = Date.now();
  const result = parseFormula(text);
  expect(Date.now() - started).toBeLessThan(TIME_LIMIT_MS);
  return result;
}

/** What must hold of any ParseResult for `text`. */
function expectWellFormed(text: string, result: ParseResult): void {
  if (!result.ok) {
    expect(result.problems.length).toBeGreaterThan(0);
    expect(result.problems.length).toBeLessThanOrEqual(MAX_PROBLEMS + 1);
    for (const problem of result.problems) {
      expect(problem.message.length).toBeGreaterThan(0);
      expect(Number.isInteger(problem.start) && Number.isInteger(problem.end)).toBe(true);
      expect(problem.start).toBeGreaterThanOrEqual(0);
      expect(problem.start!).toBeLessThanOrEqual(problem.end!);
      expect(problem.end).toBeLessThanOrEqual(text.length);
    }
    return;
  }
  expectSafeTree(text, result.expr);
  // Whatever parsed prints as canonical text that reads back as the same tree.
  const reparsed = parseFormula(formatExpr(result.expr));
  expect(reparsed.ok && sameExpr(reparsed.expr, result.expr)).toBe(true);
  // The checker never throws either, and points only inside the text.
  for (const mode of ['kpi', 'filter'] as const) {
    for (const problem of checkFormula(result.expr, env, mode).problems) {
      expect(problem.start).toBeGreaterThanOrEqual(0);
      expect(problem.end).toBeLessThanOrEqual(text.length);
    }
  }
}

/**
 * Every node sits inside its parent's text; names are identifiers exactly as written;
 * numbers are finite; text values are exactly the decoded quoted text; and no name or
 * number overlaps a quoted text (nothing inside quotes escaped into the tree).
 */
function expectSafeTree(text: string, root: Expr): void {
  const quoted: { start: number; end: number }[] = [];
  const bare: { start: number; end: number }[] = [];
  walk(root, (node, parent) => {
    expect(node.start).toBeGreaterThanOrEqual(parent?.start ?? 0);
    expect(node.end).toBeLessThanOrEqual(parent?.end ?? text.length);
    expect(node.start).toBeLessThan(node.end);
    const written = text.slice(node.start, node.end);
    switch (node.kind) {
      case 'name':
        expect(isIdentifier(node.name)).toBe(true);
        expect(written).toBe(node.name);
        bare.push(node);
        break;
      case 'call':
        expect(node.name).toMatch(/^[a-z_][a-z0-9_]*$/);
        expect(text.slice(node.nameSpan.start, node.nameSpan.end).toLowerCase()).toBe(node.name);
        bare.push(node.nameSpan);
        break;
      case 'number':
        expect(Number.isFinite(node.value) && node.value >= 0).toBe(true);
        bare.push(node);
        break;
      case 'string':
        expect(written).toMatch(/^'(?:[^']|'')*'$/s);
        expect(written.slice(1, -1).replaceAll("''", "'")).toBe(node.value);
        quoted.push(node);
        break;
      default:
        for (const child of childrenOf(node)) expect(child.start).toBeGreaterThanOrEqual(node.start);
    }
  });
  for (const token of bare) {
    for (const string of quoted) expect(token.end <= string.start || token.start >= string.end).toBe(true);
  }
}

describe('parseFormula on hostile input', () => {
  it('never throws, answers quickly and returns only well-formed results', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        expectWellFormed(text, timedParse(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('stays linear on inputs as long as the limit allows', () => {
    fc.assert(
      fc.property(
        tokenSoup(4000),
        fc.string({ unit: 'binary', minLength: 0, maxLength: 50 }),
        (soup, tail) => {
          const text = (soup + tail).slice(0, MAX_FORMULA_LENGTH);
          expectWellFormed(text, timedParse(text));
        },
      ),
      { numRuns: 50 },
    );
  });

  it.each([
    ['100k of letters', 'a'.repeat(100_000)],
    ['100k of opening parentheses', '('.repeat(100_000)],
    ['100k of nested parentheses', `${'('.repeat(50_000)}a${')'.repeat(50_000)}`],
    ['100k of quotes', "'".repeat(100_000)],
    ['100k of mixed tokens', TOKENS.join(' ').repeat(400).slice(0, 100_000)],
  ])('refuses %s at once, with one problem', (_, text) => {
    const result = timedParse(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems).toHaveLength(1);
  });

  it.each([
    ['parentheses', `${'('.repeat(4999)}a${')'.repeat(4999)}`],
    ['unclosed parentheses', '('.repeat(MAX_FORMULA_LENGTH)],
    ['negations', `${'not '.repeat(2499)}a`],
    ['minus signs', `${'- '.repeat(4999)}a`],
    ['calls', `${'f('.repeat(3333)}a`],
    ['operator chains', `a${' / a'.repeat(2499)}`],
    ['in lists', `a in (${'a in ('.repeat(1600)}`],
  ])('survives the deepest %s that fit in the length limit', (_, text) => {
    expect(text.length).toBeLessThanOrEqual(MAX_FORMULA_LENGTH);
    const result = timedParse(text);
    expect(result.ok).toBe(false);
    expectWellFormed(text, result);
  });

  it('checks the largest formulas quickly, whatever they hold', () => {
    // As many unknown names as fit: every one is looked up and most get a suggestion search.
    const names = (prefix: string, suffix: string) => {
      const room = MAX_FORMULA_LENGTH - prefix.length - suffix.length;
      const list: string[] = [];
      for (let index = 0; list.join(', ').length < room - 10; index++) list.push(`x${index}`);
      return `${prefix}${list.join(', ')}${suffix}`;
    };
    for (const text of [
      names('f(', ')'),
      names('count_if(content, sum(', ') > 1)'),
      names('channel in (', ')'),
    ]) {
      const result = timedParse(text);
      expect(result.ok).toBe(true);
      if (!result.ok) continue;
      for (const mode of ['kpi', 'filter'] as const) {
        const started = Date.now();
        const { problems } = checkFormula(result.expr, env, mode);
        expect(Date.now() - started).toBeLessThan(TIME_LIMIT_MS);
        expect(problems.length).toBeGreaterThan(0);
      }
    }
  });

  it('keeps any text value inside its string literal', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 100 }), (value) => {
        const text = `channel = '${value.replaceAll("'", "''")}' and region != 'x'`;
        const result = timedParse(text);
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        const strings: string[] = [];
        const names: string[] = [];
        walk(result.expr, (node) => {
          if (node.kind === 'string') strings.push(node.value);
          if (node.kind === 'name') names.push(node.name);
        });
        expect(strings).toEqual([value, 'x']);
        expect(names).toEqual(['channel', 'region']);
        expect(checkFormula(result.expr, env, 'filter').problems).toEqual([]);
      }),
    );
  });

  it('never lets unescaped text break out into the tree', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom("'", 'a', ' ', ';', '-', 'or', '1', '='), maxLength: 40 }),
        (value) => {
          const text = `channel = '${value}'`;
          expectWellFormed(text, timedParse(text));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('formatExpr round trip', () => {
  it('prints any tree as text that parses back to the same tree', () => {
    fc.assert(
      fc.property(randomExpr, (expr) => {
        const text = formatExpr(expr);
        const result = parseFormula(text);
        if (!result.ok) throw new Error(`${text}: ${JSON.stringify(result.problems)}`);
        expect(sameExpr(result.expr, expr)).toBe(true);
        expect(formatExpr(result.expr)).toBe(text);
        expectSafeTree(text, result.expr);
      }),
      { numRuns: 3000 },
    );
  });
});
