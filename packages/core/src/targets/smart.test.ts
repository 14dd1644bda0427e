import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../catalog/catalog.js';
import { formatProblem } from '../errors.js';
import { builtinScorecardTemplate } from '../scorecards/templates.js';
import { positionInHistory, summarizeBaselines, type WindowValue } from './baselines.js';
import { english, type Message } from './messages.js';
import { parseTarget, type TargetInput } from './model.js';
import { scopeProblems } from './scope.js';
import {
  rateAttainable,
  rateMeasurable,
  rateRelevant,
  rateSpecific,
  rateTimeBound,
  type SmartLetterResult,
  smartReport,
} from './smart.js';
import type { KpiTraits } from './traits.js';

const catalog = buildCatalog();
const roi = catalog.kpi('roi');
const impressions = catalog.kpi('impressions');

const target = (overrides: Partial<TargetInput> = {}) =>
  parseTarget({
    id: 'roi-618',
    kpi: 'roi',
    scope: { filter: "campaign = '618-2026'", label: '618 2026' },
    period: { from: '2026-05-20', to: '2026-06-20' },
    value: 1.8,
    goal: '618 大促收割: grow GMV at a healthy return',
    owner: 'growth team',
    cadence: 'weekly',
    ...overrides,
  });

describe('S — specific', () => {
  it('passes a KPI with a scope the KPI can be cut by', () => {
    const rated = rateSpecific(target(), roi, scopeProblems(catalog, 'roi', "campaign = '618-2026'"));
    expect(rated).toEqual({
      letter: 'specific',
      rating: 'pass',
      reason: "roi in 618 2026 (campaign = '618-2026')",
      message: {
        key: 'smart.specific.pass',
        params: { kpi: 'roi', scope: '618 2026', filter: "campaign = '618-2026'" },
      },
    });
  });

  it('warns without a scope and on a KPI with no better direction', () => {
    expect(rateSpecific(target({ scope: { label: 'everything' } }), roi, []).rating).toBe('warn');
    const spend = rateSpecific(target({ kpi: 'spend' }), catalog.kpi('spend'), []);
    expect(spend.rating).toBe('warn');
    expect(spend.reason).toContain('no better direction');
  });

  it('fails an unknown KPI and a scope the KPI’s facts do not carry', () => {
    expect(rateSpecific(target({ kpi: 'roas_typo' }), undefined, []).rating).toBe('fail');
    // effective indexed posts come from search snapshots, which have no campaign
    const problems = scopeProblems(catalog, 'effective_indexed_posts', "campaign = '618-2026'");
    expect(problems.length).toBeGreaterThan(0);
    const rated = rateSpecific(
      target({ kpi: 'effective_indexed_posts' }),
      catalog.kpi('effective_indexed_posts'),
      problems,
    );
    expect(rated.rating).toBe('fail');
    expect(rated.reason).toContain('no dimension `campaign`');
    expect(scopeProblems(catalog, 'roi', 'campaign = ')).not.toEqual([]);
  });
});

