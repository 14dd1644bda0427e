export {
  importRoster,
  mergeRoster,
  type RegistryRows,
  type RosterImportOptions,
  type RosterImportReport,
} from './load.js';
export { ROSTER_MESSAGES, type RosterMessageKey, rosterSaid, sayRoster } from './messages.js';
export {
  AGENCY_ROSTER,
  mappingProfile,
  PUGONGYING_CREATORS,
  ROSTER_FIELDS,
  ROSTER_PROFILES,
  type RosterField,
  type RosterProfile,
  XINGTU_CREATORS,
} from './profiles.js';
export { type RosterEntry, type RosterRead, type RosterRejection, readRoster } from './read.js';
