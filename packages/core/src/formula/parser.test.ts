import { describe, expect, it } from 'vitest';
import type { Problem } from '../errors.js';
import type { Expr } from './ast.js';
import { parseFormula } from './parser.js';
import { MAX_PROBLEMS } from './problems.js';
import { MAX_FORMULA_LENGTH, MAX_NESTING } from './syntax.js';
import { parsed, shape } from './test-support.js';

/** The problems of text that must fail to parse. */
function problemsOf(text: string): Problem[] {
  const result = parseFormula(text);
  if (result.ok) throw new Error(`expected ${JSON.stringify(text)} to fail, got ${shape(result.expr)}`);
  return result.problems;
}

function onlyProblem(text: string): Problem {
  const problems = problemsOf(text);
  expect(problems).toHaveLength(1);
  return problems[0]!;
}

describe('precedence and grouping', () => {
  it.each([
    ['a - b - c', '(- (- a b) c)'],
    ['a / b * c', '(* (/ a b) c)'],
    ['a / b / c', '(/ (/ a b) c)'],
    ['a - (b - c)', '(- a (- b c))'],
    ['-a * b', '(* (neg a) b)'],
    ['a * -b', '(* a (neg b))'],
    ['-(a * b)', '(neg (* a b))'],
    ['- -a', '(neg (neg a))'],
    ['a + b * c', '(+ a (* b c))'],
    ['(a + b) * c', '(* (+ a b) c)'],
    ['a + b - c + d', '(+ (- (+ a b) c) d)'],
    ['a * b + c * d', '(+ (* a b) (* c d))'],
    ["not a = 'x' and b = 'y'", '(and (not (= a "x")) (= b "y"))'],
    ['a or b and c', '(or a (and b c))'],
    ['a and b or c', '(or (and a b) c)'],
    ['a or not b and c', '(or a (and (not b) c))'],
    ['not not a', '(not (not a))'],
    ['not a + 1 > b', '(not (> (+ a 1) b))'],
    ['a + 1 >= b * 2', '(>= (+ a 1) (* b 2))'],
    ['a = b + c', '(= a (+ b c))'],
    ['-a = -1', '(= (neg a) (neg 1))'],
    ["x in ('a', 'b') or y = 1", '(or (in x "a" "b") (= y 1))'],
    ['x + 1 in (2, 3)', '(in (+ x 1) 2 3)'],
    ["not x in ('a')", '(not (in x "a"))'],
    ["x not in ('a')", '(not-in x "a")'],
    ['(a = 1) = 2', '(= (= a 1) 2)'],
    ['((((a))))', 'a'],
    ['f(a + b, -c, not d)', 'f((+ a b) (neg c) (not d))'],
    ['f()', 'f()'],
    ['f(g(h(x)))', 'f(g(h(x)))'],
  ])('%s', (text, expected) => {
    expect(shape(parsed(text))).toBe(expected);
  });

  it('refuses chained comparisons, pointing at the second operator', () => {
    const problem = onlyProblem('a < b < c');
    expect(problem).toMatchObject({ start: 6, end: 7 });
    expect(problem.message).toContain("comparisons can't be chained");
    expect(problem.hint).toContain('and');
    expect(onlyProblem("a = 1 in ('x')").start).toBe(6);
  });

  it('refuses `not` where a value is expected, unless parenthesised', () => {
    expect(onlyProblem('a = not b')).toMatchObject({ start: 4, end: 7 });
    expect(onlyProblem('a + not b').start).toBe(4);
    expect(onlyProblem('-not a').start).toBe(1);
    expect(shape(parsed('a = (not b)'))).toBe('(= a (not b))');
  });
});

describe('operators and keywords', () => {
  it('normalises == to = and <> to !=', () => {
    expect(shape(parsed('a == 1'))).toBe('(= a 1)');
    expect(shape(parsed('a <> 1'))).toBe('(!= a 1)');
    expect(shape(parsed('a != 1'))).toBe('(!= a 1)');
    expect(shape(parsed('a<=1'))).toBe('(<= a 1)');
    expect(shape(parsed('a>=1'))).toBe('(>= a 1)');
    expect(shape(parsed('a<1'))).toBe('(< a 1)');
    expect(shape(parsed('a>1'))).toBe('(> a 1)');
  });

  it('reads keywords in any case', () => {
    expect(shape(parsed('a = 1 AND b = 2 Or NOT c = 3'))).toBe('(or (and (= a 1) (= b 2)) (not (= c 3)))');
    expect(shape(parsed("channel NOT IN ('a') aNd x In (1)"))).toBe('(and (not-in channel "a") (in x 1))');
  });

  it('lower-cases function names but keeps the case of other names', () => {
    const expr = parsed('SUM(Clicks) + Count_If(content, likes > 1)');
    expect(shape(expr)).toBe('(+ sum(Clicks) count_if(content (> likes 1)))');
  });

  it('accepts whitespace of any kind, including non-breaking and full-width spaces', () => {
    expect(shape(parsed('\ta\n+\u00a0b\u3000*\r\nc '))).toBe('(+ a (* b c))');
  });
});

