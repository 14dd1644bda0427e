/**
 * A funnel's weakest link: each step's pass-through rate (clicks per impression, conversions
 * per click) judged against references, and the step furthest below its reference.
 *
 * References, each said by name in the result:
 * - the same channel's own history: the previous period and the same period last year;
 * - peers: the median of the other channels' rates in the same window (never the channel
 *   itself: a single-channel view has no peers and is judged against its own history);
 * - a benchmark table (`Benchmark`, keyed by the step's catalog KPI: ctr, cvr), for the channel
 *   when it has its own row, else for `all`.
 * A step is judged by the first reference in `order` it has (own history first by default:
 * the channel's own past is the fairest yardstick), and the gaps compare across steps because
 * they are relative: value / reference − 1.
 *
 * The first stage (exposure) is a volume, not a rate: it is judged against its own history
 * only, since channels differ in size.
 */
import type { Catalog } from '../catalog/catalog.js';
import { MarkpiError } from '../errors.js';
import type { KpiUnit } from '../model/units.js';
import type { Benchmark } from '../targets/baselines.js';
import { relativeChange } from '../targets/traits.js';
import type { VariableValues } from './expression.js';
import {
  COMPARISON_BASES,
  type ComparisonBasis,
  comparisonMessage,
  detectTrackingBreak,
  type Finding,
  type LowExposureFinding,
  type PeriodGrain,
  type ReferenceComparison,
  subjectMessage,
  type TrackingBreakFinding,
  type WeakStepFinding,
} from './findings.js';
import { ratioKpiIndex } from './formula.js';
import { assertFunnelMeasures, type Funnel, type FunnelStageDefinition } from './funnels.js';
import { type DiagnosisMessage, message } from './messages.js';

export interface FunnelJudgeInput {
  funnel: Funnel;
  catalog: Catalog;
  /** Whose funnel: a channel, or null for the whole workspace. */
  subject?: string | null;
  /** The subject's stage measures in the window judged. */
  current: VariableValues;
  previous?: VariableValues;
  lastYear?: VariableValues;
  /** Other channels in the same window; the subject's own entry, if any, is left out. */
  peers?: Readonly<Record<string, VariableValues>>;
  benchmarks?: readonly Benchmark[];
  /** Names the previous period ("last quarter"). */
  grain?: PeriodGrain;
  /** Which reference judges a step, first available first. */
  order?: readonly ComparisonBasis[];
  /** How far below its reference a step must be to be a finding: 0.2 (20%) by default. */
  minGap?: number;
  /** An upstream step within this of its own history "held": ±0.1 by default. */
  holdBand?: number;
}

export interface FunnelStepReport {
  from: FunnelStageDefinition;
  to: FunnelStageDefinition;
  /** The catalog KPI the step is (`scale · to / from`), when there is one. */
  kpi?: string;
  scale: number;
  unit: KpiUnit;
  /** The rate in the KPI's unit; null when the first stage is zero. */
  value: number | null;
  comparisons: ReferenceComparison[];
  /** The comparison it was judged by; null without any. */
  judged: ReferenceComparison | null;
}

export interface FunnelStageReport {
  stage: FunnelStageDefinition;
  value: number;
  previous: number | null;
  lastYear: number | null;
}

export interface FunnelReport {
  funnel: string;
  subject: string | null;
  stages: FunnelStageReport[];
  steps: FunnelStepReport[];
  /** The first stage's volume against its own history. */
  exposure: ReferenceComparison[];
  /** Index of the step furthest below its reference; null when none is below. */
  weakest: number | null;
  /** Weak steps (weakest first), low exposure and a tracking break, each with its evidence. */
  findings: Finding[];
  notes: DiagnosisMessage[];
}

export const FUNNEL_DEFAULTS = { minGap: 0.2, holdBand: 0.1 } as const;

const rateOf = (values: VariableValues | undefined, from: string, to: string, scale: number) => {
  if (!values) return null;
  const base = values[from] ?? 0;
  return base === 0 ? null : (scale * (values[to] ?? 0)) / base;
};

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function comparison(
  basis: ComparisonBasis,
  value: number,
  reference: number | null,
  extra: Partial<ReferenceComparison> = {},
) {
  if (reference === null) return null;
  const gap = relativeChange(value, reference);
  return gap === null ? null : ({ basis, reference, gap, ...extra } satisfies ReferenceComparison);
}

