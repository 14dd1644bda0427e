import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../catalog/catalog.js';
import { duckDbDialect } from '../dialects/duckdb.js';
import type { Expr } from '../formula/ast.js';
import { formatExpr, parseFormula } from '../formula/index.js';
import { say } from '../messages/catalog.js';
import { compileKpiQuery } from '../plan/compile.js';
import type { KpiQuery } from '../plan/query.js';
import {
  type AccessScope,
  filterTextWithinScope,
  filterWithinScope,
  isScoped,
  rowInScope,
  scopeFilterExpr,
  scopeValues,
} from './scope.js';
import { isSharePage, opensBoard, opensOverview, opensQueries, sharedBoards } from './share-pages.js';

const catalog = buildCatalog();
const base: KpiQuery = {
  kpis: ['spend', 'roas'],
  from: '2026-03-01',
  to: '2026-03-31',
  dimensions: ['channel'],
};

function parsed(text: string): Expr {
  const result = parseFormula(text);
  if (!result.ok) throw new Error(text);
  return result.expr;
}

/** An evaluator of the filter subset a scope uses (`in`, `=`, `and`, `or`), written apart from the planner. */
function admits(expr: Expr, row: Record<string, string>): boolean {
  if (expr.kind === 'binary' && expr.operator === 'and')
    return admits(expr.left, row) && admits(expr.right, row);
  if (expr.kind === 'binary' && expr.operator === 'or')
    return admits(expr.left, row) || admits(expr.right, row);
  if (
    expr.kind === 'binary' &&
    expr.operator === '=' &&
    expr.left.kind === 'name' &&
    expr.right.kind === 'string'
  )
    return row[expr.left.name] === expr.right.value;
  if (expr.kind === 'in' && expr.operand.kind === 'name') {
    const name = expr.operand.name;
    const found = expr.values.some((value) => value.kind === 'string' && value.value === row[name]);
    return expr.negated ? !found : found;
  }
  throw new Error(`not in the subset: ${formatExpr(expr)}`);
}

