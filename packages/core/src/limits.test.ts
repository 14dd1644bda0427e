import { describe, expect, it } from 'vitest';
import { isMarkpiError, kindOf } from './errors.js';
import {
  checkDateInRange,
  checkKpiDefinitionLimits,
  checkSavedNumber,
  checkTextLength,
  checkUploadQuota,
  checkWindow,
  LIMITS,
  LimitError,
  lastDayOfWindow,
  sayLimit,
  uploadTooLarge,
} from './limits.js';
import { GRAINS } from './plan/query.js';

function refusal(run: () => void): LimitError {
  try {
    run();
  } catch (error) {
    if (error instanceof LimitError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

/**
 * The last allowed day by another route: step the calendar year by year with JavaScript's own
 * date fields, clamping a 29 February to the 28th when the target year has none, then one day back.
 */
function lastDayByCalendarFields(from: string, years: number): string {
  const [year, month, day] = from.split('-').map(Number) as [number, number, number];
  const targetYear = year + years;
  const leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const clampedDay = month === 2 && day === 29 && !leap(targetYear) ? 28 : day;
  const date = new Date(0);
  date.setUTCFullYear(targetYear, month - 1, clampedDay - 1);
  return date.toISOString().slice(0, 10);
}

describe('window limits', () => {
  it('allows three years by day, counted by hand', () => {
    expect(lastDayOfWindow('2024-01-01', 'day')).toBe('2026-12-31');
    expect(lastDayOfWindow('2024-03-15', 'day')).toBe('2027-03-14');
    // 29 February plus three years clamps to 28 February; the day before is the 27th.
    expect(lastDayOfWindow('2024-02-29', 'day')).toBe('2027-02-27');
    expect(lastDayOfWindow('2024-01-01', 'week')).toBe('2033-12-31');
    expect(lastDayOfWindow('2000-01-01', 'month')).toBe('2029-12-31');
    expect(lastDayOfWindow('1950-07-01', 'total')).toBe('2050-06-30');
    expect(() => checkWindow({ from: '2024-01-01', to: '2026-12-31', grain: 'day' })).not.toThrow();
    const error = refusal(() => checkWindow({ from: '2024-01-01', to: '2027-01-01', grain: 'day' }));
    expect(error.code).toBe('window_too_long');
    expect(kindOf(error.code)).toBe('invalid_input');
    expect(error.said).toEqual({
      key: 'limit.window_too_long',
      params: { grain: 'day', years: 3, from: '2024-01-01', to: '2027-01-01', lastAllowed: '2026-12-31' },
    });
    expect(error.problems[0]).toMatchObject({ path: 'to' });
  });

  it('agrees with stepping the calendar fields on every grain and many first days', () => {
    let checked = 0;
    for (let year = 1900; year <= 2199; year += 7) {
      for (const [month, day] of [
        [1, 1],
        [2, 28],
        [2, 29],
        [3, 1],
        [12, 31],
        [6, 30],
      ] as const) {
        const from = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
        if (new Date(`${from}T00:00:00Z`).toISOString().slice(0, 10) !== from) continue;
        for (const grain of GRAINS) {
          const expected = lastDayByCalendarFields(from, LIMITS.windowYears[grain]);
          expect(lastDayOfWindow(from, grain)).toBe(expected);
          // The limit's edge: the last allowed day passes, the one after is refused.
          if (expected <= LIMITS.latestDate) {
            expect(() => checkWindow({ from, to: expected, grain })).not.toThrow();
            const next = new Date(`${expected}T00:00:00Z`);
            next.setUTCDate(next.getUTCDate() + 1);
            const after = next.toISOString().slice(0, 10);
            if (after <= LIMITS.latestDate) {
              expect(refusal(() => checkWindow({ from, to: after, grain })).code).toBe('window_too_long');
            }
          }
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('refuses the thousand-year overview and years JavaScript would misread', () => {
    expect(refusal(() => checkWindow({ from: '1027-01-01', to: '2026-10-31', grain: 'day' })).code).toBe(
      'date_out_of_range',
    );
    const early = refusal(() => checkWindow({ from: '0027-01-01', to: '0027-01-31' }));
    expect(early.code).toBe('date_out_of_range');
    expect(early.problems[0]).toMatchObject({ path: 'from' });
    expect(refusal(() => checkDateInRange('2200-01-01', 'to')).code).toBe('date_out_of_range');
    expect(() => checkDateInRange('1900-01-01', 'from')).not.toThrow();
    expect(() => checkDateInRange('2199-12-31', 'to')).not.toThrow();
    // Not a calendar date: left to the caller's check, which says how to write one.
    expect(() => checkWindow({ from: 'soon', to: '2026-01-01' })).not.toThrow();
    // A window inside the range but long at a fine grain.
    expect(refusal(() => checkWindow({ from: '1900-01-01', to: '2026-10-31', grain: 'week' })).code).toBe(
      'window_too_long',
    );
    expect(() => checkWindow({ from: '1950-01-01', to: '2026-10-31', grain: 'total' })).not.toThrow();
  });
});

describe('lengths and numbers', () => {
  it('refuses a million-character KPI name and a long formula, and keeps ordinary ones', () => {
    const error = refusal(() => checkKpiDefinitionLimits({ name: { en: 'x'.repeat(1_000_000) } }));
    expect(error.code).toBe('text_too_long');
    expect(error.said.params).toEqual({ field: 'name.en', length: 1_000_000, limit: 200 });
    expect(refusal(() => checkKpiDefinitionLimits({ formula: 'a+'.repeat(1001) })).said.params).toMatchObject(
      {
        field: 'formula',
        length: 2002,
      },
    );
    expect(() =>
      checkKpiDefinitionLimits({
        name: { en: 'Cost per engaged view', zh: '每次互动观看成本' },
        description: { en: 'spend / engaged views' },
        formula: 'spend / engaged_views',
      }),
    ).not.toThrow();
    expect(() => checkTextLength('x'.repeat(200), 'name', 200)).not.toThrow();
    expect(() => checkTextLength('x'.repeat(201), 'name', 200)).toThrow(LimitError);
  });

  it('refuses a 400-digit value, infinities and NaN, and keeps 1e15 itself', () => {
    const fourHundredDigits = Number('9'.repeat(400));
    expect(fourHundredDigits).toBe(Number.POSITIVE_INFINITY);
    expect(refusal(() => checkSavedNumber(fourHundredDigits, 'value')).code).toBe('number_out_of_range');
    expect(refusal(() => checkSavedNumber(Number.NaN, 'value')).code).toBe('number_out_of_range');
    expect(refusal(() => checkSavedNumber(-1.0000001e15, 'value')).code).toBe('number_out_of_range');
    expect(() => checkSavedNumber(1e15, 'value')).not.toThrow();
    expect(() => checkSavedNumber(-0.05, 'value')).not.toThrow();
    expect(() => checkSavedNumber(undefined, 'value')).not.toThrow();
  });
});

describe('messages', () => {
  it('says every refusal in English and Chinese, the English being the error message', () => {
    const refusals = [
      refusal(() => checkWindow({ from: '2024-01-01', to: '2030-01-01', grain: 'day' })),
      refusal(() => checkDateInRange('0027-01-01', 'from')),
      refusal(() => checkTextLength('xxx', 'name.en', 2)),
      refusal(() => checkSavedNumber(Number.POSITIVE_INFINITY, 'value')),
      refusal(() => checkUploadQuota(1_048_577, 1_048_576)),
      uploadTooLarge('march.csv', 200 * 1_048_576),
    ];
    for (const error of refusals) {
      expect(isMarkpiError(error)).toBe(true);
      expect(error.message).toBe(sayLimit(error.said, 'en'));
      const chinese = sayLimit(error.said, 'zh');
      expect(chinese).toMatch(/[\u4e00-\u9fff]/);
      expect(chinese).not.toBe(error.message);
    }
    expect(refusals[0]?.message).toBe(
      'a window by day spans at most 3 years: 2024-01-01 to 2030-01-01 is longer; the last day it may reach is 2026-12-31',
    );
    expect(sayLimit(refusals[0]!.said, 'zh')).toBe(
      '按天查询最多跨 3 年：2024-01-01 至 2030-01-01 太长，最晚可到 2026-12-31',
    );
  });

  it('says upload sizes in megabytes, whole from 10 MB, one decimal below', () => {
    expect(refusal(() => checkUploadQuota(1_048_577, 1_048_576)).message).toBe(
      "this workspace's uploads awaiting confirmation hold 1 MB of its 1 MB: confirm or cancel some " +
        'first (unconfirmed uploads are deleted when they expire)',
    );
    // 1.5 MiB held of 1 GiB; 0.25 MiB rounds to 0.3.
    const quota = refusal(() => checkUploadQuota(1.5 * 1_048_576 + 1_073_741_824, 1_073_741_824));
    expect(quota.code).toBe('upload_quota_exceeded');
    expect(sayLimit(quota.said, 'zh')).toBe(
      '本工作区待确认的上传已占用 1026 MB，上限 1024 MB：请先确认或取消一些上传（未确认的上传到期会自动删除）',
    );
    expect(uploadTooLarge('a.csv', 0.25 * 1_048_576).message).toBe(
      'a.csv is larger than the limit of 0.3 MB for one file',
    );
    expect(uploadTooLarge('a.csv', 200 * 1_048_576).code).toBe('payload_too_large');
    expect(() => checkUploadQuota(1_048_576, 1_048_576)).not.toThrow();
  });
});