/** Judges one funnel for one subject (see the module's comment). */
export function judgeFunnel(input: FunnelJudgeInput): FunnelReport {
  const { funnel, catalog } = input;
  assertFunnelMeasures(funnel, catalog);
  const subject = input.subject ?? null;
  const order = input.order ?? COMPARISON_BASES;
  for (const basis of order) {
    if (!COMPARISON_BASES.includes(basis))
      throw new MarkpiError('invalid_comparison_basis', `unknown comparison basis \`${basis}\``);
  }
  const minGap = input.minGap ?? FUNNEL_DEFAULTS.minGap;
  const holdBand = input.holdBand ?? FUNNEL_DEFAULTS.holdBand;
  const peers = Object.entries(input.peers ?? {}).filter(([channel]) => channel !== subject);
  const notes: DiagnosisMessage[] = [];
  const ratios = ratioKpiIndex(catalog);

  const stages = funnel.stages.map(
    (stage): FunnelStageReport => ({
      stage,
      value: input.current[stage.measure] ?? 0,
      previous: input.previous ? (input.previous[stage.measure] ?? 0) : null,
      lastYear: input.lastYear ? (input.lastYear[stage.measure] ?? 0) : null,
    }),
  );

  const steps = funnel.stages.slice(1).map((to, index): FunnelStepReport => {
    const from = funnel.stages[index]!;
    const named = ratios.get(`${to.measure}|${from.measure}`);
    const scale = named?.scale ?? 1;
    const unit: KpiUnit = named ? catalog.kpi(named.kpi).unit : 'percent';
    const value = rateOf(input.current, from.measure, to.measure, scale);
    const comparisons: ReferenceComparison[] = [];
    if (value !== null) {
      const candidates = {
        previous_period: comparison(
          'previous_period',
          value,
          rateOf(input.previous, from.measure, to.measure, scale),
        ),
        same_period_last_year: comparison(
          'same_period_last_year',
          value,
          rateOf(input.lastYear, from.measure, to.measure, scale),
        ),
        peers: peerComparison(peers, from.measure, to.measure, scale, value),
        benchmark: named ? benchmarkComparison(input.benchmarks ?? [], named.kpi, subject, value) : null,
      } satisfies Record<ComparisonBasis, ReferenceComparison | null>;
      for (const basis of COMPARISON_BASES) {
        const found = candidates[basis];
        if (found) comparisons.push(found);
      }
    }
    const judged =
      order.map((basis) => comparisons.find((entry) => entry.basis === basis)).find(Boolean) ?? null;
    return { from, to, ...(named ? { kpi: named.kpi } : {}), scale, unit, value, comparisons, judged };
  });

  let weakest: number | null = null;
  steps.forEach((step, index) => {
    if (!step.judged || step.judged.gap >= 0) return;
    if (weakest === null || step.judged.gap < steps[weakest]!.judged!.gap) weakest = index;
  });

  const findings: Finding[] = [];
  const tracking = trackingBreakOf(input, subject);
  if (tracking) findings.push(tracking);

  const weak = steps
    .map((step, index) => ({ step, index }))
    .filter(({ step }) => step.judged !== null && step.judged.gap <= -minGap)
    .sort((a, b) => a.step.judged!.gap - b.step.judged!.gap);
  for (const { index } of weak) findings.push(weakStepFinding(input, subject, steps, index, holdBand));

  const exposure = exposureComparisons(input, funnel.stages[0]!.measure);
  const judgedExposure = order.map((basis) => exposure.find((entry) => entry.basis === basis)).find(Boolean);
  if (judgedExposure && judgedExposure.gap <= -minGap) {
    const measure = funnel.stages[0]!.measure;
    const value = input.current[measure] ?? 0;
    const finding: LowExposureFinding = {
      kind: 'low_exposure',
      subject,
      funnel: funnel.id,
      measure,
      value,
      comparisons: exposure,
      judged: judgedExposure,
      evidence: message('diagnosis.finding.volume_below', {
        subject: subjectMessage(subject, message('diagnosis.what.measure', { measure })),
        value,
        unit: 'count',
        comparisons: exposure.map((entry) => comparisonMessage(entry, 'count', input.grain)),
      }),
    };
    findings.push(finding);
  }

  for (const step of steps) {
    if (step.value !== null && step.judged === null)
      notes.push(message('diagnosis.note.no_reference', { what: stepWhat(step) }));
  }

  return { funnel: funnel.id, subject, stages, steps, exposure, weakest, findings, notes };
}

