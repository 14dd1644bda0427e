import { existsSync, renameSync, rmSync } from 'node:fs';
import { seedDemoTargets } from '@markpi/app';
import { buildCatalog } from '@markpi/core';
import { DEMO_PERIOD, loadDemo, openDuckDbWarehouse } from '@markpi/store';

export interface DemoFlags {
  rows?: string;
  seed?: string;
}

/** Builds the demo workspace next to its final place and swaps it in, so a failure leaves the old one. */
export async function buildDemoWorkspace(
  file: string,
  flags: DemoFlags,
  onProgress?: (done: number, total: number) => void,
) {
  const building = `${file}.building`;
  rmSync(building, { force: true });
  rmSync(`${building}.wal`, { force: true });
  const warehouse = await openDuckDbWarehouse({ path: building });
  let summary: Awaited<ReturnType<typeof loadDemo>>;
  try {
    summary = await loadDemo(
      warehouse,
      {
        ...(flags.rows ? { performanceRows: Number(flags.rows) } : {}),
        ...(flags.seed ? { seed: Number(flags.seed) } : {}),
      },
      onProgress,
    );
    // Targets for the 618 campaign, so pacing and the scorecard have something to show.
    await seedDemoTargets(warehouse, buildCatalog());
    await warehouse.run('CHECKPOINT');
  } finally {
    await warehouse.close();
  }
  if (existsSync(file)) rmSync(file);
  rmSync(`${file}.wal`, { force: true });
  renameSync(building, file);
  return { summary, period: DEMO_PERIOD };
}
