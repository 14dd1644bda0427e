/**
 * The customer tables follow imports: after a shop's order file comes in through the workspace's
 * import, cohort answers read the tables and give what the order events give.
 */
import { fileURLToPath } from 'node:url';
import { buildCatalog } from '@markpi/core';
import {
  cohortActivityFromEvents,
  cohortActivityWithSource,
  customerTablesState,
  openDuckDbWarehouse,
} from '@markpi/store';
import { describe, expect, it } from 'vitest';
import { importIntoWorkspace } from '../imports.js';
import type { WorkspaceContext } from '../workspace.js';
import { cohortRetention } from './customers.js';
import { loadHandWorkspace } from './testing.js';

const TMALL_ORDERS = fileURLToPath(
  new URL('../../../importers/fixtures/tmall-orders-gb18030.csv', import.meta.url),
);

describe('customer tables after an import', () => {
  it('are refreshed by the import, and cohort answers read them', async () => {
    const warehouse = await openDuckDbWarehouse({ path: ':memory:' });
    try {
      await loadHandWorkspace(warehouse);
      const workspace: WorkspaceContext = {
        warehouse,
        catalog: buildCatalog(),
        now: () => new Date('2026-06-10T00:00:00Z'),
      };
      expect((await customerTablesState(warehouse)).fresh).toBe(false);
      const before = await cohortRetention(workspace, { through: '2026-04-30' });
      const [report] = await importIntoWorkspace(workspace, [TMALL_ORDERS]);
      expect(report?.status).toBe('imported');
      // Orders written outside an import (the hand workspace) mean every customer is computed.
      const state = await customerTablesState(warehouse);
      expect(state.fresh).toBe(true);
      const read = await cohortActivityWithSource(warehouse);
      expect(read.source).toBe('tables');
      expect(read.activity).toEqual(await cohortActivityFromEvents(warehouse));
      // The Tmall file's buyers (May) form a cohort of their own; April's table is as it was.
      expect(await cohortRetention(workspace, { through: '2026-04-30' })).toEqual(before);
      const after = await cohortRetention(workspace);
      expect(after.table.rows.map((row) => row.cohort)).toEqual(['2026-01', '2026-02', '2026-05']);
    } finally {
      await warehouse.close();
    }
  });
});
