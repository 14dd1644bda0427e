/**
 * Every message key core knows, said by one function: `say(said, 'zh')`. Tables of templates are
 * merged here; limits and periods say their refusals with functions of their own, reached by
 * their key's prefix. A client that holds core (the CLI) says any error or note the server sent
 * with it; the dashboard says through the page catalog (`page-catalog.ts`), these tables but the
 * import ones until its import page adds them.
 */
import type { Problem } from '../errors.js';
import { IMPORT_FORMATS } from './import-formats.js';
import { IMPORT_NOTE_MESSAGES } from './import-notes.js';
import { IMPORT_MESSAGES } from './imports.js';
import { messageCatalog, PAGE_FORMATS, PAGE_MESSAGES } from './page-catalog.js';
import type { MessageFormat, MessageLanguage, MessageTable, Said } from './say.js';

export const MESSAGES: MessageTable = {
  ...PAGE_MESSAGES,
  ...IMPORT_MESSAGES,
  ...IMPORT_NOTE_MESSAGES,
};

/** Formats the tables here use besides the built-in ones. */
export const CATALOG_FORMATS: Readonly<Record<string, MessageFormat>> = {
  ...IMPORT_FORMATS,
  ...PAGE_FORMATS,
};

const catalog = messageCatalog(
  () => MESSAGES,
  () => CATALOG_FORMATS,
);

/** Whether `say` knows the key. */
export function knowsMessage(key: string): boolean {
  return catalog.knows(key);
}

/** The message in `language`; throws `UnknownMessageKey` for a key core has no words for. */
export function say(said: Said, language: MessageLanguage): string {
  return catalog.say(said, language);
}

/** The message in `language`, or undefined when core has no words for its key. */
export function sayIfKnown(said: Said | undefined, language: MessageLanguage): string | undefined {
  return catalog.sayIfKnown(said, language);
}

/**
 * A problem with its message, and its hint when its message carries one (`problemHint`), said in
 * `language`; undefined when core has no words for its key.
 */
export function sayProblem<Shape extends Problem>(
  problem: Shape,
  language: MessageLanguage,
): Shape | undefined {
  return catalog.sayProblem(problem, language);
}
