/**
 * Creator rosters into the registry: an agency roster (UTF-8 with BOM, a title above the header,
 * a 合计 row), a 星图 creator list (GB18030) and a 蒲公英 one, tiers from the roster or from the
 * rules, blanks keeping what the registry had, the same bytes twice one import; on DuckDB and,
 * when a server is installed, on ClickHouse 18.16 (which swaps tables in instead).
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { exportRejectedRows } from '../../load/import-files.js';
import type { ImportWarehouse } from '../../load/warehouse.js';
import { bytesSource, fileSource } from '../../read/source.js';
import { clickHouseInstalled, useLocalClickHouse } from '../../testing/clickhouse.js';
import { openTestWorkspace } from '../../testing/workspace.js';
import { buildXlsx } from '../../testing/xlsx.js';
import { importRoster, mergeRoster } from './load.js';
import { sayRoster } from './messages.js';
import { mappingProfile } from './profiles.js';
import { readRoster } from './read.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const fixture = (name: string) => fileSource(`${FIXTURES}${name}`);
const NOW = () => new Date('2026-05-06T02:00:00Z');

async function creators(warehouse: ImportWarehouse) {
  return warehouse.query(
    'SELECT creator, name, tier, channel, followers, category, agency, content_type FROM dim_creators ORDER BY creator',
  );
}

async function accounts(warehouse: ImportWarehouse) {
  return warehouse.query(
    'SELECT creator, channel, account, account_name, followers FROM dim_creator_accounts ORDER BY creator, channel, account',
  );
}

/** The agency roster's creators, by hand (default tier rules: sales/expert/store → KOS, 100,000+ → KOL). */
const AGENCY_CREATORS = [
  // Stated KOL; main account the 抖音 one (1,265,000 > 382,000).
  ['C001', '美妆小鹿', 'kol', 'douyin', 1_265_000, '美妆护肤', '星辰MCN', 'lifestyle'],
  // No tier stated: 451,000 followers of review content → KOL.
  ['C002', '成分党阿杰', 'kol', 'douyin', 451_000, '成分党', '青柚传媒', 'review'],
  // A doctor (expert) → KOS whatever the size; 无 is no agency.
  ['C003', '王医生聊皮肤', 'kos', 'xiaohongshu', 89_000, '皮肤科普', null, 'expert'],
  // A shop assistant (导购 → store) → KOS; '-' is no agency.
  ['C004', '柜姐小美', 'kos', 'douyin', 12_000, '美妆护肤', null, 'store'],
  ['C005', '素人小陈', 'koc', 'xiaohongshu', 3_200, '生活方式', null, 'lifestyle'],
].map(([creator, name, tier, channel, followers, category, agency, content_type]) => ({
  creator,
  name,
  tier,
  channel,
  followers,
  category,
  agency,
  content_type,
}));

