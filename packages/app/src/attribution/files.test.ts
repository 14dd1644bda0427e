import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildJourneys, compareAttributionModels, isMarkpiError, type MarkpiError } from '@markpi/core';
import { bytesSource } from '@markpi/importers';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attributePathFile, attributeTouchFile, type FileAttributionReport } from './files.js';

const utf8 = (name: string, text: string) => bytesSource(name, new TextEncoder().encode(text));
const byKey = (report: FileAttributionReport) => Object.fromEntries(report.rows.map((row) => [row.key, row]));

/** The three looping paths of the ChannelAttribution package's vignette, as a path-level CSV. */
export const VIGNETTE_CSV = [
  'path,total_conversions,total_conversion_value,total_null',
  'A > B > A > B > B > A,1,1,0',
  'A > B > B > A > A,1,1,0',
  'A > A,1,1,0',
  '',
].join('\n');

let folder: string;
beforeAll(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'markpi-attribution-'));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function failure(work: Promise<unknown>): Promise<MarkpiError> {
  try {
    await work;
  } catch (error) {
    if (isMarkpiError(error)) return error;
    throw error;
  }
  throw new Error('expected a MarkpiError');
}

describe('attribution over a path file', () => {
  it('gives the vignette paths removal effects A 1, B 0.5 and Markov credits A 2, B 1', async () => {
    const file = path.join(folder, 'vignette.csv');
    writeFileSync(file, VIGNETTE_CSV);
    const report = await attributePathFile(file, {
      pathColumn: 'path',
      conversionsColumn: 'total_conversions',
      valueColumn: 'total_conversion_value',
      nullsColumn: 'total_null',
    });
    expect(report.file).toBe('vignette.csv');
    expect(report.rows_read).toBe(3);
    expect(report.totals).toEqual({ conversions: 3, value: 3, nulls: 0 });
    const { A, B } = byKey(report);
    expect(A!.removal_effect).toBeCloseTo(1, 12);
    expect(B!.removal_effect).toBeCloseTo(0.5, 12);
    expect(A!.markov).toBeCloseTo(2, 12);
    expect(B!.markov).toBeCloseTo(1, 12);
    // By hand: every path starts and ends with A.
    expect([A!.first_touch, A!.last_touch, B!.first_touch, B!.last_touch]).toEqual([3, 3, 0, 0]);
    // Linear: A 3/6 + 3/5 + 2/2, B 3/6 + 2/5.
    expect(A!.linear).toBeCloseTo(0.5 + 0.6 + 1, 12);
    expect(B!.linear).toBeCloseTo(0.5 + 0.4, 12);
    // Position 40/20/40: the middles of path 1 are B A B B (0.05 each), of path 2 B B A (0.2/3 each).
    expect(A!.position).toBeCloseTo(0.85 + (0.8 + 0.2 / 3) + 1, 12);
    expect(B!.position).toBeCloseTo(0.15 + 0.4 / 3, 12);
    // Shapley: each path split equally over its distinct channels.
    expect(A!.shapley).toBeCloseTo(2, 12);
    expect(B!.shapley).toBeCloseTo(1, 12);
    // No times in a path file: time decay is empty, and a note says why.
    expect(A!.time_decay).toBeNull();
    expect(report.models).not.toContain('time_decay');
    expect(report.notes.map((note) => note.message.key)).toContain('attribution.report.no_times');
    // B never opens or closes a journey: first and last touch give it 0%, the others a third.
    expect(A!.disagreement).toBeNull();
    expect(B!.disagreement?.message.key).toBe('attribution.disagreement.middle');
    expect(B!.disagreement?.text.en).toMatch(
      /^first touch gives B 0%, (Markov|Shapley) 33%: it works in the middle/,
    );
    expect(B!.disagreement?.text.zh).toMatch(/^首次触点给 B 0%/);
  });

  it('reads a GB18030 file with a title row, semicolons, comma decimals and its own separator', async () => {
    const text = [
      '路径报表 2026-05',
      '路径;转化数;成交金额;未转化',
      '抖音 | 小红书;2;1.234,50;3',
      '小红书;1;99,5;0',
      '抖音;0;0;4',
      '',
    ].join('\r\n');
    const report = await attributePathFile(bytesSource('paths-zh.csv', iconv.encode(text, 'gb18030')), {
      pathColumn: '路径',
      conversionsColumn: '转化数',
      valueColumn: '成交金额',
      nullsColumn: '未转化',
      separator: '|',
      measure: 'value',
    });
    expect(report.totals).toEqual({ conversions: 3, value: 1234.5 + 99.5, nulls: 7 });
    expect(report.measure).toBe('value');
    const rows = byKey(report);
    expect(Object.keys(rows)).toEqual(['小红书', '抖音']);
    // Last touch by value: 小红书 closes both converting paths.
    expect(rows.小红书!.last_touch).toBeCloseTo(1334, 9);
    expect(rows.抖音!.first_touch).toBeCloseTo(1234.5, 9);
  });

  it('agrees with the models run on the same rows directly', async () => {
    // A random-ish table, written out and read back: the file route must add nothing.
    const rows: { path: string[]; conversions: number; value: number; nulls: number }[] = [];
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let index = 0; index < 60; index++) {
      const length = 1 + Math.floor(next() * 4);
      const path = Array.from({ length }, () => `ch${Math.floor(next() * 5)}`);
      const conversions = next() < 0.5 ? Math.floor(next() * 4) : 0;
      rows.push({
        path,
        conversions,
        value: (conversions * Math.round(next() * 900)) / 10,
        nulls: Math.floor(next() * 6),
      });
    }
    const csv = [
      'p,c,v,n',
      ...rows.map((row) => `${row.path.join('>')},${row.conversions},${row.value},${row.nulls}`),
    ].join('\n');
    const report = await attributePathFile(utf8('random.csv', csv), {
      pathColumn: 'p',
      conversionsColumn: 'c',
      valueColumn: 'v',
      nullsColumn: 'n',
    });
    const direct = compareAttributionModels({ paths: rows });
    expect(report.rows.map((row) => row.key)).toEqual(direct.rows.map((row) => row.channel));
    for (const [index, row] of report.rows.entries()) {
      const expected = direct.rows[index]!;
      for (const model of ['first_touch', 'last_touch', 'linear', 'position', 'markov', 'shapley'] as const)
        expect(row[model]).toBe(expected[model]);
      expect(row.removal_effect).toBe(expected.removal_effect);
    }
  });

  it('leaves out rows without a path and says what they held', async () => {
    const report = await attributePathFile(utf8('gaps.csv', 'path,conv,value\nA>B,1,10\n,2,30\nB,1,5\n'), {
      pathColumn: 'path',
      conversionsColumn: 'conv',
      valueColumn: 'value',
    });
    expect(report.totals.conversions).toBe(2);
    const note = report.notes.find((entry) => entry.message.key === 'attribution.report.paths_skipped');
    expect(note?.message.params).toMatchObject({ rows: 1, examples: ['3'], conversions: 2, value: 30 });
    expect(note?.text.en).toContain('credited to no channel');
    expect(note?.text.zh).toContain('未归因到任何渠道');
  });

  it('names every bad cell with its row, and a missing column with the one meant', async () => {
    const bad = await failure(
      attributePathFile(utf8('bad.csv', 'path,conv,value\nA>B,x,1\nA>>B,1,2\nB,0,5\nC,-1,0\n'), {
        pathColumn: 'path',
        conversionsColumn: 'conv',
        valueColumn: 'value',
      }),
    );
    expect(bad.code).toBe('attribution.invalid_paths');
    expect(bad.problems.map((problem) => [problem.row, problem.column])).toEqual([
      [2, 'conv'],
      [3, 'path'],
      [4, 'value'],
      [5, 'conv'],
    ]);
    const missing = await failure(
      attributePathFile(utf8('names.csv', 'path,conversions\nA,1\n'), {
        pathColumn: 'path',
        conversionsColumn: 'conversion',
      }),
    );
    expect(missing.code).toBe('import.missing_column');
    expect(missing.problems[0]).toMatchObject({ file: 'names.csv', column: 'conversion' });
    expect(missing.problems[0]!.hint).toContain('conversions');
  });
});

