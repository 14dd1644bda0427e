import { buildCatalog } from '@markpi/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clickHouseInstalled, useLocalClickHouse } from './clickhouse/testing.js';
import { openClickHouseWarehouse } from './clickhouse/warehouse.js';
import { copyWorkspace, verifyCopy } from './copy-workspace.js';
import { openDuckDbWarehouse } from './duckdb/index.js';
import { loadScenarioFixture } from './scenarios/fixture.js';
import type { Warehouse } from './warehouse.js';

// CI installs clickhouse-server; there a missing server is a failure, never a silent skip.
const available = clickHouseInstalled();

describe.runIf(available)('copying a DuckDB workspace into ClickHouse', () => {
  const server = useLocalClickHouse();
  let source: Warehouse;
  let target: Warehouse;
  const catalog = buildCatalog();

  beforeAll(async () => {
    source = await openDuckDbWarehouse({ path: ':memory:' });
    await loadScenarioFixture(source);
    target = await openClickHouseWarehouse({ url: server.storeUrl('copied') });
  });
  afterAll(async () => {
    await source?.close();
    await target?.close();
  });

  it('copies every row and checks the KPI totals', async () => {
    const report = await copyWorkspace(source, target, catalog);
    expect(report.ok).toBe(true);
    expect(report.tables.find((table) => table.table === 'fact_performance')).toEqual({
      table: 'fact_performance',
      sourceRows: 7,
      targetRows: 7,
    });
    expect(report.checks.length).toBeGreaterThan(20);
    expect(report.checks.every((check) => check.agree)).toBe(true);
  });

  it('keeps text exactly: commas, quotes, newlines, tabs, backslashes, Chinese, empty and null', async () => {
    const names = ['a, b', 'say "hi"', 'two\nlines', 'tab\there', 'back\\slash', '抖音 · 小红书', '', null];
    await source.append('dim_creators', {
      rowCount: names.length,
      columns: {
        creator: names.map((_, index) => `tricky-${index}`),
        name: names,
        followers: names.map((_, index) => index + 0.25),
      },
    });
    await copyWorkspace(source, target, catalog, { replace: true });
    const rows = await target.query(
      "SELECT creator, name, followers FROM dim_creators WHERE creator LIKE 'tricky-%' ORDER BY creator",
    );
    expect(rows).toEqual(
      names.map((name, index) => ({ creator: `tricky-${index}`, name, followers: index + 0.25 })),
    );
  });

  it('refuses to copy into a target that already has rows, unless asked to replace them', async () => {
    await expect(copyWorkspace(source, target, catalog)).rejects.toThrow(/already holds rows/);
    const again = await copyWorkspace(source, target, catalog, { replace: true });
    expect(again.ok).toBe(true);
    expect(again.tables.every((table) => table.sourceRows === table.targetRows)).toBe(true);
  });

  it('notices a copy that lost rows', async () => {
    await target.run("ALTER TABLE fact_performance DELETE WHERE channel = 'meta'");
    // Mutations apply in the background on ClickHouse; wait until the rows are gone.
    for (let attempt = 0; attempt < 100; attempt++) {
      const [row] = await target.query("SELECT count() AS n FROM fact_performance WHERE channel = 'meta'");
      if (Number(row?.n) === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const verified = await verifyCopy(source, target, catalog);
    expect(verified.ok).toBe(false);
    expect(verified.checks.find((check) => check.channel === 'meta' && check.kpi === 'spend')).toMatchObject({
      source: 400,
      target: null,
      agree: false,
    });
    expect(verified.checks.find((check) => check.channel === 'douyin' && check.kpi === 'spend')?.agree).toBe(
      true,
    );
  });
});