describe('literals', () => {
  it.each([
    ['12', 12],
    ['1.5', 1.5],
    ['.5', 0.5],
    ['1e3', 1000],
    ['1E-2', 0.01],
    ['2.5e+3', 2500],
    ['1_000', 1000],
    ['1_000_000.25', 1_000_000.25],
    ['007', 7],
    ['0', 0],
  ])('reads the number %s', (text, value) => {
    expect(parsed(text)).toEqual({ kind: 'number', value, start: 0, end: text.length });
  });

  it.each(['1__0', '1_', '1.', '1.2.3', '1e', '0x10', '12abc', '1e3e4', '1._5'])(
    'refuses the number %s',
    (text) => {
      const problem = onlyProblem(text);
      expect(problem).toMatchObject({ start: 0, end: text.length });
      expect(problem.message).toContain('is not a number');
    },
  );

  it('refuses numbers too large to be finite', () => {
    expect(onlyProblem('x * 1e999')).toMatchObject({
      start: 4,
      end: 9,
      message: '`1e999` at 4 is too large a number',
    });
  });

  it("reads single-quoted text, with '' standing for a quote", () => {
    expect(parsed("'it''s'")).toEqual({ kind: 'string', value: "it's", start: 0, end: 7 });
    expect(parsed("''")).toEqual({ kind: 'string', value: '', start: 0, end: 2 });
    expect(parsed("''''")).toEqual({ kind: 'string', value: "'", start: 0, end: 4 });
    expect(parsed("'抖音 -- ; DROP TABLE x /*'")).toMatchObject({
      kind: 'string',
      value: '抖音 -- ; DROP TABLE x /*',
    });
  });

  it('refuses unclosed text, pointing from the quote to the end', () => {
    const problem = onlyProblem("channel = 'douyin");
    expect(problem).toMatchObject({ start: 10, end: 17 });
    expect(problem.message).toContain('never closed');
    expect(onlyProblem("x = 'it''s").start).toBe(4);
  });

  it('refuses double-quoted text with a hint to use single quotes', () => {
    const problem = onlyProblem('channel = "douyin"');
    expect(problem).toMatchObject({ start: 10, end: 18 });
    expect(problem.message).toContain('single quotes');
    expect(problem.hint).toBe("write 'douyin'");
  });
});

describe('offsets', () => {
  it('spans binary nodes over their operands, including parentheses', () => {
    const expr = parsed('(clicks + 1) * 2');
    expect(expr).toMatchObject({ kind: 'binary', operator: '*', start: 0, end: 16 });
    if (expr.kind !== 'binary') throw new Error('binary expected');
    expect(expr.left).toMatchObject({ kind: 'binary', operator: '+', start: 1, end: 11 });
    expect(expr.right).toMatchObject({ kind: 'number', start: 15, end: 16 });
    if (expr.left.kind !== 'binary') throw new Error('binary expected');
    expect(expr.left.left).toMatchObject({ kind: 'name', name: 'clicks', start: 1, end: 7 });
    expect(expr.left.right).toMatchObject({ kind: 'number', value: 1, start: 10, end: 11 });
  });

  it('spans calls from the name to the closing parenthesis', () => {
    const expr = parsed('  Sum( clicks ) ');
    expect(expr).toMatchObject({
      kind: 'call',
      name: 'sum',
      nameSpan: { start: 2, end: 5 },
      start: 2,
      end: 15,
    });
    if (expr.kind !== 'call') throw new Error('call expected');
    expect(expr.args[0]).toMatchObject({ start: 7, end: 13 });
  });

  it('spans unary operators, in lists and strings', () => {
    expect(parsed('- x')).toMatchObject({ kind: 'unary', start: 0, end: 3, operand: { start: 2, end: 3 } });
    expect(parsed('not (a = 1)')).toMatchObject({ kind: 'unary', operator: 'not', start: 0, end: 11 });
    const list = parsed("channel not in ('a', 'b''c')");
    expect(list).toMatchObject({ kind: 'in', negated: true, start: 0, end: 28 });
    if (list.kind !== 'in') throw new Error('in expected');
    expect(list.values[1]).toMatchObject({ kind: 'string', value: "b'c", start: 21, end: 27 });
  });

  it('gives every node a span inside its parent', () => {
    const text = 'count_if(content, likes >= 1000 and not (shares < 5)) / (count(content) + -1)';
    const check = (node: Expr, parent: { start: number; end: number }) => {
      expect(node.start).toBeGreaterThanOrEqual(parent.start);
      expect(node.end).toBeLessThanOrEqual(parent.end);
      expect(node.start).toBeLessThan(node.end);
      const children =
        node.kind === 'binary'
          ? [node.left, node.right]
          : node.kind === 'unary'
            ? [node.operand]
            : node.kind === 'in'
              ? [node.operand, ...node.values]
              : node.kind === 'call'
                ? node.args
                : [];
      for (const child of children) check(child, node);
    };
    check(parsed(text), { start: 0, end: text.length });
  });
});

