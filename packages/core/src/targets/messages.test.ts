import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../catalog/catalog.js';
import {
  type Baseline,
  baselineLabel,
  describeChange,
  positionInHistory,
  summarizeBaselines,
  type WindowValue,
} from './baselines.js';
import {
  english,
  isMessageKey,
  MESSAGE_FORMATS,
  MESSAGE_KEYS,
  signedPercent,
  thresholdPercent,
} from './messages.js';

const catalog = buildCatalog();
const impressions = catalog.kpi('impressions');
const cpl = catalog.kpi('cpl');
const spend = catalog.kpi('spend');
const JUNE = { from: '2026-06-01', to: '2026-06-30' };
const month = (from: string, to: string, value: number | null, activeDays?: number): WindowValue => ({
  from,
  to,
  value,
  ...(activeDays !== undefined ? { activeDays } : {}),
});
const name = (kind: string, params: Record<string, number> = {}) => ({
  key: `baseline.name.${kind}`,
  params,
});

describe('the message table', () => {
  it('has English for every key, and formats only for keys it has', () => {
    expect(MESSAGE_KEYS.length).toBeGreaterThan(60);
    expect(new Set(MESSAGE_KEYS).size).toBe(MESSAGE_KEYS.length);
    for (const key of Object.keys(MESSAGE_FORMATS)) expect(isMessageKey(key), key).toBe(true);
    expect(isMessageKey('smart.nothing')).toBe(false);
    expect(isMessageKey('toString')).toBe(false);
    expect(() => english({ key: 'smart.nothing', params: {} })).toThrow(/smart\.nothing/);
  });

  it('says changes and thresholds as before', () => {
    expect([0.2, -0.0909, 0.0003, 1.22, -1].map(signedPercent)).toEqual([
      '+20%',
      '−9.1%',
      '±0%',
      '+122%',
      '−100%',
    ]);
    expect([0.3, 1, 0.0003, -0.2].map(thresholdPercent)).toEqual(['+30%', '+100%', '+0.0%', '−20%']);
  });
});

describe('baseline labels as messages', () => {
  it('names every window, month and benchmark, pro-rated or not, and says the same label', () => {
    // A 10-day period: last year and the months ran on some of their days; trailing pro-rated by calendar days.
    const summary = summarizeBaselines(
      impressions,
      { from: '2026-06-01', to: '2026-06-10' },
      {
        lastYear: month('2025-06-01', '2025-06-10', 900, 9),
        previous: month('2026-05-22', '2026-05-31', 1000),
        trailing: month('2026-03-01', '2026-05-31', 13_750),
        months: [
          month('2026-03-01', '2026-03-31', 3100),
          month('2026-04-01', '2026-04-30', 6000, 20),
          month('2026-05-01', '2026-05-31', 4650),
        ],
        benchmarks: [
          { kpi: 'impressions', segment: 'all', value: 1000, source: 'agency report 2025' },
          { kpi: 'impressions', segment: 'douyin', value: 1200, source: 'platform deck (2025)' },
        ],
      },
    );
    const labels = Object.fromEntries(
      summary.baselines.map((baseline) => [baseline.label, baselineLabel(baseline)]),
    );
    expect(labels).toEqual({
      'same period last year (9 active days pro-rated to 10)': {
        key: 'baseline.label_prorated',
        params: {
          name: name('same_period_last_year'),
          prorated: { key: 'baseline.prorated_active', params: { activeDays: 9, days: 10 } },
        },
      },
      'previous period': name('previous_period'),
      'last 3 months (pro-rated to 10 days)': {
        key: 'baseline.label_prorated',
        params: {
          name: name('trailing', { months: 3 }),
          prorated: { key: 'baseline.prorated', params: { days: 10 } },
        },
      },
      'best month (2026-04, 20 active days pro-rated to 10)': {
        key: 'baseline.label_month_prorated',
        params: {
          name: name('best_month'),
          month: '2026-04',
          prorated: { key: 'baseline.prorated_active', params: { activeDays: 20, days: 10 } },
        },
      },
      'median month (2026-05, pro-rated to 10 days)': {
        key: 'baseline.label_month_prorated',
        params: {
          name: name('median_month'),
          month: '2026-05',
          prorated: { key: 'baseline.prorated', params: { days: 10 } },
        },
      },
      'worst month (2026-03, pro-rated to 10 days)': {
        key: 'baseline.label_month_prorated',
        params: {
          name: name('worst_month'),
          month: '2026-03',
          prorated: { key: 'baseline.prorated', params: { days: 10 } },
        },
      },
      'benchmark: agency report 2025': {
        key: 'baseline.benchmark',
        params: { source: 'agency report 2025' },
      },
      'benchmark (douyin): platform deck (2025)': {
        key: 'baseline.benchmark_segment',
        params: { segment: 'douyin', source: 'platform deck (2025)' },
      },
    });
    for (const [text, said] of Object.entries(labels)) expect(english(said)).toBe(text);
  });

  it('names months of a KPI without a better direction highest and lowest, levels of a snapshot KPI', () => {
    const plan = summarizeBaselines(spend, JUNE, {
      months: [month('2026-04-01', '2026-04-30', 10), month('2026-05-01', '2026-05-31', 31)],
    });
    expect(plan.baselines.map((baseline) => baselineLabel(baseline).params.name)).toEqual([
      name('highest_month'),
      name('median_month'),
      name('lowest_month'),
    ]);
    const followers = catalog.kpi('followers_total');
    const levels = summarizeBaselines(followers, JUNE, {
      trailing: month('2026-03-01', '2026-05-31', 100),
      months: [],
    });
    expect(levels.baselines[0]!.label).toBe('level at the end of the last 3 months');
    expect(baselineLabel(levels.baselines[0]!)).toEqual(name('trailing_level', { months: 3 }));
  });

  it('passes on a label written elsewhere as it is', () => {
    const foreign: Baseline = { kind: 'trailing', label: 'the quarter before', value: 1, comparable: 1 };
    expect(baselineLabel(foreign)).toEqual({ key: 'text.as_is', params: { text: 'the quarter before' } });
    expect(describeChange(cpl, -0.1, 0.111, 'the quarter before')).toBe(
      '−10% vs the the quarter before (11% better)',
    );
  });
});

