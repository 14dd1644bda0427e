/**
 * Findings: what a diagnosis noticed, with the numbers behind it, ready for advice rules
 * (`advice.ts`) to turn into a remedy. Each carries its evidence as a message whose parameters
 * are the numbers, so the sentence can be said in either language.
 *
 * Four kinds:
 * - `weak_step`: a funnel step passes fewer people on than its reference (`weakest-link.ts`);
 * - `low_exposure`: the funnel's first stage is short of its own history;
 * - `below_target`: a KPI is worse than its target, in the KPI's direction;
 * - `tracking_break`: the outcome collapsed while what leads to it held — the pattern of a
 *   broken pixel, event or attribution setting rather than of worse performance.
 */
import type { Catalog } from '../catalog/catalog.js';
import type { KpiUnit } from '../model/units.js';
import { improvementOver, relativeChange } from '../targets/traits.js';
import type { VariableValues } from './expression.js';
import { type DiagnosisMessage, message } from './messages.js';

export type ComparisonBasis = 'previous_period' | 'same_period_last_year' | 'peers' | 'benchmark';
export const COMPARISON_BASES: readonly ComparisonBasis[] = [
  'previous_period',
  'same_period_last_year',
  'peers',
  'benchmark',
];

/** A figure against one reference. */
export interface ReferenceComparison {
  basis: ComparisonBasis;
  reference: number;
  /** value / reference − 1 in the better direction: −0.72 is 72% short of the reference. */
  gap: number;
  /** Peers: how many channels the median is taken over. */
  peers?: number;
  /** Benchmark: where the figure comes from, and the segment it is for. */
  source?: string;
  segment?: string;
}

export type PeriodGrain = 'day' | 'week' | 'month' | 'quarter' | 'year';

interface FindingBase {
  /** The segment (a channel) the finding is about; null for the whole workspace. */
  subject: string | null;
  /** The finding said with its numbers. */
  evidence: DiagnosisMessage;
}

export interface WeakStepFinding extends FindingBase {
  kind: 'weak_step';
  funnel: string;
  /** Measures of the stages the step goes from and to. */
  from: string;
  to: string;
  /** The catalog KPI the step is, when there is one (ctr, cvr). */
  kpi?: string;
  value: number;
  unit: KpiUnit;
  comparisons: ReferenceComparison[];
  /** The comparison the step was judged by. */
  judged: ReferenceComparison;
}

export interface LowExposureFinding extends FindingBase {
  kind: 'low_exposure';
  funnel: string;
  measure: string;
  value: number;
  comparisons: ReferenceComparison[];
  judged: ReferenceComparison;
}

export interface BelowTargetFinding extends FindingBase {
  kind: 'below_target';
  kpi: string;
  value: number;
  target: number;
  unit: KpiUnit;
  /** How much worse than the target, in the KPI's direction: −0.3 is 30% worse. */
  gap: number;
}

export interface TrackingBreakFinding extends FindingBase {
  kind: 'tracking_break';
  /** The outcome that collapsed (conversions, leads). */
  measure: string;
  /** Its change against the earlier window: −0.92 fell by 92%. */
  change: number;
  /** What held meanwhile, with its change. */
  held: { measure: string; change: number }[];
}

export type Finding = WeakStepFinding | LowExposureFinding | BelowTargetFinding | TrackingBreakFinding;
export type FindingKind = Finding['kind'];
export const FINDING_KINDS: readonly FindingKind[] = [
  'weak_step',
  'low_exposure',
  'below_target',
  'tracking_break',
];

/** "Weibo's CVR", or "CVR" for the whole workspace. */
export function subjectMessage(subject: string | null, what: DiagnosisMessage): DiagnosisMessage {
  return subject === null
    ? message('diagnosis.subject.all', { what })
    : message('diagnosis.subject.segment', { segment: subject, what });
}

