/**
 * The HTTP API's shapes as the browser receives them (docs/api.md). Kept here rather than
 * imported from the server so the bundle depends on the wire format only.
 */
import type { Direction, KpiUnit } from '../lib/format';

export type { Direction, KpiUnit };
export type Role = 'viewer' | 'editor' | 'admin';
export type Bilingual = { en: string; zh: string };
export type Cell = string | number | boolean | null;

export interface Problem {
  message: string;
  file?: string;
  path?: string;
  row?: number;
  column?: number | string;
  start?: number;
  end?: number;
  hint?: string;
}

export interface ErrorBody {
  error: { code: string; message: string; problems: Problem[] };
}

export interface User {
  id: string;
  login: string;
  displayName: string;
  serverAdmin: boolean;
  disabled: boolean;
  createdAt: string;
}

export interface WorkspaceSummary {
  id: string;
  name: string;
  role: Role;
  createdAt: string;
}

export interface Session {
  user: User;
  csrfToken: string;
  workspaces: WorkspaceSummary[];
}

export interface DayRange {
  from: string;
  to: string;
}

export interface Workspace extends WorkspaceSummary {
  baseCurrency: string;
  timeZone: string;
  dataRange: DayRange | null;
}

export type AggregationClass =
  | 'additive'
  | 'ratio'
  | 'snapshot'
  | 'distinct'
  | 'threshold'
  | 'period_over_period';

export interface CatalogKpi {
  id: string;
  name: Bilingual;
  description: Bilingual;
  formula: string;
  unit: KpiUnit;
  direction: Direction;
  aggregation: AggregationClass;
  sources: string[];
  builtin: boolean;
  references: { measures: string[]; kpis: string[]; dimensions: string[] };
}

export interface CatalogDimension {
  id: string;
  name: Bilingual;
  description: Bilingual;
  values?: string[];
  facts: string[];
}

export interface Catalog {
  baseCurrency: string;
  timeZone: string;
  kpis: CatalogKpi[];
  measures: {
    id: string;
    fact: string;
    aggregation: string;
    unit: string;
    name: Bilingual;
    description: Bilingual;
    builtin: boolean;
  }[];
  dimensions: CatalogDimension[];
  facts: { id: string; name: Bilingual; grain: 'day' | 'month'; dimensions: string[] }[];
}

export interface FormulaCheck {
  valid: boolean;
  problems: Problem[];
  unit: string | null;
  suggestedUnits: KpiUnit[];
  aggregation: AggregationClass | null;
  references: { measures: string[]; kpis: string[]; dimensions: string[] };
}

export interface KpiDefinition {
  name: Bilingual;
  description: Bilingual;
  formula: string;
  unit: KpiUnit;
  direction: Direction;
  aggregation: AggregationClass;
  sources?: string[];
}

export type Grain = 'day' | 'week' | 'month' | 'quarter' | 'year' | 'total';
export type CompareMode = 'previous' | 'last_year';

export interface KpiQuery {
  kpis: string[];
  dimensions?: string[];
  filter?: string;
  from: string;
  to: string;
  grain?: Grain;
  timeZone?: string;
  compare?: CompareMode;
  limit?: number;
}

export type ColumnRole = 'time' | 'dimension' | 'kpi' | 'previous' | 'change' | 'flag';

export interface ResultColumn {
  key: string;
  role: ColumnRole;
  kpi?: string;
  unit?: KpiUnit;
}

export interface QueryResult {
  columns: ResultColumn[];
  rows: Record<string, Cell>[];
  warnings: string[];
}

export type FunnelStageName = 'exposure' | 'click' | 'conversion';

export interface FunnelStage {
  stage: FunnelStageName;
  kpi: 'impressions' | 'clicks' | 'conversions';
  value: number | null;
  rateKpi: 'ctr' | 'cvr' | null;
  rate: number | null;
  medianRate: number | null;
  relativeToMedian: number | null;
  weakest: boolean;
}

export interface OverviewTile {
  kpi: string;
  name: Bilingual;
  unit: KpiUnit;
  direction: Direction;
  value: number | null;
  previous: number | null;
  change: number | null;
  flag: string | null;
  sparkline: { date: string; value: number | null }[];
}

export interface Overview {
  period: DayRange;
  compare: CompareMode;
  tiles: OverviewTile[];
  funnel: {
    channels: { channel: string; stages: FunnelStage[]; weakestStage: 'click' | 'conversion' | null }[];
    medians: { ctr: number | null; cvr: number | null };
    weakest: { channel: string; stage: 'click' | 'conversion'; relativeToMedian: number } | null;
  };
  warnings: string[];
}

