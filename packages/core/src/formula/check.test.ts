import { describe, expect, it } from 'vitest';
import type { Problem } from '../errors.js';
import { DIMENSIONLESS, type UnitVector } from '../model/units.js';
import { type CheckMode, type CheckResult, checkFormula, createEnvironment } from './check.js';
import { COUNT_UNIT, catalogEnvironment, MONEY_PER_COUNT, MONEY_UNIT, parsed } from './test-support.js';

const env = catalogEnvironment();

function check(text: string, mode: CheckMode = 'kpi'): CheckResult {
  return checkFormula(parsed(text), env, mode);
}

/** Checks text that must have no problems; returns its unit. */
function cleanUnit(text: string, mode: CheckMode = 'kpi'): UnitVector | undefined {
  const result = check(text, mode);
  expect(result.problems).toEqual([]);
  return result.unit;
}

function onlyProblem(text: string, mode: CheckMode = 'kpi'): Problem {
  const { problems } = check(text, mode);
  expect(problems).toHaveLength(1);
  return problems[0]!;
}

/** The span of the `occurrence`-th appearance of `fragment` in `text`. */
function at(text: string, fragment: string, occurrence = 1): { start: number; end: number } {
  let start = -1;
  for (let seen = 0; seen < occurrence; seen++) start = text.indexOf(fragment, start + 1);
  if (start < 0) throw new Error(`${fragment} not in ${text}`);
  return { start, end: start + fragment.length };
}

/** Asserts one problem, located at `fragment`, whose message contains `words`. */
function expectProblemAt(text: string, fragment: string, words: string, mode: CheckMode = 'kpi'): Problem {
  const problem = onlyProblem(text, mode);
  expect(problem).toMatchObject(at(text, fragment));
  expect(problem.message).toContain(words);
  return problem;
}

const PER_COUNT: UnitVector = { money: 0, count: -1, seconds: 0 };

describe('KPI formulas that are fine', () => {
  it.each<[string, UnitVector | undefined]>([
    ['clicks / impressions', DIMENSIONLESS],
    ['spend / impressions * 1000', MONEY_PER_COUNT],
    ['(conversion_value - spend) / spend', DIMENSIONLESS],
    ['likes + comments + shares + saves', COUNT_UNIT],
    ['(spend + non_media_cost) / new_customers', MONEY_PER_COUNT],
    ['(customers - new_customers) / opening(customers)', DIMENSIONLESS],
    ['count_if(content, likes >= 1000) / count(content)', DIMENSIONLESS],
    ['spend / interactions', MONEY_PER_COUNT],
    ['safe_div(revenue, orders, 0)', MONEY_PER_COUNT],
    ['safe_div(revenue, orders)', MONEY_PER_COUNT],
    ['coalesce(leads, 0)', COUNT_UNIT],
    ['prior(conversion_value)', MONEY_UNIT],
    ['followers', COUNT_UNIT],
    ['reach / impressions', DIMENSIONLESS],
    ['100', DIMENSIONLESS],
    ['(1 + 2) * 3', DIMENSIONLESS],
    ['clicks + 1', COUNT_UNIT],
    ['1 - ctr', DIMENSIONLESS],
    ['100 * (1 - ctr)', DIMENSIONLESS],
    ['-spend', MONEY_UNIT],
    ['1 / clicks', PER_COUNT],
    ['cpc * clicks', MONEY_UNIT],
    ['sum(likes + comments * 2)', COUNT_UNIT],
    ['sum(reach)', COUNT_UNIT],
    ['sum(spend / clicks)', MONEY_PER_COUNT],
    ['max(clicks)', COUNT_UNIT],
    ['min(spend, 0)', MONEY_UNIT],
    ['max(ctr, 0.5, clicks / impressions)', DIMENSIONLESS],
    ['abs(spend - prior(spend))', MONEY_UNIT],
    ['round(ctr, 2)', DIMENSIONLESS],
    ['round(spend)', MONEY_UNIT],
    ['prior(opening(customers))', COUNT_UNIT],
    ['(spend - prior(spend)) / prior(spend)', DIMENSIONLESS],
    ['count(date)', COUNT_UNIT],
    ['count_if(channel, spend > 0 and clicks > 0)', COUNT_UNIT],
    ['count_if(content, not (likes < 10 or shares = 0))', COUNT_UNIT],
    ['count_if(content, likes * 2 >= comments + 5)', COUNT_UNIT],
    ['count_if(creator, reach > 1e6)', COUNT_UNIT],
    ['safe_div(1, clicks)', PER_COUNT],
  ])('%s', (text, unit) => {
    expect(cleanUnit(text)).toEqual(unit);
  });

  it('records the names it refers to, by kind', () => {
    const result = check(
      'count_if(content, likes > 0) / count(creator) + spend / interactions * clicks / spend + opening(customers) / customers',
    );
    expect(result.problems).toEqual([]);
    expect(result.references).toEqual({
      measures: new Set(['likes', 'spend', 'clicks', 'customers']),
      kpis: new Set(['interactions']),
      dimensions: new Set(['content', 'creator']),
    });
  });

  it('skips unit checks through a KPI whose unit is not known yet', () => {
    const result = check('draft_kpi + spend');
    expect(result.problems).toEqual([]);
    expect(result.unit).toBeUndefined();
    expect(check('coalesce(draft_kpi, clicks)').unit).toBeUndefined();
  });
});

