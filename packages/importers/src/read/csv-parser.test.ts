import { parse as parseCsvSync } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CsvParseError, detectRecordDelimiter, FastCsvParser, type ParsedRecord } from './csv-parser.js';

const SETTINGS = { delimiter: ',', maxRecordChars: 1_000_000 };

/** The reader's old way: csv-parse's records, each numbered by the lines before it. */
function reference(text: string, delimiter = ','): ParsedRecord[] {
  const records = parseCsvSync(text, {
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
  }) as string[][];
  let line = 1;
  return records.map((cells) => {
    const record = { row: line, cells };
    line += 1;
    for (const cell of cells) line += cell.split('\n').length - 1;
    return record;
  });
}

async function fast(text: string, cuts: readonly number[], delimiter = ','): Promise<ParsedRecord[]> {
  const parser = new FastCsvParser({ ...SETTINGS, delimiter });
  const out: ParsedRecord[] = [];
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    parser.push(text.slice(from, cut), out);
    from = cut;
  }
  parser.push(text.slice(from), out);
  await parser.end(out);
  return out;
}

/** Seeded PRNG (mulberry32). */
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

describe('the fast CSV parser', () => {
  it('gives what csv-parse gives on hand-picked cases', async () => {
    for (const text of [
      'a,b\nc,d\n',
      'a,b\r\nc,d\ne,f\r\n',
      'a,b\nc\r,d\n',
      'x,"a\nb",y\nz\n',
      '\n\na,b\n\n',
      'a,"b""c",d\n',
      'a,b"c,d\n',
      'a, "b",c\n',
      'a,b',
      '"a\r\nb",c\r\n',
      'a,""\n',
      '"",b\n',
      '"ab"c,d\ne,f\n',
      '"a""b"x,y\n',
      '"a,b"c,d\n1,2\n',
      '合计,,"1,000.00",1.2万\n',
      '"a"\r\n"b"\r\n',
    ]) {
      expect(await fast(text, []), JSON.stringify(text)).toEqual(reference(text));
      for (let cut = 0; cut <= text.length; cut++)
        expect(await fast(text, [cut]), `${JSON.stringify(text)} cut at ${cut}`).toEqual(reference(text));
    }
  });

  it('gives what csv-parse gives on random files cut at random places', async () => {
    const next = random(11);
    const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
    const cells = [
      '',
      'a',
      'bc',
      '1.2万',
      '"q"',
      '"x,y"',
      '"l1\nl2"',
      '"a""b"',
      'b"c',
      ' "s"',
      '"q"z',
      '中文',
      '-',
      '"l1\r\nl2"',
      '""',
      'c\r',
    ];
    cells.push('');
    let compared = 0;
    for (let file = 0; file < 3000; file++) {
      const lineEnd = next() < 0.5 ? '\n' : '\r\n';
      const delimiter = pick([',', ';', '\t']);
      const lines: string[] = [];
      const count = 1 + Math.floor(next() * 8);
      for (let line = 0; line < count; line++) {
        const width = next() < 0.1 ? 0 : 1 + Math.floor(next() * 5);
        lines.push(
          Array.from({ length: width }, () => pick(cells).replaceAll(',', delimiter)).join(delimiter),
        );
      }
      const text = lines.join(lineEnd) + (next() < 0.7 ? lineEnd : '');
      let expected: ParsedRecord[] | 'error';
      try {
        expected = reference(text, delimiter);
      } catch {
        expected = 'error';
      }
      const cuts = Array.from({ length: Math.floor(next() * 4) }, () => Math.floor(next() * text.length));
      const got = await fast(text, cuts, delimiter).catch(() => 'error' as const);
      expect(got, JSON.stringify({ text, cuts, delimiter })).toEqual(expected);
      compared++;
    }
    expect(compared).toBe(3000);
  });

  it('reports a quote that never closes and a record that is too long, with the line', async () => {
    const error = await fast('a,b\nc,"d\ne\n', []).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CsvParseError);
    expect(error).toMatchObject({ code: 'CSV_QUOTE_NOT_CLOSED' });
    const parser = new FastCsvParser({ delimiter: ',', maxRecordChars: 10 });
    expect(() => parser.push('a,"0123456789012', [])).toThrow(
      expect.objectContaining({ code: 'CSV_MAX_RECORD_SIZE', lines: 1 }),
    );
  });

  it('finds the record delimiter as csv-parse does: the first line break outside quotes', () => {
    expect(detectRecordDelimiter('"a\nb",c\r\n', false)).toBe('\r\n');
    expect(detectRecordDelimiter('a,b\n', false)).toBe('\n');
    expect(detectRecordDelimiter('a,b\rc', false)).toBe('\r');
    expect(detectRecordDelimiter('a,b\r', false)).toBeUndefined();
    expect(detectRecordDelimiter('a,b', true)).toBeUndefined();
  });
});
