/**
 * Rollups benchmark, on DuckDB copies of the demo workspaces (the demo files stay as they are):
 * - the six-KPI query by channel × month and the overview's three queries (tile totals with the
 *   previous period, the daily series, the funnel by channel; the last 30 days) answered by the
 *   planner through rollups, against hand-written SQL on the raw table, in turns; the answers
 *   are checked equal to 1e-9 first;
 * - the whole overview as the server builds it (`buildOverview`: the three queries and the
 *   targets), with the workspace's navigation (rollups, where period rows lie) kept as a server's
 *   read cache keeps it but no answer reused, against the same hand-written SQL on the raw table
 *   and on the day rollup;
 * - an import (a 100k-row Ocean Engine report into the workspace) with its rollup refresh
 *   against the same import into a copy without rollups;
 * - the rows and bytes the rollups take.
 * Usage: node bench/dist/rollups.js [rows …] [--runs N] [--no-import]   (default 1M and 10M demo rows;
 * `--no-import` leaves out the import's timing, which copies the workspace once per run)
 */
import { copyFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildOverview } from '@markpi/app';
import {
  addDays,
  buildCatalog,
  type CompileOptions,
  type KpiQuery,
  type RollupDefinition,
} from '@markpi/core';
import { fileSource, importFile } from '@markpi/importers';
import {
  cachedWarehouse,
  createRollup,
  DEMO_PERIOD,
  openDuckDbWarehouse,
  runKpiQuery,
  type Warehouse,
  workspaceNavigation,
} from '@markpi/store';
import { demoFile } from './harness/demo-data.js';
import { oceanFile } from './harness/import-data.js';
import { formatMs, median, pair, timeOnce } from './harness/measure.js';

const catalog = buildCatalog();
const KPIS = ['ctr', 'cpc', 'cpm', 'cvr', 'roas', 'cpa'];
const SIX: KpiQuery = { kpis: KPIS, dimensions: ['channel'], grain: 'month', ...DEMO_PERIOD };
const TILES = ['spend', 'impressions', 'clicks', 'ctr', 'conversions', 'cvr', 'cpa', 'roas'];
const OVERVIEW_TO = DEMO_PERIOD.to;
const OVERVIEW_FROM = addDays(OVERVIEW_TO, -29);
const OVERVIEW: KpiQuery[] = [
  { kpis: TILES, from: OVERVIEW_FROM, to: OVERVIEW_TO, grain: 'total', compare: 'previous' },
  { kpis: TILES, from: OVERVIEW_FROM, to: OVERVIEW_TO, grain: 'day' },
  {
    kpis: ['impressions', 'clicks', 'ctr', 'conversions', 'cvr'],
    dimensions: ['channel'],
    from: OVERVIEW_FROM,
    to: OVERVIEW_TO,
    grain: 'total',
  },
];

/** What `markpi rollups plan` would propose for these questions: channel by month and by day. */
const ROLLUPS: RollupDefinition[] = [
  { name: 'channel_month', fact: 'performance', grain: 'month', dimensions: ['channel'] },
  { name: 'channel_day', fact: 'performance', grain: 'day', dimensions: ['channel'] },
];

const SUMS = `sum(spend) AS spend, sum(impressions) AS impressions, sum(clicks) AS clicks, sum(conversions) AS conversions, sum(conversion_value) AS value`;
const RATIOS = `spend, impressions, clicks, clicks / nullif(impressions, 0) AS ctr, conversions, conversions / nullif(clicks, 0) AS cvr, spend / nullif(conversions, 0) AS cpa, value / nullif(spend, 0) AS roas`;
const within = (from: string, to: string) => `date >= DATE '${from}' AND date < DATE '${addDays(to, 1)}'`;

