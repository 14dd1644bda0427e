/**
 * What an error says, in the dashboard's language. The server sends every error with its message
 * key and parameters (`said`), which core's `say` says in either language; an error core has no
 * words for (or one that never reached the server) shows the message it carries.
 */
import { sayIfKnownOnPage as sayIfKnown } from '@markpi/core';
import type { Language } from '../i18n';
import { isApiError } from './client';
import type { Problem } from './types';

const spoken = (language: Language) => (language === 'zh-CN' ? 'zh' : 'en');

export function refusalText(error: unknown, language: Language): string {
  const said = isApiError(error) ? sayIfKnown(error.said, spoken(language)) : undefined;
  if (said !== undefined) return said;
  return error instanceof Error ? error.message : String(error);
}

/** A problem's message in the dashboard's language: its own key, else the refusal's when it repeats it. */
export function problemText(error: unknown, message: string, language: Language, problem?: Problem): string {
  const own = sayIfKnown(problem?.said, spoken(language));
  if (own !== undefined) return own;
  return isApiError(error) && error.said && message === error.message
    ? refusalText(error, language)
    : message;
}

/** The problems worth listing under an error's message: those that do not just repeat it. */
export function problemsBeyond(error: unknown): Problem[] {
  if (!isApiError(error)) return [];
  return error.problems.filter((problem) => problem.message !== error.message);
}
