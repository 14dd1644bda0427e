/**
 * Refusals about periods as a key and parameters, said in English or Chinese; the English is the
 * error's message, the key and parameters travel with it so a client can say it in its language.
 */
import { MarkpiError } from '../errors.js';

export type PeriodMessage =
  | { key: 'period.unknown_preset'; params: { period: string } }
  | { key: 'period.unknown_event'; params: { event: string; year?: number } }
  | { key: 'period.missing'; params: Record<string, never> }
  | { key: 'period.same_event_needs_event'; params: Record<string, never> }
  | { key: 'period.no_event_last_year'; params: { event: string; year: number } }
  | { key: 'period.period_and_dates'; params: Record<string, never> };

export function sayPeriod(message: PeriodMessage, language: 'en' | 'zh'): string {
  const zh = language === 'zh';
  switch (message.key) {
    case 'period.unknown_preset':
      return zh
        ? `不认识的时间段“${message.params.period}”`
        : `\`${message.params.period}\` is not a period this workspace knows`;
    case 'period.unknown_event': {
      const { event, year } = message.params;
      if (year === undefined)
        return zh ? `事件日历中没有“${event}”` : `no event “${event}” in the event calendars`;
      return zh
        ? `事件日历中没有 ${year} 年的“${event}”`
        : `no event “${event}” in ${year} in the event calendars`;
    }
    case 'period.missing':
      return zh ? '请给出时间段，或起止日期' : 'give a period, or a first and a last day';
    case 'period.same_event_needs_event':
      return zh
        ? '只有事件时间段才能与去年同一事件对比'
        : 'only an event’s window can be compared with the same event last year';
    case 'period.no_event_last_year': {
      const { event, year } = message.params;
      return zh ? `${year} 年没有“${event}”，无法对比去年同一事件` : `“${event}” did not happen in ${year}`;
    }
    case 'period.period_and_dates':
      return zh ? '时间段与起止日期只能给出其一' : 'give either a period or a first and a last day, not both';
  }
}

/** A refusal about a period: code `invalid_period`, message said from the key. */
export class PeriodError extends MarkpiError {
  override readonly said: PeriodMessage;

  constructor(said: PeriodMessage, hint: string) {
    const message = sayPeriod(said, 'en');
    super('invalid_period', message, [{ message, path: 'period', hint }]);
    this.said = said;
  }
}
