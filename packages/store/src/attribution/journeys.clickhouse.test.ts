import { clickHouseInstalled, useLocalClickHouse } from '../clickhouse/testing.js';
import { openClickHouseWarehouse } from '../clickhouse/warehouse.js';
import { describeJourneyContract } from './journeys.suite.js';

// CI installs clickhouse-server; there a missing server is a failure, never a silent skip.
const available = clickHouseInstalled();

if (available) {
  const server = useLocalClickHouse();
  // Each test opens a database of its own on the one throwaway server.
  describeJourneyContract(
    'ClickHouse',
    () => openClickHouseWarehouse({ url: server.newStoreUrl('journeys_') }),
    { randomRuns: 12 },
  );
}