function describeRosterImports(
  open: () => Promise<ImportWarehouse & { close(): Promise<void> }>,
  timeout: number,
) {
  it(
    'fills the registry from an agency roster, rejecting what it cannot read, once per file',
    async () => {
      const warehouse = await open();
      try {
        const report = await importRoster(warehouse, fixture('agency-roster.csv'), { now: NOW });
        expect(report).toMatchObject({
          status: 'imported',
          profile: 'agency_roster',
          rowsRead: 9,
          creatorsAdded: 5,
          creatorsUpdated: 0,
          accounts: 6,
        });
        expect(report.rejected.map((row) => [row.row, row.reason, row.params])).toEqual([
          [10, 'roster.unknown_channel', { value: 'B站' }],
          [11, 'roster.bad_followers', { value: '很多' }],
          [12, 'roster.unknown_tier', { value: '头部达人' }],
        ]);
        expect(await creators(warehouse)).toEqual(AGENCY_CREATORS);
        expect(await accounts(warehouse)).toEqual([
          {
            creator: 'C001',
            channel: 'douyin',
            account: 'xiaolu_mz',
            account_name: '美妆小鹿',
            followers: 1_265_000,
          },
          {
            creator: 'C001',
            channel: 'xiaohongshu',
            account: '95270001',
            account_name: '小鹿的梳妆台',
            followers: 382_000,
          },
          {
            creator: 'C002',
            channel: 'douyin',
            account: 'ajie_chengfen',
            account_name: '成分党阿杰',
            followers: 451_000,
          },
          {
            creator: 'C003',
            channel: 'xiaohongshu',
            account: '95270003',
            account_name: '王医生聊皮肤',
            followers: 89_000,
          },
          {
            creator: 'C004',
            channel: 'douyin',
            account: 'guijie_xm',
            account_name: '柜姐小美(露米官方)',
            followers: 12_000,
          },
          {
            creator: 'C005',
            channel: 'xiaohongshu',
            account: '95270005',
            account_name: '小陈爱分享',
            followers: 3_200,
          },
        ]);
        const rejected = await warehouse.query(
          'SELECT row_number, reason FROM meta_rejected_rows ORDER BY row_number',
        );
        expect(rejected.map((row) => Number(row.row_number))).toEqual([10, 11, 12]);
        expect(rejected[1]!.reason).toBe('followers "很多" is not a count');
        // Each row keeps its message, said in the reader's language like an import's rejections.
        const chinese = await exportRejectedRows(warehouse, report.importId, 'zh');
        expect(chinese).toContain('粉丝数“很多”不是有效数字');
        expect(chinese).toContain(
          '平台“B站”无法识别（可用：抖音、小红书、快手、微博、视频号、TikTok、Instagram）',
        );
        expect(chinese).toContain('层级“头部达人”不是 KOL、KOS、KOC 之一');
        expect(await exportRejectedRows(warehouse, report.importId, 'en')).toContain(
          'followers ""很多"" is not a count',
        );
        // The same bytes again: nothing written twice.
        const again = await importRoster(warehouse, fixture('agency-roster.csv'), { now: NOW });
        expect(again.status).toBe('already_imported');
        expect(await creators(warehouse)).toEqual(AGENCY_CREATORS);
        expect(await accounts(warehouse)).toHaveLength(6);
        // Forced: loaded again to the same registry, one log row and one set of rejected rows.
        const forced = await importRoster(warehouse, fixture('agency-roster.csv'), { now: NOW, force: true });
        expect(forced).toMatchObject({ status: 'imported', creatorsAdded: 0, creatorsUpdated: 5 });
        expect(await creators(warehouse)).toEqual(AGENCY_CREATORS);
        expect(await accounts(warehouse)).toHaveLength(6);
        expect(await warehouse.query('SELECT row_number FROM meta_rejected_rows')).toHaveLength(3);
        const log = await warehouse.query(
          'SELECT platform, rows_read, rows_accepted, rows_rejected FROM meta_imports',
        );
        expect(log).toEqual([
          { platform: 'agency_roster', rows_read: 9, rows_accepted: 6, rows_rejected: 3 },
        ]);
      } finally {
        await warehouse.close();
      }
    },
    timeout,
  );

  it(
    'adds 星图 (GB18030) and 蒲公英 lists and updates a creator, blanks keeping the registry’s values',
    async () => {
      const warehouse = await open();
      try {
        await importRoster(warehouse, fixture('agency-roster.csv'), { now: NOW });
        const xingtu = await importRoster(warehouse, fixture('xingtu-creators.csv'), { now: NOW });
        expect(xingtu).toMatchObject({
          profile: 'xingtu_creators',
          rowsRead: 4,
          creatorsAdded: 4,
          rejected: [],
        });
        const pugongying = await importRoster(warehouse, fixture('pugongying-creators.csv'), { now: NOW });
        expect(pugongying).toMatchObject({ profile: 'pugongying_creators', creatorsAdded: 3 });
        const all = await creators(warehouse);
        expect(all.find((row) => row.creator === 'hufu_yjs')).toEqual({
          creator: 'hufu_yjs',
          name: '护肤研究所',
          tier: 'kol',
          channel: 'douyin',
          followers: 880_000,
          category: '美妆',
          agency: null,
          content_type: null,
        });
        expect(all.find((row) => row.creator === 'pingjia_hw')).toMatchObject({ tier: 'koc', agency: null });
        expect(all.find((row) => row.creator === '95270009')).toMatchObject({
          name: '早八护肤日记',
          channel: 'xiaohongshu',
          followers: 11_000,
          tier: 'koc',
        });
        // C005 grew: only the platform, account and followers are given.
        const update = bytesSource(
          'update.csv',
          new TextEncoder().encode(
            '达人ID,达人昵称,平台,平台账号,粉丝数,类目\nC005,,小红书,95270005,1.5万,\n',
          ),
        );
        const updated = await importRoster(warehouse, update, { now: NOW });
        expect(updated).toMatchObject({ creatorsAdded: 0, creatorsUpdated: 1 });
        expect((await creators(warehouse)).find((row) => row.creator === 'C005')).toEqual({
          ...AGENCY_CREATORS[4],
          followers: 15_000,
        });
        expect((await accounts(warehouse)).find((row) => row.creator === 'C005')).toEqual({
          creator: 'C005',
          channel: 'xiaohongshu',
          account: '95270005',
          account_name: '小陈爱分享',
          followers: 15_000,
        });
        expect(await creators(warehouse)).toHaveLength(12);
      } finally {
        await warehouse.close();
      }
    },
    timeout,
  );
}

