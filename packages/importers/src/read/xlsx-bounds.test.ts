/**
 * XLSX bounds: a zip bomb is refused before the workbook reader unpacks it, sizes are counted
 * exactly whatever the chunking of the file, and an overlong cell is refused by its place.
 * Workbooks are written here by a small zip writer of the test's own, so every size is known.
 */
import { Readable } from 'node:stream';
import { crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';
import { isMarkpiError, LIMITS, LimitError, sayLimit } from '@markpi/core';
import { describe, expect, it } from 'vitest';
import { buildXlsx } from '../testing/xlsx.js';
import { openRecordStream } from './records.js';
import { bytesSource, type ImportSource } from './source.js';
import { measureXlsxParts } from './xlsx-bounds.js';

interface Part {
  name: string;
  /** The compressed bytes (or the bytes themselves when stored). */
  data: Buffer;
  crc: number;
  size: number;
  stored?: boolean;
}

function deflated(name: string, text: string): Part {
  const bytes = Buffer.from(text);
  return { name, data: deflateRawSync(bytes), crc: crc32(bytes), size: bytes.length };
}

/** A zip archive of the parts, sizes in local headers and the central directory alike. */
function zipOf(parts: readonly Part[]): Buffer {
  const locals: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(part.stored ? 0 : 8, 8);
    header.writeUInt32LE(part.crc >>> 0, 14);
    header.writeUInt32LE(part.data.length, 18);
    header.writeUInt32LE(part.size, 22);
    header.writeUInt16LE(name.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(part.stored ? 0 : 8, 10);
    entry.writeUInt32LE(part.crc >>> 0, 16);
    entry.writeUInt32LE(part.data.length, 20);
    entry.writeUInt32LE(part.size, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(offset, 42);
    locals.push(header, name, part.data);
    directory.push(entry, name);
    offset += header.length + name.length + part.data.length;
  }
  const directoryBytes = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directoryBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directoryBytes, end]);
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const DOC = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** The parts of a one-sheet workbook whose two cells point at shared strings 0 and 1. */
function workbookParts(sharedStrings: Part): Part[] {
  return [
    deflated(
      '[Content_Types].xml',
      `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`,
    ),
    deflated(
      '_rels/.rels',
      `<Relationships xmlns="${RELS}"><Relationship Id="rId1" Type="${DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    deflated(
      'xl/workbook.xml',
      `<workbook xmlns="${MAIN}" xmlns:r="${DOC}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ),
    deflated(
      'xl/_rels/workbook.xml.rels',
      `<Relationships xmlns="${RELS}"><Relationship Id="rId1" Type="${DOC}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${DOC}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    ),
    sharedStrings,
    deflated(
      'xl/worksheets/sheet1.xml',
      `<worksheet xmlns="${MAIN}"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c></row></sheetData></worksheet>`,
    ),
  ];
}

/** A shared-strings part whose second string is `length` letters, deflated as it is made. */
async function bombStrings(length: number): Promise<Part> {
  const head = Buffer.from(`<sst xmlns="${MAIN}" count="2" uniqueCount="2"><si><t>ad group</t></si><si><t>`);
  const tail = Buffer.from('</t></si></sst>');
  const block = Buffer.alloc(1024 * 1024, 'A');
  const deflater = createDeflateRaw({ level: 9 });
  const chunks: Buffer[] = [];
  deflater.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise((resolve) => deflater.on('end', resolve));
  let crc = crc32(head);
  deflater.write(head);
  for (let written = 0; written < length; written += block.length) {
    const piece = block.subarray(0, Math.min(block.length, length - written));
    crc = crc32(piece, crc);
    if (!deflater.write(piece)) await new Promise((resolve) => deflater.once('drain', resolve));
  }
  crc = crc32(tail, crc);
  deflater.end(tail);
  await finished;
  return {
    name: 'xl/sharedStrings.xml',
    data: Buffer.concat(chunks),
    crc,
    size: head.length + length + tail.length,
  };
}

/** A source that hands its bytes out in chunks of one size, to cut headers anywhere. */
function chunkedSource(name: string, bytes: Buffer, chunkSize: number): ImportSource {
  return {
    name,
    size: async () => bytes.length,
    head: async (length) => bytes.subarray(0, length),
    open: () =>
      Readable.from(
        (function* chunks() {
          for (let offset = 0; offset < bytes.length; offset += chunkSize) {
            yield bytes.subarray(offset, offset + chunkSize);
          }
        })(),
        { objectMode: false },
      ),
  };
}

async function readAll(source: ImportSource) {
  const stream = await openRecordStream(source);
  const rows = [];
  for await (const batch of stream.batches()) rows.push(...batch);
  return rows;
}

async function refusal(run: () => Promise<unknown>): Promise<LimitError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof LimitError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('XLSX bounds', () => {
  it('refuses a 400 MiB shared string packed into a few hundred kilobytes, naming the file', async () => {
    const bomb = zipOf(workbookParts(await bombStrings(400 * 1024 * 1024)));
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const error = await refusal(() => readAll(bytesSource('report.xlsx', bomb)));
    expect(error.code).toBe('import.xlsx_too_large');
    expect(error.problems[0]).toMatchObject({ file: 'report.xlsx' });
    expect(error.message).toBe(
      "report.xlsx: the workbook's xl/sharedStrings.xml unpacks to more than 256 MiB; it is not read (a zip bomb, or no export)",
    );
    expect(sayLimit(error.said, 'zh')).toBe(
      'report.xlsx：工作簿的 xl/sharedStrings.xml 解压后超过 256 MiB，已拒绝读取（可能是压缩炸弹）',
    );
  }, 60_000);

  it('counts every part exactly, wherever the chunks cut the file', async () => {
    const strings = deflated(
      'xl/sharedStrings.xml',
      `<sst xmlns="${MAIN}" count="2" uniqueCount="2"><si><t>campaign</t></si><si><t>抖音 618</t></si></sst>`,
    );
    const filler = Buffer.from('x'.repeat(5000));
    const parts = [
      ...workbookParts(strings),
      { name: 'docProps/filler.bin', data: filler, crc: crc32(filler), size: filler.length, stored: true },
    ];
    const archive = zipOf(parts);
    const expected = new Map(parts.map((part) => [part.name, part.size]));
    for (const chunkSize of [1, 7, 29, 30, 31, 4096, archive.length]) {
      expect(await measureXlsxParts(chunkedSource('small.xlsx', archive, chunkSize))).toEqual(expected);
    }
    // The workbook itself reads as written.
    const rows = await readAll(chunkedSource('small.xlsx', archive, 13));
    expect(rows.map((row) => row.cells)).toEqual([['campaign'], ['抖音 618']]);
  });

  it('holds each part to its own bound and the whole to the total', async () => {
    const strings = deflated(
      'xl/sharedStrings.xml',
      `<sst xmlns="${MAIN}">${'<si><t>a</t></si>'.repeat(100)}</sst>`,
    );
    const archive = zipOf(workbookParts(strings));
    const source = bytesSource('bounds.xlsx', archive);
    const sheetSize = workbookParts(strings).at(-1)!.size;
    // Shared strings one byte over a bound of their size minus one: refused; at their size: read.
    const over = await refusal(() =>
      measureXlsxParts(source, { heldPartBytes: strings.size - 1, totalBytes: 1e9 }),
    );
    expect(over.said.params).toMatchObject({ part: 'xl/sharedStrings.xml', limit: strings.size - 1 });
    await expect(
      measureXlsxParts(source, { heldPartBytes: strings.size, totalBytes: 1e9 }),
    ).resolves.toBeDefined();
    // The worksheet is streamed: only the total bounds it.
    await expect(
      measureXlsxParts(source, { heldPartBytes: strings.size, totalBytes: 1e9 }),
    ).resolves.toSatisfy((sizes: Map<string, number>) => sizes.get('xl/worksheets/sheet1.xml') === sheetSize);
    const total = [...(await measureXlsxParts(source))!.values()].reduce((sum, size) => sum + size, 0);
    await expect(measureXlsxParts(source, { heldPartBytes: 1e9, totalBytes: total })).resolves.toBeDefined();
    const whole = await refusal(() =>
      measureXlsxParts(source, { heldPartBytes: 1e9, totalBytes: total - 1 }),
    );
    expect(whole.code).toBe('import.xlsx_too_large');
  });

  it('refuses parts that share their bytes', async () => {
    const strings = deflated('xl/sharedStrings.xml', `<sst xmlns="${MAIN}"><si><t>a</t></si></sst>`);
    const archive = zipOf(workbookParts(strings));
    // Point the last directory entry at the first part's header, as overlapping bombs do.
    const end = archive.length - 22;
    const directoryOffset = archive.readUInt32LE(end + 16);
    let entry = directoryOffset;
    for (let index = 0; index < 5; index++) entry += 46 + archive.readUInt16LE(entry + 28);
    archive.writeUInt32LE(0, entry + 42);
    const error = await refusal(() => measureXlsxParts(bytesSource('overlap.xlsx', archive)));
    expect(error.code).toBe('import.xlsx_too_large');
  });

  it('reads an ordinary workbook, and refuses a cell longer than a spreadsheet holds by its place', async () => {
    const ordinary = await buildXlsx([
      ['Date', 'Campaign'],
      ['2026-01-01', 'x'.repeat(LIMITS.cellLength)],
    ]);
    const rows = await readAll(bytesSource('ordinary.xlsx', ordinary));
    expect(rows[1]?.cells[1]).toHaveLength(LIMITS.cellLength);

    const long = await buildXlsx([
      ['Date', 'Campaign'],
      ['2026-01-01', 'x'.repeat(LIMITS.cellLength + 1)],
    ]);
    const error = await refusal(() => readAll(bytesSource('long.xlsx', long)));
    expect(isMarkpiError(error)).toBe(true);
    expect(error.code).toBe('import.cell_too_long');
    expect(error.problems[0]).toMatchObject({ file: 'long.xlsx', row: 2, column: 2 });
    expect(error.message).toBe(
      'long.xlsx, row 2, column 2: the cell has 32768 characters; a cell holds at most 32767',
    );
  });
});
