import { openClickHouseWarehouse } from '@markpi/store';
import { describe } from 'vitest';
import { clickHouseInstalled, useLocalClickHouse } from '../../../store/src/clickhouse/testing.js';
import { describeBoardAnswers } from './answer.suite.js';

// CI installs clickhouse-server; there a missing server is a failure, never a silent skip.
const available = clickHouseInstalled();

describe.runIf(available)('a board answered whole on ClickHouse 18.16', () => {
  const server = useLocalClickHouse();
  describeBoardAnswers(() => openClickHouseWarehouse({ url: server.storeUrl('boards') }), 60_000);
});