describe('syntax errors', () => {
  it('refuses empty and blank formulas', () => {
    expect(onlyProblem('')).toMatchObject({ message: 'the formula is empty', start: 0, end: 0 });
    expect(onlyProblem('  \n ')).toMatchObject({ message: 'the formula is empty', start: 0, end: 4 });
  });

  it('names characters formulas cannot contain, at their offset', () => {
    expect(onlyProblem('clicks / impr;')).toMatchObject({
      message: "unexpected `;` at 13: formulas can't contain `;`",
      start: 13,
      end: 14,
    });
    expect(onlyProblem('a # b')).toMatchObject({ start: 2, end: 3 });
    expect(onlyProblem('a && b').hint).toContain('and');
    expect(onlyProblem('a ! b').hint).toContain('!=');
    expect(onlyProblem('a % 2').hint).toContain('ratio');
    expect(onlyProblem('a.b')).toMatchObject({ start: 1, end: 2 });
    expect(problemsOf('[a]').map((problem) => problem.start)).toEqual([0, 2]);
  });

  it('reports a run of unusable characters once', () => {
    expect(onlyProblem('点击率 + 1')).toMatchObject({
      start: 0,
      end: 3,
      message: expect.stringContaining('`点击率`'),
    });
    expect(onlyProblem('a + 🙂🙂')).toMatchObject({ start: 4, end: 8 });
    expect(problemsOf('（a）')[0]?.hint).toContain('ASCII');
  });

  it('reports every lexical problem, not only the first', () => {
    const problems = problemsOf('a ; b # c "d" `e`');
    expect(problems.map((problem) => problem.start)).toEqual([2, 6, 10, 14]);
  });

  it('caps the number of problems reported', () => {
    const problems = problemsOf('; '.repeat(500));
    expect(problems).toHaveLength(MAX_PROBLEMS + 1);
    expect(problems.at(-1)?.message).toContain('more than');
  });

  it('refuses backquoted names with a hint', () => {
    expect(onlyProblem('`clicks` + 1')).toMatchObject({ start: 0, end: 8, hint: 'write clicks' });
  });

  it('refuses SQL comments instead of reading them as operators', () => {
    expect(onlyProblem('spend -- clicks')).toMatchObject({
      start: 6,
      end: 8,
      message: expect.stringContaining('no comments'),
    });
    expect(onlyProblem('spend /* x */')).toMatchObject({ start: 6, end: 8 });
    expect(onlyProblem('spend // x')).toMatchObject({ start: 6, end: 8 });
    expect(shape(parsed('spend - -clicks'))).toBe('(- spend (neg clicks))');
  });

  it('refuses unbalanced parentheses, pointing at the culprit', () => {
    expect(onlyProblem('(a + b')).toMatchObject({
      message: 'missing `)`: the `(` at 0 is never closed',
      start: 0,
      end: 1,
    });
    expect(onlyProblem('a + b)')).toMatchObject({
      start: 5,
      end: 6,
      message: expect.stringContaining('no `(`'),
    });
    expect(onlyProblem('sum(a')).toMatchObject({
      start: 3,
      end: 4,
      message: expect.stringContaining('sum(…)'),
    });
    expect(onlyProblem('x in (1, 2')).toMatchObject({ start: 5, end: 6 });
    expect(onlyProblem('((a)')).toMatchObject({ start: 0, end: 1 });
  });

  it('refuses trailing tokens', () => {
    expect(onlyProblem('a b')).toMatchObject({
      start: 2,
      end: 3,
      message: 'unexpected `b` at 2: expected an operator or the end of the formula',
    });
    expect(onlyProblem('DROP TABLE kpis')).toMatchObject({ start: 5, end: 10 });
    expect(onlyProblem('(a b)')).toMatchObject({
      start: 3,
      message: expect.stringContaining('expected an operator or `)`'),
    });
    expect(onlyProblem('a not b')).toMatchObject({ start: 2, hint: expect.stringContaining('not in') });
  });

  it('refuses missing operands', () => {
    expect(onlyProblem('a +')).toMatchObject({
      start: 3,
      end: 3,
      message: 'the formula ends too early: expected a value after `+`',
    });
    expect(onlyProblem('a + * b')).toMatchObject({
      start: 4,
      end: 5,
      message: expect.stringContaining('expected a value'),
    });
    expect(onlyProblem('* a').start).toBe(0);
    expect(onlyProblem('()').start).toBe(1);
    expect(onlyProblem('a and')).toMatchObject({ start: 5 });
    expect(onlyProblem('in (1)').start).toBe(0);
  });

  it('refuses malformed argument and in lists', () => {
    expect(onlyProblem('f(a,)')).toMatchObject({ start: 4, end: 5 });
    expect(onlyProblem('f(,a)')).toMatchObject({ start: 2, end: 3 });
    expect(onlyProblem('f(a b)')).toMatchObject({
      start: 4,
      message: expect.stringContaining('expected `,` or `)` in f(…)'),
    });
    expect(onlyProblem("x in 'a'")).toMatchObject({
      start: 5,
      end: 8,
      message: expect.stringContaining('list in parentheses'),
    });
    expect(onlyProblem('x in ()')).toMatchObject({
      start: 5,
      end: 7,
      message: expect.stringContaining('at least one value'),
    });
    expect(onlyProblem('x in (1 2)')).toMatchObject({ start: 8 });
  });
});

