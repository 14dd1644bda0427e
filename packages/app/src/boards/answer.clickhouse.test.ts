import {
  clickHouseBinary,
  type LocalClickHouse,
  openClickHouseWarehouse,
  startLocalClickHouse,
} from '@markpi/store';
import { afterAll, beforeAll, describe } from 'vitest';
import { describeBoardAnswers } from './answer.suite.js';

const available = clickHouseBinary() !== undefined;
if (!available && process.env.CI) throw new Error('clickhouse-server is missing in CI');

describe.runIf(available)('a board answered whole on ClickHouse 18.16', () => {
  let server: LocalClickHouse | undefined;
  beforeAll(async () => {
    server = await startLocalClickHouse();
  });
  afterAll(async () => {
    await server?.stop();
  });
  describeBoardAnswers(() => openClickHouseWarehouse({ url: server!.storeUrl('boards') }), 60_000);
});
