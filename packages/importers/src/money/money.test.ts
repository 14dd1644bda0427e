import { describe, expect, it } from 'vitest';
import { normalizeCurrency } from './currency.js';
import { FxTable } from './fx.js';

describe('normalizeCurrency', () => {
  it('reads codes, symbols and Chinese names', () => {
    expect(normalizeCurrency('usd')).toBe('USD');
    expect(normalizeCurrency('元')).toBe('CNY');
    expect(normalizeCurrency('人民币')).toBe('CNY');
    expect(normalizeCurrency('R$')).toBe('BRL');
    expect(normalizeCurrency('dollars')).toBeUndefined();
  });
});

describe('FxTable', () => {
  const table = new FxTable('CNY', [
    { date: '2026-05-01', currency: 'USD', rate: 7.1 },
    { date: '2026-05-04', currency: 'USD', rate: 7.2 },
    { date: '2026-05-01', currency: 'EUR', rate: 7.8 },
  ]);
  it('uses the rate of the day, or the latest earlier one', () => {
    expect(table.convert(10, 'USD', '2026-05-01')).toEqual({
      ok: true,
      value: 71,
      rate: 7.1,
      rateDate: '2026-05-01',
    });
    expect(table.convert(10, 'USD', '2026-05-03')).toMatchObject({ value: 71, rateDate: '2026-05-01' });
    expect(table.convert(10, 'USD', '2026-05-09')).toMatchObject({ value: 72, rateDate: '2026-05-04' });
    expect(table.convert(159.51, 'USD', '2026-05-04')).toMatchObject({ value: 1148.472 });
  });
  it('leaves base-currency amounts alone', () => {
    expect(table.convert(5, 'CNY', '2020-01-01')).toMatchObject({ ok: true, value: 5 });
  });
  it('refuses to convert without a rate, saying why', () => {
    expect(table.convert(1, 'USD', '2026-04-30')).toEqual({
      ok: false,
      reason:
        'no USD→CNY rate on or before 2026-04-30 (the FX table starts 2026-05-01); import an FX table with a rate for that day',
      said: {
        key: 'import.reason.no_rate_since',
        params: { currency: 'USD', base: 'CNY', date: '2026-04-30', first: '2026-05-01' },
      },
    });
    expect(table.convert(1, 'BRL', '2026-05-01')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/no BRL→CNY rate/),
    });
  });
  it('merges newer rates over older ones', () => {
    expect(
      table.with([{ date: '2026-05-01', currency: 'USD', rate: 7 }]).rateOn('USD', '2026-05-02'),
    ).toEqual({
      rate: 7,
      date: '2026-05-01',
    });
  });
});
