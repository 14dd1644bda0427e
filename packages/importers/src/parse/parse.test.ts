import { say } from '@markpi/core';
import { describe, expect, it } from 'vitest';
import { ExcelPercent } from '../read/records.js';
import { DateOrderEvidence, parseDate, parseDateRange, parseDateText } from './dates.js';
import { parseId } from './ids.js';
import { detectDecimalStyle, isPlaceholder, parseNumber, parseNumberText, plainNumber } from './numbers.js';

const value = (text: string, style: 'dot' | 'comma' = 'dot') => {
  const result = parseNumberText(text, style);
  return result.ok ? result.value : result.reason;
};

describe('parseNumberText', () => {
  it('reads thousands separators in either locale', () => {
    expect(value('1,414,877')).toBe(1414877);
    expect(value('1,234.5')).toBe(1234.5);
    expect(value('1.234,5')).toBe(1234.5);
    expect(value('1.234.567', 'comma')).toBe(1234567);
    expect(value('1 234,56', 'comma')).toBe(1234.56);
    expect(value("1'234.5")).toBe(1234.5);
    expect(value('2.900', 'comma')).toBe(2900);
    expect(value('2.900', 'dot')).toBe(2.9);
    expect(value('0.123', 'comma')).toBe(0.123);
    expect(value('1,234', 'comma')).toBe(1.234);
    expect(value('12,5')).toBe(12.5);
  });
  it('reads scaled numbers as the digits shifted in the text, over many cells', () => {
    // Independent: move the decimal point by hand, digit by digit, and read the plain number.
    const shifted = (digits: string, places: number) => {
      const [whole, fraction = ''] = digits.split('.');
      const padded = fraction.padEnd(places, '0');
      return Number(`${whole}${padded.slice(0, places)}.${padded.slice(places) || '0'}`);
    };
    const powers: Record<string, number> = { 万: 4, w: 4, 亿: 8, k: 3, 千: 3, M: 6 };
    let checked = 0;
    for (let whole = 0; whole < 400; whole += 7) {
      for (const fraction of ['', '.1', '.15', '.05', '.999', '.12345']) {
        for (const [suffix, power] of Object.entries(powers)) {
          const text = `${whole}${fraction}${suffix}`;
          expect(value(text), text).toBe(shifted(`${whole}${fraction}`, power));
          if (!fraction.includes('.')) expect(value(text, 'comma'), text).toBe(shifted(`${whole}`, power));
          checked++;
        }
      }
    }
    expect(checked).toBe(58 * 6 * 6);
  });
  it('reads Chinese magnitudes exactly', () => {
    expect(value('1.2万')).toBe(12000);
    expect(value('1.15万')).toBe(11500);
    expect(value('3w')).toBe(30000);
    expect(value('2亿')).toBe(200000000);
    expect(value('10.5W')).toBe(105000);
  });
  it('reads percentages as fractions and flags them', () => {
    expect(parseNumberText('6.20%')).toEqual({ ok: true, value: 0.062, percent: true });
    expect(parseNumber(new ExcelPercent(0.0154))).toEqual({ ok: true, value: 0.0154, percent: true });
  });
  it('maps placeholders to null, not zero', () => {
    for (const text of ['', ' --', '--', '-', '—', 'N/A']) expect(value(text)).toBeNull();
  });
  it('handles signs, currency marks and scientific notation', () => {
    expect(value('-12.5')).toBe(-12.5);
    expect(value('(1,000)')).toBe(-1000);
    expect(value('$1,250.50')).toBe(1250.5);
    expect(value('¥88')).toBe(88);
    expect(value('1,234元')).toBe(1234);
    expect(value('1.5E+3')).toBe(1500);
  });
  it('refuses text with a reason', () => {
    expect(value('Using campaign budget')).toBe('"Using campaign budget" is not a number');
    expect(value('12abc')).toBe('"12abc" is not a number');
    expect(value('1,2,3')).toBe('"1,2,3" is not a number');
  });
  it('detects the decimal style of a file', () => {
    expect(detectDecimalStyle(['1,414,877', '4.19763158'])).toBe('dot');
    expect(detectDecimalStyle(['1.234,56', '12,5'])).toBe('comma');
    expect(detectDecimalStyle(['1,234', '2.900', '15'])).toBeUndefined();
  });
});

describe('row-loop shortcuts', () => {
  it('placeholders are found whatever the padding, and long text is not one', () => {
    for (const text of ['--', '  --  ', '\u00a0N/A\t', '—', '', '   '])
      expect(isPlaceholder(text), text).toBe(true);
    for (const text of ['Total', '0', '- -', '  none of these  ', '---'])
      expect(isPlaceholder(text), text).toBe(false);
  });

  it('plainNumber takes only what the general parser would read the same way', () => {
    expect(plainNumber('12345', 'dot')).toBe(12345);
    expect(plainNumber('-0.25', 'dot')).toBe(-0.25);
    expect(plainNumber('2.900', 'dot')).toBe(2.9);
    // A comma-decimal file's `2.900` is two thousand nine hundred: left to the general parser.
    expect(plainNumber('2.900', 'comma')).toBeUndefined();
    for (const text of ['1,234', ' 12', '12 ', '1.2万', '6.20%', '--', ''])
      expect(plainNumber(text, 'dot')).toBeUndefined();
  });
});