function peerComparison(
  peers: readonly [string, VariableValues][],
  from: string,
  to: string,
  scale: number,
  value: number,
): ReferenceComparison | null {
  const rates = peers.map(([, values]) => rateOf(values, from, to, scale)).filter((rate) => rate !== null);
  if (rates.length === 0) return null;
  return comparison('peers', value, median(rates), { peers: rates.length });
}

function benchmarkComparison(
  benchmarks: readonly Benchmark[],
  kpi: string,
  subject: string | null,
  value: number,
): ReferenceComparison | null {
  const own =
    subject === null ? undefined : benchmarks.find((row) => row.kpi === kpi && row.segment === subject);
  const general = benchmarks.find((row) => row.kpi === kpi && row.segment === 'all');
  const row = own ?? general;
  if (!row) return null;
  return comparison('benchmark', value, row.value, { source: row.source, segment: row.segment });
}

function exposureComparisons(input: FunnelJudgeInput, measure: string): ReferenceComparison[] {
  const value = input.current[measure] ?? 0;
  const found: ReferenceComparison[] = [];
  const previous = comparison(
    'previous_period',
    value,
    input.previous ? (input.previous[measure] ?? 0) : null,
  );
  if (previous) found.push(previous);
  const lastYear = comparison(
    'same_period_last_year',
    value,
    input.lastYear ? (input.lastYear[measure] ?? 0) : null,
  );
  if (lastYear) found.push(lastYear);
  return found;
}

function stepWhat(step: FunnelStepReport): DiagnosisMessage {
  return step.kpi
    ? message('diagnosis.what.kpi', { kpi: step.kpi })
    : message('diagnosis.what.step', { from: step.from.measure, to: step.to.measure });
}

/** The step before held when its rate stayed within the band of its own history. */
function heldBefore(steps: readonly FunnelStepReport[], index: number, holdBand: number): DiagnosisMessage[] {
  const upstream = steps[index - 1];
  if (!upstream) return [];
  const own = upstream.comparisons.find(
    (entry) => entry.basis === 'previous_period' || entry.basis === 'same_period_last_year',
  );
  if (!own || Math.abs(own.gap) > holdBand) return [];
  return [message('diagnosis.clause.held', { what: stepWhat(upstream) })];
}

function weakStepFinding(
  input: FunnelJudgeInput,
  subject: string | null,
  steps: readonly FunnelStepReport[],
  index: number,
  holdBand: number,
): WeakStepFinding {
  const step = steps[index]!;
  return {
    kind: 'weak_step',
    subject,
    funnel: input.funnel.id,
    from: step.from.measure,
    to: step.to.measure,
    ...(step.kpi ? { kpi: step.kpi } : {}),
    value: step.value!,
    unit: step.unit,
    comparisons: step.comparisons,
    judged: step.judged!,
    evidence: message('diagnosis.finding.rate_below', {
      subject: subjectMessage(subject, stepWhat(step)),
      value: step.value!,
      unit: step.unit,
      comparisons: step.comparisons.map((entry) => comparisonMessage(entry, step.unit, input.grain)),
      held: heldBefore(steps, index, holdBand),
    }),
  };
}

/** The last stage collapsed while the stage before it and the cost held. */
function trackingBreakOf(input: FunnelJudgeInput, subject: string | null): TrackingBreakFinding | null {
  if (!input.previous || input.funnel.stages.length < 2) return null;
  const stages = input.funnel.stages;
  const outcome = stages.at(-1)!.measure;
  const before = stages.at(-2)!.measure;
  return detectTrackingBreak({
    subject,
    current: input.current,
    previous: input.previous,
    outcome,
    steady: [...(input.funnel.cost ? [input.funnel.cost] : []), before],
  });
}

export interface ChannelFunnelValues {
  channel: string;
  current: VariableValues;
  previous?: VariableValues;
  lastYear?: VariableValues;
}

/**
 * Judges a funnel for each channel, every other channel being its peers. With one channel
 * there are no peers, and it is judged against its own history and the benchmarks.
 */
export function judgeFunnelByChannel(
  base: Omit<FunnelJudgeInput, 'subject' | 'current' | 'previous' | 'lastYear' | 'peers'>,
  channels: readonly ChannelFunnelValues[],
): FunnelReport[] {
  const peers = Object.fromEntries(channels.map((entry) => [entry.channel, entry.current]));
  return channels.map((entry) =>
    judgeFunnel({
      ...base,
      subject: entry.channel,
      current: entry.current,
      ...(entry.previous ? { previous: entry.previous } : {}),
      ...(entry.lastYear ? { lastYear: entry.lastYear } : {}),
      peers,
    }),
  );
}