/** The SQL a careful analyst would write by hand on the raw table. */
const HAND_SIX = `SELECT strftime(bucket, '%Y-%m-%d') AS month, channel, ctr, cpc, cpm, cvr, roas, cpa FROM (
  SELECT date_trunc('month', date) AS bucket, channel,
    sum(clicks) / nullif(sum(impressions), 0) AS ctr, sum(spend) / nullif(sum(clicks), 0) AS cpc,
    sum(spend) / nullif(sum(impressions), 0) * 1000 AS cpm, sum(conversions) / nullif(sum(clicks), 0) AS cvr,
    sum(conversion_value) / nullif(sum(spend), 0) AS roas, sum(spend) / nullif(sum(conversions), 0) AS cpa
  FROM fact_performance WHERE ${within(DEMO_PERIOD.from, DEMO_PERIOD.to)} GROUP BY bucket, channel
) AS monthly ORDER BY month, channel`;
const PREVIOUS_FROM = addDays(OVERVIEW_FROM, -30);
/** The overview by hand: totals now and before, the daily series, the funnel; on any table of sums. */
const handOverview = (table: string) => [
  `SELECT ${RATIOS} FROM (SELECT ${SUMS} FROM ${table} WHERE ${within(OVERVIEW_FROM, OVERVIEW_TO)}) AS now`,
  `SELECT ${RATIOS} FROM (SELECT ${SUMS} FROM ${table} WHERE ${within(PREVIOUS_FROM, addDays(OVERVIEW_FROM, -1))}) AS before`,
  `SELECT strftime(date, '%Y-%m-%d') AS day, ${RATIOS} FROM (SELECT date, ${SUMS} FROM ${table} WHERE ${within(OVERVIEW_FROM, OVERVIEW_TO)} GROUP BY date) AS daily ORDER BY day`,
  `SELECT channel, ${RATIOS} FROM (SELECT channel, ${SUMS} FROM ${table} WHERE ${within(OVERVIEW_FROM, OVERVIEW_TO)} GROUP BY channel) AS funnel ORDER BY channel`,
];
const HAND_OVERVIEW = handOverview('fact_performance');
const HAND_OVERVIEW_ON_ROLLUP = handOverview('rollup_channel_day');

function agree(
  ours: Record<string, unknown>[],
  theirs: Record<string, unknown>[],
  keys: readonly string[],
): boolean {
  if (ours.length !== theirs.length) return false;
  return ours.every((row, index) =>
    keys.every((key) => {
      const x = row[key];
      const y = theirs[index]![key];
      return typeof x === 'number' && typeof y === 'number'
        ? Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(y))
        : (x ?? null) === (y ?? null);
    }),
  );
}

async function overviewThroughRollups(warehouse: Warehouse, options: CompileOptions) {
  return Promise.all(OVERVIEW.map((query) => runKpiQuery(warehouse, catalog, query, options)));
}

async function overviewByHand(warehouse: Warehouse, statements = HAND_OVERVIEW) {
  return Promise.all(statements.map((sql) => warehouse.query(sql)));
}

function line(
  label: string,
  result: Awaited<ReturnType<typeof pair>>,
  against = 'hand-written on raw',
): string {
  return `  ${label.padEnd(26)} rollups warm ${formatMs(median(result.a.warmMs)).padStart(9)} | ${against} warm ${formatMs(median(result.b.warmMs)).padStart(9)} | ${(1 / result.ratio).toFixed(1)}× faster`;
}

async function benchQueries(file: string, runs: number): Promise<void> {
  const warehouse = await openDuckDbWarehouse({ path: file });
  try {
    const navigationStarted = performance.now();
    const options = await workspaceNavigation(warehouse, catalog);
    console.log(
      `  navigation read afresh (rollups, period rows) ${formatMs(performance.now() - navigationStarted)}`,
    );
    const six = await runKpiQuery(warehouse, catalog, SIX, options);
    if (six.rollups?.[0]?.rollup !== 'channel_month')
      throw new Error('the six-KPI query did not read a rollup');
    if (!agree(six.rows, await warehouse.query(HAND_SIX), ['month', 'channel', ...KPIS]))
      throw new Error('six KPIs: rollups and the raw table disagree');
    const [totals, daily, funnel] = await overviewThroughRollups(warehouse, options);
    const [now, , days, channels] = await overviewByHand(warehouse);
    if (!agree(totals!.rows, now!, TILES) || !agree(daily!.rows, days!, ['day', ...TILES]))
      throw new Error('overview: rollups and the raw table disagree');
    if (!agree(funnel!.rows, channels!, ['channel', 'impressions', 'clicks', 'ctr', 'conversions', 'cvr']))
      throw new Error('overview funnel: rollups and the raw table disagree');
    const used = [totals, daily, funnel].map(
      (answer) => answer!.rollups?.map((use) => use.rollup).join('+') ?? 'raw',
    );
    console.log(`  overview read: ${used.join(', ')}`);
    console.log(
      line(
        'six KPIs × channel × month',
        await pair(
          () => runKpiQuery(warehouse, catalog, SIX, options),
          () => warehouse.query(HAND_SIX),
          runs,
        ),
      ),
    );
    console.log(
      line(
        'overview (3 queries)',
        await pair(
          () => overviewThroughRollups(warehouse, options),
          () => overviewByHand(warehouse),
          runs,
        ),
      ),
    );
    // As the server builds it: the navigation kept until a write, no answer reused.
    const served = cachedWarehouse(warehouse, { maxEntries: 0 });
    const overview = () =>
      buildOverview(served, catalog, {
        from: OVERVIEW_FROM,
        to: OVERVIEW_TO,
        kpis: TILES,
        compare: 'previous',
      });
    console.log(
      line('overview (buildOverview)', await pair(overview, () => overviewByHand(warehouse), runs)),
    );
    console.log(
      line(
        'overview (buildOverview)',
        await pair(overview, () => overviewByHand(warehouse, HAND_OVERVIEW_ON_ROLLUP), runs),
        'hand-written on rollup_channel_day',
      ),
    );
  } finally {
    await warehouse.close();
  }
}