describe('M — measurable', () => {
  const window = { from: '2024-05-20', to: '2026-06-20' };

  it('passes when the scope has data', () => {
    const rated = rateMeasurable(target(), roi, {
      window,
      scopeMonthsWithData: 2,
      workspaceHasData: true,
      flags: [],
    });
    expect(rated.rating).toBe('pass');
    expect(rated.reason).toBe('roi has data for 618 2026 in 2 month(s) of 2024-05-20 … 2026-06-20');
  });

  it('cites the days the scope has data, not the whole window asked about', () => {
    // Asked about 24 months back from 2026-06-20; the data begins 2025-05-01 and ends 2026-06-18.
    const rated = rateMeasurable(target(), roi, {
      window,
      scopeMonthsWithData: 14,
      workspaceHasData: true,
      flags: [],
      dataWindow: { from: '2025-05-01', to: '2026-06-18' },
    });
    expect(rated.reason).toBe('roi has data for 618 2026 in 14 month(s) of 2025-05-01 … 2026-06-18');
    expect(rated.reason).not.toContain('2024');
  });

  it('a past target with data is measurable and time-bound; only the length can hold it back', () => {
    const past = target({ period: { from: '2025-06-01', to: '2025-06-30' } });
    expect(rateTimeBound(past, '2026-12-01').rating).toBe('pass');
    const tooLong = target({ period: { from: '2024-01-01', to: '2025-06-30' } });
    expect(rateTimeBound(tooLong, '2026-12-01').rating).toBe('warn');
  });

  it('warns when the scope has no data yet, or only approximate values', () => {
    expect(
      rateMeasurable(target(), roi, { window, scopeMonthsWithData: 0, workspaceHasData: true, flags: [] })
        .reason,
    ).toContain('no roi data yet for 618 2026');
    const reach = catalog.kpi('reach');
    const rated = rateMeasurable(target({ kpi: 'reach' }), reach, {
      window,
      scopeMonthsWithData: 3,
      workspaceHasData: true,
      flags: ['upper_bound'],
    });
    expect(rated.rating).toBe('warn');
    expect(rated.reason).toContain('approximate (upper_bound)');
  });

  it('fails when the workspace has no data for the KPI at all, or the KPI is unknown', () => {
    expect(
      rateMeasurable(target(), roi, { window, scopeMonthsWithData: 0, workspaceHasData: false, flags: [] })
        .rating,
    ).toBe('fail');
    expect(rateMeasurable(target(), undefined, undefined).rating).toBe('fail');
    expect(rateMeasurable(target(), roi, undefined).reason).toContain("the scope doesn't fit the KPI");
  });
});

describe('A — attainable', () => {
  const month = (from: string, to: string, value: number): WindowValue => ({ from, to, value });
  // June 2026 target; history March–May pro-rated to 30 days: 3,000 · 6,000 · 4,500; last year 5,000.
  const summary = summarizeBaselines(
    impressions as KpiTraits,
    { from: '2026-06-01', to: '2026-06-30' },
    {
      lastYear: month('2025-06-01', '2025-06-30', 5000),
      months: [
        month('2026-03-01', '2026-03-31', 3100),
        month('2026-04-01', '2026-04-30', 6000),
        month('2026-05-01', '2026-05-31', 4650),
      ],
    },
  );
  const rate = (value: number) => rateAttainable(impressions, positionInHistory(impressions, value, summary));

  it('passes within 30% of last year', () => {
    const rated = rate(6000); // +20%
    expect(rated.rating).toBe('pass');
    expect(rated.reason).toBe(
      '+20% vs the same period last year; matches the best month on record (2026-04); percentile 83 of 3 months on record',
    );
  });

  it('warns on a stretch above 30% and on a target easier than history by over 20%', () => {
    expect(rate(7000).rating).toBe('warn'); // +40%
    expect(rate(7000).reason).toBe(
      'a stretch: +40% vs the same period last year, past +30%; needs +17% over the best month on record (2026-04); beyond all 3 months on record',
    );
    expect(rate(3500).rating).toBe('warn'); // −30%
    expect(rate(3500).reason).toContain('easy: −30%');
  });

  it('fails beyond twice last year, saying how far past the best month it is', () => {
    const rated = rate(11_100);
    expect(rated.rating).toBe('fail');
    expect(rated.reason).toContain('out of reach: +122% vs the same period last year, past the +100% limit');
    expect(rated.reason).toContain('needs +85% over the best month on record (2026-04)');
  });

  it('judges a cost KPI by the cut it needs', () => {
    const cpl = catalog.kpi('cpl');
    const costs = summarizeBaselines(
      cpl,
      { from: '2026-06-01', to: '2026-06-30' },
      { lastYear: month('2025-06-01', '2025-06-30', 50), months: [] },
    );
    const cut = rateAttainable(cpl, positionInHistory(cpl, 45, costs)); // 50/45 − 1 = 11% better
    expect(cut).toMatchObject({ rating: 'pass', reason: '−10% vs the same period last year (11% better)' });
    expect(rateAttainable(cpl, positionInHistory(cpl, 24, costs)).rating).toBe('fail'); // 50/24 − 1 = 108% better
  });

  it('warns when there is no history to judge by', () => {
    const empty = summarizeBaselines(roi, { from: '2026-06-01', to: '2026-06-30' }, { months: [] });
    expect(rateAttainable(roi, positionInHistory(roi, 1.5, empty)).rating).toBe('warn');
  });
});

