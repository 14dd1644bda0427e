import { describe, expect, it } from 'vitest';
import { seededRandom } from '../attribution/testing.js';
import { clickHouseInstalled, useLocalClickHouse } from '../clickhouse/testing.js';
import { openClickHouseWarehouse } from '../clickhouse/warehouse.js';
import { cohortActivityFromEvents } from './queries.js';
import { describeCustomerContract } from './queries.suite.js';
import {
  CUSTOMER_MONTHS_TABLE,
  cohortActivityFromTables,
  cohortActivityWithSource,
  customerTablesState,
  refreshCustomerTables,
} from './tables.js';
import { describeCustomerTablesContract } from './tables.suite.js';
import { appendOrders, loadOrders, randomOrderRows } from './testing.js';

// CI installs clickhouse-server; there a missing server is a failure, never a silent skip.
const available = clickHouseInstalled();

if (available) {
  const server = useLocalClickHouse();
  describeCustomerContract(
    'ClickHouse',
    () => openClickHouseWarehouse({ url: server.newStoreUrl('customers_') }),
    4,
  );
  describeCustomerTablesContract(
    'ClickHouse',
    () => openClickHouseWarehouse({ url: server.newStoreUrl('customer_tables_') }),
    2,
  );

  describe('customer tables on ClickHouse, a refresh interrupted', () => {
    it('answers from the events while half-swapped, and is completed when the workspace opens again', async () => {
      const url = server.storeUrl('customer_tables_crash');
      const first = await openClickHouseWarehouse({ url });
      const random = seededRandom(77);
      const rows = randomOrderRows(random, 400, 80);
      await loadOrders(first, rows);
      await refreshCustomerTables(first);
      const more = randomOrderRows(random, 150, 100, 500).map((row) => ({
        ...row,
        orderId: row.orderId && `m${row.orderId}`,
      }));
      await appendOrders(first, more, 'more');

      let crashed: () => void = () => undefined;
      const crash = new Promise<void>((resolve) => {
        crashed = resolve;
      });
      const dying = await openClickHouseWarehouse({
        url,
        // After its first partition swap the process "dies": nothing of this refresh runs again.
        loads: {
          afterSwapStep: async (done) => {
            if (done !== 1) return;
            crashed();
            await new Promise<void>(() => undefined);
          },
        },
      });
      void refreshCustomerTables(dying, { importIds: ['more'] }).catch(() => undefined);
      await crash;

      // Half-swapped: the refresh log has no row for it, so readers take the events.
      expect((await customerTablesState(first)).fresh).toBe(false);
      const read = await cohortActivityWithSource(first);
      expect(read.source).toBe('events');
      expect(read.activity).toEqual(await cohortActivityFromEvents(first));

      // A process opening the workspace again rolls the refresh forward.
      const restarted = await openClickHouseWarehouse({ url });
      expect((await customerTablesState(restarted)).fresh).toBe(true);
      const fromTables = await cohortActivityFromTables(restarted);
      const fromEvents = await cohortActivityFromEvents(restarted);
      expect(fromTables.map((cell) => ({ ...cell, revenue: 0 }))).toEqual(
        fromEvents.map((cell) => ({ ...cell, revenue: 0 })),
      );
      fromTables.forEach((cell, index) => {
        expect(cell.revenue).toBeCloseTo(fromEvents[index]!.revenue, 6);
      });
      const [months] = await restarted.query(`SELECT count() AS n FROM ${CUSTOMER_MONTHS_TABLE}`);
      expect(Number(months?.n)).toBe(fromTables.reduce((sum, cell) => sum + cell.customers, 0));
      await restarted.close();
      await first.close();
    });
  });
}
