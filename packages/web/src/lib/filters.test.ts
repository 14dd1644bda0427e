import { describe, expect, it } from 'vitest';
import { pageFilter, pickParam, picksCondition, readPicks } from './filters';

describe('the filter bar’s state', () => {
  it('keeps picked values in the URL, commas and quotes included', () => {
    const values = ['douyin', "L'Oréal, Paris", '小红书'];
    const search = new URLSearchParams({ 'pick.channel': pickParam(values)!, 'pick.planet': 'x' });
    expect(readPicks(search, ['channel', 'campaign'])).toEqual({ channel: values });
    expect(pickParam([])).toBeNull();
  });

  it('says the picks in the formula language and joins the typed formula', () => {
    expect(picksCondition({ channel: ['douyin'] })).toBe("channel = 'douyin'");
    expect(picksCondition({ channel: ['douyin', "it's"], region: ['east'] })).toBe(
      "channel in ('douyin', 'it''s') and region = 'east'",
    );
    expect(picksCondition({ channel: [] })).toBeUndefined();
    expect(pageFilter({ channel: ['douyin'] }, "creator_tier = 'kol'")).toBe(
      "(channel = 'douyin') and (creator_tier = 'kol')",
    );
    expect(pageFilter({}, '  ')).toBeUndefined();
    expect(pageFilter({}, "region = 'east'")).toBe("region = 'east'");
  });
});
