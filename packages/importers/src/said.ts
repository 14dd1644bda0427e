/**
 * What the importers say about a row as a message (core's `import.*` keys) next to the English
 * made from it: the English is what the log, the rejected rows and the command line have always
 * carried; the message lets every reader say it in their own language.
 */
import { type Said, type SaidParam, say } from '@markpi/core';

export function said(key: string, params: Record<string, SaidParam> = {}): Said {
  return { key, params };
}

/** A refusal: the message and its English. */
export interface Refusal {
  ok: false;
  reason: string;
  said: Said;
}

export function refusal(key: string, params: Record<string, SaidParam> = {}): Refusal {
  const message = said(key, params);
  return { ok: false, reason: say(message, 'en'), said: message };
}
