import { describe, expect, it } from 'vitest';
import { csvField, csvRecord, neutraliseFormula, startsLikeFormula } from './csv.js';
import { describeCsvWriter, readCsv } from './csv-injection.suite.js';

describe('CSV cells', () => {
  it('puts a single quote before text a spreadsheet would run, by hand', () => {
    expect(neutraliseFormula('=1+1')).toBe("'=1+1");
    expect(neutraliseFormula('+86 138')).toBe("'+86 138");
    expect(neutraliseFormula('-12')).toBe("'-12");
    expect(neutraliseFormula('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(neutraliseFormula('\tx')).toBe("'\tx");
    expect(neutraliseFormula('＝1')).toBe("'＝1");
    expect(neutraliseFormula('douyin')).toBe('douyin');
    expect(neutraliseFormula("'=1")).toBe("'=1");
    expect(neutraliseFormula('')).toBe('');
    expect(startsLikeFormula('1-2')).toBe(false);
  });

  it('writes numbers as numbers and quotes as RFC 4180 says', () => {
    expect(csvField(-12.5)).toBe('-12.5');
    expect(csvField('-12.5')).toBe("'-12.5");
    expect(csvField(true)).toBe('true');
    expect(csvField(null)).toBe('');
    expect(csvField('a, "b"')).toBe('"a, ""b"""');
    expect(csvField('=A1,B1')).toBe(`"'=A1,B1"`);
    expect(csvField('\r=1')).toBe(`"'\r=1"`);
    expect(csvField(' x')).toBe('" x"');
    expect(csvRecord(['=x', -1, null, 'ok'])).toBe("'=x,-1,,ok\r\n");
  });

  it('reads back what it writes with the suite’s own reader', () => {
    const cells = ['a,b', 'say "hi"', 'two\r\nlines', ' pad', ''];
    expect(readCsv(csvRecord(cells) + csvRecord(['x']))).toEqual([cells, ['x']]);
  });
});

describeCsvWriter('core csvRecord', {
  write: (table) => [table.header, ...table.rows].map((row) => csvRecord(row)).join(''),
  textField: 0,
  numberField: 1,
  writesHeader: true,
});
