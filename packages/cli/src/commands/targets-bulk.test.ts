/**
 * `markpi targets bulk`, `targets add --replace` and `scorecard --baseline` on a tiny workspace:
 * campaigns a and b on Douyin, 29–31 May 100 and 200 impressions a day, 1–3 June 110 and 150; campaign
 * c in June only, 50 a day.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDuckDbWarehouse } from '@markpi/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_OK, EXIT_USER } from '../program.js';
import { runCliCaptured } from '../testing.js';

let folder: string;
let db: string;
const cli = (...args: string[]) => runCliCaptured(folder, ['--db', db, ...args]);

beforeAll(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'markpi-bulk-'));
  db = path.join(folder, 'tiny.duckdb');
  const warehouse = await openDuckDbWarehouse({ path: db });
  const dates = ['2026-05-29', '2026-05-30', '2026-05-31', '2026-06-01', '2026-06-02', '2026-06-03'];
  const rows = dates.flatMap((date) => [
    { date, campaign: 'a', impressions: date < '2026-06' ? 100 : 110 },
    { date, campaign: 'b', impressions: date < '2026-06' ? 200 : 150 },
    ...(date < '2026-06' ? [] : [{ date, campaign: 'c', impressions: 50 }]),
  ]);
  await warehouse.append('fact_performance', {
    rowCount: rows.length,
    columns: {
      date: rows.map((row) => row.date),
      channel: rows.map(() => 'douyin'),
      campaign: rows.map((row) => row.campaign),
      impressions: rows.map((row) => row.impressions),
    },
  });
  await warehouse.close();
});

afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('markpi targets bulk', () => {
  const june = ['--from', '2026-06-01', '--to', '2026-06-03'];

  it('sets one target per campaign from its own last period, refuses twins, replaces on --replace', async () => {
    // 300 and 600 in 29–31 May, +10%: 330 and 660.
    const made = await cli(
      'targets',
      'bulk',
      '--kpi',
      'impressions',
      '--by',
      'campaign',
      ...june,
      '--uplift',
      '10%',
      '--format',
      'json',
    );
    expect(made.code, made.err).toBe(EXIT_OK);
    expect(JSON.parse(made.out).map((row: { id: string; value: number }) => [row.id, row.value])).toEqual([
      ['impressions-a-2026-06-01', 330],
      ['impressions-b-2026-06-01', 660],
    ]);
    expect(made.err).toContain('note: baselines from 2026-05-29 … 2026-05-31');
    expect(made.err).toContain('note: c has no baseline: no target set');

    const twice = await cli(
      'targets',
      'bulk',
      '--kpi',
      'impressions',
      '--by',
      'campaign',
      ...june,
      '--value',
      '500',
    );
    expect(twice.code).toBe(EXIT_USER);
    expect(twice.err).toContain('2 of 3 campaign targets exist already: nothing was saved');

    const one = await cli(
      'targets',
      'add',
      '--kpi',
      'impressions',
      '--where',
      "campaign='a'",
      '--label',
      'a',
      ...june,
      '--value',
      '340',
      '--replace',
      '--format',
      'json',
    );
    expect(one.code, one.err).toBe(EXIT_OK);
    expect(JSON.parse(one.out)[0]).toMatchObject({ id: 'impressions-a-2026-06-01', value: 340, version: 2 });
    expect(one.err).toContain('note: replaced impressions-a-2026-06-01; this is its version 2');
  });

  it('scores a scorecard against the campaigns’ own history', async () => {
    // a: 330 against 300 = 1.1; b: 450 against 600 = 0.75.
    const card = await cli(
      'scorecard',
      '--template',
      'impressions=100%',
      '--by',
      'campaign',
      ...june,
      '--baseline',
      'own_history',
      '--no-stored-targets',
      '--format',
      'json',
    );
    expect(card.code, card.err).toBe(EXIT_OK);
    const rows = JSON.parse(card.out) as { entity: string; score: number }[];
    expect(rows.map((row) => [row.entity, row.score])).toEqual([
      ['a', expect.closeTo(1.1, 9)],
      ['b', expect.closeTo(0.75, 9)],
      ['c', null],
    ]);
    // Campaign c (June only) has no May: the table folds it into the note; JSON keeps its row.
    const table = await cli(
      'scorecard',
      '--template',
      'impressions=100%',
      '--by',
      'campaign',
      ...june,
      '--baseline',
      'own_history',
      '--no-stored-targets',
    );
    expect(table.code, table.err).toBe(EXIT_OK);
    expect(table.out).toContain('│ a      │ a    │ 110.00%');
    expect(table.out).not.toContain('│ c ');
    expect(table.out).toContain('2 rows');
    expect(table.err).toContain('note: 1 not scored (1 with neither a target nor a baseline)');
    const wrong = await cli('scorecard', '--baseline', 'median', ...june);
    expect(wrong.code).toBe(EXIT_USER);
    expect(wrong.err).toContain(
      '--baseline median is not one of none, own_history, own_last_year, peers_median',
    );
  });
});
