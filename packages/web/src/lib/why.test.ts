import { addDays, eachDay, parseFormula, scopePins } from '@markpi/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Grain } from '../api/types';
import {
  barLengths,
  bucketEnd,
  bucketPeriod,
  formatDelta,
  quoteText,
  readWhyRequest,
  rowScope,
  type WhyRequest,
  whySearch,
} from './why';

const day = (offset: number) => addDays('2023-01-01', offset);
const points = (value: string) => `${value} pp`;
const en = { locale: 'en', currency: 'CNY' };
const zh = { locale: 'zh-CN', currency: 'CNY' };

/** Text of any kind, quotes and the formula language's own symbols included. */
const text = fc.oneof(
  fc.string({ minLength: 1, maxLength: 12 }),
  fc.constantFrom("o'brien", "''", "a' or 'b", '抖音', 'x = y', ' spaced '),
);

function urlOf(changes: Record<string, string | null>): URLSearchParams {
  const search = new URLSearchParams('from=2026-01-01&grain=day');
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) search.delete(key);
    else search.set(key, value);
  }
  return new URLSearchParams(search.toString());
}

describe('a cell’s question', () => {
  it('quotes text the way the formula language reads it back', () => {
    expect(quoteText('weibo')).toBe("'weibo'");
    expect(quoteText("o'brien")).toBe("'o''brien'");
    fc.assert(
      fc.property(text, (value) => {
        const parsed = parseFormula(quoteText(value));
        expect(parsed.ok).toBe(true);
        if (parsed.ok) expect(parsed.expr).toMatchObject({ kind: 'string', value });
      }),
    );
  });

  it('scopes a row by its dimension values within the page’s filter', () => {
    expect(rowScope(undefined, { channel: 'weibo', spend: 3 }, ['channel'])).toEqual({
      filter: "channel = 'weibo'",
    });
    expect(
      rowScope("creator_tier = 'kol'", { channel: 'weibo', campaign: "it's" }, ['channel', 'campaign']),
    ).toEqual({ filter: "(creator_tier = 'kol') and (channel = 'weibo' and campaign = 'it''s')" });
    expect(rowScope("channel = 'douyin'", { spend: 3 }, [])).toEqual({ filter: "channel = 'douyin'" });
    expect(rowScope(undefined, { spend: 3 }, [])).toEqual({ filter: undefined });
    // A row without a value can't be named in a filter.
    expect(rowScope(undefined, { channel: null }, ['channel'])).toBeNull();
    expect(rowScope(undefined, { channel: '' }, ['channel'])).toBeNull();

    // Read back by core's own reader of scopes, the row's values come out as they went in.
    const dimension = fc.constantFrom('channel', 'campaign', 'creator', 'content', 'region');
    fc.assert(
      fc.property(fc.dictionary(dimension, text, { minKeys: 1 }), (row) => {
        const dimensions = Object.keys(row);
        const scope = rowScope("creator_tier = 'kol'", row, dimensions);
        expect(scopePins(scope?.filter)).toEqual({ creator_tier: 'kol', ...row });
      }),
    );
  });

  it('travels in the URL beside the page’s own parameters and comes back the same', () => {
    const request: WhyRequest = {
      kpi: 'roas',
      from: '2026-06-01',
      to: '2026-06-30',
      compare: 'last_year',
      filter: "channel = 'weibo'",
    };
    const search = urlOf(whySearch(request));
    expect(search.get('why')).toBe('roas');
    expect(search.get('grain')).toBe('day');
    expect(readWhyRequest(search)).toEqual(request);
    // Closing removes every parameter of the question and nothing else.
    expect(urlOf({ ...Object.fromEntries(search), ...whySearch(null) }).toString()).toBe(
      'from=2026-01-01&grain=day',
    );
    // Not a question: no KPI, a day that isn't one, a window that ends before it starts.
    expect(readWhyRequest(new URLSearchParams('why_from=2026-01-01&why_to=2026-01-02'))).toBeNull();
    expect(readWhyRequest(new URLSearchParams('why=spend&why_from=2026-02-30&why_to=2026-03-02'))).toBeNull();
    expect(readWhyRequest(new URLSearchParams('why=spend&why_from=2026-03-02&why_to=2026-03-01'))).toBeNull();

    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 20 }),
        fc.integer({ min: 0, max: 2000 }),
        fc.integer({ min: 0, max: 400 }),
        fc.constantFrom<WhyRequest['compare']>('previous', 'last_year'),
        fc.option(text, { nil: undefined }),
        (kpi, start, length, compare, filter) => {
          const asked: WhyRequest = {
            kpi,
            from: day(start),
            to: day(start + length),
            compare,
            ...(filter?.trim() ? { filter: filter.trim() } : {}),
          };
          expect(readWhyRequest(urlOf(whySearch(asked)))).toEqual(asked);
        },
      ),
    );
  });
});

