/**
 * Freshness by hand: which sources report daily, which are active, the day data is complete
 * through, and each source's lateness — daily sources by their usual delay (from the import log
 * when there is one), sources that skip days by their longest quiet spell.
 */
import { addDays } from '@markpi/core';
import { describe, expect, it } from 'vitest';
import { judgeSources } from './freshness.js';
import { classifySources, completeThrough, type SourceDays } from './sources.js';

const run = (from: string, to: string, skip: (index: number) => boolean = () => false) => {
  const days: string[] = [];
  for (let day = from, index = 0; day <= to; day = addDays(day, 1), index++) if (!skip(index)) days.push(day);
  return days;
};

const source = (channel: string, days: string[], fact = 'performance'): SourceDays => ({
  source: fact === 'performance' ? `${channel}/acc` : `${channel}/acc · ${fact}`,
  fact,
  channel,
  account: 'acc',
  days,
});

describe('sources and freshness', () => {
  const sources = classifySources([
    source('meta', run('2026-09-01', '2026-10-31')),
    source('douyin', run('2026-09-01', '2026-10-29')),
    // Data on every other day: it skips days, so it does not hold the window back.
    source(
      'weibo',
      run('2026-09-01', '2026-10-25', (index) => index % 2 === 1),
    ),
    // Quiet since September: stopped, not behind.
    source('tiktok', run('2026-08-01', '2026-09-30')),
  ]);

  it('classify sources as daily and active, and find the day data is complete through', () => {
    expect(sources.map((entry) => [entry.channel, entry.lastDay, entry.daily, entry.active])).toEqual([
      ['meta', '2026-10-31', true, true],
      ['douyin', '2026-10-29', true, true],
      ['weibo', '2026-10-25', false, true],
      ['tiktok', '2026-09-30', true, false],
    ]);
    expect(completeThrough(sources)).toBe('2026-10-29');
    expect(completeThrough(sources.filter((entry) => entry.channel === 'weibo'))).toBeNull();
    // 95% of 28 days: 27 days of data make a daily source, 26 do not.
    const edge = (missing: number) =>
      classifySources([
        source(
          'x',
          run('2026-10-04', '2026-10-31', (index) => index < missing),
        ),
      ])[0]!.daily;
    expect(edge(1)).toBe(true);
    expect(edge(2)).toBe(false);
  });

  it('judge lateness by the usual delay, from the import log when there is one', () => {
    const judged = judgeSources(sources, '2026-11-02', new Map());
    const by = new Map(judged.map((entry) => [entry.channel, entry]));
    // Daily, no log: a day of delay; Meta's 31st was due by November 1st + 1.
    expect(by.get('meta')).toMatchObject({
      status: 'on_time',
      delayDays: 1,
      cadenceDays: 1,
      dueBy: '2026-11-02',
      daysLate: 0,
    });
    expect(by.get('douyin')).toMatchObject({
      status: 'late',
      dueBy: '2026-10-31',
      daysLate: 2,
      daysBehind: 2,
    });
    // Every other day: its longest quiet spell is 2 days, so with a day of delay it is due 3 days on.
    expect(by.get('weibo')).toMatchObject({
      status: 'late',
      delayDays: null,
      dueBy: '2026-10-28',
      daysLate: 5,
    });
    // The log says Douyin's files arrive three days after their last day: not late yet.
    const log = new Map([
      [
        'performance\u0000douyin\u0000acc',
        run('2026-10-20', '2026-10-29').map((lastDay) => ({ lastDay, arrivedOn: addDays(lastDay, 3) })),
      ],
    ]);
    expect(
      judgeSources(sources, '2026-11-02', log).find((entry) => entry.channel === 'douyin'),
    ).toMatchObject({
      status: 'on_time',
      delayDays: 3,
      dueBy: '2026-11-02',
    });
  });
});
