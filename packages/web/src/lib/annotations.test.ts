import { describe, expect, it } from 'vitest';
import { filterConstraints, noteBucket } from './annotations';

describe('the scope a filter states', () => {
  it('reads plain conditions on channels and campaigns, quotes and all', () => {
    expect(filterConstraints("channel = 'douyin'")).toEqual({ channel: ['douyin'] });
    expect(filterConstraints("(channel in ('douyin', 'it''s and more')) and (campaign = 'c1')")).toEqual({
      channel: ['douyin', "it's and more"],
      campaign: ['c1'],
    });
    expect(filterConstraints("channel = 'douyin' and creator_tier = 'kol'")).toEqual({ channel: ['douyin'] });
  });

  it('states nothing when a condition could widen the scope', () => {
    expect(filterConstraints("channel = 'douyin' or channel = 'tmall'")).toEqual({});
    expect(filterConstraints("not channel = 'douyin'")).toEqual({});
    expect(filterConstraints(undefined)).toEqual({});
    // "or" inside a quoted value is a value, not an operator.
    expect(filterConstraints("campaign = 'buy or sell'")).toEqual({ campaign: ['buy or sell'] });
  });

  it('draws a note on the bucket of its first day', () => {
    expect(noteBucket({ date: '2026-06-18' }, 'day')).toBe('2026-06-18');
    expect(noteBucket({ date: '2026-06-18' }, 'week')).toBe('2026-06-15');
    expect(noteBucket({ date: '2026-06-18' }, 'month')).toBe('2026-06-01');
  });
});