/** One comparison in words: "its own 0.9% last quarter", "3.5% for peers". */
export function comparisonMessage(
  comparison: ReferenceComparison,
  unit: KpiUnit,
  grain?: PeriodGrain,
): DiagnosisMessage {
  switch (comparison.basis) {
    case 'previous_period':
      return message('diagnosis.compare.own', {
        reference: comparison.reference,
        unit,
        period: message(grain ? `diagnosis.period.previous.${grain}` : 'diagnosis.period.previous'),
      });
    case 'same_period_last_year':
      return message('diagnosis.compare.own', {
        reference: comparison.reference,
        unit,
        period: message('diagnosis.period.last_year'),
      });
    case 'peers':
      return message('diagnosis.compare.peers', { reference: comparison.reference, unit });
    case 'benchmark':
      return message('diagnosis.compare.benchmark', {
        reference: comparison.reference,
        unit,
        source: comparison.source ?? '',
      });
  }
}

export interface BelowTargetInput {
  catalog: Catalog;
  kpi: string;
  subject?: string | null;
  value: number | null;
  target: number;
}

/** A finding when the KPI is worse than its target in its direction; null otherwise. */
export function belowTarget(input: BelowTargetInput): BelowTargetFinding | null {
  const kpi = input.catalog.kpi(input.kpi);
  if (input.value === null) return null;
  const gap = improvementOver(kpi.direction, input.value, input.target);
  if (gap === null || gap >= 0) return null;
  const subject = input.subject ?? null;
  return {
    kind: 'below_target',
    subject,
    kpi: kpi.id,
    value: input.value,
    target: input.target,
    unit: kpi.unit,
    gap,
    evidence: message('diagnosis.finding.below_target', {
      subject: subjectMessage(subject, message('diagnosis.what.kpi', { kpi: kpi.id })),
      value: input.value,
      target: input.target,
      unit: kpi.unit,
      gap,
    }),
  };
}

export interface TrackingBreakInput {
  subject?: string | null;
  current: VariableValues;
  previous: VariableValues;
  /** The outcome measure; `conversions` by default. */
  outcome?: string;
  /** What must hold while the outcome collapses; spend and clicks by default. */
  steady?: readonly string[];
  /** How far the outcome must fall to count as a collapse: 0.7 (70%) by default. */
  collapse?: number;
  /** How close to their earlier level the steady measures must stay: ±0.25 by default. */
  holdBand?: number;
}

export const TRACKING_BREAK_DEFAULTS = {
  outcome: 'conversions',
  steady: ['spend', 'clicks'],
  collapse: 0.7,
  holdBand: 0.25,
} as const;

/**
 * The tracking-break pattern: the outcome fell by at least `collapse` while every steady
 * measure stayed within `holdBand` of its earlier level (and had one). Null otherwise.
 */
export function detectTrackingBreak(input: TrackingBreakInput): TrackingBreakFinding | null {
  const outcome = input.outcome ?? TRACKING_BREAK_DEFAULTS.outcome;
  const steady = input.steady ?? TRACKING_BREAK_DEFAULTS.steady;
  const collapse = input.collapse ?? TRACKING_BREAK_DEFAULTS.collapse;
  const holdBand = input.holdBand ?? TRACKING_BREAK_DEFAULTS.holdBand;
  const change = relativeChange(input.current[outcome] ?? 0, input.previous[outcome] ?? 0);
  if (change === null || change > -collapse) return null;
  const held: { measure: string; change: number }[] = [];
  for (const measure of steady) {
    const moved = relativeChange(input.current[measure] ?? 0, input.previous[measure] ?? 0);
    if (moved === null || Math.abs(moved) > holdBand) return null;
    held.push({ measure, change: moved });
  }
  if (held.length === 0) return null;
  const subject = input.subject ?? null;
  return {
    kind: 'tracking_break',
    subject,
    measure: outcome,
    change,
    held,
    evidence: message('diagnosis.finding.tracking_break', {
      subject: subjectMessage(subject, message('diagnosis.what.measure', { measure: outcome })),
      drop: change,
      held: held.map((entry) =>
        message('diagnosis.clause.change', {
          what: message('diagnosis.what.measure', { measure: entry.measure }),
          change: entry.change,
        }),
      ),
    }),
  };
}
