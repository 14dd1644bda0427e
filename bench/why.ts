/**
 * "Why did this KPI move" benchmark: `explainChange` on the demo data at growing sizes against
 * the KPI queries it needs, measured in the same run. The queries are the SQL the planner printed
 * for it (recorded on a first run, every statement that reads a fact table), replayed one after
 * the other on the same warehouse; the difference is everything else the use case does — planning,
 * the splits, the funnel judgement, advice, the sentences, names and benchmarks looked up.
 * Questions: conversions over the Meta tracking outage (followed down to content), ROAS over
 * Xiaohongshu's CTR week, and CPA over the default window (the last 30 days).
 * Usage: node bench/dist/why.js [rows …] [--runs N]
 */
import { type ExplainChangeRequest, explainChange, type WorkspaceContext } from '@markpi/app';
import { buildCatalog } from '@markpi/core';
import { DEMO_STORY, openDuckDbWarehouse } from '@markpi/store';
import { demoFile } from './harness/demo-data.js';
import { formatMs, median, pair } from './harness/measure.js';
import { recording, runsFrom, type Statement, sizesFrom } from './harness/recording.js';

const outage = DEMO_STORY.anomalies.find((entry) => entry.id === 'meta-tracking-outage')!;
const collapse = DEMO_STORY.anomalies.find((entry) => entry.id === 'xhs-ctr-collapse')!;

const QUESTIONS: { label: string; request: ExplainChangeRequest }[] = [
  { label: 'conversions, Meta outage', request: { kpi: 'conversions', from: outage.from, to: outage.to } },
  {
    label: 'ROAS, Xiaohongshu CTR week',
    request: { kpi: 'roas', from: collapse.from, to: collapse.to, filter: `channel = '${collapse.channel}'` },
  },
  { label: 'CPA, last 30 days', request: { kpi: 'cpa' } },
];

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const runs = runsFrom(args, 7);
  const sizes = sizesFrom(args, [100_000, 1_000_000, 10_000_000]);
  console.log(
    `explainChange against the KPI queries it needs (replayed in turn); ${runs} warm pairs, medians`,
  );
  for (const rows of sizes) {
    const file = await demoFile(rows);
    console.log(`${rows.toLocaleString('en-US')} rows`);
    const warehouse = await openDuckDbWarehouse({ path: file, skipMigrations: true });
    const workspace: WorkspaceContext = { warehouse, catalog: buildCatalog(), now: () => new Date() };
    for (const { label, request } of QUESTIONS) {
      const log: Statement[] = [];
      const first = await explainChange({ ...workspace, warehouse: recording(warehouse, log) }, request);
      const queries = log.filter((statement) => /\bfact_/.test(statement.sql));
      const replay = async () => {
        for (const statement of queries) await warehouse.query(statement.sql, statement.params);
      };
      const result = await pair(() => explainChange(workspace, request), replay, runs);
      const explained = median(result.a.warmMs);
      const needed = median(result.b.warmMs);
      console.log(
        `  ${label.padEnd(28)} explainChange ${formatMs(explained).padStart(9)} | its ${String(queries.length).padStart(2)} KPI queries ${formatMs(needed).padStart(9)} | ratio ${result.ratio.toFixed(2)}×  (${first.segments?.steps.length ?? 0} drill steps, ${log.length - queries.length} other reads)`,
      );
    }
    await warehouse.close();
  }
}

await main();
