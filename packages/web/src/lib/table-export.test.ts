import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { columnName, toCsv, toXlsx } from './table-export';
import { crc32 } from './zip';

const table = {
  columns: [
    { header: '日期', format: 'date' as const },
    { header: 'Channel', format: 'text' as const },
    { header: 'Spend', format: 'money' as const },
    { header: 'CTR', format: 'percent' as const },
  ],
  rows: [
    ['2026-06-01', '抖音', 1234.5, 0.025],
    ['2026-06-02', 'say "hi", <there>', null, 0.5],
  ],
};

describe('exports', () => {
  it('writes CSV with a BOM, quoting what needs quoting', () => {
    const csv = toCsv(table);
    expect(csv.startsWith('\uFEFF日期,Channel,Spend,CTR\r\n')).toBe(true);
    expect(csv).toContain('2026-06-02,"say ""hi"", <there>",,0.5\r\n');
  });

  it('names columns like a spreadsheet', () => {
    expect([0, 25, 26, 27, 701, 702].map(columnName)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
  });

  it('computes the standard CRC-32', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('writes an XLSX that a spreadsheet library reads back with numbers, dates and formats', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(toXlsx(table, 'Lumi 露米').buffer as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('Lumi 露米');
    expect(sheet.getRow(1).values).toEqual([undefined, '日期', 'Channel', 'Spend', 'CTR']);
    expect(sheet.getCell('B2').value).toBe('抖音');
    expect(sheet.getCell('C2').value).toBe(1234.5);
    expect(sheet.getCell('D2').numFmt).toBe('0.00%');
    expect(sheet.getCell('A2').value).toEqual(new Date('2026-06-01T00:00:00.000Z'));
    expect(sheet.getCell('B3').value).toBe('say "hi", <there>');
    expect(sheet.getCell('C3').value).toBeNull();
  });
});