describe('the days a time row stands for', () => {
  it('are its calendar bucket inside the window', () => {
    const window = { from: '2026-01-10', to: '2026-05-20' };
    expect(bucketPeriod('2026-01-10', 'day', window)).toEqual({ from: '2026-01-10', to: '2026-01-10' });
    // 2026-01-12 is a Monday; the week of the 10th (a Saturday) began on the 5th.
    expect(bucketPeriod('2026-01-12', 'week', window)).toEqual({ from: '2026-01-12', to: '2026-01-18' });
    expect(bucketPeriod('2026-01-05', 'week', window)).toEqual({ from: '2026-01-10', to: '2026-01-11' });
    expect(bucketPeriod('2026-01-01', 'month', window)).toEqual({ from: '2026-01-10', to: '2026-01-31' });
    expect(bucketPeriod('2026-02-01', 'month', window)).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(bucketPeriod('2026-04-01', 'quarter', window)).toEqual({ from: '2026-04-01', to: '2026-05-20' });
    expect(bucketPeriod('2026-01-01', 'year', window)).toEqual(window);
    expect(bucketPeriod('anything', 'total', window)).toEqual(window);
    expect(bucketPeriod('2026-06-01', 'month', window)).toBeNull();
    expect(bucketPeriod('not a day', 'month', window)).toBeNull();
    expect(bucketEnd('2028-02-01', 'month')).toBe('2028-02-29');
    expect(bucketEnd('2026-10-01', 'quarter')).toBe('2026-12-31');
  });

  it('agree with grouping the window’s days one by one', () => {
    // An independent calendar: ISO weeks by weekday number, months and quarters by the date's digits.
    const keyOf = (date: string, grain: Grain) => {
      const month = Number(date.slice(5, 7));
      switch (grain) {
        case 'week': {
          const weekday = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
          return `w${Date.parse(`${date}T00:00:00Z`) / 86_400_000 - weekday}`;
        }
        case 'month':
          return date.slice(0, 7);
        case 'quarter':
          return `${date.slice(0, 4)}q${Math.ceil(month / 3)}`;
        case 'year':
          return date.slice(0, 4);
        default:
          return date;
      }
    };
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2500 }),
        fc.integer({ min: 0, max: 500 }),
        fc.constantFrom<Grain>('day', 'week', 'month', 'quarter', 'year'),
        (start, length, grain) => {
          const window = { from: day(start), to: day(start + length) };
          const groups = new Map<string, string[]>();
          for (const date of eachDay(window)) {
            const key = keyOf(date, grain);
            groups.set(key, [...(groups.get(key) ?? []), date]);
          }
          for (const days of groups.values()) {
            const expected = { from: days[0]!, to: days.at(-1)! };
            // Any day of the bucket names it, its first calendar day (the API's label) included.
            for (const label of [days[0]!, days.at(-1)!, days[Math.floor(days.length / 2)]!])
              expect(bucketPeriod(label, grain, window)).toEqual(expected);
          }
        },
      ),
    );
  });
});

describe('a change said in its KPI’s unit', () => {
  it('signs amounts, and says rates in percentage points', () => {
    expect(formatDelta(1234.5, 'currency', en, points)).toBe('+CN¥1,235');
    expect(formatDelta(-12.5, 'currency', en, points)).toBe('−CN¥12.5');
    expect(formatDelta(-0.0345, 'multiple', en, points)).toBe('−0.03×');
    expect(formatDelta(2500, 'count', zh, points)).toBe('+2,500');
    // CTR 1.20% → 1.32% is +0.12 percentage points, not +10%.
    expect(formatDelta(0.0132 - 0.012, 'percent', en, points)).toBe('+0.12 pp');
    expect(formatDelta(-0.00045, 'ratio', en, points)).toBe('−0.045 pp');
    expect(formatDelta(0, 'percent', en, points)).toBe('0.00 pp');
    expect(formatDelta(null, 'currency', en, points)).toBe('—');
    expect(formatDelta(Number.NaN, 'currency', en, points)).toBe('—');
  });

  it('draws bars against the largest part, either sign', () => {
    expect(barLengths([2, -4, 1, 0])).toEqual([0.5, 1, 0.25, 0]);
    expect(barLengths([0, 0])).toEqual([0, 0]);
    expect(barLengths([Number.NaN, 3])).toEqual([0, 1]);
    expect(barLengths([])).toEqual([]);
  });
});
