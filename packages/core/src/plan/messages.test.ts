/**
 * A refused query says each problem as a key and parameters: unknown KPIs and dimensions with
 * their suggestions, a filter's problems with their positions, and the whole refusal as its
 * problems one after another; the English is the text these errors have always carried.
 */
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../catalog/catalog.js';
import { duckDbDialect } from '../dialects/duckdb.js';
import { isMarkpiError, type MarkpiError } from '../errors.js';
import { say, sayProblem } from '../messages/catalog.js';
import { compileKpiQuery } from './compile.js';
import type { KpiQuery } from './query.js';

const catalog = buildCatalog();

function refusal(query: Partial<KpiQuery>): MarkpiError {
  try {
    compileKpiQuery(
      catalog,
      { kpis: ['spend'], from: '2026-01-01', to: '2026-01-31', ...query },
      duckDbDialect,
    );
  } catch (error) {
    if (isMarkpiError(error)) return error;
    throw error;
  }
  throw new Error('the query was not refused');
}

describe('query messages', () => {
  it('say unknown KPIs and dimensions with their suggestions in both languages (figures by hand)', () => {
    const error = refusal({ kpis: ['spedn'], dimensions: ['chanel', 'date'] });
    expect(error.message).toBe(
      'unknown KPI `spedn`; unknown dimension `chanel`; `date` is the time axis, not a dimension',
    );
    expect(say(error.said, 'en')).toBe(error.message);
    expect(say(error.said, 'zh')).toBe('未知的 KPI `spedn`；未知的维度 `chanel`；`date` 是时间轴，不是维度');
    const [kpi, dimension, date] = error.problems.map((problem) => sayProblem(problem, 'zh'));
    expect(error.problems[0]!.hint).toBe('did you mean `spend`?');
    expect(kpi).toMatchObject({ message: '未知的 KPI `spedn`', hint: '是不是想写 `spend`？' });
    expect(dimension).toMatchObject({ message: '未知的维度 `chanel`', hint: '是不是想写 `channel`？' });
    expect(date).toMatchObject({ hint: '请用粒度 `day`（或 `--by day`）' });
    // Said in English, each problem is the problem as it came.
    for (const problem of error.problems) expect(sayProblem(problem, 'en')).toEqual(problem);
  });

  it('say a filter refused, each problem with its place and suggestion', () => {
    const error = refusal({ filter: "chanel = 'douyin'" });
    expect(error.code).toBe('invalid_filter');
    expect(say(error.said, 'zh')).toBe('筛选条件无效');
    expect(error.problems[0]).toMatchObject({ message: 'unknown name `chanel`', start: 0, end: 6 });
    expect(sayProblem(error.problems[0]!, 'zh')).toMatchObject({
      message: '未知的名称 `chanel`',
      hint: '是不是想写 `channel`？',
      start: 0,
      end: 6,
    });

    const unreadable = refusal({ filter: "channel = 'douyin" });
    expect(say(unreadable.said, 'zh')).toBe('无法读取筛选条件');
    expect(sayProblem(unreadable.problems[0]!, 'zh')?.message).toBe('从第 11 个字符开始的文字没有结束的引号');
  });

  it('say a grain the query does not take with the options, in both languages', () => {
    const error = refusal({ grain: 'hour' as KpiQuery['grain'] });
    expect(say(error.said, 'zh')).toBe('查询无效');
    const [problem] = error.problems;
    expect(problem).toMatchObject({ path: 'grain' });
    expect(say(problem!.said!, 'en')).toBe(problem!.message);
    expect(sayProblem(problem!, 'zh')?.message).toBe(
      '取值无效，应为以下之一："day"|"week"|"month"|"quarter"|"year"|"total"',
    );
  });

  it('say a KPI read by a fact without the breakdown dimension, the fact by its name', () => {
    const error = refusal({ kpis: ['followers_total'], dimensions: ['campaign'] });
    expect(error.message).toBe(
      'KPI `followers_total` reads Follower snapshots (fact_followers), which has no dimension `campaign`',
    );
    expect(say(error.said, 'zh')).toBe(
      'KPI `followers_total` 读取的粉丝数快照（fact_followers）没有维度 `campaign`',
    );
  });
});
