import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { buildXlsx } from '../testing/xlsx.js';
import { sniffDelimiter } from './delimiter.js';
import { findHeaderRow, normalizeHeader } from './header.js';
import { ExcelPercent, openRecordStream, type SourceRecord } from './records.js';
import { sniffBytes } from './sniff.js';
import { bytesSource } from './source.js';

const utf8 = (text: string) => new TextEncoder().encode(text);

async function readAll(bytes: Uint8Array, name = 'test.csv', maxLineChars?: number): Promise<SourceRecord[]> {
  const stream = await openRecordStream(bytesSource(name, bytes), maxLineChars ? { maxLineChars } : {});
  const records: SourceRecord[] = [];
  for await (const batch of stream.batches()) records.push(...batch);
  return records;
}

describe('sniffBytes', () => {
  it('recognises XLSX by its zip magic whatever the name', () => {
    expect(sniffBytes(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2]), 'x.csv', true)).toEqual({
      format: 'xlsx',
    });
  });
  it('reads byte-order marks', () => {
    expect(sniffBytes(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]), 'a', true)).toMatchObject({
      encoding: 'utf-8',
      hasBom: true,
    });
    expect(sniffBytes(new Uint8Array([0xff, 0xfe, 0x61, 0]), 'a', true)).toMatchObject({
      encoding: 'utf-16le',
    });
    expect(sniffBytes(new Uint8Array([0xfe, 0xff, 0, 0x61]), 'a', true)).toMatchObject({
      encoding: 'utf-16be',
    });
  });
  it('finds UTF-16LE without a BOM', () => {
    const bytes = iconv.encode('Day\tCost\n2026-05-01\t1.5\n', 'utf-16le');
    expect(sniffBytes(bytes, 'a', true)).toMatchObject({ encoding: 'utf-16le', hasBom: false });
  });
  it('tells UTF-8 from GB18030 and Windows-1252', () => {
    expect(sniffBytes(utf8('日期,消耗\n'), 'a', true)).toMatchObject({ encoding: 'utf-8' });
    expect(sniffBytes(iconv.encode('日期,消耗\n2026-05-01,1\n', 'gb18030'), 'a', true)).toMatchObject({
      encoding: 'gb18030',
    });
    expect(sniffBytes(iconv.encode('name,price\ncafé,1\n', 'windows-1252'), 'a', true)).toMatchObject({
      encoding: 'windows-1252',
    });
  });
  it('does not mistake a UTF-8 character cut by the sample end for another encoding', () => {
    const bytes = utf8('日期,消耗\n');
    expect(sniffBytes(bytes.subarray(0, bytes.length - 3), 'a', false)).toMatchObject({ encoding: 'utf-8' });
  });
  it('refuses empty files, binary junk and old .xls with file, row and column', () => {
    expect(() => sniffBytes(new Uint8Array(), 'empty.csv', true)).toThrow(
      /empty\.csv:1:1: the file is empty/,
    );
    const junk = new Uint8Array(256).map((_, index) => (index * 37 + 11) % 256);
    expect(() => sniffBytes(junk, 'junk.csv', true)).toThrow(/junk\.csv:1:1: this looks like binary data/);
    expect(() => sniffBytes(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0]), 'old.xls', true)).toThrow(/\.xls/);
  });
});

describe('sniffDelimiter', () => {
  it('ignores preamble lines and quoted commas', () => {
    const text =
      'Campaign report\n"May 18, 2025 - August 15, 2025"\nDay,Campaign,Cost\n2025-05-18,A,"1,234.5"\n';
    expect(sniffDelimiter(text)).toBe(',');
  });
  it('finds semicolons, tabs and GA4 comments', () => {
    expect(sniffDelimiter('a;b;c\n1,5;2;3\n4;5;6\n')).toBe(';');
    expect(sniffDelimiter('Day\tCost\tImpr.\n2026-01-01\t1,234\t5\n')).toBe('\t');
    expect(sniffDelimiter('# Start date: 20260501\n# a, b, c, d\nDate,Sessions\n20260501,5\n')).toBe(',');
  });
});

