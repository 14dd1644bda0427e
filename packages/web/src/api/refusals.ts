/**
 * What a refusal says, in the dashboard's language. The server sends a limit's or a period's
 * refusal with its message key and parameters (`said`), and core's `sayLimit` / `sayPeriod` say
 * them in either language; any other error shows the message the server sent.
 */
import { type LimitMessage, type PeriodMessage, sayLimit, sayPeriod } from '@markpi/core';
import type { Language } from '../i18n';
import { isApiError } from './client';

export function refusalText(error: unknown, language: Language): string {
  // A `limit.` key is one of core's `LimitMessage`s, sent with the parameters core gave it.
  if (isApiError(error) && error.said?.key.startsWith('limit.'))
    return sayLimit(error.said as LimitMessage, language === 'zh-CN' ? 'zh' : 'en');
  // A `period.` key is one of core's `PeriodMessage`s (an unknown event, a comparison that can't be).
  if (isApiError(error) && error.said?.key.startsWith('period.'))
    return sayPeriod(error.said as PeriodMessage, language === 'zh-CN' ? 'zh' : 'en');
  return error instanceof Error ? error.message : String(error);
}

/** A problem's message in the dashboard's language: the one that repeats the refusal is said again. */
export function problemText(error: unknown, message: string, language: Language): string {
  return isApiError(error) && error.said && message === error.message
    ? refusalText(error, language)
    : message;
}
