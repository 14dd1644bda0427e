/** Demo workspaces of a given size for benchmarks, built once and kept under bench/data. */
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { buildCatalog } from '@markpi/core';
import { loadDemo, openDuckDbWarehouse, seedDemoTargets } from '@markpi/store';
import { formatMs } from './measure.js';

export async function demoFile(rows: number): Promise<string> {
  const folder = path.resolve('bench/data');
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, `demo-${rows}.duckdb`);
  if (existsSync(file)) return file;
  const building = `${file}.building`;
  rmSync(building, { force: true });
  const warehouse = await openDuckDbWarehouse({ path: building });
  const started = Date.now();
  let shown = 0;
  // One transaction over 100M rows would hold them all in memory; the file is renamed into
  // place only once complete, which keeps the bench data all-or-nothing anyway.
  await loadDemo(warehouse, { performanceRows: rows, atomic: false }, (done, total) => {
    if (Date.now() - shown > 10_000) {
      shown = Date.now();
      console.log(`  generating ${rows.toLocaleString('en-US')} rows: ${Math.round((100 * done) / total)}%`);
    }
  });
  await seedDemoTargets(warehouse, buildCatalog());
  await warehouse.run('CHECKPOINT');
  await warehouse.close();
  renameSync(building, file);
  console.log(`  generated ${rows.toLocaleString('en-US')} rows in ${formatMs(Date.now() - started)}`);
  return file;
}
