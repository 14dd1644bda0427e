import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Warehouse } from '../warehouse.js';
import { clickHouseBinary, type LocalClickHouse, startLocalClickHouse } from './local-server.js';
import { renderParameters } from './parameters.js';
import { openClickHouseWarehouse } from './warehouse.js';

const available = clickHouseBinary() !== undefined;
if (!available && process.env.CI) throw new Error('clickhouse-server is missing in CI');

const TRICKY = [
  "it's",
  'back\\slash',
  'tab\there',
  'new\nline',
  "'; DROP TABLE fact_performance; --",
  '{p1:String}',
  '抖音 · 小红书',
  '\u0000nul',
  '',
];

describe.runIf(available)('ClickHouse warehouse', () => {
  let server: LocalClickHouse;
  let warehouse: Warehouse;

  beforeAll(async () => {
    server = await startLocalClickHouse();
    warehouse = await openClickHouseWarehouse({ url: server.storeUrl('warehouse_test') });
  });
  afterAll(async () => {
    await warehouse?.close();
    await server?.stop();
  });

  it('binds any string as a value, never as SQL', async () => {
    for (const value of TRICKY) {
      const [row] = await warehouse.query('SELECT {p0:String} AS value, {p1:Float64} AS number', [
        value,
        1.5,
      ]);
      expect(row).toEqual({ value, number: 1.5 });
    }
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 60 }), async (value) => {
        const [row] = await warehouse.query('SELECT {p0:String} AS value', [value]);
        expect(row?.value).toBe(value);
      }),
      { numRuns: 60 },
    );
  });

  it('refuses values that do not fit their type', () => {
    expect(() => renderParameters('SELECT {p0:Float64}', ['1; DROP'])).toThrow(/finite number/);
    expect(() => renderParameters('SELECT {p0:Date}', ["2026-01-01') OR (1"])).toThrow(/date/);
    expect(() => renderParameters('SELECT {p0:Float64}', [Number.POSITIVE_INFINITY])).toThrow(
      /finite number/,
    );
  });

  it('stores and reads back text with tabs, newlines, quotes and nulls', async () => {
    await warehouse.append('dim_creators', {
      rowCount: TRICKY.length + 1,
      columns: {
        creator: [...TRICKY.map((_, index) => `c${index}`), 'c-null'],
        name: [...TRICKY, null],
        followers: [...TRICKY.map((_, index) => index * 1.25), null],
      },
    });
    const rows = await warehouse.query('SELECT creator, name, followers FROM dim_creators ORDER BY creator');
    const byCreator = new Map(rows.map((row) => [row.creator, row]));
    TRICKY.forEach((value, index) => {
      expect(byCreator.get(`c${index}`)).toEqual({
        creator: `c${index}`,
        name: value,
        followers: index * 1.25,
      });
    });
    expect(byCreator.get('c-null')).toEqual({ creator: 'c-null', name: null, followers: null });
  });

  it('streams a read in batches', async () => {
    const sizes: number[] = [];
    for await (const batch of warehouse.scan('SELECT number AS n FROM system.numbers LIMIT 2500', [], 1000))
      sizes.push(batch.rowCount);
    expect(sizes).toEqual([1000, 1000, 500]);
  });
});
