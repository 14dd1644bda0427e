/**
 * A load on ClickHouse refreshes only the rollup rows it touches: a restatement of one account
 * leaves every rollup row of the other accounts as it was, bit for bit and still carrying the id
 * of the load that built it (copied, not summed again), while the touched rows carry the new
 * load's id; after every load each rollup equals a `GROUP BY` of the raw table written here, and
 * a figure summed by hand. Loads of random accounts, days and restatements then keep all three
 * rollups equal to that `GROUP BY`. A question read while a load is between its fact's swap and
 * its rollup's, or overlapped by a whole swap phase, answers from the facts.
 */
import { buildCatalog, IMPORTS_TABLE, type RollupDefinition } from '@markpi/core';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createRollup, listRollups } from '../rollups/rollups.js';
import { runKpiQuery, workspaceNavigation } from '../run-query.js';
import type { Warehouse } from '../warehouse.js';
import { clickHouseInstalled, useLocalClickHouse } from './testing.js';
import { openClickHouseWarehouse } from './warehouse.js';

const available = clickHouseInstalled();

const catalog = buildCatalog();

const ROLLUPS: RollupDefinition[] = [
  { name: 'by_account_day', fact: 'performance', grain: 'day', dimensions: ['channel', 'account'] },
  { name: 'by_channel_week', fact: 'performance', grain: 'week', dimensions: ['channel'] },
  { name: 'total_month', fact: 'performance', grain: 'month', dimensions: [] },
];

const TRUNCATE = { day: 'toDate', week: 'toMonday', month: 'toStartOfMonth' } as const;

interface Row {
  date: string;
  channel: string | null;
  account: string;
  spend: number;
  clicks: number | null;
}

/** Loads rows as one import, replacing older rows of the same channel and account on its days. */
async function load(warehouse: Warehouse, importId: string, rows: readonly Row[]): Promise<void> {
  const days = rows.map((row) => row.date).sort();
  await warehouse.loadImport!(
    { importId, log: { table: IMPORTS_TABLE.name, idColumn: 'id' } },
    async (staged) => {
      await staged.append('fact_performance', {
        rowCount: rows.length,
        columns: {
          date: rows.map((row) => row.date),
          channel: rows.map((row) => row.channel),
          account: rows.map((row) => row.account),
          spend: rows.map((row) => row.spend),
          clicks: rows.map((row) => row.clicks),
          import_id: rows.map(() => importId),
        },
      });
      await staged.replaceOlderRows({
        table: 'fact_performance',
        from: days[0]!,
        to: days.at(-1)!,
        keyColumns: ['channel', 'account'],
      });
      await staged.append(IMPORTS_TABLE.name, { rowCount: 1, columns: { id: [importId] } });
    },
  );
}

/** A rollup's rows with each sum's exact bits and the load that wrote the row. */
async function exactRows(warehouse: Warehouse, table: string): Promise<Map<string, string>> {
  const rows = await warehouse.query(
    `SELECT toString(date) AS day, ifNull(toString(channel), '(null)') AS channel, account, hex(reinterpretAsString(ifNull(spend, 0))) AS spend_bits, isNull(clicks) AS clicks_null, hex(reinterpretAsString(ifNull(clicks, 0))) AS clicks_bits, rollup_rows, import_id FROM ${table}`,
  );
  return new Map(
    rows.map((row) => [
      `${row.day}|${row.channel}|${row.account}`,
      `${row.spend_bits}|${row.clicks_null}|${row.clicks_bits}|${row.rollup_rows}|${row.import_id}`,
    ]),
  );
}

/** Rows in a stable order, numbers rounded to 1e-9 so sums in another order compare equal. */
async function sortedRows(warehouse: Warehouse, sql: string): Promise<string[]> {
  const rows = await warehouse.query(sql);
  return rows
    .map((row) =>
      JSON.stringify(
        Object.entries(row).map(([key, value]) => [
          key,
          typeof value === 'number' ? Math.round(value * 1e9) / 1e9 : value,
        ]),
      ),
    )
    .sort();
}

