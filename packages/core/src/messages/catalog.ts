/**
 * Every message key core knows, said by one function: `say(said, 'zh')`. Tables of templates are
 * merged here; limits and periods say their refusals with functions of their own, reached by
 * their key's prefix. A client that holds core (the dashboard, the CLI) says any error or note
 * the server sent with it.
 */
import { ACCESS_MESSAGES } from '../access/messages.js';
import type { Problem } from '../errors.js';
import { type LimitMessage, sayLimit } from '../limits.js';
import { type PeriodMessage, sayPeriod } from '../periods/messages.js';
import { ERROR_MESSAGES } from './errors.js';
import { FORMULA_FORMATS, FORMULA_MESSAGES, problemHint } from './formula.js';
import { IMPORT_FORMATS } from './import-formats.js';
import { IMPORT_NOTE_MESSAGES } from './import-notes.js';
import { IMPORT_MESSAGES } from './imports.js';
import { RETURN_MESSAGES } from './returns.js';
import { ROSTER_MESSAGES } from './roster.js';
import {
  type MessageFormat,
  type MessageLanguage,
  type MessageTable,
  type MessageTemplate,
  type Said,
  sayMessage,
} from './say.js';
import { SCOPED_PAGE_REFUSALS } from './scoped-pages.js';
import { TARGET_SCOPE_MESSAGES } from './target-scopes.js';

export const MESSAGES: MessageTable = {
  ...ACCESS_MESSAGES,
  ...ERROR_MESSAGES,
  ...FORMULA_MESSAGES,
  ...IMPORT_MESSAGES,
  ...IMPORT_NOTE_MESSAGES,
  ...RETURN_MESSAGES,
  ...ROSTER_MESSAGES,
  ...SCOPED_PAGE_REFUSALS,
  ...TARGET_SCOPE_MESSAGES,
};

/** Formats the tables here use besides the built-in ones. */
export const CATALOG_FORMATS: Readonly<Record<string, MessageFormat>> = {
  ...IMPORT_FORMATS,
  ...FORMULA_FORMATS,
};

/** Keys said by a function of their own area rather than a template here. */
const SAID_ELSEWHERE: Readonly<Record<string, (said: Said, language: MessageLanguage) => string>> = {
  'limit.': (said, language) => sayLimit(said as LimitMessage, language),
  'period.': (said, language) => sayPeriod(said as PeriodMessage, language),
};

const templateOf = (key: string): MessageTemplate | undefined =>
  Object.hasOwn(MESSAGES, key) ? MESSAGES[key] : undefined;

function elsewhere(key: string): ((said: Said, language: MessageLanguage) => string) | undefined {
  const prefix = Object.keys(SAID_ELSEWHERE).find((candidate) => key.startsWith(candidate));
  return prefix === undefined ? undefined : SAID_ELSEWHERE[prefix];
}

/** Whether `say` knows the key. */
export function knowsMessage(key: string): boolean {
  return templateOf(key) !== undefined || elsewhere(key) !== undefined;
}

/** The message in `language`; throws `UnknownMessageKey` for a key core has no words for. */
export function say(said: Said, language: MessageLanguage): string {
  const own = elsewhere(said.key);
  if (own) return own(said, language);
  return sayMessage(said, language, { template: templateOf, formats: CATALOG_FORMATS });
}

/** The message in `language`, or undefined when core has no words for its key. */
export function sayIfKnown(said: Said | undefined, language: MessageLanguage): string | undefined {
  return said && knowsMessage(said.key) ? say(said, language) : undefined;
}

/**
 * A problem with its message, and its hint when its message carries one (`problemHint`), said in
 * `language`; undefined when core has no words for its key.
 */
export function sayProblem<Shape extends Problem>(
  problem: Shape,
  language: MessageLanguage,
): Shape | undefined {
  const message = sayIfKnown(problem.said, language);
  if (message === undefined) return undefined;
  const hint = sayIfKnown(problemHint(problem), language);
  return { ...problem, message, ...(hint === undefined ? {} : { hint }) };
}