describe('names in KPI formulas', () => {
  it('reports unknown names with a suggestion', () => {
    const problem = expectProblemAt('clickz / impressions', 'clickz', 'unknown name `clickz`');
    expect(problem.hint).toBe('did you mean `clicks`?');
  });

  it('suggests the right case for a name written in another case', () => {
    expect(onlyProblem('Clicks / impressions').hint).toContain('`clicks`');
  });

  it('says a bare function name is a function', () => {
    expect(onlyProblem('sum + 1').hint).toContain('sum(likes + comments)');
  });

  it('refuses a bare dimension', () => {
    expectProblemAt(
      'clicks / channel',
      'channel',
      '`channel` is a dimension: use it in count(channel), count_if(channel, …) or a filter',
    );
  });

  it('collects every problem, not just the first', () => {
    const text = 'clickz / impresions + count(contnt) + channel';
    const { problems } = check(text);
    expect(problems.map((problem) => [problem.start, problem.end])).toEqual([
      [at(text, 'clickz').start, at(text, 'clickz').end],
      [at(text, 'impresions').start, at(text, 'impresions').end],
      [at(text, 'contnt').start, at(text, 'contnt').end],
      [at(text, 'channel').start, at(text, 'channel').end],
    ]);
    expect(problems[1]?.hint).toBe('did you mean `impressions`?');
    expect(problems[2]?.hint).toBe('did you mean `content`?');
  });

  it('prefers suggestions of the kind that fits the place', () => {
    // `region` (a dimension) and `reach` (a measure) are both near `regin`.
    expect(onlyProblem('count(regin)').hint).toBe('did you mean `region`?');
  });
});

describe('units in KPI formulas', () => {
  it('refuses adding different units, naming both', () => {
    const problem = expectProblemAt(
      'spend + clicks',
      'spend + clicks',
      '`+` needs the same unit on both sides',
    );
    expect(problem.message).toContain('`spend` is money');
    expect(problem.message).toContain('`clicks` is count');
  });

  it('refuses subtracting different compound units', () => {
    const problem = onlyProblem('spend / clicks - ctr');
    expect(problem.message).toContain('money per count');
    expect(problem.message).toContain('a plain number (ratio)');
  });

  it('reports a unit clash once, not again at every enclosing operator', () => {
    expect(check('(spend + clicks) * 2 + 1 - leads').problems).toHaveLength(1);
  });

  it('multiplies and divides units', () => {
    expect(cleanUnit('spend * spend / clicks')).toEqual({ money: 2, count: -1, seconds: 0 });
  });
});

describe('conditions in KPI formulas', () => {
  it.each(['clicks > 5', 'not clicks', "channel in ('douyin')", 'clicks > 0 and spend > 0'])(
    'refuses %s as a value',
    (text) => {
      const problem = expectProblemAt(text, text, 'conditions only go inside count_if(…)');
      expect(problem.hint).toContain('count_if(');
    },
  );

  it('refuses text as a value', () => {
    expectProblemAt("clicks + 'douyin'", "'douyin'", "text `'douyin'` can't be a value");
  });

  it('still reports unknown names inside a refused condition', () => {
    const { problems } = check('clickz > 5');
    expect(problems).toHaveLength(2);
    expect(problems[1]?.message).toBe('unknown name `clickz`');
  });
});

