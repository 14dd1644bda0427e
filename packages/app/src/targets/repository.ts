/**
 * Targets, calendars, benchmarks and scorecard templates as saved in the workspace. The store
 * keeps them; the edges reach them here, with the rest of the application layer, so a rule about
 * saving (an audit, a check) has one place to go.
 */
export {
  addTarget,
  getTarget,
  importBenchmarks,
  listBenchmarks,
  listEventCalendars,
  listScorecardTemplates,
  listTargets,
  type NewTarget,
  type SaveOptions,
  saveEventCalendar,
  saveScorecardTemplate,
  type TargetFilter,
  type TargetHistory,
  targetHistory,
  updateTarget,
} from '@markpi/store';
