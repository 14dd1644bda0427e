export { CATALOG_FORMATS, knowsMessage, MESSAGES, say, sayIfKnown, sayProblem } from './catalog.js';
export { ERROR_MESSAGES } from './errors.js';
export {
  didYouMeanSaid,
  FORMULA_FORMATS,
  FORMULA_MESSAGES,
  type FormulaMessageKey,
  formulaProblem,
  formulaSaid,
  problemHint,
  sayFormula,
} from './formula.js';
export { IMPORT_NOTE_MESSAGES } from './import-notes.js';
export { IMPORT_MESSAGES } from './imports.js';
export { MONITOR_MESSAGES, sayMonitorMessage } from './monitor.js';
export {
  addPageMessages,
  type MessageCatalog,
  messageCatalog,
  PAGE_FORMATS,
  PAGE_MESSAGES,
  sayIfKnownOnPage,
  sayOnPage,
  sayProblemOnPage,
} from './page-catalog.js';
export { RETURN_MESSAGES } from './returns.js';
export { ROSTER_LISTS, ROSTER_MESSAGES, type RosterMessageKey } from './roster.js';
export {
  MESSAGE_LANGUAGES,
  type MessageFormat,
  type MessageLanguage,
  type MessageTable,
  type MessageTemplate,
  type Said,
  type SaidParam,
  type SayOptions,
  sayMessage,
  UnknownMessageKey,
} from './say.js';
export { saidSchema } from './schema.js';
export { SCOPED_PAGE_NOTES, SCOPED_PAGE_REFUSALS } from './scoped-pages.js';
