import { describe, expect, it } from 'vitest';
import { ApiError } from './client';
import { problemText, refusalText } from './refusals';

// The body the server sends for a daily query over six years, to a browser that prefers English.
const english =
  'a window by day spans at most 3 years: 2020-01-01 to 2026-01-31 is longer; the last day it may reach is 2022-12-31';
const windowTooLong = new ApiError(400, {
  code: 'window_too_long',
  message: english,
  problems: [{ message: english, path: 'to' }],
  said: {
    key: 'limit.window_too_long',
    params: { grain: 'day', years: 3, from: '2020-01-01', to: '2026-01-31', lastAllowed: '2022-12-31' },
  },
});

describe('refusals in the dashboard’s language', () => {
  it('says a limit’s refusal from its key, whatever language the server said it in', () => {
    expect(refusalText(windowTooLong, 'zh-CN')).toBe(
      '按天查询最多跨 3 年：2020-01-01 至 2026-01-31 太长，最晚可到 2022-12-31',
    );
    expect(refusalText(windowTooLong, 'en')).toBe(english);
    expect(problemText(windowTooLong, english, 'zh-CN')).toBe(refusalText(windowTooLong, 'zh-CN'));
  });

  it('says a period’s refusal from its key too', () => {
    const unknownEvent = new ApiError(400, {
      code: 'invalid_period',
      message: 'no event “Singles day” in the event calendars',
      problems: [{ message: 'no event “Singles day” in the event calendars', path: 'period' }],
      said: { key: 'period.unknown_event', params: { event: 'Singles day' } },
    });
    expect(refusalText(unknownEvent, 'zh-CN')).toBe('事件日历中没有“Singles day”');
    expect(refusalText(unknownEvent, 'en')).toBe('no event “Singles day” in the event calendars');
  });

  it('shows other errors and problems as the server sent them', () => {
    const unknown = new ApiError(400, {
      code: 'unknown_kpi',
      message: 'unknown KPI `ctrr`',
      problems: [{ message: 'did you mean `ctr`?' }],
    });
    expect(refusalText(unknown, 'zh-CN')).toBe('unknown KPI `ctrr`');
    expect(problemText(unknown, 'did you mean `ctr`?', 'zh-CN')).toBe('did you mean `ctr`?');
    expect(problemText(windowTooLong, 'another problem', 'zh-CN')).toBe('another problem');
    expect(refusalText(new Error('offline'), 'zh-CN')).toBe('offline');
  });
});
