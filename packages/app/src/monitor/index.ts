/**
 * The monitor over a workspace: what is watched (`shapes.ts`, `segments.ts`, `settings.ts`), the
 * series asked of the planner (`series.ts`) and scored by core's detectors (`scoring.ts`), alerts
 * grouped into incidents (`grouping.ts`, `merge.ts`, `incidents.ts`), data freshness
 * (`sources.ts`, `freshness.ts`), pace (`pace.ts`), false alarms as feedback (`feedback.ts`), the
 * run (`run.ts`), the use cases the edges call (`use-cases.ts`), the delivery's hooks
 * (`hooks.ts`) and scoring a file of any series (`score-file.ts`).
 */
export * from './calendar.js';
export * from './feedback.js';
export * from './freshness.js';
export { EXPLAIN_SHARE, JOIN_SHARE } from './grouping.js';
export * from './hooks.js';
export * from './incidents.js';
export {
  MONITOR_TEMPLATES,
  monitorMessage,
  monitorTemplates,
  type Said as MonitorSaid,
  sayMonitor,
} from './messages.js';
export * from './pace.js';
export {
  lastMonitorRun,
  type MonitorRun,
  type RunOptions,
  runMonitor,
  type StoredRun,
} from './run.js';
export * from './score-file.js';
export {
  parseSegmentKey,
  parseSeriesKey,
  SEGMENT_LEVELS,
  type Segment,
  type SegmentLevel,
  segmentKey,
  seriesKey,
} from './segments.js';
export * from './settings.js';
export { type MonitorShape, shapeOf, UNWATCHED_REASONS, type UnwatchedReason } from './shapes.js';
export { classifySources, completeThrough, type SourceDays, type SourceStatus } from './sources.js';
export * from './use-cases.js';
