import { openClickHouseWarehouse } from '@markpi/store';
import { describe } from 'vitest';
import { clickHouseInstalled, useLocalClickHouse } from '../../../store/src/clickhouse/testing.js';
import { describeLabelScopeRewrite } from './scopes.suite.js';

// CI installs clickhouse-server; there a missing server is a failure, never a silent skip.
const available = clickHouseInstalled();

describe.runIf(available)('label scopes written with ids, ClickHouse 18.16', () => {
  const server = useLocalClickHouse();
  describeLabelScopeRewrite(() => openClickHouseWarehouse({ url: server.storeUrl('label_scopes') }), 60_000);
});