/** Every rollup against summing the raw table again, written independently here. */
async function expectInStep(warehouse: Warehouse): Promise<void> {
  for (const rollup of await listRollups(warehouse)) {
    const kept = rollup.dimensions.map((dimension) => `ifNull(${dimension}, '(null)') AS ${dimension}`);
    const stored = await sortedRows(
      warehouse,
      `SELECT ${['toString(date) AS day', ...kept, 'spend', 'clicks', 'rollup_rows'].join(', ')} FROM ${rollup.table}`,
    );
    const rebuilt = await sortedRows(
      warehouse,
      `SELECT ${['toString(bucket) AS day', ...rollup.dimensions.map((dimension, index) => `ifNull(k${index}, '(null)') AS ${dimension}`), 'sum(s) AS spend', 'sum(c) AS clicks', 'toInt64(count()) AS rollup_rows'].join(', ')} FROM (SELECT ${[`${TRUNCATE[rollup.grain]}(date) AS bucket`, ...rollup.dimensions.map((dimension, index) => `${dimension} AS k${index}`), 'spend AS s', 'clicks AS c'].join(', ')} FROM fact_performance) GROUP BY ${['bucket', ...rollup.dimensions.map((_, index) => `k${index}`)].join(', ')}`,
    );
    expect(stored, rollup.name).toEqual(rebuilt);
  }
  const [leftovers] = await warehouse.query(
    "SELECT count() AS n FROM system.tables WHERE database = currentDatabase() AND position(name, 'markpi_load_') = 1",
  );
  expect(Number(leftovers?.n)).toBe(0);
}

function days(from: number, to: number, month = '2026-01'): string[] {
  return Array.from(
    { length: to - from + 1 },
    (_, index) => `${month}-${String(from + index).padStart(2, '0')}`,
  );
}

