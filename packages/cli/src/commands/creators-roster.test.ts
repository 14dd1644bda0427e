import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { openDuckDbWarehouse } from '@markpi/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_OK, EXIT_USER } from '../program.js';
import { runCliCaptured } from '../testing.js';

const AGENCY_ROSTER = fileURLToPath(
  new URL('../../../importers/src/platforms/roster/fixtures/agency-roster.csv', import.meta.url),
);

let folder: string;
let db: string;
const cli = (...args: string[]) => runCliCaptured(folder, ['--db', db, ...args]);

async function registry() {
  const warehouse = await openDuckDbWarehouse({ path: db });
  try {
    const creators = await warehouse.query(
      'SELECT creator, name, tier, agency FROM dim_creators ORDER BY creator',
    );
    const accounts = await warehouse.query(
      'SELECT creator, channel, account, followers FROM dim_creator_accounts ORDER BY creator, channel',
    );
    return { creators, accounts };
  } finally {
    await warehouse.close();
  }
}

beforeAll(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'markpi-cli-roster-'));
  db = path.join(folder, 'rosters.duckdb');
  const warehouse = await openDuckDbWarehouse({ path: db });
  await warehouse.close();
  copyFileSync(AGENCY_ROSTER, path.join(folder, 'agency.csv'));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('markpi creators import-roster', () => {
  it('loads an agency roster, says the rejected rows in Chinese, and loads the same bytes once', async () => {
    const { code, out: coloured, err } = await cli('creators', 'import-roster', 'agency.csv', '--lang', 'zh');
    const out = stripVTControlCharacters(coloured);
    expect(err).toBe('');
    expect(code).toBe(EXIT_OK);
    expect(out).toContain('已导入');
    expect(out).toMatch(/识别为\s*│\s*机构达人名单/);
    // Nine rows: five creators, six accounts; B站, "很多" followers and a tier of 头部达人 rejected.
    expect(out).toMatch(/新增达人\s*│\s*5/);
    expect(out).toMatch(/账号数\s*│\s*6/);
    expect(out).toContain('平台“B站”无法识别');
    expect(out).toContain('粉丝数“很多”不是有效数字');
    const { creators, accounts } = await registry();
    expect(creators.map((row) => row.creator)).toEqual(['C001', 'C002', 'C003', 'C004', 'C005']);
    expect(creators[0]).toMatchObject({ name: '美妆小鹿', tier: 'kol', agency: '星辰MCN' });
    expect(
      accounts.filter((row) => row.creator === 'C001').map((row) => [row.channel, row.followers]),
    ).toEqual([
      ['douyin', 1_265_000],
      ['xiaohongshu', 382_000],
    ]);

    const shown = await cli(
      'creators',
      'show',
      'C001',
      '--from',
      '2026-05-01',
      '--to',
      '2026-05-06',
      '--lang',
      'zh',
    );
    expect(shown.err).toBe('');
    expect(shown.out).toContain('类目 美妆护肤 · 所属机构 星辰MCN');
    expect(shown.out).toContain('账号: douyin 美妆小鹿 (1,265,000) · xiaohongshu 小鹿的梳妆台 (382,000)');

    const again = await cli('creators', 'import-roster', 'agency.csv', '--format', 'json');
    expect(again.code).toBe(EXIT_OK);
    expect(JSON.parse(again.out)).toMatchObject({ status: 'already_imported', creatorsAdded: 0 });
  });

  it('reads any list with a mapping, and refuses a mapping that names nobody', async () => {
    writeFileSync(
      path.join(folder, 'seeding.csv'),
      'Handle,Display name,Followers,Agency\nxhs_mia,Mia,"12,000",North Star\nxhs_leo,Leo,800,\n',
    );
    writeFileSync(
      path.join(folder, 'seeding.yaml'),
      'channel: xiaohongshu\ncolumns:\n  account: Handle\n  name: Display name\n  followers: Followers\n  agency: Agency\n',
    );
    const { code, out } = await cli(
      'creators',
      'import-roster',
      'seeding.csv',
      '--mapping',
      'seeding.yaml',
      '--format',
      'json',
    );
    expect(code).toBe(EXIT_OK);
    expect(JSON.parse(out)).toMatchObject({
      status: 'imported',
      profile: 'mapping',
      rowsRead: 2,
      accounts: 2,
    });
    const { accounts } = await registry();
    expect(
      accounts.filter((row) => row.channel === 'xiaohongshu' && String(row.account).startsWith('xhs_')),
    ).toHaveLength(2);

    writeFileSync(path.join(folder, 'nobody.json'), JSON.stringify({ columns: { name: 'Display name' } }));
    const refused = await cli('creators', 'import-roster', 'seeding.csv', '--mapping', 'nobody.json');
    expect(refused.code).toBe(EXIT_USER);
    expect(refused.err).toContain('no creator or account column');
    writeFileSync(path.join(folder, 'typo.yaml'), 'columns:\n  follower: Followers\n');
    const typo = await cli('creators', 'import-roster', 'seeding.csv', '--mapping', 'typo.yaml');
    expect(typo.code).toBe(EXIT_USER);
    expect(typo.err).toContain('not a roster mapping');
    const missing = await cli('creators', 'import-roster', 'absent.csv');
    expect(missing.code).toBe(EXIT_USER);
  });
});
