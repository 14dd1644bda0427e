/**
 * Reads stopped in ClickHouse: a statement that would run for minutes is killed on the server when
 * its signal fires, so the server's process list no longer holds it, and the warehouse answers
 * the next read.
 */
import { isMarkpiError } from '@markpi/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clickHouseInstalled, useLocalClickHouse } from './clickhouse/testing.js';
import { openClickHouseWarehouse } from './clickhouse/warehouse.js';
import { withQuerySignal } from './query-signal.js';
import type { Warehouse } from './warehouse.js';

// CI installs clickhouse-server; there a missing server is a failure, never a silent skip.
const available = clickHouseInstalled();

// A hundred billion hashes: far longer than the test, so only the kill ends it.
const ENDLESS = "SELECT sum(cityHash64(number)) AS total, 'endless-read' AS mark FROM numbers(100000000000)";

describe.runIf(available)('stopping ClickHouse reads', () => {
  const server = useLocalClickHouse();
  let warehouse: Warehouse;
  beforeAll(async () => {
    warehouse = await openClickHouseWarehouse({ url: server.storeUrl('stopping') });
  });
  afterAll(async () => {
    await warehouse?.close();
  });

  it('kills a running read when its signal fires, and answers the next one', async () => {
    const controller = new AbortController();
    const read = withQuerySignal(controller.signal, () => warehouse.query(ENDLESS));
    setTimeout(() => controller.abort(), 500);
    const error = await read.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(isMarkpiError(error) && error.code).toBe('query_cancelled');
    // The server stops it too (KILL QUERY by its id), not only the HTTP request.
    await expect
      .poll(
        async () =>
          (
            await warehouse.query(
              "SELECT count() AS running FROM system.processes WHERE query LIKE '%endless-read%' AND query NOT LIKE '%system.processes%'",
            )
          )[0]?.running,
        { timeout: 20_000, interval: 200 },
      )
      .toBe(0);
    expect(await warehouse.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });
});
