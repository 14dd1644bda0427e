/**
 * Rollups benchmark on ClickHouse (a throwaway local server; Debian's 18.16 here), the demo
 * workspace copied in, and again by the server into a second database without rollups:
 * - the two rollups `markpi rollups plan` proposes for the overview and the explorer, built
 *   (time and rows);
 * - the six-KPI query by channel × month answered by the planner through `channel_month`,
 *   against hand-written ClickHouse SQL on the raw table, in turns; the answers checked equal
 *   to 1e-9 first;
 * - imports of 100k-row Ocean Engine reports, the rollup rows they touch refreshed in the load's
 *   swap, against the same imports into the database without rollups, the two alternating which
 *   goes first: the first report is new, each later one (a row more) restates the one before.
 * Usage: node bench/dist/rollups-clickhouse.js [rows …] [--runs N] [--imports N]
 *   (default 10M demo rows, 7 query pairs, 3 imports)
 */
import { loadavg } from 'node:os';
import path from 'node:path';
import { buildCatalog, type KpiQuery, type RollupDefinition } from '@markpi/core';
import { fileSource, importFile } from '@markpi/importers';
import {
  copyWorkspace,
  createRollup,
  DEMO_PERIOD,
  openClickHouseWarehouse,
  openDuckDbWarehouse,
  rollupOptions,
  runKpiQuery,
  startLocalClickHouse,
} from '@markpi/store';
import { demoFile } from './harness/demo-data.js';
import { oceanFile } from './harness/import-data.js';
import { formatMs, median, pair, timeOnce } from './harness/measure.js';

const catalog = buildCatalog();
const KPIS = ['ctr', 'cpc', 'cpm', 'cvr', 'roas', 'cpa'];
const SIX: KpiQuery = { kpis: KPIS, dimensions: ['channel'], grain: 'month', ...DEMO_PERIOD };

const ROLLUPS: RollupDefinition[] = [
  { name: 'channel_month', fact: 'performance', grain: 'month', dimensions: ['channel'] },
  { name: 'channel_day', fact: 'performance', grain: 'day', dimensions: ['channel'] },
];

/** The SQL a careful analyst would write by hand on the raw table, for ClickHouse. */
const HAND_SIX = `SELECT toString(bucket) AS month, channel, ctr, cpc, cpm, cvr, roas, cpa FROM (
  SELECT toStartOfMonth(date) AS bucket, channel,
    sum(clicks) / nullIf(sum(impressions), 0) AS ctr, sum(spend) / nullIf(sum(clicks), 0) AS cpc,
    sum(spend) / nullIf(sum(impressions), 0) * 1000 AS cpm, sum(conversions) / nullIf(sum(clicks), 0) AS cvr,
    sum(conversion_value) / nullIf(sum(spend), 0) AS roas, sum(spend) / nullIf(sum(conversions), 0) AS cpa
  FROM fact_performance WHERE date >= toDate('${DEMO_PERIOD.from}') AND date <= toDate('${DEMO_PERIOD.to}')
  GROUP BY bucket, channel
) ORDER BY month, channel`;