describe('functions', () => {
  it('reports unknown functions with a suggestion', () => {
    expect(expectProblemAt('summ(clicks)', 'summ', 'unknown function `summ`').hint).toBe(
      'did you mean `sum`?',
    );
    expect(onlyProblem('avg(spend)').hint).toContain('division');
    expect(onlyProblem('IFNULL(leads, 0)').hint).toContain('coalesce');
    expect(onlyProblem('clicks(1)').hint).toBe('`clicks` is a measure, not a function');
    expect(onlyProblem('frobnicate(1)').hint).toContain('the functions are sum, min');
    expect(onlyProblem('constructor(1)').message).toBe('unknown function `constructor`');
  });

  it('reports unknown names inside an unknown function too', () => {
    expect(check('avg(clickz)').problems.map((problem) => problem.message)).toEqual([
      'unknown function `avg`',
      'unknown name `clickz`',
    ]);
  });

  it('checks the number of arguments, pointing at the extra ones', () => {
    const tooFew = expectProblemAt('count()', 'count()', 'count(…) takes exactly 1 argument, got 0');
    expect(tooFew.hint).toBe('e.g. count(content)');
    expectProblemAt('count(content, channel)', 'channel', 'count(…) takes exactly 1 argument, got 2');
    expectProblemAt('safe_div(spend, clicks, 1, 2)', '2', 'safe_div(…) takes 2 to 3 arguments, got 4');
    expectProblemAt('round(ctr, 1, 2, 3)', '2, 3', 'round(…) takes 1 to 2 arguments, got 4');
    expectProblemAt('coalesce(leads)', 'coalesce(leads)', 'coalesce(…) takes at least 2 arguments, got 1');
    expectProblemAt('max()', 'max()', 'at least 1 argument');
    expectProblemAt('count_if(content)', 'count_if(content)', 'exactly 2 arguments');
  });

  describe('sum, and min/max of one argument', () => {
    it('refuses snapshot measures', () => {
      const problem = expectProblemAt(
        'sum(followers)',
        'followers',
        "snapshot measures can't be summed over days",
      );
      expect(problem.hint).toBe('use the measure itself for its closing value, or opening(followers)');
      expectProblemAt('max(customers)', 'customers', "snapshot measures can't go into max(…)");
    });

    it('refuses measures of more than one fact', () => {
      const problem = expectProblemAt(
        'sum(spend + revenue)',
        'revenue',
        'sum(…) can only combine measures of one fact',
      );
      expect(problem.message).toContain('`spend` is in performance and `revenue` in customers');
    });

    it('refuses KPIs, dimensions and conditions', () => {
      expectProblemAt('sum(ctr)', 'ctr', '`ctr` is a KPI; sum(…) works on measures row by row');
      expectProblemAt('sum(content)', 'content', '`content` is a dimension');
      expectProblemAt('sum(likes > 1)', 'likes > 1', "conditions can't go inside sum(…)");
    });

    it('refuses nested functions', () => {
      expectProblemAt('sum(sum(clicks))', 'sum(clicks)', "aggregate functions don't nest");
      expectProblemAt('min(prior(clicks))', 'prior(clicks)', "aggregate functions don't nest");
      const problem = expectProblemAt(
        'sum(abs(clicks))',
        'abs(clicks)',
        'only arithmetic on measures and numbers',
      );
      expect(problem.hint).toBe('apply it to the result instead, e.g. abs(sum(x))');
    });

    it('needs a measure', () => {
      expectProblemAt('sum(1)', 'sum(1)', 'sum(…) needs a measure to aggregate');
    });

    it('checks units inside', () => {
      expectProblemAt('sum(spend + clicks)', 'spend + clicks', 'the same unit');
    });
  });

  describe('min, max and coalesce of several arguments', () => {
    it('need one unit, and point at the argument that differs', () => {
      const problem = expectProblemAt(
        'min(spend, 0, clicks)',
        'clicks',
        'the arguments of min(…) need the same unit',
      );
      expect(problem.message).toContain('`spend` is money and `clicks` is count');
      expectProblemAt('coalesce(spend, clicks)', 'clicks', 'coalesce(…)');
    });

    it('take the unit of the first argument that has one', () => {
      expect(cleanUnit('coalesce(0, spend / clicks)')).toEqual(MONEY_PER_COUNT);
      expect(cleanUnit('max(1, 2)')).toEqual(DIMENSIONLESS);
    });
  });

  describe('count and count_if', () => {
    it('count a dimension', () => {
      const problem = expectProblemAt(
        'count(clicks)',
        'clicks',
        '`clicks` is a measure, but count(…) counts the values of a dimension',
      );
      expect(problem.hint).toBe('for the total of clicks write clicks itself');
      expectProblemAt('count(ctr)', 'ctr', '`ctr` is a KPI');
      expectProblemAt('count(1)', '1', "count(…) takes a dimension's name first");
      expectProblemAt('count_if(likes, likes > 1)', 'likes', 'count_if(…) counts the values of a dimension');
    });

    it('need a condition', () => {
      expectProblemAt(
        'count_if(content, likes)',
        'likes',
        'the second argument of count_if(…) must be a condition',
      );
      expectProblemAt('count_if(content, 5)', '5', 'the second argument of count_if(…) must be a condition');
      expectProblemAt('count_if(content, likes in (1, 2))', 'likes in (1, 2)', '`in` lists');
    });

    it('compare values of one unit', () => {
      expectProblemAt(
        'count_if(content, likes > spend)',
        'likes > spend',
        '`>` compares values of the same unit',
      );
    });

    it('refuse snapshot measures, KPIs, dimensions and functions in the condition', () => {
      expectProblemAt('count_if(channel, followers > 10)', 'followers', 'snapshot measures can');
      expectProblemAt('count_if(content, ctr > 0.1)', 'ctr', '`ctr` is a KPI');
      expectProblemAt('count_if(content, sum(likes) > 1)', 'sum(likes)', 'a count_if(…) condition');
      expectProblemAt(
        'count_if(content, (likes > 1) + 1 > 2)',
        'likes > 1',
        'is a condition, used here as a number',
      );
      const { problems } = check("count_if(content, channel = 'douyin')");
      expect(problems.map((problem) => problem.message)).toEqual([
        '`channel` is a dimension: use it in count(channel), count_if(channel, …) or a filter',
        "text `'douyin'` can't be a value in a KPI formula",
      ]);
    });

    it('read measures of one fact, and at least one', () => {
      const problem = expectProblemAt(
        'count_if(channel, spend > 0 and revenue > 0)',
        'revenue',
        'a count_if(…) condition can only combine measures of one fact',
      );
      expect(problem.message).toContain('`spend` is in performance and `revenue` in customers');
      expectProblemAt('count_if(content, 1 > 0)', '1 > 0', 'the condition of count_if(…) needs a measure');
    });

    it('only use measures of facts that have the dimension', () => {
      const problem = expectProblemAt(
        'count_if(cost_type, likes > 1)',
        'likes',
        "can't be counted per `cost_type`",
      );
      expect(problem.message).toContain('its fact (performance)');
      expect(problem.hint).toBe('measures in count_if(cost_type, …) must come from: costs');
      expect(cleanUnit('count_if(cost_type, non_media_cost > 1000)')).toEqual(COUNT_UNIT);
    });
  });

  describe('safe_div', () => {
    it('needs a fallback in the unit of the result', () => {
      const text = 'safe_div(spend, clicks, clicks)';
      const problem = onlyProblem(text);
      expect(problem).toMatchObject(at(text, 'clicks', 2));
      expect(problem.message).toContain(
        'the fallback of safe_div(…) needs the unit of the result (money per count)',
      );
      expect(cleanUnit('safe_div(spend, clicks, cpc)')).toEqual(MONEY_PER_COUNT);
    });
  });

  describe('opening', () => {
    it('takes a snapshot measure', () => {
      const problem = expectProblemAt(
        'opening(clicks)',
        'clicks',
        'opening(…) needs a snapshot measure, but `clicks` is a sum measure',
      );
      expect(problem.hint).toContain('prior(clicks)');
      expectProblemAt('opening(reach)', 'reach', 'is a distinct measure');
      expectProblemAt('opening(ctr)', 'ctr', '`ctr` is a KPI, but opening(…) takes a snapshot measure');
      expectProblemAt('opening(followers + 1)', 'followers + 1', 'takes the name of a snapshot measure');
      expectProblemAt('opening(folowers)', 'folowers', 'unknown name');
    });
  });

  describe('prior', () => {
    it('does not nest', () => {
      const text = 'prior(spend / prior(clicks))';
      expectProblemAt(text, 'prior(clicks)', "prior(…) can't be nested inside another prior(…)");
      expect(onlyProblem('prior(1 + abs(prior(clicks)))').message).toContain('nested');
    });
  });

  describe('round', () => {
    it.each(['round(ctr, 11)', 'round(ctr, 1.5)', 'round(ctr, -1)', 'round(ctr, clicks)'])(
      'refuses %s',
      (text) => {
        const digits = text.slice('round(ctr, '.length, -1);
        expectProblemAt(text, digits, 'a whole number of decimals from 0 to 10');
      },
    );

    it('accepts 0 to 10 decimals', () => {
      expect(cleanUnit('round(ctr, 0) + round(ctr, 10)')).toEqual(DIMENSIONLESS);
    });
  });
});

