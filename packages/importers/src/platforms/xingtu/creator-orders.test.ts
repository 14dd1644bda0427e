/**
 * Creator marketplace order exports as creator fees: 巨量星图 (UTF-8 with a BOM) and 小红书蒲公英
 * (GB18030), each recognised from its headers, every paid order one fee on its publish day and
 * cancelled orders left out.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importFile } from '../../load/import-files.js';
import type { Row } from '../../load/warehouse.js';
import { fileSource } from '../../read/source.js';
import { openTestWorkspace, tableRows } from '../../testing/workspace.js';

const fixture = (path: string) => fileURLToPath(new URL(path, import.meta.url));

async function load(file: string) {
  const workspace = await openTestWorkspace();
  const report = await importFile(workspace, fileSource(file));
  expect(report.error).toBeUndefined();
  const rows = (await tableRows(workspace, 'fact_creator_fees')).map((row: Row) =>
    Object.fromEntries(Object.entries(row).filter(([name, value]) => value !== null && name !== 'import_id')),
  );
  return { summary: report.summary!, rows };
}

describe('creator marketplace orders', () => {
  it('星图: the paid amount of every order not cancelled, on its video’s publish day', async () => {
    const { summary, rows } = await load(fixture('./fixtures/xingtu-orders.csv'));
    expect(summary.profile).toMatchObject({ id: 'xingtu_orders', forced: false });
    expect(summary.rowsAccepted).toBe(3);
    expect(summary.rowsRejected).toBe(0);
    expect(rows).toEqual([
      {
        date: '2026-05-01',
        channel: 'douyin',
        campaign: '露米A醇精华种草',
        creator: 'xiaolu_mz',
        content: '7400000000000000001',
        fee_source: 'xingtu',
        currency: 'CNY',
        contract: '7364120000000000001',
        fee: 28_000,
      },
      {
        date: '2026-05-03',
        channel: 'douyin',
        campaign: '露米A醇精华种草',
        creator: 'ajie_chengfen',
        content: '7400000000000000002',
        fee_source: 'xingtu',
        currency: 'CNY',
        contract: '7364120000000000002',
        fee: 10_000,
      },
      {
        date: '2026-06-01',
        channel: 'douyin',
        campaign: '露米618大促',
        creator: 'mia_zhuangqian',
        content: '7400000000000000004',
        fee_source: 'xingtu',
        currency: 'CNY',
        contract: '7364120000000000004',
        fee: 40_000,
      },
    ]);
  });

  it('蒲公英 in GB18030: the same, on the note’s publish day', async () => {
    const { summary, rows } = await load(fixture('../pugongying/fixtures/pugongying-orders-gb18030.csv'));
    expect(summary.profile).toMatchObject({ id: 'pugongying_orders', forced: false });
    expect(summary.rowsAccepted).toBe(2);
    expect(
      rows.map((row) => [row.date, row.creator, row.content, row.fee, row.fee_source, row.channel]),
    ).toEqual([
      ['2026-05-02', 'lily_skin', '66330a000000000000000001', 8000, 'pugongying', 'xiaohongshu'],
      ['2026-05-05', 'dr_zhou_derm', '66330a000000000000000002', 20_000, 'pugongying', 'xiaohongshu'],
    ]);
  });
});
