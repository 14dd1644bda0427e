import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../catalog/catalog.js';
import { isMarkpiError } from '../errors.js';
import type { Expr } from '../formula/ast.js';
import { formatExpr } from '../formula/format.js';
import { parseFormula } from '../formula/parser.js';
import { DIMENSION_VALUE_LABELS } from '../labels/index.js';
import { say } from '../messages/catalog.js';
import { canonicalFilter, neutralScopeFilter, sameScope, scopeValueId } from './scope.js';

describe('canonical scope conditions', () => {
  it('writes a condition one way whatever its spelling', () => {
    expect(canonicalFilter("channel in ('douyin')")).toBe("channel = 'douyin'");
    expect(canonicalFilter("'douyin' = channel")).toBe("channel = 'douyin'");
    expect(canonicalFilter("channel not in ('douyin')")).toBe("channel != 'douyin'");
    expect(canonicalFilter("channel in ('weibo', 'douyin', 'weibo')")).toBe("channel in ('douyin', 'weibo')");
    expect(canonicalFilter("campaign = 'x' and channel in ('douyin')")).toBe(
      "campaign = 'x' and channel = 'douyin'",
    );
    expect(canonicalFilter("channel = 'weibo' or channel = 'douyin'")).toBe("channel in ('douyin', 'weibo')");
    expect(canonicalFilter("(b = '2' and a = '1') and c = '3'")).toBe("a = '1' and b = '2' and c = '3'");
    expect(canonicalFilter("a = '1' and a = '1'")).toBe("a = '1'");
  });

  it('catches duplicates the text alone hid', () => {
    expect(sameScope("channel in ('douyin')", "channel = 'douyin'")).toBe(true);
    expect(
      sameScope("channel = 'douyin' and campaign = '618'", "campaign in ('618') and 'douyin' = channel"),
    ).toBe(true);
    expect(sameScope("channel in ('weibo', 'douyin')", "channel = 'douyin' or channel = 'weibo'")).toBe(true);
    // Different rows stay different.
    expect(sameScope("channel in ('douyin', 'weibo')", "channel = 'douyin'")).toBe(false);
    expect(sameScope("channel != 'douyin'", "channel = 'douyin'")).toBe(false);
    expect(sameScope("a = '1' or b = '2'", "a = '1' and b = '2'")).toBe(false);
  });

  // An independent check: the canonical form, evaluated by a small interpreter written here,
  // keeps or drops every row of a small universe exactly as the condition as written does.
  it('selects the same rows as the condition it rewrites', () => {
    const dimensions = ['a', 'b'];
    const values = ['x', 'y', 'z'];
    const rows = values.flatMap((a) => values.map((b) => ({ a, b })));
    const holds = (expr: Expr, row: Record<string, string>): boolean => {
      const text = (side: Expr) =>
        side.kind === 'name' ? row[side.name] : side.kind === 'string' ? side.value : '';
      switch (expr.kind) {
        case 'binary':
          if (expr.operator === 'and') return holds(expr.left, row) && holds(expr.right, row);
          if (expr.operator === 'or') return holds(expr.left, row) || holds(expr.right, row);
          if (expr.operator === '=') return text(expr.left) === text(expr.right);
          if (expr.operator === '!=') return text(expr.left) !== text(expr.right);
          throw new Error(`unexpected ${expr.operator}`);
        case 'in':
          return expr.values.some((value) => text(value) === text(expr.operand)) !== expr.negated;
        case 'unary':
          return !holds(expr.operand, row);
        default:
          throw new Error(`unexpected ${expr.kind}`);
      }
    };
    let seed = 17;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const pick = <T>(list: readonly T[]) => list[next(list.length)]!;
    const leaf = (): string => {
      const name = pick(dimensions);
      const shape = next(4);
      if (shape === 0) return `${name} = '${pick(values)}'`;
      if (shape === 1) return `'${pick(values)}' != ${name}`;
      const list = Array.from({ length: 1 + next(3) }, () => `'${pick(values)}'`).join(', ');
      return `${name} ${shape === 2 ? 'in' : 'not in'} (${list})`;
    };
    const condition = (depth: number): string =>
      depth === 0 || next(3) === 0
        ? leaf()
        : `(${condition(depth - 1)} ${pick(['and', 'or'])} ${condition(depth - 1)})`;
    for (let trial = 0; trial < 300; trial++) {
      const written = condition(3);
      const before = parseFormula(written);
      const after = parseFormula(canonicalFilter(written)!);
      if (!before.ok || !after.ok) throw new Error(`does not parse: ${written}`);
      for (const row of rows)
        expect(holds(after.expr, row), `${written} on ${JSON.stringify(row)}`).toBe(holds(before.expr, row));
      // Canonical text is a fixed point: rewriting it again changes nothing.
      expect(canonicalFilter(formatExpr(after.expr))).toBe(formatExpr(after.expr));
    }
  });
});

