import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isMarkpiError } from '@markpi/core';
import { afterAll, describe, expect, it } from 'vitest';
import { geoLiftOnPanel } from './geo.js';
import { holdoutLift } from './holdout.js';
import { readPanelFile } from './panel-file.js';

const folder = mkdtempSync(path.join(tmpdir(), 'markpi-lift-panel-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** A small seeded generator (LCG) so the panel is the same on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

const CITIES = ['上海', '北京', '广州', '深圳', '杭州', '成都', '武汉', '南京', '西安', '长沙'];
const TREATED = ['成都', '武汉'];

/**
 * Ten cities over 120 days, each a mix of two shared waves plus noise; the two treated cities
 * gain exactly `lift` × their own value on the last 21 days. Returns the rows and the true
 * incremental total.
 */
function syntheticRows(lift: number) {
  const next = random(7);
  const days = Array.from({ length: 120 }, (_, index) => new Date(Date.UTC(2026, 5, 1 + index)));
  const loadings = CITIES.map(() => [next(), next()]);
  const rows: { date: Date; city: string; value: number }[] = [];
  let added = 0;
  days.forEach((date, day) => {
    const waveA = Math.sin(day / 9);
    const waveB = Math.cos(day / 23);
    CITIES.forEach((city, index) => {
      const [a, b] = loadings[index]!;
      const base = Math.round(200 + 60 * a! * waveA + 40 * b! * waveB + (next() - 0.5) * 12);
      const treated = TREATED.includes(city) && day >= 99;
      const value = treated ? Math.round(base * (1 + lift)) : base;
      added += value - base;
      rows.push({ date, city, value });
    });
  });
  return { rows, added };
}

/** `2026/9/7`, as many exports write dates. */
const slashDate = (date: Date) => `${date.getUTCFullYear()}/${date.getUTCMonth() + 1}/${date.getUTCDate()}`;

describe('a geo panel from a file', () => {
  it('reads a UTF-16 file with a title, semicolons and Chinese headers, and finds the planted lift', async () => {
    const { rows, added } = syntheticRows(0.2);
    const text = [
      '城市订单日报;;',
      '日期;城市;订单数',
      ...rows.map((row) => `${slashDate(row.date)};${row.city};${row.value.toLocaleString('en-US')}`),
    ].join('\r\n');
    const file = path.join(folder, 'cities.csv');
    writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const read = await readPanelFile(file, { date: '日期', location: '城市', value: '订单数' });
    expect(read.panel.dates).toHaveLength(120);
    expect(read.panel.dates[0]).toBe('2026-06-01');
    expect(read.panel.locations.map((series) => series.location).sort()).toEqual([...CITIES].sort());
    const chengdu = read.panel.locations.find((series) => series.location === '成都')!;
    expect(chengdu.values).toEqual(rows.filter((row) => row.city === '成都').map((row) => row.value));

    const answer = geoLiftOnPanel(
      read.panel,
      { treated: TREATED, testFrom: '2026-09-08', testTo: '2026-09-28' },
      read.about,
    );
    expect(answer.source).toBe('file');
    const inference = answer.cell.inference!;
    expect(inference.incremental.low!).toBeLessThan(added);
    expect(inference.incremental.high!).toBeGreaterThan(added);
    expect(inference.pValue).toBeLessThan(0.05);
    expect(answer.draft).toMatchObject({ method: 'geo', source: 'file', kpi: null, calibration: null });
    expect(answer.draft.scope.locations).toEqual(TREATED);
  });

  it('refuses a second row for a day and a missing day, naming their rows', async () => {
    const file = path.join(folder, 'broken.csv');
    writeFileSync(
      file,
      [
        'date,region,orders',
        '2026-09-01,north,10',
        '2026-09-01,south,12',
        '2026-09-02,north,11',
        '2026-09-02,north,13',
        '2026-09-03,north,9',
        '2026-09-03,south,',
      ].join('\n'),
    );
    const error = await readPanelFile(file, { date: 'date', location: 'region', value: 'orders' }).catch(
      (caught: unknown) => caught,
    );
    expect(isMarkpiError(error)).toBe(true);
    const problems = isMarkpiError(error) ? error.problems : [];
    expect(problems.map((problem) => [problem.row, problem.column])).toEqual([
      [5, 'date'],
      [7, 'orders'],
      [1, 'region'],
    ]);
    expect(problems[0]?.message).toContain('a second row for north on 2026-09-02 (the first is row 4)');
    expect(problems[2]?.message).toBe('south has no row for 2026-09-02, 2026-09-03');
  });

  it('names the columns a file lacks', async () => {
    const file = path.join(folder, 'columns.csv');
    writeFileSync(file, 'day,city,orders\n2026-09-01,a,1\n');
    await expect(readPanelFile(file, { date: 'date', location: 'city', value: 'orders' })).rejects.toThrow(
      'no header row holds the column `date`',
    );
  });
});

describe('holdouts', () => {
  it('gives a factor against the conversions attribution claimed, and a ledger draft only with a period', () => {
    const counts = {
      treatment: { users: 20_000, conversions: 640 },
      control: { users: 20_000, conversions: 500 },
    };
    const bare = holdoutLift(counts);
    // (640 − 500) / 20,000 × 20,000 treatment users = 140 incremental conversions.
    expect(bare.result.incremental.value).toBeCloseTo(140, 9);
    expect(bare.draft).toBeNull();
    expect(bare.calibration).toBeNull();
    const recorded = holdoutLift({
      ...counts,
      channel: 'kuaishou',
      attributed: 560,
      period: { from: '2026-09-01', to: '2026-09-30' },
    });
    expect(recorded.calibration?.factor.value).toBeCloseTo(0.25, 12);
    expect(recorded.calibration?.factor.low).toBeCloseTo(recorded.result.incremental.low / 560, 12);
    expect(recorded.draft).toMatchObject({
      method: 'holdout',
      source: 'counts',
      period: { from: '2026-09-01', to: '2026-09-30' },
      incremental: recorded.result.incremental,
    });
    expect(recorded.notes.map((note) => note.text.en)).toContain(
      'incrementality factor 0.250 for kuaishou: 140 incremental against 560 conversions the platform reported over the same scope and days',
    );
  });
});
