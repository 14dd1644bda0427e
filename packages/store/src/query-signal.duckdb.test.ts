/**
 * Reads stopped in the engine: a DuckDB statement that would run for minutes is interrupted when
 * its signal fires, rejects with the signal's reason, and the warehouse answers at once after.
 */
import { isMarkpiError, LimitError, queryTimedOut } from '@markpi/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDbWarehouse } from './duckdb/index.js';
import { withQuerySignal } from './query-signal.js';
import type { Warehouse } from './warehouse.js';

// Twenty billion hashes: minutes on any machine, so only an interrupt ends it within the test.
const ENDLESS = 'SELECT sum(hash(i)) AS total FROM range(20000000000) t(i)';

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the read to be stopped');
}

describe('stopping DuckDB reads', () => {
  let warehouse: Warehouse;
  beforeAll(async () => {
    warehouse = await openDuckDbWarehouse({ path: ':memory:', skipMigrations: true, stoppableReads: true });
  });
  afterAll(async () => {
    await warehouse.close();
  });

  it('interrupts a running read when its asker goes away, and answers the next one', async () => {
    const controller = new AbortController();
    const read = withQuerySignal(controller.signal, () => warehouse.query(ENDLESS));
    setTimeout(() => controller.abort(), 300);
    const error = await rejection(read);
    expect(isMarkpiError(error) && error.code).toBe('query_cancelled');
    // Every reader connection is free and working: as many reads at once as the pool holds.
    const answers = await Promise.all(
      Array.from({ length: 4 }, (_, n) => warehouse.query(`SELECT ${n} AS n`)),
    );
    expect(answers.map((rows) => rows[0]?.n)).toEqual([0, 1, 2, 3]);
  });

  it('rejects with the time budget’s refusal when that is the reason', async () => {
    const controller = new AbortController();
    const read = withQuerySignal(controller.signal, () => warehouse.query(ENDLESS));
    setTimeout(() => controller.abort(queryTimedOut(0.3)), 300);
    const error = await rejection(read);
    expect(error).toBeInstanceOf(LimitError);
    expect((error as LimitError).said).toEqual({ key: 'limit.query_time', params: { seconds: 0.3 } });
  });

  it('does not start a read whose signal has fired, and leaves reads of a transaction alone', async () => {
    const stopped = AbortSignal.abort();
    const error = await rejection(withQuerySignal(stopped, () => warehouse.query('SELECT 1 AS one')));
    expect(isMarkpiError(error) && error.code).toBe('query_cancelled');
    const inTransaction = await warehouse.transaction((transaction) =>
      withQuerySignal(stopped, () => transaction.query('SELECT 1 AS one')),
    );
    expect(inTransaction).toEqual([{ one: 1 }]);
    // Outside any signal, reads are as they were.
    expect(await warehouse.query('SELECT 2 AS two')).toEqual([{ two: 2 }]);
  });

  it('leaves the reads of a warehouse opened without stoppable reads alone', async () => {
    const metadata = await openDuckDbWarehouse({ path: ':memory:', skipMigrations: true });
    try {
      expect(await withQuerySignal(AbortSignal.abort(), () => metadata.query('SELECT 1 AS one'))).toEqual([
        { one: 1 },
      ]);
    } finally {
      await metadata.close();
    }
  });
});