describe('header search', () => {
  it('normalises fullwidth brackets, case and spacing', () => {
    expect(normalizeHeader('CPM（千次展示费用） (USD)')).toBe('cpm(千次展示费用)(usd)');
    expect(normalizeHeader('  Amount  spent (USD) ')).toBe('amount spent(usd)');
  });
  it('picks the row that matches a vocabulary, below a preamble', () => {
    const records: SourceRecord[] = [
      { row: 1, cells: ['笔记数据导出'] },
      { row: 2, cells: ['导出时间', '2026-05-31'] },
      { row: 3, cells: ['笔记标题', '首次发布时间', '曝光'] },
      { row: 4, cells: ['a', '2026-05-01', '1.2万'] },
    ];
    const vocabulary = new Set(['笔记标题', '首次发布时间', '曝光']);
    const found = findHeaderRow(records, (cells) => cells.filter((cell) => vocabulary.has(cell)).length);
    expect(found?.index).toBe(2);
  });
});

describe('openRecordStream', () => {
  it('reads UTF-8 with and without BOM, keeping quoted commas and row numbers', async () => {
    const text = 'Landing page report\n"May 18, 2025 - August 15, 2025"\nClicks,Impr.\n379,"6,114"\n';
    for (const bytes of [utf8(text), new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(text)])]) {
      const records = await readAll(bytes);
      expect(records.map((record) => record.row)).toEqual([1, 2, 3, 4]);
      expect(records[1]!.cells).toEqual(['May 18, 2025 - August 15, 2025']);
      expect(records[3]!.cells).toEqual(['379', '6,114']);
    }
  });
  it('reads UTF-16LE tab-separated "Excel CSV" with BOM', async () => {
    const bytes = iconv.encode('Day\tCost\n2026-05-01\t1,234.50\n', 'utf-16le', { addBOM: true });
    const records = await readAll(bytes);
    expect(records.map((record) => record.cells)).toEqual([
      ['Day', 'Cost'],
      ['2026-05-01', '1,234.50'],
    ]);
  });
  it('reads GB18030 across chunk boundaries', async () => {
    const rows = Array.from({ length: 8000 }, (_, index) => `2026-05-01,计划${index},消耗${index}`);
    const bytes = iconv.encode(`日期,计划名称,备注\n${rows.join('\n')}\n`, 'gb18030');
    const records = await readAll(bytes);
    expect(records).toHaveLength(8001);
    expect(records[0]!.cells).toEqual(['日期', '计划名称', '备注']);
    expect(records[7999]!.cells[1]).toBe('计划7998');
  });
  it('refuses a file that stops being UTF-8 halfway, naming the row', async () => {
    const head = `a,b\n${'x,1\n'.repeat(70_000)}`;
    const bytes = new Uint8Array([...utf8(head), ...iconv.encode('计划,2\n', 'gb18030')]);
    await expect(readAll(bytes, 'mixed.csv')).rejects.toThrow(
      /mixed\.csv:70002:1: the file is not valid UTF-8/,
    );
  });
  it('refuses an over-long line early', async () => {
    const bytes = utf8(`a,b\n1,2\n3,${'x'.repeat(5000)}\n`);
    await expect(readAll(bytes, 'long.csv', 1000)).rejects.toThrow(
      /long\.csv:3:2: line 3 is longer than 1,000 characters/,
    );
  });
  it('refuses a file cut inside a quoted cell', async () => {
    await expect(readAll(utf8('a,b\n1,"never closed\n2,3\n'), 'cut.csv')).rejects.toThrow(
      /cut\.csv:2.*never closes/,
    );
  });
  it('reads the first XLSX sheet, with percent cells as fractions and dates as ISO', async () => {
    const bytes = await buildXlsx([
      ['Report'],
      ['Day', 'CTR', 'Cost'],
      [{ date: '2026-05-01' }, { percent: 0.062 }, 1234.5],
    ]);
    const records = await readAll(bytes, 'renamed.csv');
    expect(records.map((record) => record.row)).toEqual([1, 2, 3]);
    expect(records[2]!.cells).toEqual(['2026-05-01', new ExcelPercent(0.062), 1234.5]);
  });
  it('names the row where a truncated workbook breaks', async () => {
    const rows = Array.from({ length: 3000 }, (_, index) => [`campaign ${index}`, index, Math.sin(index)]);
    const bytes = await buildXlsx([['Campaign', 'Clicks', 'Cost'], ...rows]);
    await expect(readAll(bytes.subarray(0, Math.floor(bytes.length * 0.6)), 'cut.xlsx')).rejects.toThrow(
      /cut\.xlsx:\d+:1: the workbook is damaged/,
    );
  });
});

