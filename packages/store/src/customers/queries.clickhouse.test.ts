import { afterAll, beforeAll } from 'vitest';
import { clickHouseBinary, type LocalClickHouse, startLocalClickHouse } from '../clickhouse/local-server.js';
import { openClickHouseWarehouse } from '../clickhouse/warehouse.js';
import { describeCustomerContract } from './queries.suite.js';
import { describeCustomerTablesContract } from './tables.suite.js';

// CI installs clickhouse-server; there a missing server is a failure, never a silent skip.
const available = clickHouseBinary() !== undefined;
if (!available && process.env.CI) throw new Error('clickhouse-server is missing in CI');

if (available) {
  let server: LocalClickHouse;
  let databases = 0;
  beforeAll(async () => {
    server = await startLocalClickHouse();
  });
  afterAll(async () => {
    await server?.stop();
  });
  describeCustomerContract(
    'ClickHouse',
    () => openClickHouseWarehouse({ url: server.storeUrl(`customers_${++databases}`) }),
    4,
  );
  describeCustomerTablesContract(
    'ClickHouse',
    () => openClickHouseWarehouse({ url: server.storeUrl(`customer_tables_${++databases}`) }),
    2,
  );
}
