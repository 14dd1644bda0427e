import { buildCatalog } from '@markpi/core';
import { loadDemo, openDuckDbWarehouse, type Warehouse } from '@markpi/store';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { WorkspaceContext } from '../workspace.js';
import { runMonitor } from './run.js';

describe('explore', () => {
  let warehouse: Warehouse;
  let workspace: WorkspaceContext;
  beforeAll(async () => {
    warehouse = await openDuckDbWarehouse({ path: ':memory:' });
    await loadDemo(warehouse, { performanceRows: Number(process.env.ROWS ?? 60_000) });
    workspace = { warehouse, catalog: buildCatalog(), now: () => new Date('2026-11-01T00:00:00Z') };
  });
  afterAll(async () => {
    await warehouse.close();
  });
  it('runs', async () => {
    const started = performance.now();
    const run = await runMonitor(workspace, { explain: false });
    console.log(
      'ms',
      performance.now() - started,
      'series',
      run.series,
      'alerts',
      run.alerts,
      'queries',
      run.queries,
    );
    console.log(run.summary.text.en);
    for (const incident of run.opened)
      console.log(
        incident.severity.padEnd(8),
        incident.from,
        incident.to,
        incident.segment.padEnd(28),
        incident.kpi,
        '|',
        incident.title.text.en,
        `(${incident.series.length})`,
      );
    console.log(run.problems.map((p) => p.text.en).slice(0, 20));
    console.log(run.unwatched.map((p) => p.text.en));
  }, 3_600_000);
});
