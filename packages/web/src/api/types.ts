/**
 * The HTTP API's shapes as the browser receives them (docs/api.md). Types only (every import
 * here is erased), except COMPARISON_TABLES, which the pages need at run time.
 *
 * - What @markpi/core owns is core's own type: units, directions, queries and result columns,
 *   problems, targets and their versions, pacing, breakdowns, baselines, SMART and the messages
 *   its reasons are said with (`lib/messages.ts` says them), scorecards, and the analytics
 *   answers whose schemas core keeps for the server (query results, the overview, comparison
 *   tables, formula checks).
 * - What the server alone composes (accounts, sessions, workspaces, the catalog as sent,
 *   imports, share links, audit) is declared here, built from core's pieces where the server
 *   builds it from them. The web may import only core (docs/ARCHITECTURE.md, enforced by core's
 *   architecture test), so these can't be taken from the server's zod schemas; `types.test.ts`
 *   checks every one against them (`Api` of @markpi/server) instead.
 */
import type {
  AccessScope,
  AggregationClass,
  BaselineSummary,
  Bilingual,
  BilingualText,
  BreakdownMode,
  CellValue,
  ComparisonBasis,
  ComparisonTable,
  Comparison as CoreComparison,
  EntityScore as CoreEntityScore,
  Pace as CorePace,
  TargetSuggestion as CoreTargetSuggestion,
  DiagnosisMessage,
  Direction,
  Finding,
  FindingKind,
  FormulaMethod,
  HistoryPosition,
  KpiDefinitionInput,
  KpiUnit,
  MeasureAggregation,
  Message as MessageOfCore,
  Said as MessageSaid,
  NotificationSettings,
  NotScored,
  PathStep,
  Period,
  Problem,
  ReferenceComparison,
  RenderedNotification,
  ReviewCadence,
  ScorecardTemplate,
  SegmentShape,
  SegmentStatus,
  Severity,
  SharePage,
  SmartReport,
  TargetChange,
  TargetInput,
  TargetScope,
  TargetVersion,
} from '@markpi/core';

// ---- core's own shapes, as the API sends them

export type {
  AggregationClass,
  Baseline,
  BaselineKind,
  Bilingual,
  BilingualText,
  Breakdown,
  BreakdownMethod,
  BreakdownMode,
  BreakdownPart,
  CellValue as Cell,
  Comparison as CompareMode,
  ComparisonBasis,
  ComparisonResult as Comparison,
  ComparisonTable,
  CompiledColumn as ResultColumn,
  DiagnosisMessage,
  Direction,
  FormulaCheck,
  FunnelChannel,
  FunnelStage,
  Grain,
  HistoryPosition,
  KpiQuery,
  KpiScore,
  KpiUnit,
  Message,
  MessageLabel,
  MessagePhrase,
  MessageTerm,
  NotificationPreferences,
  NotificationSettings,
  NotificationSettingsUpdate,
  Overview,
  OverviewTile,
  PacePoint,
  PaceStatus,
  Period as DayRange,
  Problem,
  QueryResultBody as QueryResult,
  RagStatus,
  ReferenceComparison,
  ReviewCadence,
  ScorecardTemplate,
  Severity,
  SmartRating,
  SmtpSettings,
  SuggestionBasis,
  Target,
  TargetScope,
  TargetVersion,
  TileTarget,
  WebhookKind,
  WebhookSettings,
} from '@markpi/core';

/** PUT …/kpis/:id: a KPI definition; the id is in the path. */
export type KpiDefinition = Omit<KpiDefinitionInput, 'id'>;

// ---- accounts, sessions, workspaces (the server's own)

export type Role = 'viewer' | 'editor' | 'admin';

export interface ErrorBody {
  error: {
    code: string;
    message: string;
    problems: Problem[];
    /** The message as a key and its parameters: core's `say` says it in either language. */
    said?: MessageSaid;
  };
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

/** GET /api/me/sessions: where one is logged in, newest first. */
export interface SessionList {
  sessions: { id: string; createdAt: string; expiresAt: string; current: boolean }[];
}

export interface Workspace extends WorkspaceSummary {
  baseCurrency: string;
  timeZone: string;
  dataRange: Period | null;
  /** The rows you may see here; null: the whole workspace. */
  scope: AccessScope | null;
}

export interface Member {
  userId: string;
  login: string;
  displayName: string;
  role: Role;
  addedAt: string;
  scope: AccessScope | null;
}

export interface AccountWithMemberships extends User {
  memberships: { workspaceId: string; role: Role }[];
}

export interface ShareLink {
  id: string;
  label: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  active: boolean;
  scope: AccessScope | null;
  pages: SharePage[];
}

export interface ShareInfo {
  workspace: { name: string; baseCurrency: string; timeZone: string };
  expiresAt: string;
  dataRange: Period | null;
  scope: AccessScope | null;
  pages: SharePage[];
  /** The boards among the pages that the workspace still shares, with their names. */
  boards: { id: string; name: string }[];
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

// ---- the catalog as sent (core's catalog holds parsed formulas and maps; the server flattens it)

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
    aggregation: MeasureAggregation;
    unit: string;
    name: Bilingual;
    description: Bilingual;
    filter?: string;
    builtin: boolean;
  }[];
  dimensions: CatalogDimension[];
  facts: { id: string; name: Bilingual; grain: 'day' | 'month' | 'event'; dimensions: string[] }[];
}

