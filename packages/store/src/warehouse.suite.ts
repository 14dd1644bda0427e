/**
 * What every warehouse promises, checked the same way on each engine: DuckDB runs it in
 * `duckdb/warehouse.test.ts`, ClickHouse in `clickhouse/warehouse.clickhouse.test.ts`. SQL here is
 * written through the engine's dialect, so the suite itself knows no engine. Engines with
 * transactions are held to atomicity and isolation; engines without are held to all-or-nothing
 * import loads. An engine offering `csvFiles` is held to core's `CsvFileSql` contract, with
 * JavaScript (`Number`, `Math.round`, `RegExp`, `toLowerCase`) as the independent reference.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CsvFileLayout, CsvFileSql } from '@markpi/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TableDefinition } from './schema.js';
import type { CellValue, ColumnBatch, Row, Warehouse } from './warehouse.js';

/** Text that breaks naive quoting or escaping somewhere. */
const TRICKY = [
  "it's",
  'back\\slash',
  'tab\there',
  'new\nline',
  'carriage\r\nreturn',
  "'; DROP TABLE contract_types; --",
  '{p1:String}',
  '$1',
  '抖音 · 小红书',
  '😀 outside the basic plane',
  '\u0000nul',
  '',
];

const TYPES_TABLE: TableDefinition = {
  name: 'contract_types',
  columns: [
    { name: 'key', type: 'text', nullable: false },
    { name: 'day', type: 'date', nullable: true },
    { name: 'label', type: 'text', nullable: true },
    { name: 'amount', type: 'number', nullable: true },
    { name: 'count', type: 'integer', nullable: true },
    { name: 'flag', type: 'boolean', nullable: true },
    { name: 'at', type: 'timestamp', nullable: true },
  ],
  orderBy: ['key'],
};

/** A table of one text key and one number, for the tests that only count and compare rows. */
const simpleTable = (name: string): TableDefinition => ({
  name,
  columns: [
    { name: 'key', type: 'text', nullable: false },
    { name: 'value', type: 'number', nullable: true },
  ],
  orderBy: ['key'],
});

function batchOf(rows: readonly Row[]): ColumnBatch {
  const names = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  return {
    rowCount: rows.length,
    columns: Object.fromEntries(names.map((name) => [name, rows.map((row) => row[name] ?? null)])),
  };
}

/** Booleans may come back as 1 and 0 (see the Warehouse interface); everything else exactly. */
function readable(row: Row): Row {
  return { ...row, flag: row.flag === null ? null : Boolean(row.flag) };
}

/**
 * Runs the contract on warehouses `open` makes: each call a fresh, migrated workspace of the
 * engine, closed by the suite.
 */
