/**
 * The catalog as a client holds it that loads some tables only with the page that says them: every
 * table but the import ones (rejection reasons, warnings, notes and the model's field names, about
 * 49 kB of the dashboard's code), which the import page adds as its code loads (`addPageMessages`).
 * The dashboard says refusals, formula problems and its target form's words through it, so its
 * first visit carries no import words, and a refusal on the import page still reads in the page's
 * language. Every other package says through `say` (`catalog.ts`), which holds every table from the
 * start; both are built here, and a test holds them to the same keys and words.
 */
import { ACCESS_MESSAGES } from '../access/messages.js';
import type { Problem } from '../errors.js';
import { type LimitMessage, sayLimit } from '../limits.js';
import { type PeriodMessage, sayPeriod } from '../periods/messages.js';
import { ERROR_MESSAGES } from './errors.js';
import { FORMULA_FORMATS, FORMULA_MESSAGES, problemHint } from './formula.js';
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

/** Every table but the import ones. */
export const PAGE_MESSAGES: MessageTable = {
  ...ACCESS_MESSAGES,
  ...ERROR_MESSAGES,
  ...FORMULA_MESSAGES,
  ...RETURN_MESSAGES,
  ...ROSTER_MESSAGES,
  ...SCOPED_PAGE_REFUSALS,
  ...TARGET_SCOPE_MESSAGES,
};

/** Formats `PAGE_MESSAGES` use besides the built-in ones. */
export const PAGE_FORMATS: Readonly<Record<string, MessageFormat>> = FORMULA_FORMATS;

/** Keys said by a function of their own area rather than a template of a table. */
const SAID_ELSEWHERE: Readonly<Record<string, (said: Said, language: MessageLanguage) => string>> = {
  'limit.': (said, language) => sayLimit(said as LimitMessage, language),
  'period.': (said, language) => sayPeriod(said as PeriodMessage, language),
};

function elsewhere(key: string): ((said: Said, language: MessageLanguage) => string) | undefined {
  const prefix = Object.keys(SAID_ELSEWHERE).find((candidate) => key.startsWith(candidate));
  return prefix === undefined ? undefined : SAID_ELSEWHERE[prefix];
}

/** Saying keys of a table: whether it knows one, a message, a message when known, a problem. */
export interface MessageCatalog {
  knows(key: string): boolean;
  /** The message in `language`; throws `UnknownMessageKey` for a key it has no words for. */
  say(said: Said, language: MessageLanguage): string;
  sayIfKnown(said: Said | undefined, language: MessageLanguage): string | undefined;
  /**
   * A problem with its message, and its hint when its message carries one (`problemHint`), said
   * in `language`; undefined when it has no words for its key.
   */
  sayProblem<Shape extends Problem>(problem: Shape, language: MessageLanguage): Shape | undefined;
}

/** A catalog over the templates `table` holds (read at each call) with `formats()`. */
export function messageCatalog(
  table: () => MessageTable,
  formats: () => Readonly<Record<string, MessageFormat>>,
): MessageCatalog {
  const templateOf = (key: string): MessageTemplate | undefined => {
    const templates = table();
    return Object.hasOwn(templates, key) ? templates[key] : undefined;
  };
  const knows = (key: string) => templateOf(key) !== undefined || elsewhere(key) !== undefined;
  const say = (said: Said, language: MessageLanguage): string => {
    const own = elsewhere(said.key);
    if (own) return own(said, language);
    return sayMessage(said, language, { template: templateOf, formats: formats() });
  };
  const sayIfKnown = (said: Said | undefined, language: MessageLanguage) =>
    said && knows(said.key) ? say(said, language) : undefined;
  return {
    knows,
    say,
    sayIfKnown,
    sayProblem<Shape extends Problem>(problem: Shape, language: MessageLanguage): Shape | undefined {
      const message = sayIfKnown(problem.said, language);
      if (message === undefined) return undefined;
      const hint = sayIfKnown(problemHint(problem), language);
      return { ...problem, message, ...(hint === undefined ? {} : { hint }) };
    },
  };
}

let pageTable: MessageTable = PAGE_MESSAGES;
let pageFormats: Readonly<Record<string, MessageFormat>> = PAGE_FORMATS;
const onPage = messageCatalog(
  () => pageTable,
  () => pageFormats,
);

/** Adds a table (and the formats it uses) to what the page catalog says, from now on. */
export function addPageMessages(
  table: MessageTable,
  formats: Readonly<Record<string, MessageFormat>> = {},
): void {
  pageTable = { ...pageTable, ...table };
  pageFormats = { ...pageFormats, ...formats };
}

/** `say` of the page catalog: the tables but the import ones, and those a page has added. */
export function sayOnPage(said: Said, language: MessageLanguage): string {
  return onPage.say(said, language);
}

/** `sayIfKnown` of the page catalog. */
export function sayIfKnownOnPage(said: Said | undefined, language: MessageLanguage): string | undefined {
  return onPage.sayIfKnown(said, language);
}

/** `sayProblem` of the page catalog. */
export function sayProblemOnPage<Shape extends Problem>(
  problem: Shape,
  language: MessageLanguage,
): Shape | undefined {
  return onPage.sayProblem(problem, language);
}
