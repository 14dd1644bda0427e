import { describe, expect, it } from 'vitest';
import { comparisonText, eventName, isEventPeriod, isNamedPeriod, isPeriodCompare } from './periods';

describe('named periods in the dashboard', () => {
  it('names the retail days in the reader’s language and keeps a workspace’s own names', () => {
    expect(eventName('618 2025', 'zh-CN')).toBe('2025 618');
    expect(eventName('Double 11 presale 2026', 'zh-CN')).toBe('2026 双11 预售期');
    expect(eventName('Double 11 presale 2026', 'en')).toBe('Double 11 presale 2026');
    expect(eventName('Spring launch 2026', 'zh-CN')).toBe('Spring launch 2026');
  });

  it('tells what a URL may name', () => {
    expect(isNamedPeriod('month_to_date')).toBe(true);
    expect(isNamedPeriod('event:618@2026')).toBe(true);
    expect(isNamedPeriod('fortnight')).toBe(false);
    expect(isNamedPeriod(null)).toBe(false);
    expect(isEventPeriod('event:618')).toBe(true);
    expect(isEventPeriod('this_month')).toBe(false);
    expect(isPeriodCompare('same_event')).toBe(true);
    expect(isPeriodCompare('auto')).toBe(false);
  });

  it('says a comparison with the event’s name and dates', () => {
    const t = (key: string, options?: Record<string, unknown>) =>
      key === 'periods.event' ? `${options?.name} (${options?.range})` : key;
    const range = (from: string, to: string) => `${from}–${to}`;
    expect(
      comparisonText(
        t,
        { mode: 'same_event', period: { from: '2025-06-18', to: '2025-06-18' }, event: '618 2025' },
        'zh-CN',
        range,
      ),
    ).toBe('2025 618 (2025-06-18–2025-06-18)');
    expect(
      comparisonText(t, { mode: 'previous', period: { from: '2026-05-01', to: '2026-05-31' } }, 'en', range),
    ).toBe('compare.previous (2026-05-01–2026-05-31)');
  });
});