describe('notes and the summary as messages', () => {
  it('says each note, in the order of `notes`', () => {
    const summary = summarizeBaselines(
      impressions,
      { from: '2026-06-01', to: '2026-06-10' },
      {
        lastYear: { ...month('2025-06-01', '2025-06-10', 900, 2) },
        months: [
          month('2025-05-01', '2025-05-31', 5000, 8),
          { ...month('2025-06-01', '2025-06-30', 2000, 20), flag: 'upper_bound' },
        ],
      },
    );
    expect(summary.noteMessages).toEqual([
      { key: 'baseline.note.few_months', params: { months: 1 } },
      { key: 'baseline.note.approximate', params: {} },
      {
        key: 'baseline.note.partial',
        params: {
          windows: [
            {
              key: 'baseline.partial_window',
              params: {
                name: name('same_period_last_year'),
                period: { key: 'text.period', params: { from: '2025-06-01', to: '2025-06-10' } },
                activeDays: 2,
                days: 10,
              },
            },
            {
              key: 'baseline.partial_window',
              params: {
                name: name('month'),
                period: { key: 'text.period', params: { from: '2025-05-01', to: '2025-05-31' } },
                activeDays: 8,
                days: 31,
              },
            },
          ],
        },
      },
    ]);
    expect(summary.notes).toEqual([
      'only 1 month(s) of history: percentiles are rough',
      'some values are approximate (distinct people summed over days or channels)',
      'left out, data on too few days to compare: same period last year 2025-06-01 … 2025-06-10 (data on 2 of 10 days); month 2025-05-01 … 2025-05-31 (data on 8 of 31 days)',
    ]);
    expect(summary.noteMessages.map(english)).toEqual(summary.notes);
    const empty = summarizeBaselines(impressions, JUNE, { months: [] });
    expect(empty.noteMessages).toEqual([{ key: 'baseline.note.no_history', params: {} }]);
  });

  it('gives the position its phrases and summary as messages', () => {
    const summary = summarizeBaselines(impressions, JUNE, {
      lastYear: month('2025-06-01', '2025-06-30', 5000),
      months: [month('2026-04-01', '2026-04-30', 6000)],
    });
    const position = positionInHistory(impressions, 11_100, summary);
    expect(position.messages).toEqual({
      best: { key: 'history.needs_over', params: { change: expect.closeTo(0.85, 12), month: '2026-04' } },
      reference: {
        key: 'history.vs_baseline',
        params: { change: expect.closeTo(1.22, 12), against: name('same_period_last_year') },
      },
      percentile: { key: 'history.beyond_all', params: { count: 1 } },
      summary: {
        key: 'history.summary',
        params: {
          parts: [position.messages.best, position.messages.reference, position.messages.percentile],
        },
      },
    });
    expect(position.summary).toBe(
      'needs +85% over the best month on record (2026-04); +122% vs the same period last year; beyond all 1 month on record',
    );
    expect(english(position.messages.summary)).toBe(position.summary);
    expect(position.phrases.best).toBe(english(position.messages.best!));
    const nothing = positionInHistory(impressions, 1, summarizeBaselines(impressions, JUNE, { months: [] }));
    expect(nothing.messages).toEqual({ summary: { key: 'history.none', params: {} } });
    expect(nothing.summary).toBe('no history to place it in');
  });
});
