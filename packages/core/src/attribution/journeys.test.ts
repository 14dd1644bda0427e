import { describe, expect, it } from 'vitest';
import { MarkpiError } from '../errors.js';
import {
  buildJourneys,
  type ConversionEvent,
  DAY_MS,
  pathSetFromJourneys,
  type TouchEvent,
} from './journeys.js';
import { sayAttribution } from './messages.js';
import { pathChannels } from './paths.js';

const day = (n: number) => Date.UTC(2026, 0, 1) + n * DAY_MS;
const shape = (build: ReturnType<typeof buildJourneys>) =>
  build.journeys.map((journey) => ({
    person: journey.person,
    channels: journey.touches.map((touch) => touch.channel).join('>'),
    conversions: journey.conversions,
    value: journey.value,
  }));

describe('building journeys from touches and conversions', () => {
  it('splits at conversions, keeps the lookback, and puts every other touch in a non-converting journey', () => {
    const touches: TouchEvent[] = [
      { person: 'p', channel: 'c', at: day(40) },
      { person: 'p', channel: 'a', at: day(0) },
      { person: 'p', channel: 'b', at: day(10) },
      { person: 'p', channel: 'c', at: day(44) },
      { person: 'p', channel: 'd', at: day(50) },
      { person: 'p', channel: 'e', at: day(90) },
      { person: 'q', channel: 'a', at: day(3) },
    ];
    const conversions: ConversionEvent[] = [
      { person: 'p', at: day(45), value: 100 },
      { person: 'r', at: day(5), value: 8 },
    ];
    const build = buildJourneys(touches, conversions);
    // p: a (day 0) and b (day 10) are more than 30 days before the day-45 conversion: they did
    // not lead to it within the window and form one run of their own; c>c converts (repeats
    // kept); after it, d (day 50) and e (day 90) are 40 days apart: two runs.
    expect(shape(build)).toEqual([
      { person: 'p', channels: 'a>b', conversions: 0, value: 0 },
      { person: 'p', channels: 'c>c', conversions: 1, value: 100 },
      { person: 'p', channels: 'd', conversions: 0, value: 0 },
      { person: 'p', channels: 'e', conversions: 0, value: 0 },
      { person: 'q', channels: 'a', conversions: 0, value: 0 },
    ]);
    expect(build.journeys[1]!.convertedAt).toBe(day(45));
    expect(build.untouched).toEqual({ conversions: 1, value: 8 });
    expect(build.counts).toEqual({ converting: 1, nonConverting: 4, touches: 7 });
    // Every touch is in exactly one journey.
    expect(build.journeys.reduce((count, journey) => count + journey.touches.length, 0)).toBe(touches.length);
    expect(sayAttribution(build.notes[0]!, 'en')).toBe(
      '1 conversion(s) worth 8 had no touch in the 30-day lookback: no channel is credited with them',
    );
    expect(sayAttribution(build.notes[0]!, 'zh')).toBe(
      '1 次转化（价值 8）在 30 天回溯窗口内没有触点，未归因到任何渠道',
    );
  });

  it('includes the window ends: a touch exactly 30 days before, and one at the conversion itself', () => {
    const build = buildJourneys(
      [
        { person: 'p', channel: 'old', at: day(0) - 1 },
        { person: 'p', channel: 'edge', at: day(0) },
        { person: 'p', channel: 'same', at: day(30) },
      ],
      [{ person: 'p', at: day(30), value: 1 }],
    );
    expect(shape(build).map((journey) => journey.channels)).toEqual(['old', 'edge>same']);
  });

  it('gives a touch at one conversion to that conversion, so a second one at the same time is untouched', () => {
    const build = buildJourneys(
      [{ person: 'p', channel: 'a', at: day(1) }],
      [
        { person: 'p', at: day(1), value: 5 },
        { person: 'p', at: day(1), value: 7 },
      ],
    );
    expect(shape(build)).toEqual([{ person: 'p', channels: 'a', conversions: 1, value: 5 }]);
    expect(build.untouched).toEqual({ conversions: 1, value: 7 });
  });

  it('takes another lookback', () => {
    const build = buildJourneys(
      [
        { person: 'p', channel: 'a', at: day(0) },
        { person: 'p', channel: 'b', at: day(6) },
      ],
      [{ person: 'p', at: day(7) }],
      { lookbackDays: 3 },
    );
    expect(shape(build).map((journey) => [journey.channels, journey.conversions])).toEqual([
      ['a', 0],
      ['b', 1],
    ]);
  });

  it('reports every bad event at once', () => {
    try {
      buildJourneys(
        [
          { person: '', channel: 'a', at: 0 },
          { person: 'p', channel: ' ', at: 0 },
          { person: 'p', channel: 'a', at: Number.NaN },
        ],
        [{ person: 'p', at: 0, value: -1 }],
      );
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(MarkpiError);
      const problems = (error as MarkpiError).problems;
      expect(problems.map((problem) => [problem.file ?? null, problem.row, problem.column])).toEqual([
        ['touches', 1, 'person'],
        ['touches', 2, 'channel'],
        ['touches', 3, 'at'],
        ['conversions', 1, 'value'],
      ]);
    }
    expect(() => buildJourneys([], [], { lookbackDays: 0 })).toThrow(/lookback/);
  });

  it('aggregates journeys into paths, a journey without conversion being one null', () => {
    const build = buildJourneys(
      [
        { person: 'p', channel: 'a', at: day(0) },
        { person: 'p', channel: 'b', at: day(1) },
        { person: 'q', channel: 'a', at: day(0) },
        { person: 'q', channel: 'b', at: day(2) },
        { person: 'r', channel: 'a', at: day(0) },
        { person: 'r', channel: 'b', at: day(1) },
      ],
      [
        { person: 'p', at: day(2), value: 10 },
        { person: 'q', at: day(3), value: 30 },
      ],
    );
    const set = pathSetFromJourneys(build.journeys);
    expect(set.conversions.length).toBe(1);
    expect(pathChannels(set, 0)).toEqual(['a', 'b']);
    expect([set.conversions[0], set.value[0], set.nulls[0]]).toEqual([2, 40, 1]);
  });
});
