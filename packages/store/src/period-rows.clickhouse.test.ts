import { describe } from 'vitest';
import { clickHouseInstalled, useLocalClickHouse } from './clickhouse/testing.js';
import { openClickHouseWarehouse } from './clickhouse/warehouse.js';
import { describePeriodRows } from './period-rows.suite.js';

// CI installs clickhouse-server; there a missing server is a failure, never a silent skip.
const available = clickHouseInstalled();

describe.runIf(available)('ClickHouse', () => {
  const server = useLocalClickHouse();
  // A database of its own for each test.
  describePeriodRows(
    'ClickHouse 18.16',
    () => openClickHouseWarehouse({ url: server.newStoreUrl('periods') }),
    25,
  );
});
