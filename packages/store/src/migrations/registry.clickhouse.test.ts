import { afterAll, beforeAll, describe } from 'vitest';
import { clickHouseBinary, type LocalClickHouse, startLocalClickHouse } from '../clickhouse/local-server.js';
import { openClickHouseWarehouse } from '../clickhouse/warehouse.js';
import { describeRegistryMigration } from './registry.suite.js';

// CI installs clickhouse-server; there a missing server is a failure, never a silent skip.
const available = clickHouseBinary() !== undefined;
if (!available && process.env.CI) throw new Error('clickhouse-server is missing in CI');

describe.runIf(available)('creator registry migration, ClickHouse 18.16', () => {
  let server: LocalClickHouse | undefined;
  let databases = 0;
  beforeAll(async () => {
    server = await startLocalClickHouse();
  });
  afterAll(async () => {
    await server?.stop();
  });
  describeRegistryMigration(
    () => openClickHouseWarehouse({ url: server!.storeUrl(`registry${++databases}`) }),
    60_000,
  );
});