function agree(ours: Record<string, unknown>[], theirs: Record<string, unknown>[]): boolean {
  if (ours.length !== theirs.length) return false;
  return ours.every((row, index) =>
    ['month', 'channel', ...KPIS].every((key) => {
      const x = row[key];
      const y = theirs[index]![key];
      return typeof x === 'number' && typeof y === 'number'
        ? Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(y))
        : (x ?? null) === (y ?? null);
    }),
  );
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const option = (name: string, fallback: number) => {
    const at = args.indexOf(name);
    return at >= 0 ? Number(args[at + 1]) : fallback;
  };
  const runs = option('--runs', 7);
  const imports = option('--imports', 3);
  const sizes = args
    .filter((arg, index) => /^\d+$/.test(arg) && !['--runs', '--imports'].includes(args[index - 1] ?? ''))
    .map(Number);
  if (sizes.length === 0) sizes.push(10_000_000);
  const reports: string[] = [];
  for (let index = 0; index < imports; index++) {
    reports.push(await oceanFile(path.resolve('bench/data'), 100_000 + index));
  }
  console.log(
    `Rollups on ClickHouse: ${ROLLUPS.map((rollup) => rollup.name).join(', ')}; ${runs} warm pairs, medians`,
  );
  for (const rows of sizes) {
    const demo = await demoFile(rows);
    console.log(`${rows.toLocaleString('en-US')} rows`);
    const server = await startLocalClickHouse();
    try {
      const probe = await openClickHouseWarehouse({ url: server.storeUrl('probe') });
      const [version] = await probe.query('SELECT version() AS version');
      await probe.close();
      console.log(`  ClickHouse ${String(version?.version)}`);
      const source = await openDuckDbWarehouse({ path: demo, skipMigrations: true });
      const target = await openClickHouseWarehouse({ url: server.storeUrl('rolled') });
      console.log(`  copied in ${formatMs(await timeOnce(() => copyWorkspace(source, target, catalog)))}`);
      await source.close();
      await target.close();
      // The database without rollups is the same rows, copied by the server itself.
      const twin = await openClickHouseWarehouse({ url: server.storeUrl('plain') });
      const tables = await twin.query(
        "SELECT name FROM system.tables WHERE database = 'rolled' AND name NOT IN ('meta_migrations', 'meta_load_journal') ORDER BY name",
      );
      for (const table of tables)
        await twin.run(`INSERT INTO plain.${String(table.name)} SELECT * FROM rolled.${String(table.name)}`);
      await twin.close();
      const rolled = await openClickHouseWarehouse({ url: server.storeUrl('rolled') });
      const plain = await openClickHouseWarehouse({ url: server.storeUrl('plain') });
      try {
        for (const definition of ROLLUPS) {
          let built: Awaited<ReturnType<typeof createRollup>> | undefined;
          const ms = await timeOnce(async () => {
            built = await createRollup(rolled, catalog, definition);
          });
          console.log(
            `  ${definition.name}: ${built?.rows?.toLocaleString('en-US')} rows, built in ${formatMs(ms)}`,
          );
        }
        const options = await rollupOptions(rolled);
        const through = await runKpiQuery(rolled, catalog, SIX, options);
        if (through.rollups?.[0]?.rollup !== 'channel_month')
          throw new Error('the six-KPI query read no rollup');
        if (!agree(through.rows, await rolled.query(HAND_SIX)))
          throw new Error('rollups and the raw table disagree');
        const six = await pair(
          () => runKpiQuery(rolled, catalog, SIX, options),
          () => rolled.query(HAND_SIX),
          runs,
        );
        console.log(
          `  six KPIs × channel × month: rollups warm ${formatMs(median(six.a.warmMs))} | hand-written on raw warm ${formatMs(median(six.b.warmMs))} | ${(1 / six.ratio).toFixed(1)}× faster`,
        );
        const ratios: number[] = [];
        for (const [index, report] of reports.entries()) {
          const importInto = (warehouse: typeof rolled) => () => importFile(warehouse, fileSource(report));
          let withRefresh: number;
          let without: number;
          if (index % 2 === 0) {
            withRefresh = await timeOnce(importInto(rolled));
            without = await timeOnce(importInto(plain));
          } else {
            without = await timeOnce(importInto(plain));
            withRefresh = await timeOnce(importInto(rolled));
          }
          ratios.push(withRefresh / without);
          console.log(
            `  import ${index + 1} of ${(100_000 + index).toLocaleString('en-US')} rows (${index === 0 ? 'new' : 'restating the one before'}): with rollups refreshed ${formatMs(withRefresh)} | without rollups ${formatMs(without)} | ${(withRefresh / without).toFixed(2)}×`,
          );
        }
        console.log(
          `  imports: median ${median(ratios).toFixed(2)}× (load average ${loadavg()
            .map((load) => load.toFixed(1))
            .join(' ')})`,
        );
        const after = await runKpiQuery(rolled, catalog, SIX);
        if (!agree(after.rows, await rolled.query(HAND_SIX)))
          throw new Error('after the import they disagree');
      } finally {
        await rolled.close();
        await plain.close();
      }
    } finally {
      await server.stop();
    }
  }
}

await main();