describe('scopes stored language-neutral', () => {
  const catalog = buildCatalog();

  it('writes a value typed by its name in either language as the dimension’s id', () => {
    expect(neutralScopeFilter(catalog, "channel = '抖音'")).toBe("channel = 'douyin'");
    expect(neutralScopeFilter(catalog, "'Douyin' = channel")).toBe("'douyin' = channel");
    expect(neutralScopeFilter(catalog, "channel in ('小红书', 'weibo') and region = '华东'")).toBe(
      "channel in ('xiaohongshu', 'weibo') and region = 'east_china'",
    );
    expect(neutralScopeFilter(catalog, "creator_tier != 'KOL'")).toBe("creator_tier != 'kol'");
    // Ids, and an open dimension's own values, are kept as typed.
    expect(neutralScopeFilter(catalog, "channel='douyin'")).toBe("channel='douyin'");
    expect(neutralScopeFilter(catalog, "campaign = '抖音 618'")).toBe("campaign = '抖音 618'");
    expect(neutralScopeFilter(catalog, undefined)).toBeUndefined();
  });

  it('refuses a value a closed dimension does not have, naming it in both languages', () => {
    let refused: unknown;
    try {
      neutralScopeFilter(catalog, "channel = 'bilibili' and creator_tier = 'kol'");
    } catch (error) {
      refused = error;
    }
    if (!isMarkpiError(refused)) throw new Error('expected a refusal');
    expect(refused.code).toBe('invalid_target');
    expect(refused.message).toBe('the scope names values its dimensions do not have: channel = bilibili');
    expect(refused.problems).toHaveLength(1);
    const said = refused.problems[0]!.said!;
    expect(say(said, 'en')).toBe(
      'channel has no value bilibili, nor one named so in English or Chinese ' +
        '(its values: kuaishou, douyin, xiaohongshu, wechat, weibo, meta, google_ads and tiktok)',
    );
    expect(say(said, 'zh')).toMatch(/^渠道没有“bilibili”这个取值/);
    expect(refused.problems[0]!.message).toBe(say(said, 'en'));
    expect(say(refused.said, 'zh')).toBe('范围中有维度不存在的取值：channel = bilibili');
  });

  it('resolves every name of every labelled value to its id, unless two values share the name', () => {
    for (const [dimension, labels] of Object.entries(DIMENSION_VALUE_LABELS)) {
      const entries = Object.entries(labels);
      for (const [id, label] of entries) {
        expect(scopeValueId(catalog, dimension, id)).toBe(id);
        for (const name of [label.en, label.en.toUpperCase(), label.zh]) {
          const sharing = entries.filter(
            ([, other]) => other.zh === name || other.en.toLowerCase() === name.toLowerCase(),
          );
          // A name that is also some value's id is that id.
          if (Object.hasOwn(labels, name)) continue;
          if (sharing.length === 1)
            expect(scopeValueId(catalog, dimension, name), `${dimension} ${name}`).toBe(id);
        }
      }
    }
  });
});
