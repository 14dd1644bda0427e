/**
 * Monitor benchmark: a full run over the demo (every built-in KPI × the workspace, each channel,
 * campaign, creator tier and the top ten creators by spend × every day of the demo, at default
 * settings) against the KPI queries it needs, measured in the same run. The queries are the SQL the
 * planner printed for it (recorded on a first run: every statement that reads a fact table — the
 * series, the segments' channels, the freshness of each source, pace, the diagnosis of new
 * incidents), replayed one after the other on the same warehouse; the difference is everything
 * else the run does — shaping, scoring every series with the causal model, grouping, writing.
 * The run is forced (a run that finds nothing changed would be skipped) and works on a copy of the
 * demo file, which gains the monitor's tables and incidents.
 * Usage: node bench/dist/monitor-run.js [rows …] [--runs N]
 */
import { copyFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runMonitor, type WorkspaceContext } from '@markpi/app';
import { buildCatalog } from '@markpi/core';
import { DEMO_PERIOD, openDuckDbWarehouse } from '@markpi/store';
import { demoFile } from './harness/demo-data.js';
import { formatMs, median, timeOnce } from './harness/measure.js';
import { recording, runsFrom, type Statement, sizesFrom } from './harness/recording.js';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const runs = runsFrom(args, 3);
  const sizes = sizesFrom(args, [1_000_000, 10_000_000]);
  console.log(
    `a full monitor run against the KPI queries it needs (replayed in turn); ${runs} warm pairs, medians`,
  );
  for (const rows of sizes) {
    const source = await demoFile(rows);
    const file = path.join(tmpdir(), `markpi-monitor-bench-${process.pid}-${rows}.duckdb`);
    copyFileSync(source, file);
    try {
      const warehouse = await openDuckDbWarehouse({ path: file });
      // Pinned to the day after the demo ends: every source on time, the whole demo scored.
      const workspace: WorkspaceContext = {
        warehouse,
        catalog: buildCatalog(),
        now: () => new Date(`${DEMO_PERIOD.to}T23:00:00Z`),
      };
      const log: Statement[] = [];
      const first = await runMonitor({ ...workspace, warehouse: recording(warehouse, log) }, { force: true });
      const queries = log.filter((statement) => /\bfact_/.test(statement.sql));
      const replay = async () => {
        for (const statement of queries) await warehouse.query(statement.sql, statement.params);
      };
      const run = () => runMonitor(workspace, { force: true });
      const monitorMs: number[] = [];
      const queryMs: number[] = [];
      for (let index = 0; index < runs; index++) {
        if (index % 2 === 0) {
          monitorMs.push(await timeOnce(run));
          queryMs.push(await timeOnce(replay));
        } else {
          queryMs.push(await timeOnce(replay));
          monitorMs.push(await timeOnce(run));
        }
      }
      const ratios = monitorMs.map((value, index) => value / queryMs[index]!);
      console.log(
        `${rows.toLocaleString('en-US')} rows: ${first.series} series, ${first.alerts} alerts, ${first.opened.length} incidents | run ${formatMs(median(monitorMs)).padStart(9)} | its ${queries.length} KPI queries ${formatMs(median(queryMs)).padStart(9)} | ratio ${median(ratios).toFixed(2)}× (${log.length - queries.length} other reads)`,
      );
      await warehouse.close();
    } finally {
      rmSync(file, { force: true });
      rmSync(`${file}.wal`, { force: true });
    }
  }
}

await main();