describe('R — relevant', () => {
  const promotion = builtinScorecardTemplate('promotion');

  it('passes a stated goal and says what the KPI weighs in the campaign’s scorecard', () => {
    const rated = rateRelevant(target(), roi, { campaignGoal: 'promotion', template: promotion });
    expect(rated.rating).toBe('pass');
    expect(rated.reason).toBe(
      'serves “618 大促收割: grow GMV at a healthy return”; roi carries 60% of the Big promotion scorecard',
    );
  });

  it('warns on a goal too short to say anything, and on a KPI the campaign’s scorecard does not weigh', () => {
    expect(rateRelevant(target({ goal: 'GMV' }), roi).rating).toBe('warn');
    const wordOfMouth = builtinScorecardTemplate('word_of_mouth');
    const rated = rateRelevant(target(), roi, { campaignGoal: 'word_of_mouth', template: wordOfMouth });
    expect(rated.rating).toBe('warn');
    expect(rated.reason).toContain('weighs effective_indexed_posts, interactions, save_rate, not roi');
  });

  it('fails without a goal', () => {
    const rated = rateRelevant(target({ goal: undefined }), roi);
    expect(rated.rating).toBe('fail');
  });
});

describe('T — time-bound', () => {
  it('passes a period still running, reviewed often enough', () => {
    expect(rateTimeBound(target(), '2026-05-01')).toEqual({
      letter: 'time_bound',
      rating: 'pass',
      reason: '2026-05-20 … 2026-06-20 (32 days), reviewed weekly',
      message: {
        key: 'smart.time_bound.pass',
        params: {
          period: { key: 'text.period', params: { from: '2026-05-20', to: '2026-06-20' } },
          days: 32,
          cadence: 'weekly',
        },
      },
    });
  });

  it('warns when the period is too long or shorter than one review cycle', () => {
    expect(
      rateTimeBound(target({ period: { from: '2026-01-01', to: '2027-06-30' } }), '2026-01-01').rating,
    ).toBe('warn');
    const short = rateTimeBound(
      target({ cadence: 'monthly', period: { from: '2026-06-01', to: '2026-06-18' } }),
      '2026-05-01',
    );
    expect(short.rating).toBe('warn');
    expect(short.reason).toContain('before a monthly review');
  });

  it('judges a period entirely in the past as past: time-bound, due for review', () => {
    const rated = rateTimeBound(target(), '2026-11-23');
    expect(rated.rating).toBe('pass');
    expect(rated.reason).toContain('ended before 2026-11-23');
  });

  it('refuses a target without a period at all', () => {
    expect(() => parseTarget({ id: 'x', kpi: 'roi', value: 1 })).toThrow(/^target: period: /);
  });
});

describe('SMART report', () => {
  it('takes the worst letter as the overall rating', () => {
    const said = { key: 'smart.relevant.no_goal', params: {} };
    const report = smartReport('roi-618', [
      { letter: 'specific', rating: 'pass', reason: '', message: said },
      { letter: 'measurable', rating: 'warn', reason: '', message: said },
    ]);
    expect(report.overall).toBe('warn');
    expect(
      smartReport('x', [{ letter: 'time_bound', rating: 'fail', reason: '', message: said }]).overall,
    ).toBe('fail');
  });
});