/** Times importing `report` into a fresh copy of `file`, median of `runs`. */
async function importMs(file: string, report: string, runs: number): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const copy = `${file}.import-${run}.duckdb`;
    copyFileSync(file, copy);
    const warehouse = await openDuckDbWarehouse({ path: copy });
    try {
      times.push(
        await timeOnce(async () => {
          const done = await importFile(warehouse, fileSource(report));
          if (done.status !== 'imported') throw new Error(`import ${done.status}`);
        }),
      );
    } finally {
      await warehouse.close();
      rmSync(copy, { force: true });
      rmSync(`${copy}.wal`, { force: true });
    }
  }
  return median(times);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const runsAt = args.indexOf('--runs');
  const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 7;
  const sizes = args.filter((arg, index) => /^\d+$/.test(arg) && args[index - 1] !== '--runs').map(Number);
  if (sizes.length === 0) sizes.push(1_000_000, 10_000_000);
  const folder = path.resolve('bench/data');
  const report = await oceanFile(folder, 100_000);
  console.log(
    `Rollups ${ROLLUPS.map((rollup) => rollup.name).join(', ')}; ${runs} warm pairs, medians; overview ${OVERVIEW_FROM} … ${OVERVIEW_TO}`,
  );
  for (const rows of sizes) {
    const demo = await demoFile(rows);
    const plain = path.join(folder, `rollups-plain-${rows}.duckdb`);
    const rolled = path.join(folder, `rollups-${rows}.duckdb`);
    for (const target of [plain, rolled]) {
      rmSync(target, { force: true });
      rmSync(`${target}.wal`, { force: true });
      copyFileSync(demo, target);
    }
    console.log(`${rows.toLocaleString('en-US')} rows`);
    const setup = await openDuckDbWarehouse({ path: rolled });
    let storage = '';
    try {
      for (const definition of ROLLUPS) {
        const started = Date.now();
        const built = await createRollup(setup, catalog, definition);
        const [size] = await setup.query(
          `SELECT sum(estimated_size) AS bytes FROM duckdb_tables() WHERE table_name = '${built.table}'`,
        );
        storage += `${built.name} ${built.rows?.toLocaleString('en-US')} rows (~${Math.round(Number(size?.bytes ?? 0) / 1024)} KiB) built in ${formatMs(Date.now() - started)}; `;
      }
      await setup.run('CHECKPOINT');
    } finally {
      await setup.close();
    }
    console.log(`  storage: ${storage}workspace file ${(statSync(demo).size / 2 ** 20).toFixed(0)} MiB`);
    await benchQueries(rolled, runs);
    if (args.includes('--no-import')) {
      for (const target of [plain, rolled]) {
        rmSync(target, { force: true });
        rmSync(`${target}.wal`, { force: true });
      }
      continue;
    }
    const importRuns = Math.max(1, Math.min(3, runs));
    const without = await importMs(plain, report, importRuns);
    const withRefresh = await importMs(rolled, report, importRuns);
    console.log(
      `  import of 100,000 rows: with rollup refresh ${formatMs(withRefresh)} | without rollups ${formatMs(without)} | ${(withRefresh / without).toFixed(2)}×`,
    );
    for (const target of [plain, rolled]) {
      rmSync(target, { force: true });
      rmSync(`${target}.wal`, { force: true });
    }
  }
}

await main();
