import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeWarehouseContract } from '../warehouse.suite.js';
import { clickHouseBinary, type LocalClickHouse, startLocalClickHouse } from './local-server.js';
import { renderParameters } from './parameters.js';
import { openClickHouseWarehouse } from './warehouse.js';

const available = clickHouseBinary() !== undefined;
if (!available && process.env.CI) throw new Error('clickhouse-server is missing in CI');

describe.runIf(available)('ClickHouse warehouse', () => {
  let server: LocalClickHouse;
  let databases = 0;

  beforeAll(async () => {
    server = await startLocalClickHouse();
  });
  afterAll(async () => {
    await server?.stop();
  });

  // Each warehouse the suite opens is a database of its own on the one throwaway server.
  describeWarehouseContract(
    'ClickHouse',
    () => openClickHouseWarehouse({ url: server.storeUrl(`contract_${++databases}`) }),
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