describe('creator rosters, DuckDB', () => {
  describeRosterImports(() => openTestWorkspace(), 30_000);

  it('reads any roster through a mapping, with the workspace’s tier rules', async () => {
    const warehouse = await openTestWorkspace();
    const file = bytesSource(
      'kos.csv',
      new TextEncoder().encode(
        'name,platform id,fans,type\nLina,lina_dy,"250,000",sales\nMo,mo_dy,90000,lifestyle\n',
      ),
    );
    const profile = mappingProfile(
      { name: 'name', account: 'platform id', followers: 'fans', content_type: 'type' },
      'douyin',
    );
    const report = await importRoster(warehouse, file, {
      profile,
      tierRules: [
        { tier: 'kol', minFollowers: 200_000 },
        { tier: 'kos', contentTypes: ['sales'] },
        { tier: 'koc' },
      ],
    });
    expect(report.creatorsAdded).toBe(2);
    expect((await creators(warehouse)).map((row) => [row.creator, row.tier])).toEqual([
      // The follower line comes first in these rules: 250,000 makes a KOL of a seller.
      ['lina_dy', 'kol'],
      ['mo_dy', 'koc'],
    ]);
  });

  it('reads a 蒲公英 list saved as XLSX, numbers as numbers', async () => {
    const warehouse = await openTestWorkspace();
    const bytes = await buildXlsx([
      ['博主列表'],
      ['博主昵称', '小红书号', '博主ID', '粉丝数', '内容类目', '所属机构', '图文报价', '视频报价'],
      ['小鹿的梳妆台', 95270001, '5e8a1b2c0000000001', 382000, '美妆', '星辰MCN', 12000, 18000],
      ['早八护肤日记', 95270009, '5e8a1b2c0000000009', '1.1万', '护肤', null, 800, 1500],
    ]);
    const report = await importRoster(warehouse, bytesSource('博主列表.xlsx', bytes));
    expect(report).toMatchObject({ profile: 'pugongying_creators', creatorsAdded: 2, rejected: [] });
    expect(
      (await creators(warehouse)).map((row) => [row.creator, row.followers, row.tier, row.agency]),
    ).toEqual([
      ['95270001', 382_000, 'kol', '星辰MCN'],
      ['95270009', 11_000, 'koc', null],
    ]);
  });

  it('says why a row is rejected in Chinese and English', () => {
    expect(sayRoster('roster.unknown_channel', { value: 'B站' }, 'zh')).toBe(
      '平台“B站”无法识别（可用：抖音、小红书、快手、微博、视频号、TikTok、Instagram）',
    );
    expect(sayRoster('roster.unknown_channel', { value: 'B站' }, 'en')).toBe(
      'platform "B站" is not one markpi knows (抖音, 小红书, 快手, 微博, 视频号, TikTok, Instagram)',
    );
    expect(sayRoster('roster.unknown_tier', { value: '头部' }, 'en')).toBe(
      'tier "头部" is none of KOL, KOS, KOC',
    );
    expect(sayRoster('roster.no_creator', {}, 'zh')).toBe('没有达人编号也没有账号：这一行没有指明达人');
  });

  it('finds the header below a title and tells the three kinds apart', async () => {
    for (const [file, id] of [
      ['agency-roster.csv', 'agency_roster'],
      ['xingtu-creators.csv', 'xingtu_creators'],
      ['pugongying-creators.csv', 'pugongying_creators'],
    ] as const) {
      expect((await readRoster(fixture(file))).profile.id, file).toBe(id);
    }
  });
});

describe('merging a roster into the registry', () => {
  it('keeps accounts and creators it does not name, and picks the most followed account as the main one', () => {
    const entry = (
      creator: string,
      channel: 'douyin' | 'xiaohongshu',
      account: string,
      followers: number,
    ) => ({
      row: 2,
      creator,
      name: null,
      channel,
      account,
      accountName: null,
      followers,
      category: null,
      agency: null,
      contentType: null,
      tier: null,
      link: null,
    });
    const registry = {
      creators: [
        { creator: 'a', name: 'A', tier: 'koc', channel: 'douyin', followers: 50_000 },
        { creator: 'b', name: 'B', tier: 'kos', channel: 'douyin', followers: 1 },
      ],
      accounts: [
        {
          creator: 'a',
          channel: 'douyin',
          account: 'a_dy',
          account_name: 'A',
          followers: 50_000,
          link: null,
        },
      ],
    };
    const merged = mergeRoster(registry, [entry('a', 'xiaohongshu', 'a_xhs', 120_000)]);
    expect(merged.added).toBe(0);
    expect(merged.updated).toBe(1);
    // Brute force: the main account is the largest of every account a holds.
    const largest = merged.accounts
      .filter((row) => row.creator === 'a')
      .reduce((best, row) => (Number(row.followers) > Number(best.followers) ? row : best));
    expect(merged.creators.find((row) => row.creator === 'a')).toMatchObject({
      name: 'A',
      channel: largest.channel,
      followers: 120_000,
      tier: 'kol',
    });
    expect(merged.creators.find((row) => row.creator === 'b')).toEqual(registry.creators[1]);
    expect(merged.accounts).toHaveLength(2);
  });
});

interface ClickHouseStore {
  openClickHouseWarehouse(options: { url: string }): Promise<ImportWarehouse & { close(): Promise<void> }>;
}
// The store by path, tests only: importers depend on core alone.
const STORE = '../../../../store/src/';
const clickhouse = (await import(/* @vite-ignore */ `${STORE}clickhouse/index.js`)) as ClickHouseStore;
const available = clickHouseInstalled();

describe.runIf(available)('creator rosters, ClickHouse 18.16', () => {
  const server = useLocalClickHouse();
  describeRosterImports(
    () => clickhouse.openClickHouseWarehouse({ url: server.newStoreUrl('roster') }),
    60_000,
  );
});
