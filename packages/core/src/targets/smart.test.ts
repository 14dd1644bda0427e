import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../catalog/catalog.js';
import { builtinScorecardTemplate } from '../scorecards/templates.js';
import { positionInHistory, summarizeBaselines, type WindowValue } from './baselines.js';
import { parseTarget, type TargetInput } from './model.js';
import { scopeProblems } from './scope.js';
import {
  rateAttainable,
  rateMeasurable,
  rateRelevant,
  rateSpecific,
  rateTimeBound,
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

  it('fails a period entirely in the past', () => {
    const rated = rateTimeBound(target(), '2026-11-23');
    expect(rated.rating).toBe('fail');
    expect(rated.reason).toContain('ended before 2026-11-23');
  });

  it('refuses a target without a period at all', () => {
    expect(() => parseTarget({ id: 'x', kpi: 'roi', value: 1 })).toThrow(/^target: period: /);
  });
});

describe('SMART report', () => {
  it('takes the worst letter as the overall rating', () => {
    const report = smartReport('roi-618', [
      { letter: 'specific', rating: 'pass', reason: '' },
      { letter: 'measurable', rating: 'warn', reason: '' },
    ]);
    expect(report.overall).toBe('warn');
    expect(smartReport('x', [{ letter: 'time_bound', rating: 'fail', reason: '' }]).overall).toBe('fail');
  });
});
