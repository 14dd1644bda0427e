import {
  clickHouseBinary,
  type LocalClickHouse,
  openClickHouseWarehouse,
  startLocalClickHouse,
} from '@markpi/store';
import { afterAll, beforeAll, describe } from 'vitest';
import { describeLabelScopeRewrite } from './scopes.suite.js';

const available = clickHouseBinary() !== undefined;
if (!available && process.env.CI) throw new Error('clickhouse-server is missing in CI');

describe.runIf(available)('label scopes written with ids, ClickHouse 18.16', () => {
  let server: LocalClickHouse | undefined;
  beforeAll(async () => {
    server = await startLocalClickHouse();
  });
  afterAll(async () => {
    await server?.stop();
  });
  describeLabelScopeRewrite(() => openClickHouseWarehouse({ url: server!.storeUrl('label_scopes') }), 60_000);
});
