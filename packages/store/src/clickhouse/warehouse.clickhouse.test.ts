import { describe, expect, it } from 'vitest';
import { describeWarehouseContract } from '../warehouse.suite.js';
import { renderParameters } from './parameters.js';
import { clickHouseInstalled, useLocalClickHouse } from './testing.js';
import { openClickHouseWarehouse } from './warehouse.js';

// CI installs clickhouse-server; there a missing server is a failure, never a silent skip.
const available = clickHouseInstalled();

describe.runIf(available)('ClickHouse warehouse', () => {
  const server = useLocalClickHouse();

  // Each warehouse the suite opens is a database of its own on the one throwaway server.
  describeWarehouseContract(
    'ClickHouse',
    () => openClickHouseWarehouse({ url: server.newStoreUrl('contract_') }),
    // The server may run on another machine: it cannot read the user's files.
    { readsCsvFiles: false },
  );

  it('refuses values that do not fit their type', () => {
    expect(() => renderParameters('SELECT {p0:Float64}', ['1; DROP'])).toThrow(/finite number/);
    expect(() => renderParameters('SELECT {p0:Date}', ["2026-01-01') OR (1"])).toThrow(/date/);
    expect(() => renderParameters('SELECT {p0:Float64}', [Number.POSITIVE_INFINITY])).toThrow(
      /finite number/,
    );
  });
});