describe('access scopes', () => {
  it('says a scope as the filter an analyst would type, by hand', () => {
    expect(scopeFilterExpr({})).toBeUndefined();
    expect(scopeFilterExpr({ channels: [] })).toBeUndefined();
    expect(formatExpr(scopeFilterExpr({ channels: ['douyin'] })!)).toBe("channel in ('douyin')");
    expect(
      formatExpr(scopeFilterExpr({ accounts: ["O'Brien"], channels: ['douyin', 'kuaishou', 'douyin'] })!),
    ).toBe("channel in ('douyin', 'kuaishou') and account in ('O''Brien')");
    expect(isScoped(undefined)).toBe(false);
    expect(isScoped({ campaigns: ['618'] })).toBe(true);
    expect(scopeValues({ campaigns: ['618'], channels: ['douyin'] })).toEqual(['douyin', '618']);
  });

  it('compiles a scoped catalog exactly as the same query with the scope typed as its filter', () => {
    const scoped = { ...catalog, rowScope: { channels: ['douyin', 'kuaishou'] } };
    const asScoped = compileKpiQuery(scoped, base, duckDbDialect);
    const asTyped = compileKpiQuery(
      catalog,
      { ...base, filter: "channel in ('douyin', 'kuaishou')" },
      duckDbDialect,
    );
    expect(asScoped.sql).toBe(asTyped.sql);
    expect(asScoped.params).toEqual(asTyped.params);
    // A typed filter is ANDed after the scope: it narrows, it never widens.
    const narrowed = compileKpiQuery(
      scoped,
      { ...base, filter: "channel = 'weibo' or channel = 'douyin'" },
      duckDbDialect,
    );
    const narrowedTyped = compileKpiQuery(
      catalog,
      { ...base, filter: "channel in ('douyin', 'kuaishou') and (channel = 'weibo' or channel = 'douyin')" },
      duckDbDialect,
    );
    expect(narrowed.sql).toBe(narrowedTyped.sql);
    expect(narrowed.params).toEqual(narrowedTyped.params);
    expect(compileKpiQuery(catalog, base, duckDbDialect).sql).not.toBe(asScoped.sql);
  });

  it('refuses a KPI whose fact lacks a scoped dimension rather than answer it whole', () => {
    const scoped = { ...catalog, rowScope: { campaigns: ['618'] } };
    expect(() =>
      compileKpiQuery(scoped, { ...base, kpis: ['followers_total'], dimensions: [] }, duckDbDialect),
    ).toThrow(/no dimension `campaign`/);
  });

  it('admits exactly the rows its filter admits, over every row of a small grid', () => {
    const channels = ['douyin', 'kuaishou', 'weibo'];
    const campaigns = ['618', 'double11'];
    const scopes: AccessScope[] = [
      { channels: ['douyin'] },
      { channels: ['douyin', 'weibo'] },
      { campaigns: ['618'] },
      { channels: ['kuaishou'], campaigns: ['618', 'double11'] },
    ];
    let checked = 0;
    for (const scope of scopes) {
      const filter = scopeFilterExpr(scope)!;
      for (const channel of channels) {
        for (const campaign of campaigns) {
          const row = { channel, campaign };
          expect(rowInScope(scope, row), `${JSON.stringify(scope)} ${channel} ${campaign}`).toBe(
            admits(filter, row),
          );
          checked++;
        }
      }
    }
    expect(checked).toBe(24);
    expect(rowInScope({ channels: ['douyin'] }, { campaign: '618' })).toBe(false);
  });

  it('finds a filter inside a scope only when it pins every scoped dimension inside it, by hand', () => {
    const douyin = { channels: ['douyin'] };
    expect(filterWithinScope(douyin, parsed("channel = 'douyin'"))).toBe(true);
    expect(filterWithinScope(douyin, parsed("channel in ('douyin') and campaign = '618'"))).toBe(true);
    expect(filterWithinScope(douyin, parsed("campaign = '618' and 'douyin' = channel"))).toBe(true);
    expect(filterWithinScope(douyin, parsed("channel in ('douyin', 'weibo')"))).toBe(false);
    expect(filterWithinScope(douyin, parsed("channel in ('douyin', 'weibo') and channel = 'douyin'"))).toBe(
      true,
    );
    expect(filterWithinScope(douyin, parsed("channel = 'douyin' or campaign = '618'"))).toBe(false);
    expect(filterWithinScope(douyin, parsed("channel not in ('weibo')"))).toBe(false);
    expect(filterWithinScope(douyin, parsed("campaign = '618'"))).toBe(false);
    expect(filterWithinScope(douyin, undefined)).toBe(false);
    expect(filterWithinScope({}, undefined)).toBe(true);
    expect(filterTextWithinScope(douyin, "channel = 'douyin'")).toBe(true);
    expect(filterTextWithinScope(douyin, '')).toBe(false);
    expect(filterTextWithinScope(douyin, "channel = 'douyin")).toBe(false);
    expect(filterTextWithinScope(undefined, undefined)).toBe(true);
  });

  it('agrees with brute force: a filter it finds inside admits no row outside the scope', () => {
    const values = { channel: ['douyin', 'weibo', 'kuaishou'], campaign: ['618', 'double11'] };
    const filters = [
      "channel = 'douyin'",
      "channel in ('douyin', 'weibo')",
      "channel = 'douyin' and campaign = '618'",
      "campaign = '618'",
      "channel = 'douyin' or channel = 'weibo'",
      "channel in ('douyin', 'kuaishou') and channel in ('douyin', 'weibo')",
      "channel not in ('weibo', 'kuaishou')",
    ];
    const scope = { channels: ['douyin'] };
    for (const text of filters) {
      const filter = parsed(text);
      let leaks = false;
      for (const channel of values.channel)
        for (const campaign of values.campaign) {
          const row = { channel, campaign };
          if (admits(filter, row) && !rowInScope(scope, row)) leaks = true;
        }
      // Sound: never "inside" when a row outside passes. (The shape test is stricter than
      // brute force: `not in` over a closed grid is inside, yet new channels may come.)
      if (filterWithinScope(scope, filter)) expect(leaks, text).toBe(false);
    }
  });

  it('reads share pages, by hand', () => {
    expect(isSharePage('overview')).toBe(true);
    expect(isSharePage('board:b_12-x')).toBe(true);
    expect(isSharePage('board:')).toBe(false);
    expect(isSharePage('settings')).toBe(false);
    expect(opensQueries(['overview'])).toBe(false);
    expect(opensQueries(['board:b1'])).toBe(false);
    expect(opensQueries(['overview', 'explore'])).toBe(true);
    expect(opensBoard(['board:b1'], 'b1')).toBe(true);
    expect(opensBoard(['board:b1'], 'b2')).toBe(false);
    expect(opensOverview(['explore'])).toBe(false);
    expect(sharedBoards(['overview', 'board:b1', 'board:b2'])).toEqual(['b1', 'b2']);
  });

  it('says its refusals in English and Chinese, by hand', () => {
    const refused = { key: 'access.scope_refused', params: { values: ['douyin', 'kuaishou'] } };
    expect(say(refused, 'en')).toBe(
      'your access is limited to douyin and kuaishou; this lists rows outside it',
    );
    expect(say(refused, 'zh')).toBe('你的访问范围仅限 douyin、kuaishou；此处会列出范围以外的数据');
    expect(say({ key: 'access.page_refused', params: { pages: ['overview'] } }, 'zh')).toBe(
      '此分享链接只能打开 overview',
    );
  });
});
