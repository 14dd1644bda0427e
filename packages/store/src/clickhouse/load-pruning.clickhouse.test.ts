/**
 * A restatement on ClickHouse reads only the partitions its days lie in: the statements that count
 * the rows it replaces and find their partitions skip the other months (read back from the
 * server's query log), and the rows replaced are the ones counted by hand.
 */
import { IMPORTS_TABLE } from '@markpi/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Warehouse } from '../warehouse.js';
import { clickHouseInstalled, useLocalClickHouse } from './testing.js';
import { openClickHouseWarehouse } from './warehouse.js';

const available = clickHouseInstalled();

interface Row {
  date: string;
  account: string;
  spend: number;
}

/** Loads rows as one import, replacing older rows of the same channel and account on its days. */
async function load(warehouse: Warehouse, importId: string, rows: readonly Row[]): Promise<number> {
  const days = rows.map((row) => row.date).sort();
  let replaced = 0;
  await warehouse.loadImport!(
    { importId, log: { table: IMPORTS_TABLE.name, idColumn: 'id' } },
    async (staged) => {
      await staged.append('fact_performance', {
        rowCount: rows.length,
        columns: {
          date: rows.map((row) => row.date),
          channel: rows.map(() => 'meta'),
          account: rows.map((row) => row.account),
          spend: rows.map((row) => row.spend),
          import_id: rows.map(() => importId),
        },
      });
      replaced = await staged.replaceOlderRows({
        table: 'fact_performance',
        from: days[0]!,
        to: days.at(-1)!,
        keyColumns: ['channel', 'account'],
      });
      await staged.append(IMPORTS_TABLE.name, { rowCount: 1, columns: { id: [importId] } });
    },
  );
  return replaced;
}

/** Every day of 2026 from `from` (day of the year, 0 = 1 January) for `count` days. */
function daysOf2026(from: number, count: number): string[] {
  return Array.from({ length: count }, (_, index) =>
    new Date(Date.UTC(2026, 0, 1 + from + index)).toISOString().slice(0, 10),
  );
}

describe.runIf(available)('a ClickHouse restatement reads the months of its days only', () => {
  const server = useLocalClickHouse({ logQueries: true });
  let warehouse: Warehouse;
  beforeAll(async () => {
    warehouse = await openClickHouseWarehouse({ url: server.storeUrl('pruning') });
  });
  afterAll(async () => {
    await warehouse?.close();
  });

  it('skips January and March when it restates days of February', async () => {
    // January to March (90 days), two accounts: 62 rows in January, 56 in February, 62 in March.
    const quarter = daysOf2026(0, 90).flatMap((date, index) => [
      { date, account: 'a1', spend: index },
      { date, account: 'a2', spend: 1000 + index },
    ]);
    expect(await load(warehouse, 'quarter', quarter)).toBe(0);
    // 10–12 February for one account: three rows replaced.
    const restated = daysOf2026(40, 3).map((date) => ({ date, account: 'a1', spend: -1 }));
    expect(restated.map((row) => row.date)).toEqual(['2026-02-10', '2026-02-11', '2026-02-12']);
    expect(await load(warehouse, 'restated', restated)).toBe(3);

    const [after] = await warehouse.query(
      "SELECT count() AS n, sum(spend = -1) AS restated, sum(import_id = 'quarter') AS kept FROM fact_performance",
    );
    expect(Number(after?.n)).toBe(180);
    expect(Number(after?.restated)).toBe(3);
    expect(Number(after?.kept)).toBe(177);

    await warehouse.run('SYSTEM FLUSH LOGS');
    const reads = await warehouse.query(
      `SELECT query, read_rows FROM system.query_log
       WHERE type = 2 AND position(query, '2026-02-10') > 0 AND position(query, 'FROM \`fact_performance\` WHERE') > 0
         AND (position(query, 'SELECT count()') = 1 OR position(query, 'SELECT DISTINCT') = 1)`,
    );
    // The count of replaced rows and the search for their partitions; each read February at most.
    expect(reads).toHaveLength(2);
    for (const read of reads) expect(Number(read.read_rows), String(read.query)).toBeLessThanOrEqual(56);
    for (const read of reads) expect(Number(read.read_rows), String(read.query)).toBeGreaterThan(0);
  });
});
