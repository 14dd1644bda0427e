import {
  clickHouseBinary,
  type LocalClickHouse,
  openClickHouseWarehouse,
  startLocalClickHouse,
} from '@markpi/store';
import { afterAll, beforeAll, describe } from 'vitest';
import { describeAnnotations } from './annotations.suite.js';

const available = clickHouseBinary() !== undefined;
if (!available && process.env.CI) throw new Error('clickhouse-server is missing in CI');

describe.runIf(available)('annotations on ClickHouse 18.16', () => {
  let server: LocalClickHouse | undefined;
  beforeAll(async () => {
    server = await startLocalClickHouse();
  });
  afterAll(async () => {
    await server?.stop();
  });
  describeAnnotations(() => openClickHouseWarehouse({ url: server!.storeUrl('annotations') }), 60_000);
});