// ---- query results, overview, comparisons: core's wire types, which the server's schemas are

/** The server's list too (core's); a copy, since core's sits beside zod schemas the bundle would keep. */
export const COMPARISON_TABLES = [
  'channels',
  'campaigns',
  'creators',
  'content',
  'regions',
  'audiences',
] as const satisfies readonly ComparisonTable[];

// ---- imports

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
  period: Period | null;
  sample: Record<string, CellValue>[];
  notes: string[];
  /** `notes` as messages, in the same order; absent from imports kept before they were messages. */
  noteMessages?: MessageSaid[];
}

export interface RejectedRow {
  file: string;
  row: number;
  column: string | null;
  message: string;
  /** `message` as a message, to say in the page's language. */
  said?: MessageSaid;
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

// ---- targets, pacing and scorecards: core's shapes with what the server's routes add

/** POST …/targets: a target whose id the server derives when none is sent, and why it was set. */
export type TargetCreateRequest = Omit<TargetInput, 'id'> & {
  id?: string;
  reason?: string;
  /** A target with the same KPI, scope and period becomes this one's next version instead of a 409. */
  replace?: boolean;
};

/** POST …/targets/bulk: one target for every entity of a scorecard at once. */
export interface BulkTargetRequest {
  kpi: string;
  by: string;
  period: Period;
  value: { same: number } | { baseline: 'previous' | 'last_year'; uplift: number };
  entities?: string[];
  filter?: string;
  goal?: string;
  owner?: string;
  cadence?: ReviewCadence;
  replace?: boolean;
}

/** A target the bulk request saved; `replaced` when it is the next version of a twin. */
export interface BulkSavedTarget extends TargetVersion {
  replaced?: string;
}

export interface BulkTargetResult {
  saved: BulkSavedTarget[];
  skipped: { entity: string; reason: 'no_baseline' }[];
  baselineWindow?: Period;
}

/** PUT …/targets/:id: only the fields that change; `null` removes an optional one. */
export interface TargetUpdateRequest {
  kpi?: string;
  scope?: TargetScope;
  baselineScope?: TargetScope | null;
  period?: Period;
  value?: number;
  goal?: string | null;
  owner?: string | null;
  cadence?: ReviewCadence;
  breakdown?: { mode?: BreakdownMode; calendar?: string };
  note?: string | null;
  reason?: string;
}

/** What a create or change answers: the saved version and the fields it changed. */
export interface SavedTarget {
  current: TargetVersion;
  changes: TargetChange[];
  /** The target this one replaced as its next version. */
  replaced?: string;
}

/** GET …/targets/suggest: the baselines, and a target grown from one of them (null without any). */
export interface TargetSuggestion {
  baselines: BaselineSummary;
  suggestion: CoreTargetSuggestion | null;
}

/** Core's pace of one target, with the target it belongs to. */
export interface Pace extends CorePace {
  targetId: string;
  /** The scope's label. */
  scope: string;
  /** The KPI's last day of data, when that is before `asOf`. */
  dataThrough?: string;
}

/** A pace without its day-by-day series, as the target list carries it. */
export type PaceSummary = Omit<Pace, 'series'>;

export interface TargetListItem extends TargetVersion {
  /** Null when the pace could not be computed (its KPI was deleted); `problem` says why. */
  pace: PaceSummary | null;
  problem?: string;
}

/** SMART: each letter rated with its reason; `position` is the evidence for Attainable. */
export interface TargetCheck extends SmartReport {
  kpi: string;
  campaignGoal?: string;
  position?: HistoryPosition;
  baselines?: BaselineSummary;
}

/** GET …/scorecard-templates: the built-in and saved templates. */
export type ListedScorecardTemplate = ScorecardTemplate & { builtin: boolean };

export interface EntityScore extends CoreEntityScore {
  /** KPIs that could not be scored; their weight went to the others. */
  missingKpis: string[];
}

export interface ScorecardResult {
  template: ScorecardTemplate;
  by: string;
  period: Period;
  filter?: string;
  cap: number;
  entities: EntityScore[];
  /** The entities without a score, folded into one line. */
  notScored?: NotScored;
  notes: string[];
  noteMessages: MessageOfCore[];
}

// ---- diagnosis: why a KPI moved, the weakest funnel step (the application layer's answers)

/** A diagnosis sentence: its message, and the sentence said in English and Chinese. */
export interface Said {
  message: DiagnosisMessage;
  text: BilingualText;
}

/** A finding as the API sends it: core's finding with its evidence said in both languages. */
export type DiagnosisFinding = Finding & { text: BilingualText };

export interface DiagnosisAdvice {
  rule: string;
  priority: number;
  kind: FindingKind;
  subject: string | null;
  /** Index of the finding answered, in `findings`. */
  finding: number;
  message: DiagnosisMessage;
  text: BilingualText;
}

/** A step of a segment's path, with the segment's readable name when it has one. */
export interface DrillPathStep extends PathStep {
  label?: string;
}

interface FactorValues {
  numerator: string;
  scale: number;
  exponent: number;
  before: number | null;
  after: number | null;
  /** The part's share of the change, in the KPI's unit. */
  contribution: number;
  /** contribution / change. */
  share: number | null;
  name: BilingualText;
}

export interface FormulaFactor extends FactorValues {
  id: string;
  role: 'factor' | 'term' | 'input';
  kpi?: string;
  denominator?: string;
}

export interface FormulaFactorGroup extends FactorValues {
  kpi: string;
  denominator: string;
  factors: number[];
}

export interface ChangeDriver {
  path: DrillPathStep[];
  where: Said;
  segment: string;
  before: number | null;
  after: number | null;
  weightBefore: number | null;
  weightAfter: number | null;
  mix: number | null;
  rate: number | null;
  contribution: number;
  /** Its part of the change split at its own step. */
  share: number | null;
  /** Its part of the whole change. */
  shareOfChange: number | null;
  status: SegmentStatus;
}

/** GET …/why: a KPI's change split by formula and by segment, with findings and advice. */
export interface ChangeExplanation {
  kpi: { id: string; name: BilingualText; unit: KpiUnit; direction: Direction };
  compare: CoreComparison;
  window: Period;
  earlier: Period;
  filter: string | null;
  hierarchy: { dimension: string; parent: number | null }[];
  before: number | null;
  after: number | null;
  change: number | null;
  relativeChange: number | null;
  summary: Said[];
  formula: {
    method: FormulaMethod;
    basis: 'funnel' | 'formula';
    funnel: string | null;
    factors: FormulaFactor[];
    groups: FormulaFactorGroup[];
    notes: Said[];
  };
  segments: {
    shape: SegmentShape;
    mix: number | null;
    rate: number | null;
    steps: {
      path: DrillPathStep[];
      part: number;
      considered: { dimension: string; top: string | null; topShare: number | null }[];
      dimension: string;
      mix: number | null;
      rate: number | null;
      descended: string | null;
    }[];
    /** Largest part first. */
    drivers: ChangeDriver[];
    otherDrivers: { count: number; contribution: number };
    notes: Said[];
  } | null;
  findings: DiagnosisFinding[];
  advice: DiagnosisAdvice[];
  notes: Said[];
  warnings: string[];
}

export interface FunnelStepJudgement {
  from: string;
  to: string;
  kpi: string | null;
  unit: KpiUnit;
  value: number | null;
  comparisons: ReferenceComparison[];
  judged: ReferenceComparison | null;
}

/** GET …/weakest-link: each channel's funnel steps judged against peers, own history, benchmarks. */
export interface WeakestLink {
  funnel: { id: string; name: BilingualText };
  window: Period;
  previous: Period;
  lastYear: Period;
  filter: string | null;
  order: ComparisonBasis[];
  channels: {
    channel: string;
    stages: {
      stage: string;
      measure: string;
      value: number;
      previous: number | null;
      lastYear: number | null;
    }[];
    steps: FunnelStepJudgement[];
    exposure: ReferenceComparison[];
    /** Index in `steps` of the step furthest below its reference. */
    weakest: number | null;
  }[];
  weakest: {
    channel: string;
    step: number;
    from: string;
    to: string;
    kpi: string | null;
    value: number;
    judged: ReferenceComparison;
  } | null;
  summary: Said;
  findings: DiagnosisFinding[];
  advice: DiagnosisAdvice[];
  notes: Said[];
  warnings: string[];
}

// ---- notifications: the inbox, preferences (core's), the workspace's settings (secrets write-only)

export interface InboxEntry {
  id: string;
  seq: number;
  kind: string;
  severity: Severity;
  createdAt: string;
  readAt: string | null;
  /** The notification said in the language asked for. */
  text: Pick<RenderedNotification, 'subject' | 'title' | 'sections' | 'link'>;
}

export interface Inbox {
  entries: InboxEntry[];
  unread: number;
}

/** The settings as an admin reads them: whether each secret is set, never the secret. */
export interface NotificationSettingsView extends NotificationSettings {
  smtpPasswordSet: boolean;
  webhookSecrets: Record<
    string,
    {
      urlSet: boolean;
      /** Scheme and host only: enough to recognise it, not to use it. */
      host: string | null;
      secretSet: boolean;
    }
  >;
}

export interface Delivery {
  id: string;
  kind: string;
  channel: string;
  /** A member's id (email) or a webhook's id. */
  destination: string;
  severity: string;
  state: string;
  attempts: number;
  notBefore: string;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}
