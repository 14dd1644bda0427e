import { openClickHouseWarehouse } from '@markpi/store';
import { describe } from 'vitest';
import { clickHouseInstalled, useLocalClickHouse } from '../../../store/src/clickhouse/testing.js';
import { describeAnnotations } from './annotations.suite.js';

// CI installs clickhouse-server; there a missing server is a failure, never a silent skip.
const available = clickHouseInstalled();

describe.runIf(available)('annotations on ClickHouse 18.16', () => {
  const server = useLocalClickHouse();
  describeAnnotations(() => openClickHouseWarehouse({ url: server.storeUrl('annotations') }), 60_000);
});
