/**
 * A workspace's settings reach every edge: a USD workspace (`base_currency: USD`) takes a USD
 * export with no FX table, through the CLI (from `markpi.yaml`) and through the server (from its
 * workspace settings), and a CNY export once it has a CNY→USD rate.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../cli/src/testing.js';
import { FIXTURE_DIR } from '../../importers/src/testing/paths.js';
import { multipart } from './testing/csv-adapter.js';
import { createHarness, type Harness } from './testing/harness.js';

/** Cost column of the Google Ads fixture (USD), its totals rows left out. */
const GOOGLE_ADS_USD = 120.4 + 310.75 + 98.1 + 15 + 0;
/** 消费 of the Xiaohongshu 聚光 fixture (CNY). */
const JUGUANG_CNY = 1500.8 + 1499.2;
const CNY_TO_USD = 0.14;

describe('a USD workspace through the CLI', () => {
  let folder: string;
  const cli = (...args: string[]) => runCliCaptured(folder, ['--db', 'usd.duckdb', ...args]);

  beforeAll(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'markpi-usd-'));
    writeFileSync(path.join(folder, 'markpi.yaml'), 'base_currency: USD\ntime_zone: America/New_York\n');
    for (const name of ['google-ads-campaign-daily.csv', 'xiaohongshu-juguang.csv'])
      copyFileSync(path.join(FIXTURE_DIR, name), path.join(folder, name));
    writeFileSync(path.join(folder, 'fx.csv'), 'Date,Currency,Rate to USD\n2026-01-01,CNY,0.14\n');
    writeFileSync(
      path.join(folder, 'fx.json'),
      JSON.stringify({
        name: 'fx-to-usd',
        target: 'fx_rates',
        columns: { Date: 'date', Currency: 'currency', 'Rate to USD': 'rate' },
      }),
    );
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  const spend = async (from: string, to: string) => {
    const { code, out, err } = await cli(
      'query',
      '--kpis',
      'spend',
      '--from',
      from,
      '--to',
      to,
      '--format',
      'json',
    );
    expect(code, err).toBe(0);
    return (JSON.parse(out) as { spend: number | null }[])[0]?.spend ?? null;
  };

  it('imports a USD file with no FX table, as dollars', async () => {
    const imported = await cli('import', 'google-ads-campaign-daily.csv');
    expect(imported.code, imported.err).toBe(0);
    expect(await spend('2026-05-01', '2026-05-03')).toBeCloseTo(GOOGLE_ADS_USD, 9);
  });

  it('refuses a CNY file until there is a CNY→USD rate, then converts it', async () => {
    const refused = await cli('import', 'xiaohongshu-juguang.csv', '--format', 'json');
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/CNY/);
    const rates = await cli('import', 'fx.csv', '--mapping', 'fx.json');
    expect(rates.code, rates.err).toBe(0);
    const imported = await cli('import', 'xiaohongshu-juguang.csv', '--force');
    expect(imported.code, imported.err).toBe(0);
    const rows = JSON.parse(
      (
        await cli(
          'query',
          '--kpis',
          'spend',
          '--by',
          'channel',
          '--from',
          '2026-05-01',
          '--to',
          '2026-05-02',
          '--format',
          'json',
        )
      ).out,
    ) as { channel: string; spend: number }[];
    expect(rows.find((row) => row.channel === 'xiaohongshu')?.spend).toBeCloseTo(JUGUANG_CNY * CNY_TO_USD, 9);
  });
});

describe('a USD workspace through the server', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await createHarness();
  });
  afterAll(async () => {
    await harness.close();
  });

  it('takes its base currency from the workspace settings and imports a USD upload as dollars', async () => {
    const owner = await harness.as('ownerA');
    const settings = await owner.request('PATCH', '/api/workspaces/alpha', { baseCurrency: 'USD' });
    expect(settings.statusCode, settings.body).toBe(200);
    const content = readFileSync(path.join(FIXTURE_DIR, 'google-ads-campaign-daily.csv'), 'utf8');
    const form = multipart([{ name: 'google-ads-campaign-daily.csv', content }], {});
    const uploaded = await owner.request('POST', '/api/workspaces/alpha/imports', form.body, {
      headers: { 'content-type': form.contentType },
    });
    expect(uploaded.statusCode, uploaded.body).toBe(200);
    const record = uploaded.json().import;
    expect(record.status, JSON.stringify(record.error)).toBe('previewed');
    const confirmed = await owner.post(`/api/workspaces/alpha/imports/${record.id}/confirm`);
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json().import.status).toBe('imported');
    const query = await owner.get(
      '/api/workspaces/alpha/query?kpis=spend&from=2026-05-01&to=2026-05-03&filter=channel%20%3D%20%27google_ads%27',
    );
    expect(query.json().rows[0].spend).toBeCloseTo(GOOGLE_ADS_USD, 9);
  });
});
