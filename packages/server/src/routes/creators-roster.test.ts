/**
 * A creator roster over HTTP: uploaded as a form, loaded into the registry at once with the
 * workspace's tier rules — the agency roster's figures as the CLI's `import-roster` gives them.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type TestClient } from '../testing/harness.js';

const AGENCY_ROSTER = fileURLToPath(
  new URL('../../../importers/src/platforms/roster/fixtures/agency-roster.csv', import.meta.url),
);

const BOUNDARY = '----markpi-roster-boundary';

/** A form with one file (as bytes: the roster has a byte-order mark) and text fields. */
function form(file: { name: string; bytes: Buffer } | null, fields: Record<string, string> = {}) {
  const parts: Buffer[] = Object.entries(fields).map(([name, value]) =>
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
  );
  if (file) {
    parts.push(
      Buffer.from(
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n`,
      ),
      file.bytes,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return {
    body: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
  };
}

describe('POST /api/workspaces/:ws/creators/roster', () => {
  let harness: Harness;
  let editor: TestClient;
  let viewer: TestClient;
  const post = (client: TestClient, sent: ReturnType<typeof form>) =>
    client.request('POST', '/api/workspaces/alpha/creators/roster', sent.body, { headers: sent.headers });

  beforeAll(async () => {
    harness = await createHarness();
    editor = await harness.as('editorA');
    viewer = await harness.as('viewerA');
  });
  afterAll(async () => {
    await harness.close();
  });

  it('loads an agency roster once, its rejected rows with reason keys and English', async () => {
    const roster = { name: 'agency.csv', bytes: readFileSync(AGENCY_ROSTER) };
    expect((await post(viewer, form(roster))).statusCode).toBe(403);
    const response = await post(editor, form(roster));
    expect(response.statusCode, response.body).toBe(200);
    const report = response.json();
    expect(report).toMatchObject({
      file: 'agency.csv',
      status: 'imported',
      profile: 'agency_roster',
      rowsRead: 9,
      creatorsAdded: 5,
      creatorsUpdated: 0,
      accounts: 6,
    });
    expect(report.rejected.map((row: { row: number; reason: string }) => [row.row, row.reason])).toEqual([
      [10, 'roster.unknown_channel'],
      [11, 'roster.bad_followers'],
      [12, 'roster.unknown_tier'],
    ]);
    expect(report.rejected[1].text).toBe('followers "很多" is not a count');
    // The registry now names C001's agency and category on the creator's page, with its accounts.
    const page = (await viewer.get('/api/workspaces/alpha/creators/C001')).json();
    expect(page.creator).toMatchObject({ category: '美妆护肤', agency: '星辰MCN' });
    // Its accounts per platform, most followed first.
    expect(
      page.creator.accounts.map((account: { channel: string; account: string; followers: number }) => [
        account.channel,
        account.account,
        account.followers,
      ]),
    ).toEqual([
      ['douyin', 'xiaolu_mz', 1_265_000],
      ['xiaohongshu', '95270001', 382_000],
    ]);
    const again = (await post(editor, form(roster))).json();
    expect(again).toMatchObject({ status: 'already_imported', creatorsAdded: 0 });
    // Read again in Chinese: each rejected row said in the request's language, with its message.
    const sent = form(roster, { dryRun: 'true', force: 'true' });
    const chinese = (
      await editor.request('POST', '/api/workspaces/alpha/creators/roster', sent.body, {
        headers: { ...sent.headers, 'accept-language': 'zh-CN,zh;q=0.9' },
      })
    ).json();
    expect(chinese.rejected[1]).toMatchObject({
      text: '粉丝数“很多”不是有效数字',
      said: { key: 'roster.bad_followers', params: { value: '很多' } },
    });
  });

  it('reads a list by a mapping, and refuses a bad mapping and a form without a file', async () => {
    const list = {
      name: 'seeding.csv',
      bytes: Buffer.from('Handle,Display name,Followers\nxhs_mia,Mia,"12,000"\nxhs_leo,Leo,800\n'),
    };
    const mapping = JSON.stringify({
      channel: 'xiaohongshu',
      columns: { account: 'Handle', name: 'Display name', followers: 'Followers' },
    });
    const dry = (await post(editor, form(list, { mapping, dryRun: 'true' }))).json();
    expect(dry).toMatchObject({ status: 'dry_run', profile: 'mapping', rowsRead: 2 });
    const loaded = (await post(editor, form(list, { mapping }))).json();
    expect(loaded).toMatchObject({ status: 'imported', profile: 'mapping', accounts: 2 });
    const bad = await post(editor, form(list, { mapping: '{"columns":{"follower":"Followers"}}' }));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('import.mapping_invalid');
    const empty = await post(editor, form(null, { mapping }));
    expect(empty.statusCode).toBe(400);
  });
});