describe('filters', () => {
  it.each([
    "channel = 'douyin'",
    "'douyin' = channel",
    "channel in ('douyin', 'kuaishou') and creator_tier != 'koc'",
    "not (region = 'east')",
    "date >= '2026-01-01'",
    "stage in ('a1', 'a2')",
    "channel not in ('weibo') or region < 'm'",
    'region = 1',
    'region > -1',
    "date >= '2026-01-01' and date <= '2026-01-31' and not channel = 'meta'",
  ])('%s', (text) => {
    const result = check(text, 'filter');
    expect(result.problems).toEqual([]);
    expect(result.unit).toBeUndefined();
  });

  it('records the dimensions used', () => {
    expect(check("channel in ('douyin') and not region = 'east'", 'filter').references).toEqual({
      measures: new Set(),
      kpis: new Set(),
      dimensions: new Set(['channel', 'region']),
    });
  });

  it('refuses measures and KPIs', () => {
    expectProblemAt(
      'spend > 100',
      'spend',
      'filters apply to dimensions; `spend` is a measure — to keep only items above a value use count_if',
      'filter',
    );
    expectProblemAt('ctr > 0.1', 'ctr', '`ctr` is a KPI', 'filter');
    expectProblemAt("channel = 'x' and likes", 'likes', '`likes` is a measure', 'filter');
  });

  it('refuses functions', () => {
    expectProblemAt("lower(channel) = 'x'", 'lower(channel)', "functions can't be used in filters", 'filter');
    expectProblemAt('count(content) > 1', 'count(content)', "functions can't be used in filters", 'filter');
  });

  it('refuses comparing two dimensions or two values', () => {
    expectProblemAt('channel = region', 'channel = region', 'compares two dimensions', 'filter');
    expectProblemAt("'a' = 'a'", "'a' = 'a'", 'compares two fixed values', 'filter');
    expectProblemAt('1 = 1 or channel = 1', '1 = 1', 'compares two fixed values', 'filter');
  });

  it('needs a condition everywhere a condition goes', () => {
    expectProblemAt(
      'channel',
      'channel',
      'a filter must be a condition: compare `channel` with a value',
      'filter',
    );
    expectProblemAt("'douyin'", "'douyin'", 'a filter must be a condition', 'filter');
    expectProblemAt("channel = 'a' and 1", '1', 'a filter must be a condition', 'filter');
    expectProblemAt(
      "channel + 1 = 'x'",
      'channel + 1',
      "arithmetic like `channel + 1` isn't supported",
      'filter',
    );
    expectProblemAt(
      "(channel = 'a') = 'b'",
      "channel = 'a'",
      'is a condition; each side of a comparison',
      'filter',
    );
  });

  it('checks in lists', () => {
    expectProblemAt("'x' in ('a')", "'x'", 'the left side of `in` must be a dimension', 'filter');
    expectProblemAt("channel in ('a', region)", 'region', 'not the dimension `region`', 'filter');
    expectProblemAt("channel in ('a', 1)", "channel in ('a', 1)", "can't mix text and numbers", 'filter');
  });

  it('suggests dimensions for unknown names', () => {
    expect(expectProblemAt("chanel = 'douyin'", 'chanel', 'unknown name `chanel`', 'filter').hint).toBe(
      'did you mean `channel`?',
    );
  });

  it('collects every problem', () => {
    const text = "spend > 1 and chanel = 'x' or sum(clicks) = 1 or channel = region";
    expect(check(text, 'filter').problems.map((problem) => problem.start)).toEqual([
      at(text, 'spend').start,
      at(text, 'chanel').start,
      at(text, 'sum(clicks)').start,
      at(text, 'channel = region').start,
    ]);
  });
});

describe('environments', () => {
  it('finds nothing for names that are properties of plain objects', () => {
    const empty = createEnvironment([]);
    const result = checkFormula(parsed('constructor + __proto__ + toString'), empty, 'kpi');
    expect(result.problems.map((problem) => problem.message)).toEqual([
      'unknown name `constructor`',
      'unknown name `__proto__`',
      'unknown name `toString`',
    ]);
  });
});
