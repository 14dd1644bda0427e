import { describe, expect, it } from 'vitest';
import { rankingQuery, readRanking } from './ranking';
import { csvNumber, csvRounded } from './result-table';

describe('a ranking in the URL', () => {
  it('reads a sort with or without its order and a minimum, and sends them as the API takes them', () => {
    const ranked = readRanking(new URLSearchParams('sort=roas:desc&min=spend=1000'));
    expect(ranked).toEqual({ rankKpi: 'roas', rankOrder: 'desc', minKpi: 'spend', minValue: '1000' });
    expect(rankingQuery(ranked)).toEqual({ sort: 'roas:desc', min: ['spend=1000'] });
    const best = readRanking(new URLSearchParams('sort=cpa'));
    expect(rankingQuery(best)).toEqual({ sort: 'cpa' });
  });

  it('reads anything malformed as no ranking', () => {
    for (const query of ['sort=Robert%27);&min=spend=lots', 'min=spend=', 'min==5', 'sort=:asc']) {
      expect(rankingQuery(readRanking(new URLSearchParams(query)))).toEqual({});
    }
  });
});

describe('numbers in a CSV', () => {
  it('rounds money to the cent, counts whole, rates to four significant digits and at least two decimals', () => {
    // By hand: 1234.5678 → 1234.57; 0.0234567 → 0.02346; 4.56789 → 4.568; 12345.678 → 12345.68.
    expect(csvNumber(1234.5678, 'money')).toBe(1234.57);
    expect(csvNumber(41.5, 'integer')).toBe(42);
    expect(csvNumber(0.0234567, 'percent')).toBe(0.02346);
    expect(csvNumber(4.56789, 'decimal')).toBe(4.568);
    expect(csvNumber(12345.678, 'decimal')).toBe(12345.68);
    expect(csvNumber(-0.5, 'percent')).toBe(-0.5);
    expect(csvNumber(0, 'decimal')).toBe(0);
    expect(csvNumber(20260101, 'date')).toBe(20260101);
  });

  it('keeps four significant digits for any rate, against rounding by strings', () => {
    // The independent check: toPrecision(4), widened to two decimals for numbers of 100 and more.
    for (let index = 0; index < 500; index += 1) {
      const value = (index % 7 === 0 ? -1 : 1) * 10 ** ((index % 13) - 6) * (1 + index / 37);
      const expected = Math.abs(value) >= 100 ? Number(value.toFixed(2)) : Number(value.toPrecision(4));
      expect(csvNumber(value, 'percent')).toBeCloseTo(expected, 12);
    }
  });

  it('rounds only number cells, by their column’s format', () => {
    const table = csvRounded({
      columns: [
        { header: 'Creator', format: 'text' },
        { header: 'Spend', format: 'money' },
        { header: 'ROAS', format: 'decimal' },
      ],
      rows: [
        ['花花', 2000.004, 3.333333],
        ['Leo', null, 5],
      ],
    });
    expect(table.rows).toEqual([
      ['花花', 2000, 3.333],
      ['Leo', null, 5],
    ]);
  });
});
