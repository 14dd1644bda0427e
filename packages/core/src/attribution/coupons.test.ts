import { describe, expect, it } from 'vitest';
import { MarkpiError } from '../errors.js';
import { type CouponCode, type CouponOrder, couponAttribution } from './coupons.js';
import { sayAttribution } from './messages.js';

const CODES: CouponCode[] = [
  { code: 'LILY20', creator: 'lily', campaign: '618', kind: 'coupon' },
  { code: '￥春日好物￥', creator: 'lily', kind: 'passphrase' },
  { code: 'MAX10', creator: 'max', campaign: '618' },
  { code: 'max10', creator: 'max', campaign: '618' },
];

describe('coupon and 口令 attribution', () => {
  it('credits each order to the owner of its code, whole, matching full-width and case', () => {
    const orders: CouponOrder[] = [
      { code: 'lily20', value: 100 },
      { code: 'ＬＩＬＹ２０', value: 50 },
      { code: ' ￥春日好物￥ ', value: 30, conversions: 2 },
      { code: 'MAX10', value: 80 },
      { code: 'NOPE', value: 12.5 },
      { code: 'nope', value: 7.5 },
      { code: 'GHOST', value: 1 },
    ];
    const result = couponAttribution(CODES, orders);
    expect(result.creators).toEqual([
      { creator: 'lily', orders: 3, conversions: 4, value: 180, codes: ['LILY20', '￥春日好物￥'] },
      { creator: 'max', orders: 1, conversions: 1, value: 80, codes: ['MAX10'] },
    ]);
    expect(result.campaigns).toEqual([
      { campaign: '618', creator: 'lily', orders: 2, conversions: 2, value: 150 },
      { campaign: '618', creator: 'max', orders: 1, conversions: 1, value: 80 },
    ]);
    expect(result.unknownCodes).toEqual([
      { code: 'NOPE', orders: 2, conversions: 2, value: 20 },
      { code: 'GHOST', orders: 1, conversions: 1, value: 1 },
    ]);
    expect(result.totals).toEqual({ orders: 7, conversions: 8, value: 281 });
    expect(result.credited).toEqual({ orders: 4, conversions: 5, value: 260 });
    expect(result.unknown).toEqual({ orders: 3, conversions: 3, value: 21 });
    expect(sayAttribution(result.notes[0]!, 'en')).toBe(
      '3 order(s) used codes no creator owns (NOPE, GHOST): 21 is not credited',
    );
    expect(sayAttribution(result.notes[0]!, 'zh')).toBe(
      '3 笔订单使用了未登记归属的券码或口令（NOPE、GHOST），价值 21 未归因',
    );
  });

  it('keeps case apart when asked', () => {
    const result = couponAttribution(CODES.slice(0, 3), [{ code: 'lily20', value: 5 }], {
      caseSensitive: true,
    });
    expect(result.unknownCodes.map((code) => code.code)).toEqual(['lily20']);
    expect(result.notes).toHaveLength(1);
  });

  it('refuses a code owned twice, and orders without a code or with a bad value, all at once', () => {
    try {
      couponAttribution(
        [...CODES, { code: 'lily20', creator: 'max' }],
        [
          { code: '', value: 5 },
          { code: 'LILY20', value: -1 },
        ],
      );
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(MarkpiError);
      const problems = (error as MarkpiError).problems;
      expect(problems.map((problem) => [problem.file, problem.row, problem.column])).toEqual([
        ['codes', 5, 'code'],
        ['orders', 1, 'code'],
        ['orders', 2, 'value'],
      ]);
      expect(problems[0]!.message).toBe('the code `lily20` is registered to lily (618) and to max');
    }
  });
});
