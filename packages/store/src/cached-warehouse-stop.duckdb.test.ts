/**
 * A read the cache shares stops only when every asker has gone: one browser tab closing must not
 * fail the identical question another tab is waiting for, and once all have gone the engine stops.
 */
import { isMarkpiError } from '@markpi/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CachedWarehouse, cachedWarehouse } from './cached-warehouse.js';
import { openDuckDbWarehouse } from './duckdb/index.js';
import { withQuerySignal } from './query-signal.js';

// A read of a second or so: long enough to leave while it runs, short enough to wait for.
const SLOW = 'SELECT sum(hash(i)) AS total FROM range(150000000) t(i)';
// Minutes on any machine: only a stop ends it within the test.
const ENDLESS = 'SELECT sum(hash(i)) AS total FROM range(20000000000) t(i)';

async function outcome(promise: Promise<unknown>): Promise<unknown> {
  try {
    return await promise;
  } catch (error) {
    return error;
  }
}

const cancelled = (value: unknown) => isMarkpiError(value) && value.code === 'query_cancelled';

describe('a shared read and its askers', () => {
  let warehouse: CachedWarehouse;
  beforeEach(async () => {
    const inner = await openDuckDbWarehouse({ path: ':memory:', skipMigrations: true, stoppableReads: true });
    warehouse = cachedWarehouse(inner);
  });
  afterEach(async () => {
    await warehouse.close();
  });

  it('answers the askers who stay when one leaves', async () => {
    const leaving = new AbortController();
    const staying = new AbortController();
    const first = withQuerySignal(leaving.signal, () => warehouse.query(SLOW));
    const second = withQuerySignal(staying.signal, () => warehouse.query(SLOW));
    setTimeout(() => leaving.abort(), 100);
    const [gone, answered] = await Promise.all([outcome(first), outcome(second)]);
    expect(cancelled(gone)).toBe(true);
    expect(answered).toEqual([{ total: expect.any(Number) }]);
    expect(warehouse.misses).toBe(1);
    // The answer is kept for the next asker.
    expect(await warehouse.query(SLOW)).toEqual(answered);
    expect(warehouse.misses).toBe(1);
  });

  it('keeps going for an asker without a signal (a command, a scheduled run)', async () => {
    const leaving = new AbortController();
    const first = withQuerySignal(leaving.signal, () => warehouse.query(SLOW));
    const unbounded = warehouse.query(SLOW);
    setTimeout(() => leaving.abort(), 100);
    expect(cancelled(await outcome(first))).toBe(true);
    expect(await unbounded).toEqual([{ total: expect.any(Number) }]);
  });

  it('stops the engine once every asker has gone, and answers the next question at once', async () => {
    const askers = [new AbortController(), new AbortController(), new AbortController()];
    const reads = askers.map((asker) => withQuerySignal(asker.signal, () => warehouse.query(ENDLESS)));
    askers.forEach((asker, index) => {
      setTimeout(() => asker.abort(), 100 * (index + 1));
    });
    const outcomes = await Promise.all(reads.map(outcome));
    expect(outcomes.every(cancelled)).toBe(true);
    expect(await warehouse.query('SELECT 42 AS answer')).toEqual([{ answer: 42 }]);
    // A stopped read is not kept: the same question runs again.
    const again = new AbortController();
    const retry = withQuerySignal(again.signal, () => warehouse.query(ENDLESS));
    setTimeout(() => again.abort(), 100);
    expect(cancelled(await outcome(retry))).toBe(true);
    expect(warehouse.misses).toBe(3);
  });
});
