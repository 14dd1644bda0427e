import { describe, expect, it } from 'vitest';
import { isMarkpiError } from '../errors.js';
import type { Expr } from './ast.js';
import { formatExpr } from './format.js';
import { parsed } from './test-support.js';
import { childrenOf, isCondition, sameExpr, walk } from './tree.js';

describe('formatExpr', () => {
  it.each([
    ['clicks/impressions', 'clicks / impressions'],
    ['(a - b) - c', 'a - b - c'],
    ['a - (b - c)', 'a - (b - c)'],
    ['a / (b * c)', 'a / (b * c)'],
    ['(a * b) / c', 'a * b / c'],
    ['(a + b) * c', '(a + b) * c'],
    ['- -a', '-(-a)'],
    ['-(a)', '-a'],
    ['-(a + b)', '-(a + b)'],
    ['a - -b', 'a - -b'],
    ['(-a) * b', '-a * b'],
    ['NOT a = 1 AND b = 2', 'not a = 1 and b = 2'],
    ['not (a = 1 and b = 2)', 'not (a = 1 and b = 2)'],
    ['(a or b) and c', '(a or b) and c'],
    ['a or (b and c)', 'a or b and c'],
    ['a and (b and c)', 'a and (b and c)'],
    ['a = (not b)', 'a = (not b)'],
    ['(a = 1) = 2', '(a = 1) = 2'],
    ['a = (b = 2)', 'a = (b = 2)'],
    ['(not a) + 1', '(not a) + 1'],
    ['a == 1', 'a = 1'],
    ['a <> 1', 'a != 1'],
    ["x NOT IN ('a','b')", "x not in ('a', 'b')"],
    ["(x in ('a')) = 1", "(x in ('a')) = 1"],
    ['(a + 1) in (1)', 'a + 1 in (1)'],
    ['(a = 1) in (1)', '(a = 1) in (1)'],
    ["'it''s'", "'it''s'"],
    ['1_000 + .5 + 1e21 + 1e-7', '1000 + 0.5 + 1e+21 + 1e-7'],
    ['SUM( likes+comments )', 'sum(likes + comments)'],
    ['Count_If(content, likes>=1000)/count(content)', 'count_if(content, likes >= 1000) / count(content)'],
    ['f()', 'f()'],
  ])('%s prints as %s', (text, expected) => {
    const formatted = formatExpr(parsed(text));
    expect(formatted).toBe(expected);
    expect(sameExpr(parsed(formatted), parsed(text))).toBe(true);
  });

  it('prints hand-built negative numbers so that they read back as a negation', () => {
    const negative: Expr = { kind: 'number', value: -5, start: 0, end: 0 };
    expect(formatExpr({ kind: 'unary', operator: '-', operand: negative, start: 0, end: 0 })).toBe('-(-5)');
    const name: Expr = { kind: 'name', name: 'a', start: 0, end: 0 };
    expect(formatExpr({ kind: 'binary', operator: '-', left: name, right: negative, start: 0, end: 0 })).toBe(
      'a - -5',
    );
  });

  it('refuses to print what would read back as something else', () => {
    const bad: Expr[] = [
      { kind: 'name', name: 'a; DROP TABLE x', start: 0, end: 0 },
      { kind: 'name', name: 'and', start: 0, end: 0 },
      { kind: 'number', value: Number.NaN, start: 0, end: 0 },
      { kind: 'number', value: Number.POSITIVE_INFINITY, start: 0, end: 0 },
      { kind: 'call', name: 'f(x)', nameSpan: { start: 0, end: 0 }, args: [], start: 0, end: 0 },
    ];
    for (const expr of bad) {
      let thrown: unknown;
      try {
        formatExpr(expr);
      } catch (error) {
        thrown = error;
      }
      expect(isMarkpiError(thrown) && thrown.kind).toBe('internal');
    }
  });
});

describe('walk', () => {
  it('visits parents before children, in source order', () => {
    const seen: string[] = [];
    walk(parsed("f(a, -b) + c in ('x')"), (node) => {
      seen.push(node.kind === 'name' ? node.name : node.kind);
    });
    // `in` binds more loosely than `+`, so it is the root.
    expect(seen).toEqual(['in', 'binary', 'call', 'a', 'unary', 'b', 'c', 'string']);
  });

  it('passes the parent and skips children when told to', () => {
    const seen: string[] = [];
    walk(parsed('sum(a) + b'), (node, parent) => {
      seen.push(`${node.kind}<${parent?.kind ?? 'root'}`);
      return node.kind !== 'call';
    });
    expect(seen).toEqual(['binary<root', 'call<binary', 'name<binary']);
  });

  it('handles hand-built trees far deeper than the parser allows', () => {
    let expr: Expr = { kind: 'name', name: 'a', start: 0, end: 0 };
    for (let depth = 0; depth < 100_000; depth++)
      expr = { kind: 'unary', operator: '-', operand: expr, start: 0, end: 0 };
    let count = 0;
    walk(expr, () => {
      count++;
    });
    expect(count).toBe(100_001);
    expect(sameExpr(expr, expr)).toBe(true);
  });
});

describe('isCondition', () => {
  it.each([
    ['a = 1', true],
    ['a != 1 or b < 2', true],
    ['not a', true],
    ["a in ('x')", true],
    ['a and b', true],
    ['a', false],
    ['a + 1', false],
    ['-a', false],
    ['count_if(content, likes > 1)', false],
    ["'x'", false],
  ])('%s → %s', (text, expected) => {
    expect(isCondition(parsed(text))).toBe(expected);
  });
});

describe('sameExpr and childrenOf', () => {
  it('ignores offsets but nothing else', () => {
    expect(sameExpr(parsed('a+b'), parsed(' a  +  b '))).toBe(true);
    expect(sameExpr(parsed('a + b'), parsed('a - b'))).toBe(false);
    expect(sameExpr(parsed('a + b'), parsed('b + a'))).toBe(false);
    expect(sameExpr(parsed("x in ('a')"), parsed("x not in ('a')"))).toBe(false);
    expect(sameExpr(parsed("x in ('a')"), parsed("x in ('a', 'b')"))).toBe(false);
    expect(sameExpr(parsed('f(a)'), parsed('g(a)'))).toBe(false);
    expect(sameExpr(parsed('1'), parsed("'1'"))).toBe(false);
    expect(sameExpr(parsed('SUM(x)'), parsed('sum(x)'))).toBe(true);
  });

  it('lists children in source order', () => {
    const expr = parsed("x in ('a', 'b')");
    expect(childrenOf(expr).map((child) => child.start)).toEqual([0, 6, 11]);
    expect(childrenOf(parsed('1'))).toEqual([]);
  });
});
