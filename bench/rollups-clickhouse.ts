/**
 * Rollups benchmark on ClickHouse (a throwaway local server; Debian's 18.16 here), the demo
 * workspace copied in, and again by the server into a second database without rollups:
 * - the two rollups `markpi rollups plan` proposes for the overview and the explorer, built
 *   (time and rows);
 * - the six-KPI query by channel × month answered by the planner through `channel_month`,
 *   against hand-written ClickHouse SQL on the raw table, in turns; the answers checked equal
 *   to 1e-9 first;
 * - imports of Ocean Engine reports, the rollup rows they touch refreshed in the load's swap,
 *   against the same imports into the database without rollups; per turn, of a brand new to the
 *   workspace, a month's report (100k rows), the same again with a row more (a restatement) and
 *   one day's (3,334 rows, a daily import), each turn started by the next contender. Every
 *   contender's database is the same rows, copied and merged by the server the same way.
 * With `--profile`, every statement of each import with rollups is read back from ClickHouse's
 * `system.query_log` and summed by kind (count, server time, rows read), beside the import's own
 * time: what is round trips and what is work.
 * With `--before <folder>` (an earlier build of `packages/store`: its package.json and dist), a
 * third copy takes the same imports through that build, in the same turns, and both builds'
 * rollup rows are checked equal at the end.
 * Usage: node bench/dist/rollups-clickhouse.js [rows …] [--runs N] [--imports N] [--profile]
 *   [--before <folder>]
 *   (default 10M demo rows, 7 query pairs, 3 turns of imports)
 */
import { loadavg } from 'node:os';
import path from 'node:path';
import { buildCatalog, type KpiQuery, ROLLUP_TABLE_PREFIX, type RollupDefinition } from '@markpi/core';
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
  type Warehouse,
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

type ClickHouse = Awaited<ReturnType<typeof openClickHouseWarehouse>>;

/** A statement's kind: its text with the load's table names and the literals folded. */
function statementKind(sql: string): string {
  return sql
    .replace(/markpi_load_[0-9a-f]+_/g, 'load_')
    .replace(/'[^']*'/g, "'…'")
    .replace(/\b\d+\b/g, 'N')
    .replace(/\s+/g, ' ')
    .slice(0, 110);
}

/**
 * Runs `work` between two marks of the server's clock a second apart from anything else, and
 * returns every statement the server finished in between, by kind.
 */
async function profiled(
  server: ClickHouse,
  work: () => Promise<unknown>,
): Promise<{ ms: number; lines: string[] }> {
  const pause = () => new Promise((resolve) => setTimeout(resolve, 1100));
  const [before] = await server.query('SELECT toString(now()) AS at');
  await pause();
  const ms = await timeOnce(work);
  await pause();
  const [after] = await server.query('SELECT toString(now()) AS at');
  await server.run('SYSTEM FLUSH LOGS');
  const rows = await server.query(
    `SELECT query, query_duration_ms AS ms, read_rows AS read FROM system.query_log
     WHERE type = 2 AND is_initial_query AND event_time > toDateTime({p0:String}) AND event_time < toDateTime({p1:String})
       AND position(query, 'system.query_log') = 0 ORDER BY query_start_time`,
    [String(before?.at), String(after?.at)],
  );
  const kinds = new Map<string, { count: number; ms: number; read: number }>();
  for (const row of rows) {
    const kind = statementKind(String(row.query));
    const entry = kinds.get(kind) ?? { count: 0, ms: 0, read: 0 };
    entry.count += 1;
    entry.ms += Number(row.ms);
    entry.read += Number(row.read);
    kinds.set(kind, entry);
  }
  const total = rows.reduce((sum, row) => sum + Number(row.ms), 0);
  const lines = [...kinds.entries()]
    .sort((a, b) => b[1].ms - a[1].ms)
    .map(
      ([kind, entry]) =>
        `      ${String(entry.count).padStart(3)} × ${String(entry.ms).padStart(6)} ms ${entry.read.toLocaleString('en-US').padStart(12)} rows  ${kind}`,
    );
  lines.unshift(
    `    ${rows.length} statements, ${total} ms on the server, ${formatMs(ms)} in all (the rest is round trips and the client)`,
  );
  return { ms, lines };
}

