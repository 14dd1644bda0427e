/** Demo workspaces of a given size for benchmarks, built once and kept under bench/data. */
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { seedDemoTargets } from '@markpi/app';
import { buildCatalog } from '@markpi/core';
import { loadDemo, openDuckDbWarehouse } from '@markpi/store';
import { formatMs } from './measure.js';

/** Sizes above this are built as copies of this size (see `replicatedDemoFile`). */
const GENERATED_CEILING = 10_000_000;

export async function demoFile(rows: number): Promise<string> {
  const folder = path.resolve('bench/data');
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, `demo-${rows}.duckdb`);
  if (existsSync(file)) {
    // A file built before a later migration gets it now: benchmarks open it without migrating.
    await (await openDuckDbWarehouse({ path: file })).close();
    return file;
  }
  if (rows > GENERATED_CEILING && rows % GENERATED_CEILING === 0) return replicatedDemoFile(rows, file);
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

/**
 * 100M rows take hours to generate in JavaScript; the engine copies 10M in seconds. So the large
 * sizes are the 10M demo repeated, each copy under its own accounts (a brand with ten times the
 * ad accounts): the same economics per row, ten times the rows to scan and group.
 */
async function replicatedDemoFile(rows: number, file: string): Promise<string> {
  const base = await demoFile(GENERATED_CEILING);
  const building = `${file}.building`;
  rmSync(building, { force: true });
  const started = Date.now();
  const warehouse = await openDuckDbWarehouse({ path: building });
  await warehouse.run(`ATTACH '${base.replaceAll("'", "''")}' AS base (READ_ONLY)`);
  const tables = await warehouse.query(
    "SELECT table_name FROM information_schema.tables WHERE table_catalog = 'base' AND table_schema = 'main'",
  );
  for (const { table_name: table } of tables) {
    if (table === 'fact_performance' || table === 'meta_migrations') continue;
    await warehouse.run(`INSERT INTO main."${table}" SELECT * FROM base.main."${table}"`);
  }
  for (let copy = 0; copy < rows / GENERATED_CEILING; copy++) {
    await warehouse.run(
      `INSERT INTO main.fact_performance SELECT * REPLACE (account || '${copy === 0 ? '' : `-copy${copy}`}' AS account) FROM base.main.fact_performance`,
    );
  }
  await warehouse.run('DETACH base');
  await warehouse.run('CHECKPOINT');
  await warehouse.close();
  renameSync(building, file);
  console.log(
    `  built ${rows.toLocaleString('en-US')} rows from ${rows / GENERATED_CEILING} copies of the 10M demo in ${formatMs(Date.now() - started)}`,
  );
  return file;
}