describe.runIf(available)('rollups refreshed by the keys a ClickHouse load touches', () => {
  // Queries logged: the first test reads which rows each rollup's refresh summed.
  const server = useLocalClickHouse({ logQueries: true });
  const open: Warehouse[] = [];
  afterAll(async () => {
    for (const warehouse of open) await warehouse.close();
  });
  const openDatabase = async (name: string) => {
    const warehouse = await openClickHouseWarehouse({ url: server.storeUrl(name) });
    open.push(warehouse);
    return warehouse;
  };

  it("a restatement of one account leaves the other accounts' rollup rows bit-identical", async () => {
    const warehouse = await openDatabase('one_account');
    // 25 January – 5 February: the week of 2 February and the months January and February.
    const first: Row[] = [...days(25, 31), ...days(1, 5, '2026-02')].flatMap((date, index) => [
      { date, channel: 'meta', account: 'm1', spend: 0.1 * (index + 1), clicks: index },
      { date, channel: 'meta', account: 'm2', spend: 0.7 + index / 3, clicks: null },
      { date, channel: null, account: 'x1', spend: 1 / (index + 3), clicks: 2 },
    ]);
    await load(warehouse, 'first', first);
    for (const definition of ROLLUPS) await createRollup(warehouse, catalog, definition);
    const before = await exactRows(warehouse, 'rollup_by_account_day');

    // m1 restated from 29 January to 2 February at 10 per day and 3 clicks.
    const restated = [...days(29, 31), ...days(1, 2, '2026-02')].map((date) => ({
      date,
      channel: 'meta',
      account: 'm1',
      spend: 10,
      clicks: 3,
    }));
    await load(warehouse, 'restated', restated);
    const after = await exactRows(warehouse, 'rollup_by_account_day');

    expect(after.size).toBe(before.size);
    let untouched = 0;
    for (const [key, value] of before) {
      const [, , account] = key.split('|');
      const day = key.slice(0, 10);
      if (account === 'm1' && day >= '2026-01-29' && day <= '2026-02-02') {
        expect(after.get(key), key).toMatch(/\|restated$/);
      } else {
        // Copied as it stood: the same bits and the id of the load that built it (the rollup's creation).
        expect(after.get(key), key).toBe(value);
        expect(value, key).toMatch(/\|by_account_day$/);
        untouched++;
      }
    }
    expect(untouched).toBe(36 - 5);

    // The week and month rollups, which the day rollup holds, summed their touched rows from its
    // rebuilt rows; the day rollup alone from the fact's partial sums.
    await warehouse.run('SYSTEM FLUSH LOGS');
    const summed = await warehouse.query(
      `SELECT query FROM system.query_log
       WHERE type = 2 AND position(query, 'INSERT INTO') = 1 AND position(query, '_rebuild\`') > 0
         AND position(query, 'GROUP BY') > 0`,
    );
    const sourceOf = (rollup: string) =>
      summed
        .map((row) => String(row.query))
        .filter((query) => query.includes(`rollup_${rollup}_rebuild\` (`))
        .map((query) => (/FROM `[^`]*rollup_by_account_day_rebuild`/.test(query) ? 'day rollup' : 'fact'));
    expect(sourceOf('by_account_day')).toEqual(['fact']);
    expect(sourceOf('by_channel_week')).toEqual(['day rollup']);
    expect(sourceOf('total_month')).toEqual(['day rollup']);

    // By hand: the meta week of 26 January (26 January – 1 February). m1 kept 26–28 January
    // (0.2 + 0.3 + 0.4) and was restated to 10 on each of the four days left; m2 held
    // 0.7 + i/3 for i = 1 … 7.
    const [week] = await warehouse.query(
      "SELECT spend, clicks, rollup_rows FROM rollup_by_channel_week WHERE date = toDate('2026-01-26') AND channel = 'meta'",
    );
    const m2 = Array.from({ length: 7 }, (_, offset) => 0.7 + (offset + 1) / 3).reduce((a, b) => a + b, 0);
    expect(Number(week?.spend)).toBeCloseTo(0.2 + 0.3 + 0.4 + 40 + m2, 9);
    expect(Number(week?.clicks)).toBe(1 + 2 + 3 + 4 * 3);
    expect(Number(week?.rollup_rows)).toBe(14);
    // The week of 19 January (its Sunday the 25th) and the rows with no channel were not touched.
    const untouchedWeeks = await warehouse.query(
      "SELECT import_id FROM rollup_by_channel_week WHERE date = toDate('2026-01-19') OR channel IS NULL",
    );
    expect(untouchedWeeks).toHaveLength(4);
    for (const row of untouchedWeeks) expect(row.import_id).toBe('by_channel_week');
    await expectInStep(warehouse);
  }, 60_000);

  it('random loads of accounts, days and restatements keep every rollup equal to the raw GROUP BY', async () => {
    const warehouse = await openDatabase('random_loads');
    await load(warehouse, 'seed', [
      { date: '2026-01-15', channel: 'meta', account: 'm1', spend: 1, clicks: 1 },
    ]);
    for (const definition of ROLLUPS) await createRollup(warehouse, catalog, definition);
    let loads = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('m1', 'm2', 'g1'),
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 1, max: 3 }),
        async (account, start, length, rowsPerDay) => {
          const rows: Row[] = [];
          for (let offset = 0; offset <= length; offset++) {
            const date = new Date(Date.UTC(2026, 0, 10 + start + offset)).toISOString().slice(0, 10);
            for (let copy = 0; copy < rowsPerDay; copy++) {
              rows.push({
                date,
                channel: account === 'g1' ? 'google' : 'meta',
                account,
                spend: (start * 7 + offset * 3 + copy) / 8,
                clicks: copy === 1 ? null : offset + copy,
              });
            }
          }
          await load(warehouse, `load${++loads}`, rows);
          await expectInStep(warehouse);
        },
      ),
      { numRuns: 5, seed: 19 },
    );
  }, 120_000);

  it("a question read across a load's swaps answers from the facts, never from a rollup month behind its fact", async () => {
    // The load stops after its first swap (the fact's January) until released, before the
    // rollup's January is swapped in.
    let hold: { reached: () => void; released: Promise<void> } | undefined;
    const writer = await openClickHouseWarehouse({
      url: server.storeUrl('across_swaps'),
      loads: {
        afterSwapStep: async (done) => {
          if (done !== 1 || !hold) return;
          hold.reached();
          await hold.released;
        },
      },
    });
    open.push(writer);
    const reader = await openDatabase('across_swaps');
    const holdAtFirstSwap = () => {
      let reached!: () => void;
      let release!: () => void;
      const atSwap = new Promise<void>((resolve) => {
        reached = resolve;
      });
      hold = {
        reached,
        released: new Promise<void>((resolve) => {
          release = resolve;
        }),
      };
      return { atSwap, release };
    };
    const spendOn = (from: number, to: number, spend: number) =>
      days(from, to).map((date) => ({ date, channel: 'meta', account: 'm1', spend, clicks: 1 }));
    await load(writer, 'first', spendOn(1, 31, 1));
    await createRollup(writer, catalog, {
      name: 'total_month',
      fact: 'performance',
      grain: 'month',
      dimensions: [],
    });
    const january = { kpis: ['spend'], from: '2026-01-01', to: '2026-01-31', grain: 'month' as const };
    const settled = await runKpiQuery(reader, catalog, january);
    expect(settled.rollups?.map((use) => use.rollup)).toEqual(['total_month']);
    expect(Number(settled.rows[0]?.spend)).toBe(31);

    // Planned before the load, read while it sits between the two swaps: 10–12 January restated
    // from 1 to 5 a day, so the fact holds 31 − 3 + 15 = 43 and the rollup still 31.
    const planned = await workspaceNavigation(reader, catalog);
    const first = holdAtFirstSwap();
    const restating = load(writer, 'restated', spendOn(10, 12, 5));
    await first.atSwap;
    const sumOf = async (table: string) =>
      Number((await reader.query(`SELECT sum(spend) AS s FROM ${table}`))[0]?.s);
    expect(await sumOf('fact_performance')).toBe(43);
    expect(await sumOf('rollup_total_month')).toBe(31);
    const during = await runKpiQuery(reader, catalog, january, planned);
    expect(during.rollups).toBeUndefined();
    expect(Number(during.rows[0]?.spend)).toBe(43);
    // Planned now: the planner leaves the rollups out while a swap phase lasts.
    expect((await runKpiQuery(reader, catalog, january)).rollups).toBeUndefined();
    first.release();
    await restating;

    // A read through the rollup that a whole swap phase overlaps (it runs while the next load sits
    // between its swaps, and returns after that load is done): read again from the fact, which by
    // then holds 43 − 2 + 14 = 55 (20–21 January restated to 7 a day).
    const overlapped = Object.create(reader) as Warehouse;
    let again: Promise<void> | undefined;
    overlapped.query = async (sql, params) => {
      if (again || !sql.includes('rollup_total_month')) return reader.query(sql, params);
      const second = holdAtFirstSwap();
      again = load(writer, 'again', spendOn(20, 21, 7));
      await second.atSwap;
      const stale = await reader.query(sql, params);
      second.release();
      await again;
      return stale;
    };
    const across = await runKpiQuery(overlapped, catalog, january);
    expect(again).toBeDefined();
    expect(across.rollups).toBeUndefined();
    expect(Number(across.rows[0]?.spend)).toBe(55);
    // Once the loads are done, the rollup answers again, and agrees.
    const after = await runKpiQuery(reader, catalog, january);
    expect(after.rollups?.map((use) => use.rollup)).toEqual(['total_month']);
    expect(Number(after.rows[0]?.spend)).toBe(55);
    await expectInStep(writer);
  }, 60_000);
});