import { parsePreamble, periodFromFileName } from './preamble.js';
import { isTotalLabel } from './totals.js';

describe('preamble', () => {
  it('reads the Google Ads title and date range', () => {
    const preamble = parsePreamble([
      { row: 1, cells: ['Campaign report'] },
      { row: 2, cells: ['May 18, 2025 - August 15, 2025'] },
    ]);
    expect(preamble).toMatchObject({
      title: 'Campaign report',
      period: { from: '2025-05-18', to: '2025-08-15' },
    });
  });
  it('reads GA4 comment lines, English and French', () => {
    const lines = [
      '# ----',
      '# Account: KEEN',
      '# All Users',
      '# Start date: 20260501',
      '# End date: 20260531',
    ];
    const preamble = parsePreamble(lines.map((line, index) => ({ row: index + 1, cells: [line] })));
    expect(preamble.period).toEqual({ from: '2026-05-01', to: '2026-05-31' });
    expect(preamble.properties.Account).toBe('KEEN');
    const french = parsePreamble([
      { row: 1, cells: ['# Date de début : 20260701'] },
      { row: 2, cells: ['# Date de fin : 20260731'] },
    ]);
    expect(french.period).toEqual({ from: '2026-07-01', to: '2026-07-31' });
  });
  it('reads a Chinese range line and file-name periods', () => {
    expect(parsePreamble([{ row: 1, cells: ['时间范围：2026-05-01 至 2026-05-31'] }]).period).toEqual({
      from: '2026-05-01',
      to: '2026-05-31',
    });
    expect(periodFromFileName('EFIMERAMENTE-SEMANAL-Jul-27-2026-Aug-2-2026.csv')).toEqual({
      from: '2026-07-27',
      to: '2026-08-02',
    });
    expect(periodFromFileName('report_2026-05-01_2026-05-31.csv')).toEqual({
      from: '2026-05-01',
      to: '2026-05-31',
    });
  });
  it('recognises totals labels', () => {
    for (const label of ['Total: Account', 'Gesamt: Konto', 'Total : compte', '合计', 'Grand total']) {
      expect(isTotalLabel(label)).toBe(true);
    }
    expect(isTotalLabel('Totally organic campaign')).toBe(false);
  });
});

describe('record batches', () => {
  // 10 000 lines of about 20 bytes: a chunk of text holds many lines, so batch boundaries fall
  // inside chunks.
  const lines = ['day,spend', ...Array.from({ length: 10_000 }, (_, index) => `2026-05-01,${index}.25`)];
  const file = utf8(`${lines.join('\n')}\n`);
  const batchSizes = async (batchRecords?: number) => {
    const stream = await openRecordStream(
      bytesSource('batches.csv', file),
      batchRecords === undefined ? {} : { batchRecords },
    );
    const sizes: number[] = [];
    const rows: number[] = [];
    for await (const batch of stream.batches()) {
      sizes.push(batch.length);
      rows.push(...batch.map((record) => record.row));
    }
    return { sizes, rows };
  };

  it('hands out batches of exactly the size asked for, the rest last, every row once in order', async () => {
    const { sizes, rows } = await batchSizes(256);
    // 10 001 records (the header's among them): 39 × 256 = 9984, then 17.
    expect(sizes).toEqual([...Array.from({ length: 39 }, () => 256), 17]);
    expect(rows).toEqual(Array.from({ length: 10_001 }, (_, index) => index + 1));
  });

  it('reads 8192 records per batch unless asked', async () => {
    expect((await batchSizes()).sizes).toEqual([8192, 1809]);
  });

  it('refuses a batch size that is not a whole number of at least 1', async () => {
    for (const size of [0, -1, 2.5, Number.NaN])
      await expect(batchSizes(size)).rejects.toMatchObject({ code: 'invalid_request' });
  });
});