// Four people, times in Beijing time written without an offset (--tz Asia/Shanghai).
const TOUCHES_CSV = [
  'user_id,event_time,channel,converted,gmv',
  'u1,2026-05-01 09:00,douyin,0,',
  'u1,2026-05-03 10:00,xiaohongshu,0,',
  'u1,2026-05-05 12:00,,1,100',
  'u2,2026-05-02 08:00,weibo,0,',
  'u2,2026-05-02 20:00,weibo,yes,50',
  'u3,2026-04-01 10:00,douyin,0,',
  'u3,2026-05-06 10:00,xiaohongshu,false,',
  'u3,2026-05-06 11:00,,true,80',
  'u4,2026-05-01T00:00:00+08:00,douyin,0,',
  'u4,2026-05-02 00:00,,0,',
  '',
].join('\n');

describe('attribution over a touch file', () => {
  const options = {
    userColumn: 'user_id',
    timeColumn: 'event_time',
    channelColumn: 'channel',
    conversionColumn: 'converted',
    valueColumn: 'gmv',
    lookbackDays: 30,
    timeZone: 'Asia/Shanghai',
  };

  it('builds journeys per person and solves every model on them, by hand', async () => {
    const report = await attributeTouchFile(utf8('touches.csv', TOUCHES_CSV), options);
    // Journeys: u1 douyin>xiaohongshu (100); u2 weibo>weibo (50; the conversion row is a touch
    // too); u3's April douyin is 35 days old, so u3 is xiaohongshu (80) plus a journey of
    // douyin alone that did not convert; u4 douyin without a conversion.
    expect(report.journeys).toEqual({
      lookbackDays: 30,
      converting: 3,
      nonConverting: 2,
      touches: 7,
      untouched: { conversions: 0, value: 0 },
    });
    expect(report.totals).toEqual({ conversions: 3, value: 230, nulls: 2 });
    const { douyin, weibo, xiaohongshu } = byKey(report);
    expect([douyin!.first_touch, weibo!.first_touch, xiaohongshu!.first_touch]).toEqual([1, 1, 1]);
    expect([douyin!.last_touch, weibo!.last_touch, xiaohongshu!.last_touch]).toEqual([0, 1, 2]);
    // Markov: start→douyin 3/5 (1 conversion, 2 nulls), →weibo 1/5, →xiaohongshu 1/5;
    // douyin→xiaohongshu 1/3, →null 2/3; weibo and xiaohongshu always convert. P = 3/5.
    // Without douyin P = 2/5 (effect 1/3), without xiaohongshu 1/5 (2/3), without weibo 2/5 (1/3).
    expect(douyin!.removal_effect).toBeCloseTo(1 / 3, 12);
    expect(xiaohongshu!.removal_effect).toBeCloseTo(2 / 3, 12);
    expect(weibo!.removal_effect).toBeCloseTo(1 / 3, 12);
    expect(douyin!.markov).toBeCloseTo(0.75, 12);
    expect(xiaohongshu!.markov).toBeCloseTo(1.5, 12);
    expect(weibo!.markov).toBeCloseTo(0.75, 12);
    // Time decay (half-life 7 days): u1's douyin is 4 d 3 h before the conversion, xiaohongshu 2 d 2 h.
    const far = 2 ** (-(4 + 3 / 24) / 7);
    const near = 2 ** (-(2 + 2 / 24) / 7);
    expect(douyin!.time_decay).toBeCloseTo(far / (far + near), 12);
    expect(xiaohongshu!.time_decay).toBeCloseTo(near / (far + near) + 1, 12);
    expect(weibo!.time_decay).toBeCloseTo(1, 12);
    // Douyin opens a journey that xiaohongshu closes: last touch gives it nothing.
    expect(douyin!.disagreement?.message.key).toBe('attribution.disagreement.opens');
    expect(douyin!.disagreement?.text.en).toMatch(/^last touch gives Douyin 0%, first touch 33%: it opens/);
    // u4's row at midnight names no channel and is no conversion: left out, with a note.
    const skipped = report.notes.find((note) => note.message.key === 'attribution.report.rows_skipped');
    expect(skipped?.message.params).toMatchObject({ rows: 1, examples: ['11'] });
  });

  it('agrees with journeys built from the same events directly', async () => {
    const touches: { person: string; channel: string; at: number }[] = [];
    const conversions: { person: string; at: number; value: number }[] = [];
    const lines = ['who,when,via,conv,value'];
    let seed = 11;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const start = Date.UTC(2026, 0, 1);
    for (let index = 0; index < 400; index++) {
      const person = `p${Math.floor(next() * 40)}`;
      const at = start + Math.floor(next() * 90 * 86_400) * 1000;
      if (next() < 0.2) {
        const value = Math.round(next() * 5000) / 100;
        conversions.push({ person, at, value });
        lines.push(`${person},${at / 1000},,1,${value}`);
      } else {
        const channel = `c${Math.floor(next() * 6)}`;
        touches.push({ person, channel, at });
        lines.push(`${person},${new Date(at).toISOString()},${channel},0,`);
      }
    }
    const report = await attributeTouchFile(utf8('events.csv', lines.join('\n')), {
      userColumn: 'who',
      timeColumn: 'when',
      channelColumn: 'via',
      conversionColumn: 'conv',
      valueColumn: 'value',
      lookbackDays: 14,
    });
    const direct = compareAttributionModels({
      journeys: buildJourneys(touches, conversions, { lookbackDays: 14 }).journeys,
    });
    expect(report.rows.map((row) => row.key)).toEqual(direct.rows.map((row) => row.channel));
    for (const [index, row] of report.rows.entries()) {
      for (const model of ['first_touch', 'linear', 'time_decay', 'markov', 'shapley'] as const)
        expect(row[model]).toBe(direct.rows[index]![model]);
    }
  });

  it('refuses bad times, flags and values, naming each', async () => {
    const error = await failure(
      attributeTouchFile(
        utf8(
          'bad-events.csv',
          'user_id,event_time,channel,converted,gmv\nu1,yesterday,douyin,0,\n,2026-05-01,weibo,0,\nu2,2026-05-01,weibo,2,\nu3,2026-02-30 10:00,weibo,0,\nu4,2026-05-01,weibo,0,12\n',
        ),
        options,
      ),
    );
    expect(error.code).toBe('attribution.invalid_events');
    expect(error.problems.map((problem) => [problem.row, problem.column])).toEqual([
      [2, 'event_time'],
      [3, 'user_id'],
      [4, 'converted'],
      [5, 'event_time'],
      [6, 'gmv'],
    ]);
  });
});