describe('every reason as a message: its key and parameters, and the same English', () => {
  const period = (from: string, to: string) => ({ key: 'text.period', params: { from, to } });
  const lastYear = { key: 'baseline.name.same_period_last_year', params: {} };
  const goal = '618 大促收割: grow GMV at a healthy return';
  const window = { from: '2024-05-20', to: '2026-06-20' };
  const month = (from: string, to: string, value: number): WindowValue => ({ from, to, value });

  /** The rating and the English as before, the message as given, and the English said from it. */
  function expectSaid(rated: SmartLetterResult, rating: string, reason: string, said: Message) {
    expect(rated.rating).toBe(rating);
    expect(rated.reason).toBe(reason);
    expect(rated.message).toEqual(said);
    expect(english(rated.message)).toBe(rated.reason);
  }

  it('S: unknown KPI, unmeasurable scope, whole workspace, no direction', () => {
    expectSaid(
      rateSpecific(target({ kpi: 'roas_typo' }), undefined, []),
      'fail',
      "`roas_typo` is not a KPI in this workspace's catalog",
      { key: 'smart.specific.not_in_catalog', params: { kpi: 'roas_typo' } },
    );
    const problems = scopeProblems(catalog, 'effective_indexed_posts', "campaign = '618-2026'");
    const written = problems.map(formatProblem);
    expectSaid(
      rateSpecific(
        target({ kpi: 'effective_indexed_posts' }),
        catalog.kpi('effective_indexed_posts'),
        problems,
      ),
      'fail',
      `the scope can't be measured for effective_indexed_posts: ${written.join('; ')}`,
      {
        key: 'smart.specific.scope_unmeasurable',
        params: { kpi: 'effective_indexed_posts', problems: written },
      },
    );
    expectSaid(
      rateSpecific(target({ scope: { label: 'everything' } }), roi, []),
      'warn',
      'roi over the whole workspace: name the channel, campaign, creator or team it is for',
      { key: 'smart.specific.whole_workspace', params: { kpi: 'roi' } },
    );
    expectSaid(
      rateSpecific(target({ kpi: 'spend' }), catalog.kpi('spend'), []),
      'warn',
      'spend has no better direction (more is not better or worse): it reads as a plan; pair it with an outcome KPI',
      { key: 'smart.specific.no_direction', params: { kpi: 'spend' } },
    );
  });

  it('M: unknown KPI, scope that does not fit, no data, none in the scope, approximate, pass', () => {
    expectSaid(
      rateMeasurable(target({ kpi: 'roas_typo' }), undefined, undefined),
      'fail',
      "`roas_typo` can't be measured: it is not a KPI here",
      { key: 'smart.measurable.unknown_kpi', params: { kpi: 'roas_typo' } },
    );
    expectSaid(
      rateMeasurable(target(), roi, undefined),
      'fail',
      "roi can't be measured in 618 2026: the scope doesn't fit the KPI (see S)",
      { key: 'smart.measurable.scope_mismatch', params: { kpi: 'roi', scope: '618 2026' } },
    );
    const where = period('2024-05-20', '2026-06-20');
    expectSaid(
      rateMeasurable(target(), roi, { window, scopeMonthsWithData: 0, workspaceHasData: false, flags: [] }),
      'fail',
      'the workspace has no roi data at all in 2024-05-20 … 2026-06-20: import the exports it is computed from',
      { key: 'smart.measurable.no_data', params: { kpi: 'roi', window: where } },
    );
    expectSaid(
      rateMeasurable(target(), roi, { window, scopeMonthsWithData: 0, workspaceHasData: true, flags: [] }),
      'warn',
      'no roi data yet for 618 2026 in 2024-05-20 … 2026-06-20 (the workspace has roi elsewhere): check that rows carry this scope',
      { key: 'smart.measurable.no_scope_data', params: { kpi: 'roi', scope: '618 2026', window: where } },
    );
    expectSaid(
      rateMeasurable(target({ kpi: 'reach' }), catalog.kpi('reach'), {
        window,
        scopeMonthsWithData: 3,
        workspaceHasData: true,
        flags: ['upper_bound', 'approximate', 'upper_bound'],
      }),
      'warn',
      'reach for 618 2026 is only approximate (upper_bound, approximate): it sums distinct people over rows',
      {
        key: 'smart.measurable.approximate',
        params: { kpi: 'reach', scope: '618 2026', flags: ['upper_bound', 'approximate'] },
      },
    );
    expectSaid(
      rateMeasurable(target(), roi, { window, scopeMonthsWithData: 2, workspaceHasData: true, flags: [] }),
      'pass',
      'roi has data for 618 2026 in 2 month(s) of 2024-05-20 … 2026-06-20',
      { key: 'smart.measurable.pass', params: { kpi: 'roi', scope: '618 2026', months: 2, window: where } },
    );
  });

  describe('A', () => {
    // June 2026; March–May pro-rated to 30 days: 3,000 · 6,000 · 4,500; last year 5,000.
    const summary = summarizeBaselines(
      impressions,
      { from: '2026-06-01', to: '2026-06-30' },
      {
        lastYear: month('2025-06-01', '2025-06-30', 5000),
        months: [
          month('2026-03-01', '2026-03-31', 3100),
          month('2026-04-01', '2026-04-30', 6000),
          month('2026-05-01', '2026-05-31', 4650),
        ],
      },
    );
    const rate = (value: number) =>
      rateAttainable(impressions, positionInHistory(impressions, value, summary));
    const vsLastYear = (change: number) => ({
      key: 'history.vs_baseline',
      params: { change, against: lastYear },
    });

    it('no KPI, no history', () => {
      expectSaid(rateAttainable(undefined, undefined), 'fail', 'no KPI to judge against history', {
        key: 'smart.attainable.no_kpi',
        params: {},
      });
      const empty = summarizeBaselines(roi, { from: '2026-06-01', to: '2026-06-30' }, { months: [] });
      expectSaid(
        rateAttainable(roi, positionInHistory(roi, 1.5, empty)),
        'warn',
        'no history of roi for this scope to judge against: set a baseline scope or import a benchmark',
        { key: 'smart.attainable.no_history', params: { kpi: 'roi' } },
      );
    });

    it('pass: the comparison with last year, then the best month and the percentile', () => {
      const rated = rate(6000);
      expect(rated.reason).toBe(
        '+20% vs the same period last year; matches the best month on record (2026-04); percentile 83 of 3 months on record',
      );
      expect(rated.message).toEqual({
        key: 'smart.attainable.pass',
        params: {
          compared: vsLastYear(0.2),
          place: [
            { key: 'history.matches_best', params: { month: '2026-04' } },
            { key: 'history.percentile', params: { percentile: expect.closeTo(83.333, 3), count: 3 } },
          ],
        },
      });
      expect(english(rated.message)).toBe(rated.reason);
    });

    it('stretch, out of reach and easy carry their limit as a fraction', () => {
      const stretch = rate(7000);
      expect(stretch.message).toEqual({
        key: 'smart.attainable.stretch',
        params: {
          compared: vsLastYear(0.4),
          limit: 0.3,
          place: [
            { key: 'history.needs_over', params: { change: expect.closeTo(1 / 6, 12), month: '2026-04' } },
            { key: 'history.beyond_all', params: { count: 3 } },
          ],
        },
      });
      expect(english(stretch.message)).toBe(stretch.reason);
      const far = rate(11_100);
      expect(far.rating).toBe('fail');
      expect(far.reason).toBe(
        'out of reach: +122% vs the same period last year, past the +100% limit; needs +85% over the best month on record (2026-04); beyond all 3 months on record',
      );
      expect(far.message).toMatchObject({ key: 'smart.attainable.out_of_reach', params: { limit: 1 } });
      expect(english(far.message)).toBe(far.reason);
      expectSaid(
        rate(3500),
        'warn',
        'easy: −30% vs the same period last year, worse than history by more than 20%; within history: −42% vs the best month (2026-04); percentile 33 of 3 months on record',
        {
          key: 'smart.attainable.easy',
          params: {
            compared: vsLastYear(-0.3),
            limit: 0.2,
            place: [
              { key: 'history.within', params: { change: expect.closeTo(-5 / 12, 12), month: '2026-04' } },
              { key: 'history.percentile', params: { percentile: expect.closeTo(33.333, 3), count: 3 } },
            ],
          },
        },
      );
      const short = rate(2000);
      expect(short.reason).toContain('; short of all 3 months on record');
      expect((short.message.params.place as Message[]).at(-1)).toEqual({
        key: 'history.short_of_all',
        params: { count: 3 },
      });
    });

    it('a cost KPI: how much better or worse, and the cut the best month needs', () => {
      const cpl = catalog.kpi('cpl');
      const costs = summarizeBaselines(
        cpl,
        { from: '2026-06-01', to: '2026-06-30' },
        {
          lastYear: month('2025-06-01', '2025-06-30', 50),
          months: [
            month('2026-03-01', '2026-03-31', 40),
            month('2026-04-01', '2026-04-30', 50),
            month('2026-05-01', '2026-05-31', 60),
          ],
        },
      );
      const worse = rateAttainable(cpl, positionInHistory(cpl, 55, costs));
      expect(worse.reason).toMatch(/^\+10% vs the same period last year \(9\.1% worse\); /);
      expect(worse.message.params.compared).toEqual({
        key: 'history.vs_baseline_worse',
        params: {
          change: expect.closeTo(0.1, 12),
          improvement: expect.closeTo(50 / 55 - 1, 12),
          against: lastYear,
        },
      });
      expectSaid(
        rateAttainable(cpl, positionInHistory(cpl, 30, costs)),
        'warn',
        'a stretch: −40% vs the same period last year (67% better), past +30%; needs −25% under the best month on record (2026-03); beyond all 3 months on record',
        {
          key: 'smart.attainable.stretch',
          params: {
            compared: {
              key: 'history.vs_baseline_better',
              params: { change: -0.4, improvement: expect.closeTo(2 / 3, 12), against: lastYear },
            },
            limit: 0.3,
            place: [
              { key: 'history.needs_under', params: { change: -0.25, month: '2026-03' } },
              { key: 'history.beyond_all', params: { count: 3 } },
            ],
          },
        },
      );
    });

    it('judged against the best month when nothing else compares, named by its label', () => {
      // A cost KPI whose best month cost nothing: no change to state, an improvement of −100%.
      const cpl = catalog.kpi('cpl');
      const costs = summarizeBaselines(
        cpl,
        { from: '2026-06-01', to: '2026-06-30' },
        { months: [month('2026-03-01', '2026-03-31', 0), month('2026-04-01', '2026-04-30', 50)] },
      );
      expectSaid(
        rateAttainable(cpl, positionInHistory(cpl, 45, costs)),
        'warn',
        'easy: −100% vs the best month (2026-03), worse than history by more than 20%; percentile 50 of 2 months on record',
        {
          key: 'smart.attainable.easy',
          params: {
            compared: {
              key: 'smart.attainable.vs_baseline',
              params: {
                improvement: -1,
                against: {
                  key: 'baseline.label_month',
                  params: { name: { key: 'baseline.name.best_month', params: {} }, month: '2026-03' },
                },
              },
            },
            limit: 0.2,
            place: [{ key: 'history.percentile', params: { percentile: 50, count: 2 } }],
          },
        },
      );
    });
  });

  it('A: a reference baseline of 0 names the improvement instead of a change it cannot state', () => {
    // Before messages this reason read "easy: undefined, …".
    const cpl = catalog.kpi('cpl');
    const free = summarizeBaselines(
      cpl,
      { from: '2026-06-01', to: '2026-06-30' },
      { lastYear: month('2025-06-01', '2025-06-30', 0), months: [] },
    );
    expectSaid(
      rateAttainable(cpl, positionInHistory(cpl, 45, free)),
      'warn',
      'easy: −100% vs the same period last year, worse than history by more than 20%',
      {
        key: 'smart.attainable.easy',
        params: {
          compared: { key: 'smart.attainable.vs_baseline', params: { improvement: -1, against: lastYear } },
          limit: 0.2,
          place: [],
        },
      },
    );
  });

  it('R: no goal, too short, not weighed by the scorecard, pass with and without a scorecard', () => {
    expectSaid(
      rateRelevant(target({ goal: undefined }), roi),
      'fail',
      'no business goal: say which result this target serves',
      { key: 'smart.relevant.no_goal', params: {} },
    );
    expectSaid(
      rateRelevant(target({ goal: 'GMV' }), roi),
      'warn',
      'the goal “GMV” is too short to tell which business result the target serves',
      { key: 'smart.relevant.goal_too_short', params: { goal: 'GMV' } },
    );
    expectSaid(
      rateRelevant(target(), roi, {
        campaignGoal: 'word_of_mouth',
        template: builtinScorecardTemplate('word_of_mouth'),
      }),
      'warn',
      `goal stated (“${goal}”), but a word_of_mouth campaign's scorecard weighs effective_indexed_posts, interactions, save_rate, not roi`,
      {
        key: 'smart.relevant.not_weighed',
        params: {
          goal,
          campaignGoal: 'word_of_mouth',
          kpis: ['effective_indexed_posts', 'interactions', 'save_rate'],
          kpi: 'roi',
        },
      },
    );
    expectSaid(rateRelevant(target(), roi), 'pass', `serves “${goal}”`, {
      key: 'smart.relevant.pass',
      params: { goal },
    });
    expectSaid(
      rateRelevant(target(), roi, {
        campaignGoal: 'promotion',
        template: builtinScorecardTemplate('promotion'),
      }),
      'pass',
      `serves “${goal}”; roi carries 60% of the Big promotion scorecard`,
      {
        key: 'smart.relevant.pass_weighed',
        params: {
          goal,
          kpi: 'roi',
          weight: 0.6,
          scorecard: { key: 'text.bilingual', params: { en: 'Big promotion', zh: '大促收割' } },
        },
      },
    );
  });

  it('T: ended (judged as past: it was time-bound), too long, shorter than a review cycle (one day too), pass', () => {
    const span = { period: period('2026-05-20', '2026-06-20'), days: 32 };
    expectSaid(
      rateTimeBound(target(), '2026-11-23'),
      'pass',
      'the period 2026-05-20 … 2026-06-20 (32 days) ended before 2026-11-23: review it, then set the next one',
      { key: 'smart.time_bound.ended', params: { ...span, today: '2026-11-23' } },
    );
    expectSaid(
      rateTimeBound(target({ period: { from: '2026-01-01', to: '2027-06-30' } }), '2026-01-01'),
      'warn',
      '2026-01-01 … 2027-06-30 (546 days) is longer than 400 days: break it into yearly targets',
      {
        key: 'smart.time_bound.too_long',
        params: { period: period('2026-01-01', '2027-06-30'), days: 546, maxDays: 400 },
      },
    );
    expectSaid(
      rateTimeBound(
        target({ cadence: 'monthly', period: { from: '2026-06-01', to: '2026-06-18' } }),
        '2026-05-01',
      ),
      'warn',
      '2026-06-01 … 2026-06-18 (18 days) ends before a monthly review comes round: review it more often',
      {
        key: 'smart.time_bound.too_short',
        params: { period: period('2026-06-01', '2026-06-18'), days: 18, cadence: 'monthly' },
      },
    );
    expectSaid(
      rateTimeBound(target({ period: { from: '2026-06-18', to: '2026-06-18' } }), '2026-05-01'),
      'warn',
      '2026-06-18 (1 days) ends before a weekly review comes round: review it more often',
      {
        key: 'smart.time_bound.too_short',
        params: { period: { key: 'text.day', params: { day: '2026-06-18' } }, days: 1, cadence: 'weekly' },
      },
    );
    expectSaid(
      rateTimeBound(target(), '2026-05-01'),
      'pass',
      '2026-05-20 … 2026-06-20 (32 days), reviewed weekly',
      { key: 'smart.time_bound.pass', params: { ...span, cadence: 'weekly' } },
    );
  });
});