describe('limits', () => {
  it(`refuses texts longer than ${MAX_FORMULA_LENGTH} characters with one problem`, () => {
    const text = 'a'.repeat(MAX_FORMULA_LENGTH + 1);
    expect(onlyProblem(text)).toMatchObject({ start: MAX_FORMULA_LENGTH, end: MAX_FORMULA_LENGTH + 1 });
    expect(parseFormula('a'.repeat(MAX_FORMULA_LENGTH)).ok).toBe(true);
  });

  it(`accepts ${MAX_NESTING} levels of nesting and refuses one more`, () => {
    const nest = (depth: number) => `${'('.repeat(depth)}a${')'.repeat(depth)}`;
    expect(parseFormula(nest(MAX_NESTING)).ok).toBe(true);
    const problem = onlyProblem(nest(MAX_NESTING + 1));
    expect(problem.message).toContain(`more than ${MAX_NESTING} levels`);
    expect(problem).toMatchObject({ start: MAX_NESTING, end: MAX_NESTING + 1 });

    expect(parseFormula(`${'- '.repeat(MAX_NESTING)}a`).ok).toBe(true);
    expect(onlyProblem(`${'- '.repeat(MAX_NESTING + 1)}a`).message).toContain('levels');
    expect(onlyProblem(`${'f('.repeat(MAX_NESTING + 1)}a${')'.repeat(MAX_NESTING + 1)}`).message).toContain(
      'levels',
    );
  });

  it('counts long operator chains as nesting too', () => {
    const chain = (terms: number) => Array.from({ length: terms }, () => 'a').join(' + ');
    expect(parseFormula(chain(MAX_NESTING + 1)).ok).toBe(true);
    expect(onlyProblem(chain(MAX_NESTING + 2)).message).toContain('levels');
  });

  it('survives the deepest nesting that fits in the length limit', () => {
    const half = MAX_FORMULA_LENGTH / 2 - 1;
    expect(onlyProblem(`${'('.repeat(half)}a${')'.repeat(half)}`).message).toContain('levels');
    expect(onlyProblem(`${'not '.repeat(2000)}a`).message).toContain('levels');
    expect(onlyProblem(Array.from({ length: 2000 }, () => 'a').join('*')).message).toContain('levels');
  });

  it('parses long flat lists', () => {
    const text = `channel in (${Array.from({ length: 1500 }, () => "'x'").join(', ')})`;
    const expr = parsed(text);
    expect(expr.kind === 'in' && expr.values.length).toBe(1500);
  });

  it('never throws on input that is not a string', () => {
    expect(parseFormula(undefined as unknown as string)).toMatchObject({ ok: false });
    expect(parseFormula(42 as unknown as string)).toMatchObject({ ok: false });
  });
});
