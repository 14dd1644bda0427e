export { type SeedDemoTargetsOptions, type SeededTargets, seedDemoTargets } from './demo-targets.js';
export { kpiByDimension, kpiOverWindow, kpiSeries, type SeriesPoint } from './kpi-data.js';
export {
  addTarget,
  findTarget,
  getEventCalendar,
  getScorecardTemplate,
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
} from './repository.js';
export { type ScorecardGroup, type ScorecardRequest, type ScorecardResult, scorecard } from './scorecard.js';
export {
  type BaselineRequest,
  type BreakdownOptions,
  breakdownTarget,
  type CheckOptions,
  checkTarget,
  type PaceOptions,
  paceTarget,
  type SuggestRequest,
  type SuggestResult,
  suggestTarget,
  type TargetCheck,
  type TargetPace,
  type TodayOption,
  targetBaselines,
} from './services.js';
export {
  BENCHMARKS_TABLE,
  EVENT_CALENDARS_TABLE,
  SCORECARD_TEMPLATES_TABLE,
  TARGET_TABLES,
  TARGET_VERSIONS_TABLE,
} from './tables.js';
