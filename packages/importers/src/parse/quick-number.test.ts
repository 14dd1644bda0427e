import { describe, expect, it } from 'vitest';
import { type DecimalStyle, parseNumberText, quickNumber } from './numbers.js';

/**
 * The three shapes as regular expressions and `Number` over text, as the reader had them: the
 * independent implementation the one-pass scanner must agree with, value for value.
 */
const PLAIN = /^-?\d{1,15}(?:\.\d{1,15})?$/;
const GROUPED = /^\d{1,3}(?:,\d{3})+(?:\.\d{1,15})?$/;
const SCALED = /^(\d{1,15}(\.\d{1,15})?)(万|w|W|亿|k|K|千|M)$/;
const POWERS: Record<string, number> = { 万: 4, w: 4, W: 4, 亿: 8, k: 3, K: 3, 千: 3, M: 6 };

function reference(text: string, style: DecimalStyle): number | undefined {
  if (PLAIN.test(text) && (style === 'dot' || !text.includes('.'))) return Number(text);
  if (style === 'dot' && GROUPED.test(text)) return Number(text.replaceAll(',', ''));
  const scaled = SCALED.exec(text);
  if (scaled && (style === 'dot' || scaled[2] === undefined))
    return Number(`${scaled[1]}e${POWERS[scaled[3]!]}`);
  return undefined;
}

/** A small deterministic generator (mulberry32), so a failure names its seed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  '0',
  '1',
  '5',
  '9',
  '12',
  '345',
  '007',
  ',',
  ',000',
  ',123',
  '.',
  '.5',
  '.25',
  '-',
  '万',
  'w',
  'k',
  'M',
  '亿',
  '千',
  '%',
  ' ',
  'e3',
  '9999999999999999',
];

describe('numbers read in one pass', () => {
  it('reads the shapes exports write, by hand', () => {
    expect(quickNumber('12345', 'dot')).toBe(12345);
    expect(quickNumber('-0.25', 'dot')).toBe(-0.25);
    expect(Object.is(quickNumber('-0', 'dot'), -0)).toBe(true);
    expect(quickNumber('1,743.21', 'dot')).toBe(1743.21);
    expect(quickNumber('1,234,567', 'dot')).toBe(1234567);
    // 1.15 × 10⁴ in floating point is 11499.999999999998; the written number is 11500.
    expect(quickNumber('1.15万', 'dot')).toBe(11500);
    expect(quickNumber('1.2万', 'dot')).toBe(12000);
    expect(quickNumber('3w', 'dot')).toBe(30000);
    expect(quickNumber('2亿', 'comma')).toBe(200000000);
    expect(quickNumber('0.1', 'dot')).toBe(0.1);
    // In a comma-decimal file a dot is grouping: the general parser's to read.
    expect(quickNumber('2.900', 'comma')).toBeUndefined();
    expect(quickNumber('1.2万', 'comma')).toBeUndefined();
    expect(quickNumber('1,234', 'comma')).toBeUndefined();
    for (const text of [
      '',
      '-',
      '.5',
      '1.',
      '12,34',
      '1,2345',
      '-1,234',
      '-1.2万',
      '1,234万',
      '+5',
      '5%',
      ' 5',
      '1e3',
      '１２',
    ])
      expect(quickNumber(text, 'dot'), text).toBeUndefined();
  });

  it('agrees with the regular expressions and Number on 200,000 generated texts, both styles', () => {
    const next = random(20261203);
    let numbers = 0;
    for (let trial = 0; trial < 200_000; trial++) {
      const count = 1 + Math.floor(next() * 6);
      let text = '';
      for (let piece = 0; piece < count; piece++) text += PIECES[Math.floor(next() * PIECES.length)];
      for (const style of ['dot', 'comma'] as const) {
        const got = quickNumber(text, style);
        const want = reference(text, style);
        if (want !== undefined) numbers++;
        if (!Object.is(got, want)) expect({ text, style, got }).toEqual({ text, style, got: want });
      }
    }
    // The generator is worth something only if many of its texts are numbers of these shapes.
    expect(numbers).toBeGreaterThan(30_000);
  });

  it('agrees on random decimals of every length up to 30 digits, scaled or not', () => {
    const next = random(7);
    const digits = (count: number) => Array.from({ length: count }, () => Math.floor(next() * 10)).join('');
    for (let trial = 0; trial < 50_000; trial++) {
      const whole = digits(1 + Math.floor(next() * 15));
      const fraction = next() < 0.6 ? `.${digits(1 + Math.floor(next() * 15))}` : '';
      const suffix = next() < 0.3 ? '万' : '';
      const sign = suffix === '' && next() < 0.3 ? '-' : '';
      const text = `${sign}${whole}${fraction}${suffix}`;
      expect(Object.is(quickNumber(text, 'dot'), reference(text, 'dot')), text).toBe(true);
    }
  });

  it('leaves the general parser’s other answers as they were', () => {
    expect(parseNumberText('1.2万', 'dot')).toEqual({ ok: true, value: 12000, percent: false });
    expect(parseNumberText('6.20%', 'dot')).toEqual({ ok: true, value: 0.062, percent: true });
    expect(parseNumberText('(1,234.50)', 'dot')).toEqual({ ok: true, value: -1234.5, percent: false });
    expect(parseNumberText('1.234,5', 'comma')).toEqual({ ok: true, value: 1234.5, percent: false });
    expect(parseNumberText('--', 'dot')).toEqual({ ok: true, value: null, percent: false });
  });
});
