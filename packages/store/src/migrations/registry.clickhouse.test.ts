import { describe } from 'vitest';
import { clickHouseInstalled, useLocalClickHouse } from '../clickhouse/testing.js';
import { openClickHouseWarehouse } from '../clickhouse/warehouse.js';
import { describeRegistryMigration } from './registry.suite.js';

// CI installs clickhouse-server; there a missing server is a failure, never a silent skip.
const available = clickHouseInstalled();

describe.runIf(available)('creator registry migration, ClickHouse 18.16', () => {
  const server = useLocalClickHouse();
  describeRegistryMigration(() => openClickHouseWarehouse({ url: server.newStoreUrl('registry') }), 60_000);
});