export function describeWarehouseContract(
  engine: string,
  open: () => Promise<Warehouse>,
  expected: { readsCsvFiles: boolean },
): void {
  describe(`${engine} keeps the warehouse contract`, () => {
    let warehouse: Warehouse;
    const q = (name: string) => warehouse.dialect.quote(name);
    const p = (index: number, type: 'text' | 'number' | 'date' = 'text') =>
      warehouse.dialect.parameter(index, type);

    beforeAll(async () => {
      warehouse = await open();
    });
    afterAll(async () => {
      await warehouse?.close();
    });

    it(`${expected.readsCsvFiles ? 'offers' : 'does not offer'} to read CSV files itself`, () => {
      expect(warehouse.csvFiles !== undefined).toBe(expected.readsCsvFiles);
    });

    it('creates a table once, and reads back every column type as it was appended', async () => {
      await warehouse.createTable(TYPES_TABLE);
      // A second time is a no-op, as migrations and imports rely on.
      await warehouse.createTable(TYPES_TABLE);
      const rows: Row[] = [
        {
          key: 'a',
          day: '2026-05-01',
          label: 'plain',
          amount: 0.1 + 0.2,
          count: 2 ** 53 - 1,
          flag: true,
          at: '2026-06-01T08:00:00.000Z',
        },
        {
          key: 'b',
          day: '2000-02-29',
          label: '',
          amount: -1234.5e-7,
          count: -42,
          flag: false,
          at: '2026-01-31 23:59:59',
        },
        { key: 'c', day: null, label: null, amount: null, count: null, flag: null, at: null },
        ...TRICKY.map((label, index) => ({ key: `t${String(index).padStart(2, '0')}`, label })),
      ];
      await warehouse.append(TYPES_TABLE.name, batchOf(rows));
      const read = await warehouse.query(`SELECT * FROM ${q(TYPES_TABLE.name)} ORDER BY ${q('key')}`);
      // Columns left out of a batch are null; timestamps come back in UTC, to the second.
      const full = (row: Row): Row => ({
        day: null,
        label: null,
        amount: null,
        count: null,
        flag: null,
        at: null,
        ...row,
      });
      expect(read.map(readable)).toEqual([
        full({ ...rows[0]!, at: '2026-06-01 08:00:00' }),
        full(rows[1]!),
        full(rows[2]!),
        ...rows.slice(3).map(full),
      ]);
      expect(typeof read[0]?.count).toBe('number');
    });

    it('binds parameters as values of their type, never as SQL', async () => {
      for (const value of TRICKY) {
        const [row] = await warehouse.query(
          `SELECT ${p(0)} AS text, ${p(1, 'number')} AS number, ${warehouse.dialect.formatDate(p(2, 'date'))} AS day`,
          [value, 1.5, '2026-02-28'],
        );
        expect(row).toEqual({ text: value, number: 1.5, day: '2026-02-28' });
      }
      await fc.assert(
        fc.asyncProperty(
          fc.string({ maxLength: 40, unit: 'grapheme' }),
          fc.double({ noNaN: true, noDefaultInfinity: true }).filter((number) => !Object.is(number, -0)),
          async (text, number) => {
            const [row] = await warehouse.query(`SELECT ${p(0)} AS text, ${p(1, 'number')} AS number`, [
              text,
              number,
            ]);
            expect(row).toEqual({ text, number });
          },
        ),
        { numRuns: 40 },
      );
      // In a filter, a value that looks like SQL finds only the row that holds it.
      const found = await warehouse.query(
        `SELECT ${q('key')} AS k FROM ${q(TYPES_TABLE.name)} WHERE ${q('label')} = ${p(0)}`,
        ["'; DROP TABLE contract_types; --"],
      );
      expect(found).toEqual([{ k: 't05' }]);
    });

    it('runs statements with parameters', async () => {
      const table = simpleTable('contract_run');
      await warehouse.createTable(table);
      await warehouse.run(
        `INSERT INTO ${q(table.name)} (${q('key')}, ${q('value')}) SELECT ${p(0)}, ${p(1, 'number')}`,
        ["it's", 2.5],
      );
      expect(await warehouse.query(`SELECT * FROM ${q(table.name)}`)).toEqual([{ key: "it's", value: 2.5 }]);
      await warehouse.run(`DROP TABLE IF EXISTS ${q(table.name)}`);
      await expect(warehouse.query(`SELECT * FROM ${q(table.name)}`)).rejects.toThrow();
    });

    it('streams a read in batches of at most the size asked for, in order', async () => {
      const table = simpleTable('contract_scan');
      await warehouse.createTable(table);
      const keys = Array.from({ length: 2500 }, (_, index) => `k${String(index).padStart(4, '0')}`);
      await warehouse.append(table.name, { rowCount: keys.length, columns: { key: keys } });
      const sizes: number[] = [];
      const seen: CellValue[] = [];
      for await (const batch of warehouse.scan(
        `SELECT ${q('key')} AS k FROM ${q(table.name)} ORDER BY ${q('key')}`,
        [],
        1000,
      )) {
        sizes.push(batch.rowCount);
        seen.push(...Array.from(batch.columns.k!));
      }
      expect(sizes).toEqual([1000, 1000, 500]);
      expect(seen).toEqual(keys);
    });

    it('keeps two reads streamed at once, and a write between their batches, from losing rows', async () => {
      // A dashboard asks several questions at once and an import may write meanwhile: streams must
      // not share one cursor, or the second read (or the write) silently ends the first.
      const table = simpleTable('contract_scan_twice');
      const other = simpleTable('contract_scan_write');
      await warehouse.createTable(table);
      await warehouse.createTable(other);
      const keys = Array.from({ length: 6000 }, (_, index) => `k${String(index).padStart(4, '0')}`);
      await warehouse.append(table.name, { rowCount: keys.length, columns: { key: keys } });
      const sql = `SELECT ${q('key')} AS k FROM ${q(table.name)} ORDER BY ${q('key')}`;
      const first = warehouse.scan(sql, [], 1000)[Symbol.asyncIterator]();
      const second = warehouse.scan(sql, [], 1000)[Symbol.asyncIterator]();
      const seen: [CellValue[], CellValue[]] = [[], []];
      const open = [true, true];
      for (let turn = 0; open[0] || open[1]; turn++) {
        const side = turn % 2;
        if (!open[side]) continue;
        const step = await (side === 0 ? first : second).next();
        if (step.done) open[side] = false;
        else seen[side]!.push(...Array.from(step.value.columns.k!));
        if (turn === 3) {
          await warehouse.append(other.name, { rowCount: 1, columns: { key: ['written'] } });
        }
      }
      expect(seen[0]).toEqual(keys);
      expect(seen[1]).toEqual(keys);
    });

    it('makes a write of many parts all-or-nothing', async () => {
      const table = simpleTable('contract_atomic');
      await warehouse.createTable(table);
      const count = async (reader: Warehouse = warehouse) =>
        Number((await reader.query(`SELECT COUNT(*) AS n FROM ${q(table.name)}`))[0]?.n);
      const rows = (key: string) => ({
        rowCount: 2,
        columns: { key: [`${key}1`, `${key}2`], value: [1, 2] },
      });

      if (!warehouse.loadImport) {
        // Transactions: own writes visible inside, nobody else's view changes until commit.
        await warehouse.transaction(async (scoped) => {
          await scoped.append(table.name, rows('a'));
          expect(await count(scoped)).toBe(2);
          expect(await count()).toBe(0);
        });
        expect(await count()).toBe(2);
        await expect(
          warehouse.transaction(async (scoped) => {
            await scoped.append(table.name, rows('b'));
            await scoped.run(`DELETE FROM ${q(table.name)} WHERE ${q('key')} = ${p(0)}`, ['a1']);
            throw new Error('stopped halfway');
          }),
        ).rejects.toThrow('stopped halfway');
        expect(await count()).toBe(2);
        return;
      }
      // Without transactions, imports are the writes that must be all-or-nothing.
      const fact = 'fact_performance';
      const imported = async () =>
        Number((await warehouse.query(`SELECT COUNT(*) AS n FROM ${q(fact)}`))[0]?.n);
      const load = (importId: string, fail: boolean) =>
        warehouse.loadImport!(
          { importId, log: { table: 'meta_imports', idColumn: 'id' } },
          async (writes) => {
            await writes.append(fact, {
              rowCount: 2,
              columns: {
                date: ['2026-05-01', '2026-06-01'],
                channel: ['meta', 'meta'],
                import_id: [importId, importId],
              },
            });
            if (fail) throw new Error('stopped halfway');
            await writes.append('meta_imports', { rowCount: 1, columns: { id: [importId] } });
          },
        );
      await expect(load('contract-failed', true)).rejects.toThrow('stopped halfway');
      expect(await imported()).toBe(0);
      await load('contract-done', false);
      expect(await imported()).toBe(2);
    });

    it('refuses work once closed', async () => {
      const closing = await open();
      await closing.query(`SELECT ${p(0)} AS x`, ['open']);
      await closing.close();
      await expect(closing.query(`SELECT ${p(0)} AS x`, ['closed'])).rejects.toThrow();
      await expect(closing.run(`DROP TABLE IF EXISTS ${q('contract_never')}`)).rejects.toThrow();
    });

    describe.runIf(expected.readsCsvFiles)('reads CSV files as CsvFileSql says', () => {
      let folder: string;
      let csv: CsvFileSql;
      const writeFile = (name: string, content: string) => {
        const file = path.join(folder, name);
        writeFileSync(file, content);
        return file;
      };
      /** One expression over one bound text value, evaluated by the engine. */
      const evaluate = async (expression: (value: string) => string, value: string | null) =>
        (await warehouse.query(`SELECT ${expression(p(0))} AS v`, [value]))[0]?.v;

      beforeAll(() => {
        folder = mkdtempSync(path.join(tmpdir(), 'markpi-contract-'));
        csv = warehouse.csvFiles!;
      });
      afterAll(() => rmSync(folder, { recursive: true, force: true }));

      it('reads records exactly, whatever the delimiter, from past the header', async () => {
        const records = [
          ['a', 'b', 'c'],
          ['with DELIM inside', 'two\nlines', 'say "hi"'],
          ['', '店', ''],
          ['', '', ''],
          ['x', 'y', 'z'],
        ];
        for (const delimiter of [',', ';', '\t', '|'] as const) {
          const cell = (text: string) =>
            /["\n]|DELIM/.test(text)
              ? `"${text.replaceAll('DELIM', delimiter).replaceAll('"', '""')}"`
              : text;
          const lines = [
            'Report title',
            ['h1', 'h2', 'h3'].join(delimiter),
            ...records.slice(0, 2).map((record) => record.map(cell).join(delimiter)),
            // An empty line is skipped; an empty cell is null, quoted or not.
            '',
            ['""', '店', ''].join(delimiter),
            ['', '', ''].join(delimiter),
            // Empty cells past the width are dropped.
            `${['x', 'y', 'z'].join(delimiter)}${delimiter}${delimiter}`,
          ];
          const file = writeFile(
            `records-${records.length}-${delimiter.charCodeAt(0)}.csv`,
            `${lines.join('\r\n')}\r\n`,
          );
          const layout: CsvFileLayout = { delimiter, skipLines: 2, width: 3, maxLineChars: 1000 };
          const read = await warehouse.query(`SELECT * FROM ${csv.readCsv(p(0), layout)}`, [file]);
          expect(read, JSON.stringify(delimiter)).toEqual(
            records.map((record) =>
              Object.fromEntries(
                record.map((text, index) => [
                  `c${index}`,
                  text === '' ? null : text.replaceAll('DELIM', delimiter),
                ]),
              ),
            ),
          );
        }
      });

      it('stops the statement on a record it cannot split exactly', async () => {
        const layout: CsvFileLayout = { delimiter: ',', skipLines: 1, width: 3, maxLineChars: 1000 };
        const broken = {
          'an unclosed quote': 'a,"b,c\n',
          'text after a closing quote': 'a,"b"x,c\n',
          'a short record': 'a,b\n',
          'an extra cell': 'a,b,c,d\n',
          'a long line': `a,b,${'c'.repeat(2000)}\n`,
        };
        for (const [name, line] of Object.entries(broken)) {
          const file = writeFile(`broken-${name.replaceAll(' ', '-')}.csv`, `h1,h2,h3\nx,y,z\n${line}`);
          await expect(
            warehouse.query(`SELECT * FROM ${csv.readCsv(p(0), layout)}`, [file]),
            name,
          ).rejects.toThrow();
        }
      });

      it('writes any text as a literal', async () => {
        for (const value of [...TRICKY, '\\d{4}', "''", '\\']) {
          expect(await warehouse.query(`SELECT ${csv.text(value)} AS v`)).toEqual([{ v: value }]);
        }
      });

      it('matches, searches and compares text as JavaScript does', async () => {
        const samples = [
          '2026-05-01',
          '2026-5-1',
          ' 2026-05-01',
          'Total: x',
          '  合计',
          'totally',
          'a,b',
          'ÄBC',
          'KOL',
          '',
        ];
        for (const sample of samples) {
          expect(
            await evaluate((value) => csv.fullMatch(value, '\\d{4}-\\d{2}-\\d{2}'), sample),
            sample,
          ).toBe(/^\d{4}-\d{2}-\d{2}$/.test(sample));
          expect(await evaluate((value) => csv.search(value, '^(?i)\\s*(?:tota|合计)'), sample), sample).toBe(
            /^\s*(?:tota|合计)/i.test(sample),
          );
          expect(await evaluate((value) => csv.contains(value, ','), sample), sample).toBe(
            sample.includes(','),
          );
          expect(await evaluate((value) => csv.lower(value), sample), sample).toBe(sample.toLowerCase());
          expect(await evaluate((value) => csv.byteLength(value), sample), sample).toBe(
            Buffer.byteLength(sample),
          );
          expect(await evaluate((value) => csv.replaceAll(value, '-', '/'), sample), sample).toBe(
            sample.replaceAll('-', '/'),
          );
          expect(await evaluate((value) => csv.firstChars(value, 4), sample), sample).toBe(
            sample.slice(0, 4),
          );
          expect(await evaluate((value) => csv.dropLast(value, 2), sample), sample).toBe(sample.slice(0, -2));
        }
        expect(await evaluate((value) => csv.fullMatch(value, 'x'), null)).toBeNull();
      });

      it('casts decimal text to the double JavaScript reads from it', async () => {
        const digits = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 20 });
        const decimal = fc
          .tuple(fc.boolean(), digits, fc.option(digits, { nil: undefined }))
          .map(
            ([negative, whole, fraction]) =>
              `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`,
          );
        await fc.assert(
          fc.asyncProperty(decimal, async (text) => {
            expect(await evaluate((value) => csv.toNumber(value), text)).toBe(Number(text));
          }),
          { numRuns: 300 },
        );
        // Halfway cases between two doubles, where a cast through a shorter type would go wrong.
        const halfway = [
          // 2^53 + 1, between two doubles: ties to even.
          '9007199254740993',
          // 1 + 2^-53 exactly, then a hair above it.
          '1.00000000000000011102230246251565404236316680908203125',
          '1.00000000000000011102230246251565404236316680908203126',
          '123456789012345.123456789012345',
          '0.30000000000000004',
        ];
        for (const text of halfway) {
          expect(await evaluate((value) => csv.toNumber(value), text), text).toBe(Number(text));
        }
        expect(await evaluate((value) => csv.toNumber(value), 'abc')).toBeNull();
      });

      it('reads calendar days and rounds halves away from zero', async () => {
        expect(await evaluate((value) => warehouse.dialect.formatDate(csv.toDate(value)), '2026-02-28')).toBe(
          '2026-02-28',
        );
        expect(await evaluate((value) => csv.toDate(value), '2026-02-30')).toBeNull();
        expect(await evaluate((value) => csv.toDate(value), 'soon')).toBeNull();
        expect(await evaluate((value) => csv.year(csv.toDate(value)), '2024-02-29')).toBe(2024);
        const slashDay = (value: string) =>
          csv.dayOf(csv.substring(value, 1, 4), csv.substring(value, 6, 1), csv.substring(value, 8, 2));
        expect(await evaluate((value) => warehouse.dialect.formatDate(slashDay(value)), '2026/5/01')).toBe(
          '2026-05-01',
        );
        expect(await evaluate(slashDay, '2026/2/30')).toBeNull();
        expect(await evaluate(slashDay, '2026/x/01')).toBeNull();
        for (const number of [0, 0.5, 1.5, 2.5, 1.4999999999999998, 7.5e6 + 0.5, 12.345]) {
          const [row] = await warehouse.query(`SELECT ${csv.roundHalfAway(p(0, 'number'))} AS v`, [number]);
          expect(Number(row?.v), String(number)).toBe(Math.round(number));
        }
      });

      it('stops a statement with a message, only where the statement reaches it', async () => {
        const guarded = `SELECT CASE WHEN ${p(0)} = 'bad' THEN ${csv.fail('markpi-engine:tag_1')} ELSE TRUE END AS ok`;
        expect(await warehouse.query(guarded, ['good'])).toEqual([{ ok: true }]);
        await expect(warehouse.query(guarded, ['bad'])).rejects.toThrow('markpi-engine:tag_1');
      });
    });
  });
}
