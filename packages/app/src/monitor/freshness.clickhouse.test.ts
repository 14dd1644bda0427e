import { buildCatalog } from '@markpi/core';
import { loadDemo, openClickHouseWarehouse, openDuckDbWarehouse } from '@markpi/store';
import { describe, expect, it } from 'vitest';
import { clickHouseInstalled, useLocalClickHouse } from '../../../store/src/clickhouse/testing.js';
import type { WorkspaceContext } from '../workspace.js';
import { workspaceFreshness } from './freshness.js';

// CI installs clickhouse-server; there a missing server is a failure, never a silent skip.
const available = clickHouseInstalled();

describe.runIf(available)('freshness on ClickHouse 18.16', () => {
  const server = useLocalClickHouse();

  it('reads the import log and every source as the same demo on DuckDB does', async () => {
    // The import log's last covered day is read as text: named like its column, ClickHouse took the
    // text for the column in the filter beside it and refused to compare it with a date.
    const catalog = buildCatalog();
    const now = () => new Date('2026-11-02T04:00:00Z');
    const onClickHouse = await openClickHouseWarehouse({ url: server.storeUrl('freshness') });
    const onDuckDb = await openDuckDbWarehouse({ path: ':memory:' });
    try {
      for (const warehouse of [onClickHouse, onDuckDb])
        await loadDemo(warehouse, { performanceRows: 21_198 });
      const context = (warehouse: WorkspaceContext['warehouse']): WorkspaceContext => ({
        warehouse,
        catalog,
        now,
      });
      const fromClickHouse = await workspaceFreshness(context(onClickHouse));
      const fromDuckDb = await workspaceFreshness(context(onDuckDb));
      expect(fromClickHouse.sources.length).toBeGreaterThan(3);
      expect(fromClickHouse).toEqual(fromDuckDb);
    } finally {
      await onClickHouse.close();
      await onDuckDb.close();
    }
  }, 240_000);
});
