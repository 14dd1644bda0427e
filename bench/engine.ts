/**
 * Engine benchmark: six KPIs by channel × month over the demo data at growing sizes, markpi's
 * planner against hand-written SQL on the same table, on DuckDB and (with --clickhouse) on
 * ClickHouse. Usage: node bench/dist/engine.js [rows …] [--clickhouse]
 */
import { buildCatalog, type KpiQuery } from '@markpi/core';
import {
  copyWorkspace,
  DEMO_PERIOD,
  openClickHouseWarehouse,
  openDuckDbWarehouse,
  runKpiQuery,
  startLocalClickHouse,
  type Warehouse,
} from '@markpi/store';
import { demoFile } from './harness/demo-data.js';
import { formatMs, median, pair, timeOnce } from './harness/measure.js';

const KPIS = ['ctr', 'cpc', 'cpm', 'cvr', 'roas', 'cpa'];
const QUERY: KpiQuery = { kpis: KPIS, dimensions: ['channel'], grain: 'month', ...DEMO_PERIOD };
const WARM_RUNS = 7;

/** The SQL a careful analyst would write by hand: group by the month's date, format it last. */
function handWritten(engine: 'duckdb' | 'clickhouse'): string {
  const duck = engine === 'duckdb';
  const bucket = duck ? "date_trunc('month', date)" : 'toStartOfMonth(date)';
  const format = duck ? "strftime(bucket, '%Y-%m-%d')" : 'toString(bucket)';
  const nullIf = duck ? 'nullif' : 'nullIf';
  const from = duck ? `DATE '${DEMO_PERIOD.from}'` : `toDate('${DEMO_PERIOD.from}')`;
  const to = duck ? `DATE '${DEMO_PERIOD.to}' + INTERVAL 1 DAY` : `addDays(toDate('${DEMO_PERIOD.to}'), 1)`;
  return `SELECT ${format} AS month, channel, ctr, cpc, cpm, cvr, roas, cpa FROM (
    SELECT ${bucket} AS bucket, channel,
      sum(clicks) / ${nullIf}(sum(impressions), 0) AS ctr,
      sum(spend) / ${nullIf}(sum(clicks), 0) AS cpc,
      sum(spend) / ${nullIf}(sum(impressions), 0) * 1000 AS cpm,
      sum(conversions) / ${nullIf}(sum(clicks), 0) AS cvr,
      sum(conversion_value) / ${nullIf}(sum(spend), 0) AS roas,
      sum(spend) / ${nullIf}(sum(conversions), 0) AS cpa
    FROM fact_performance WHERE date >= ${from} AND date < ${to}
    GROUP BY bucket, channel
  ) AS monthly ORDER BY month, channel`;
}

function sameRows(a: Record<string, unknown>[], b: Record<string, unknown>[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((row, index) =>
    KPIS.every((kpi) => {
      const x = row[kpi];
      const y = b[index]![kpi];
      return typeof x === 'number' && typeof y === 'number'
        ? Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(y))
        : x === y;
    }),
  );
}

async function benchEngine(
  label: string,
  open: () => Promise<Warehouse>,
  engine: 'duckdb' | 'clickhouse',
): Promise<void> {
  const catalog = buildCatalog();
  const sql = handWritten(engine);
  // Cold: a freshly opened engine answering its first query.
  const coldMarkpi = async () => {
    const fresh = await open();
    const ms = await timeOnce(() => runKpiQuery(fresh, catalog, QUERY));
    await fresh.close();
    return ms;
  };
  const coldHand = async () => {
    const fresh = await open();
    const ms = await timeOnce(() => fresh.query(sql));
    await fresh.close();
    return ms;
  };
  const warehouse = await open();
  const ours = await runKpiQuery(warehouse, catalog, QUERY);
  const theirs = await warehouse.query(sql);
  if (!sameRows(ours.rows, theirs)) throw new Error(`${label}: markpi and the hand-written SQL disagree`);
  const result = await pair(
    () => runKpiQuery(warehouse, catalog, QUERY),
    () => warehouse.query(sql),
    WARM_RUNS,
    { a: coldMarkpi, b: coldHand },
  );
  await warehouse.close();
  console.log(
    `  ${label.padEnd(28)} markpi cold ${formatMs(result.a.coldMs).padStart(9)} warm ${formatMs(median(result.a.warmMs)).padStart(9)} | hand-written cold ${formatMs(result.b.coldMs).padStart(9)} warm ${formatMs(median(result.b.warmMs)).padStart(9)} | ratio ${result.ratio.toFixed(3)}×  (${ours.rows.length} rows)`,
  );
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const withClickHouse = args.includes('--clickhouse');
  const sizes = args.filter((arg) => /^\d+$/.test(arg)).map(Number);
  if (sizes.length === 0) sizes.push(1_000_000, 10_000_000);
  console.log(
    `Six KPIs (${KPIS.join(', ')}) by channel × month, ${DEMO_PERIOD.from} … ${DEMO_PERIOD.to}; ${WARM_RUNS} warm pairs, medians`,
  );
  for (const rows of sizes) {
    const file = await demoFile(rows);
    console.log(`${rows.toLocaleString('en-US')} rows`);
    await benchEngine('DuckDB', () => openDuckDbWarehouse({ path: file, skipMigrations: true }), 'duckdb');
    if (withClickHouse) {
      const server = await startLocalClickHouse();
      try {
        const url = server.storeUrl('bench');
        const source = await openDuckDbWarehouse({ path: file, skipMigrations: true });
        const target = await openClickHouseWarehouse({ url });
        const started = Date.now();
        await copyWorkspace(source, target, buildCatalog());
        console.log(`  (copied into ClickHouse in ${formatMs(Date.now() - started)})`);
        await source.close();
        await target.close();
        await benchEngine(
          'ClickHouse 1 server',
          () => openClickHouseWarehouse({ url, skipMigrations: true }),
          'clickhouse',
        );
      } finally {
        await server.stop();
      }
    }
  }
}

await main();
