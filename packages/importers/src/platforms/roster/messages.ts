/**
 * What a roster import says about rows it rejects: core's messages (`messages/roster.ts`), a key
 * and parameters in English and Chinese. The CLI and the rejected-rows table print the English,
 * the row keeps its message (`reason_said`), and the server and the dashboard say it in the
 * reader's language.
 */
import {
  type MessageLanguage,
  ROSTER_LISTS,
  ROSTER_MESSAGES,
  type RosterMessageKey,
  type Said,
  say,
} from '@markpi/core';

export { ROSTER_MESSAGES, type RosterMessageKey };

/** A rejection's message: its key, its parameters and the lists its sentence names. */
export function rosterSaid(key: RosterMessageKey, params: Readonly<Record<string, string>>): Said {
  return { key, params: { ...params, ...ROSTER_LISTS[key] } };
}

/** A message in one language, its parameters put in their places. */
export function sayRoster(
  key: RosterMessageKey,
  params: Readonly<Record<string, string>>,
  language: MessageLanguage,
): string {
  return say(rosterSaid(key, params), language);
}