export const COMPARISON_TABLES = [
  'channels',
  'campaigns',
  'creators',
  'content',
  'regions',
  'audiences',
] as const;
export type ComparisonTable = (typeof COMPARISON_TABLES)[number];

export interface Comparison extends QueryResult {
  table: ComparisonTable;
  dimension: string;
  total: number;
  labels: Record<string, string>;
}

export type ImportStatus = 'previewed' | 'preview_failed' | 'importing' | 'imported' | 'failed' | 'cancelled';

export interface ImportFileReport {
  file: string;
  importId: string | null;
  status: string;
  platform: string | null;
  fact: string | null;
  mapping: { source: string; target: string | null }[];
  rows: number;
  accepted: number;
  rejected: number;
  period: DayRange | null;
  sample: Record<string, Cell>[];
  notes: string[];
}

export interface RejectedRow {
  file: string;
  row: number;
  column: string | null;
  message: string;
  values: Record<string, string>;
}

export interface Import {
  id: string;
  status: ImportStatus;
  files: { name: string; size: number }[];
  options: { platform?: string };
  report: {
    files: ImportFileReport[];
    rejectedRows: number;
    rejectedSample: RejectedRow[];
    problems: Problem[];
    rowsLoaded: number;
  } | null;
  error: ErrorBody['error'] | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface Member {
  userId: string;
  login: string;
  displayName: string;
  role: Role;
  addedAt: string;
}

export interface ShareLink {
  id: string;
  label: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  active: boolean;
}

export interface ShareInfo {
  workspace: { name: string; baseCurrency: string; timeZone: string };
  expiresAt: string;
  dataRange: DayRange | null;
}

export interface AuditEntry {
  id: string;
  seq: number;
  at: string;
  userId: string | null;
  userLogin: string | null;
  workspaceId: string | null;
  action: string;
  target: string;
  details: Record<string, string | number | boolean | null | string[]>;
}

export interface AccountWithMemberships extends User {
  memberships: { workspaceId: string; role: Role }[];
}

// ---- Targets, pacing and scorecards (issue 5): @markpi/core's Target, Pace and
// ScorecardResult as the server's targets routes send them.

export type RagStatus = 'green' | 'amber' | 'red';
export type PaceStatus = RagStatus | 'not_started' | 'no_data';
export type BreakdownMethod = 'split' | 'level' | 'end_of_period';

export type BreakdownMode = 'even' | 'seasonal' | 'events';
export type ReviewCadence = 'weekly' | 'monthly';

/** Which rows a target counts: a condition on dimensions (none: the whole workspace) and its name. */
export interface TargetScope {
  filter?: string;
  label: string;
}

export interface Target {
  id: string;
  kpi: string;
  scope: TargetScope;
  baselineScope?: TargetScope;
  period: DayRange;
  value: number;
  goal?: string;
  owner?: string;
  cadence: ReviewCadence;
  breakdown: { mode: BreakdownMode; calendar?: string };
  note?: string;
}

/** One saved version of a target; a change saves a new one and the old ones stay. */
export interface TargetVersion {
  target: Target;
  version: number;
  createdAt: string;
  author?: string;
  reason?: string;
}

/** POST …/targets: a target without an id (the server derives one), and why it was set. */
export interface TargetCreateRequest {
  kpi: string;
  scope: TargetScope;
  period: DayRange;
  value: number;
  goal?: string;
  owner?: string;
  cadence?: ReviewCadence;
  breakdown?: { mode: BreakdownMode; calendar?: string };
  note?: string;
  reason?: string;
}

/** PUT …/targets/:id: only the fields that change; `null` removes an optional one. */
export interface TargetUpdateRequest {
  kpi?: string;
  scope?: TargetScope;
  period?: DayRange;
  value?: number;
  goal?: string | null;
  owner?: string | null;
  cadence?: ReviewCadence;
  breakdown?: { mode: BreakdownMode; calendar?: string };
  note?: string | null;
  reason?: string;
}

/** What a create or change answers: the saved version and the fields it changed. */
export interface SavedTarget {
  current: TargetVersion;
  changes: { field: string; before?: unknown; after?: unknown }[];
}

export type BaselineKind =
  | 'same_period_last_year'
  | 'previous_period'
  | 'trailing'
  | 'best_month'
  | 'median_month'
  | 'worst_month'
  | 'benchmark';

/** A KPI's value over a window of its history, and that value on the target period's footing. */
export interface Baseline {
  kind: BaselineKind;
  label: string;
  value: number;
  /** Additive KPIs: pro-rated to the target period's days; levels as they are. */
  comparable: number;
  from?: string;
  to?: string;
  flag?: string;
  source?: string;
  segment?: string;
}

/** Where a value sits in the KPI's monthly history. */
export interface HistoryPosition {
  value: number;
  /** Share of history months below the value, 0–100; null without history. */
  percentile: number | null;
  monthsCompared: number;
  /** Against the best month on record, in the KPI's direction. */
  best: { baseline: Baseline; change: number | null; improvement: number | null } | null;
  summary: string;
}

export type SuggestionBasis =
  | 'auto'
  | 'last_year'
  | 'trailing'
  | 'previous'
  | 'best_month'
  | 'median_month'
  | 'benchmark';

/** GET …/targets/suggest: the baselines, and a target grown from one of them (null without any). */
export interface TargetSuggestion {
  baselines: {
    kpi: string;
    period: DayRange;
    footing: 'per_day' | 'level';
    baselines: Baseline[];
    notes: string[];
  };
  suggestion: {
    value: number;
    basis: Baseline;
    growth: number;
    position: HistoryPosition;
    reason: string;
  } | null;
}

export interface PacePoint {
  date: string;
  target: number;
  actual: number | null;
  projected: number | null;
}

export interface Pace {
  targetId: string;
  scope: string;
  kpi: string;
  direction: Direction;
  method: BreakdownMethod;
  period: DayRange;
  asOf: string;
  status: PaceStatus;
  elapsedDays: number;
  totalDays: number;
  elapsedShare: number;
  target: number;
  targetToDate: number;
  actualToDate: number | null;
  index: number | null;
  projection: {
    value: number;
    low: number | null;
    high: number | null;
    sd: number | null;
    interval: number;
  } | null;
  projectedIndex: number | null;
  probability: number | null;
  series: PacePoint[];
  notes: string[];
  dataThrough?: string;
}

/** A pace without its day-by-day series, as the target list carries it. */
export type PaceSummary = Omit<Pace, 'series'>;

export interface TargetListItem extends TargetVersion {
  /** Null when the pace could not be computed (its KPI was deleted); `problem` says why. */
  pace: PaceSummary | null;
  problem?: string;
}

export type SmartRating = 'pass' | 'warn' | 'fail';

/** SMART: each letter rated with its reason; `position` is the evidence for Attainable. */
export interface TargetCheck {
  target: string;
  kpi: string;
  overall: SmartRating;
  letters: {
    letter: 'specific' | 'measurable' | 'attainable' | 'relevant' | 'time_bound';
    rating: SmartRating;
    reason: string;
  }[];
  campaignGoal?: string;
  position?: { summary: string };
}

export interface BreakdownPart extends DayRange {
  level: 'quarter' | 'month' | 'day';
  value: number;
  cumulative: number;
  share: number;
  event?: string;
}

export interface Breakdown {
  kpi: string;
  method: BreakdownMethod;
  mode: 'even' | 'seasonal' | 'events';
  period: DayRange;
  value: number;
  precision: number | null;
  startLevel: number | null;
  quarters: BreakdownPart[];
  months: BreakdownPart[];
  days: BreakdownPart[];
  notes: string[];
}

export interface ScorecardTemplate {
  id: string;
  name: { en: string; zh?: string };
  goal?: string;
  items: { kpi: string; weight: number }[];
  builtin?: boolean;
}

export interface KpiScore {
  kpi: string;
  direction: Direction;
  weight: number;
  effectiveWeight: number;
  actual: number | null;
  target: number | null;
  attainment: number | null;
  counted: number | null;
  points: number | null;
  status: 'scored' | 'no_data' | 'no_target' | 'unavailable';
  note?: string;
  flag?: string;
  targetSource?: string;
}

export interface EntityScore {
  entity: string;
  label: string;
  score: number | null;
  rank: number | null;
  coverage: number;
  kpis: KpiScore[];
  flags: string[];
  /** KPIs that could not be scored; their weight went to the others. */
  missingKpis?: string[];
}

export interface ScorecardResult {
  template: ScorecardTemplate;
  by: string;
  period: DayRange;
  filter?: string;
  cap: number;
  entities: EntityScore[];
  notes: string[];
}