type ReportKind = 'new month' | 'restated month' | 'new day';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const option = (name: string, fallback: number) => {
    const at = args.indexOf(name);
    return at >= 0 ? Number(args[at + 1]) : fallback;
  };
  const runs = option('--runs', 7);
  const imports = option('--imports', 3);
  const profile = args.includes('--profile');
  const beforeAt = args.indexOf('--before');
  // An earlier build of the store (its package folder), loading a third copy in the same turns.
  const before: typeof import('@markpi/store') | undefined =
    beforeAt >= 0 ? await import(path.resolve(args[beforeAt + 1]!, 'dist/index.js')) : undefined;
  const sizes = args
    .filter(
      (arg, index) =>
        /^\d+$/.test(arg) && !['--runs', '--imports', '--before'].includes(args[index - 1] ?? ''),
    )
    .map(Number);
  if (sizes.length === 0) sizes.push(10_000_000);
  // Per turn, imports of brands new to the workspace: a month's report, the same report again
  // with a row more (a restatement), and one day's report of another brand (a daily import).
  const reports: { file: string; kind: ReportKind; turn: number }[] = [];
  const folder = path.resolve('bench/data');
  for (let turn = 0; turn < imports; turn++) {
    reports.push(
      { file: await oceanFile(folder, 100_000, { brand: turn }), kind: 'new month', turn },
      { file: await oceanFile(folder, 100_001, { brand: turn }), kind: 'restated month', turn },
      // Another brand's: the month's brand would have its first day restated.
      { file: await oceanFile(folder, 3_334, { brand: 100 + turn, days: 1 }), kind: 'new day', turn },
    );
  }
  console.log(
    `Rollups on ClickHouse: ${ROLLUPS.map((rollup) => rollup.name).join(', ')}; ${runs} warm pairs, medians`,
  );
  for (const rows of sizes) {
    const demo = await demoFile(rows);
    console.log(`${rows.toLocaleString('en-US')} rows`);
    const server = await startLocalClickHouse({ logQueries: profile });
    try {
      const probe = await openClickHouseWarehouse({ url: server.storeUrl('probe') });
      const [version] = await probe.query('SELECT version() AS version');
      await probe.close();
      console.log(`  ClickHouse ${String(version?.version)}`);
      const source = await openDuckDbWarehouse({ path: demo, skipMigrations: true });
      const target = await openClickHouseWarehouse({ url: server.storeUrl('copied') });
      console.log(`  copied in ${formatMs(await timeOnce(() => copyWorkspace(source, target, catalog)))}`);
      await source.close();
      // Every contender's database is the same rows copied by the server and merged the same way:
      // the copy's own database, written in batches, holds its rows in other parts, which read at
      // another speed.
      const copies = before ? ['rolled', 'plain', 'before'] : ['rolled', 'plain'];
      const tables = await target.query(
        "SELECT name, engine FROM system.tables WHERE database = 'copied' AND name NOT IN ('meta_migrations', 'meta_load_journal') ORDER BY name",
      );
      for (const copy of copies) {
        const open = copy === 'before' && before ? before.openClickHouseWarehouse : openClickHouseWarehouse;
        await (await open({ url: server.storeUrl(copy) })).close();
        for (const table of tables) {
          await target.run(
            `INSERT INTO ${copy}.${String(table.name)} SELECT * FROM copied.${String(table.name)}`,
          );
          if (String(table.engine).endsWith('MergeTree'))
            await target.run(`OPTIMIZE TABLE ${copy}.${String(table.name)} FINAL`);
        }
      }
      await target.run('DROP DATABASE copied');
      await target.close();
      const rolled = await openClickHouseWarehouse({ url: server.storeUrl('rolled') });
      const plain = await openClickHouseWarehouse({ url: server.storeUrl('plain') });
      const earlier = before
        ? await before.openClickHouseWarehouse({ url: server.storeUrl('before') })
        : undefined;
      try {
        for (const definition of ROLLUPS) {
          let built: Awaited<ReturnType<typeof createRollup>> | undefined;
          const ms = await timeOnce(async () => {
            built = await createRollup(rolled, catalog, definition);
          });
          console.log(
            `  ${definition.name}: ${built?.rows?.toLocaleString('en-US')} rows, built in ${formatMs(ms)}`,
          );
          if (before && earlier) await before.createRollup(earlier, catalog, definition);
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
        const ratios = new Map<ReportKind, number[]>();
        const earlierRatios = new Map<ReportKind, number[]>();
        for (const report of reports) {
          const importInto = (warehouse: Warehouse) => () => importFile(warehouse, fileSource(report.file));
          let profileLines: string[] = [];
          const contenders: { label: string; run: () => Promise<number>; ms?: number }[] = [
            {
              label: 'with rollups refreshed',
              run: async () => {
                if (!profile) return timeOnce(importInto(rolled));
                const found = await profiled(rolled, importInto(rolled));
                profileLines = found.lines;
                return found.ms;
              },
            },
            { label: 'without rollups', run: () => timeOnce(importInto(plain)) },
            ...(earlier ? [{ label: 'the earlier build', run: () => timeOnce(importInto(earlier)) }] : []),
          ];
          // Each turn starts one contender later, so none always runs first.
          const order = contenders.map((_, at) => contenders[(at + report.turn) % contenders.length]!);
          for (const contender of order) contender.ms = await contender.run();
          const [withRefresh, without, earlierMs] = contenders.map((contender) => contender.ms ?? 0);
          ratios.set(report.kind, [...(ratios.get(report.kind) ?? []), withRefresh! / without!]);
          if (earlier)
            earlierRatios.set(report.kind, [
              ...(earlierRatios.get(report.kind) ?? []),
              earlierMs! / without!,
            ]);
          console.log(
            `  turn ${report.turn + 1}, ${report.kind} (${path.basename(report.file)}), ${order[0]!.label} first: ${contenders
              .map((contender) => `${contender.label} ${formatMs(contender.ms ?? 0)}`)
              .join(
                ' | ',
              )} | ${(withRefresh! / without!).toFixed(2)}×${earlier ? ` (the earlier build ${(earlierMs! / without!).toFixed(2)}×)` : ''}`,
          );
          for (const line of profileLines) console.log(line);
        }
        for (const [kind, found] of ratios) {
          const earlierFound = earlierRatios.get(kind);
          console.log(
            `  ${kind}: median ${median(found).toFixed(2)}× (${found.map((ratio) => ratio.toFixed(2)).join(', ')})${earlierFound ? `, the earlier build ${median(earlierFound).toFixed(2)}×` : ''}`,
          );
        }
        console.log(
          `  all imports: median ${median([...ratios.values()].flat()).toFixed(2)}× (load average ${loadavg()
            .map((load) => load.toFixed(1))
            .join(' ')})`,
        );
        if (earlier) {
          // Both builds must leave the same rollup rows (the load ids aside; sums to 1e-9, since
          // ClickHouse adds a bucket's rows in no fixed order).
          for (const definition of ROLLUPS) {
            const table = `${ROLLUP_TABLE_PREFIX}${definition.name}`;
            const rowsOf = (database: string) =>
              rolled.query(`SELECT * FROM ${database}.${table} ORDER BY date, channel`);
            const [ours, theirs] = [await rowsOf('rolled'), await rowsOf('before')];
            const same =
              ours.length === theirs.length &&
              ours.every((row, index) =>
                Object.keys(row)
                  .filter((key) => key !== 'import_id')
                  .every((key) => {
                    const x = row[key];
                    const y = theirs[index]![key];
                    return typeof x === 'number' && typeof y === 'number'
                      ? Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(y))
                      : (x ?? null) === (y ?? null);
                  }),
              );
            if (!same) throw new Error(`${definition.name}: the two builds left different rollup rows`);
          }
        }
        const after = await runKpiQuery(rolled, catalog, SIX);
        if (!agree(after.rows, await rolled.query(HAND_SIX)))
          throw new Error('after the import they disagree');
      } finally {
        await rolled.close();
        await plain.close();
        await earlier?.close();
      }
    } finally {
      await server.stop();
    }
  }
}

await main();