describe('parseDate', () => {
  const date = (text: string, order?: 'dmy' | 'mdy') => {
    const result = parseDateText(text, order ? { order } : {});
    return result.ok ? result.date : result.reason;
  };
  it('reads every shape seen in exports', () => {
    expect(date('2026-05-01')).toBe('2026-05-01');
    expect(date('2026-05-19T15:15:37-0400')).toBe('2026-05-19');
    expect(date('2026-05-01 23:59:59')).toBe('2026-05-01');
    expect(date('20260501')).toBe('2026-05-01');
    expect(date('2026/5/1')).toBe('2026-05-01');
    expect(date('2026年5月1日')).toBe('2026-05-01');
    expect(date('2026年5月1日 10:00')).toBe('2026-05-01');
    expect(date('May 18, 2025')).toBe('2025-05-18');
    expect(date('Oct 15, 2024, 11:04 AM')).toBe('2024-10-15');
    expect(date('1 sept. 2026')).toBe('2026-09-01');
    expect(date('1. September 2026')).toBe('2026-09-01');
    expect(date('18 de mayo de 2025')).toBe('2025-05-18');
    expect(date('18/05/2025')).toBe('2025-05-18');
    expect(date('05/18/2025')).toBe('2025-05-18');
    expect(date('45778')).toBe('2025-05-01');
    expect(parseDate(45778)).toEqual({ ok: true, date: '2025-05-01' });
    expect(parseDate(20260501)).toEqual({ ok: true, date: '2026-05-01' });
  });
  it('refuses ambiguous day/month unless told the order', () => {
    expect(parseDateText('03/04/2026')).toMatchObject({ ok: false, ambiguous: true });
    expect(date('03/04/2026', 'dmy')).toBe('2026-04-03');
    expect(date('03/04/2026', 'mdy')).toBe('2026-03-04');
    expect(date('04/04/2026')).toBe('2026-04-04');
  });
  it('refuses impossible dates', () => {
    expect(date('2026-02-30')).toBe('"2026-02-30" is not a date: 2026-02 has no day 30');
    expect(date('2026-13-01')).toBe('"2026-13-01" is not a date: there is no month 13');
    expect(date('31/02/2026')).toMatch(/has no day 31/);
    expect(date('soon')).toMatch(/not a date/);
  });
  it('reads months for month-grain facts', () => {
    expect(parseDateText('202504', { allowMonth: true })).toEqual({ ok: true, date: '2025-04-01' });
    expect(parseDateText('2025-04', { allowMonth: true })).toEqual({ ok: true, date: '2025-04-01' });
    expect(parseDateText('2025年4月', { allowMonth: true })).toEqual({ ok: true, date: '2025-04-01' });
  });
  it('settles the order from other rows, or reports a conflict', () => {
    const evidence = new DateOrderEvidence();
    for (const text of ['03/04/2026', '04/04/2026', '13/04/2026']) evidence.add(text);
    expect(evidence.verdict()).toBe('dmy');
    evidence.add('04/13/2026');
    expect(evidence.verdict()).toBe('conflict');
    const undecided = new DateOrderEvidence();
    undecided.add('03/04/2026');
    expect(undecided.verdict()).toBe('undecided');
  });
  it('reads report date ranges', () => {
    expect(parseDateRange('May 18, 2025 - August 15, 2025')).toEqual({
      from: '2025-05-18',
      to: '2025-08-15',
    });
    expect(parseDateRange('2026-05-01 至 2026-05-31')).toEqual({ from: '2026-05-01', to: '2026-05-31' });
    expect(parseDateRange('All time')).toBeUndefined();
  });
});

describe('parseId', () => {
  it('keeps IDs as text and flags Excel damage', () => {
    expect(parseId('120253012345678901')).toEqual({ value: '120253012345678901' });
    expect(parseId(123456)).toEqual({ value: '123456' });
    const scientific = parseId('1.20253E+17').damaged!;
    expect(say(scientific, 'en')).toBe(
      'ID "1.20253E+17" is in scientific notation: Excel rounded it and its digits are lost',
    );
    expect(say(scientific, 'zh')).toBe(
      '编号“1.20253E+17”是科学计数法：已被 Excel 四舍五入，部分数字已经丢失',
    );
    expect(say(parseId(2 ** 60).damaged!, 'en')).toMatch(/digits/);
    expect(parseId('7788.0')).toEqual({ value: '7788' });
  });
});
