/**
 * "Why did this KPI move": a KPI's change between a window and the one it is compared with,
 * taken apart three ways and answered with what to do.
 *
 * 1. By formula (core `decomposeKpiChange`): the change split exactly over the factors of the
 *    KPI's formula — a funnel chain for ratios such as ROAS or CPA (LMDI, parts add up).
 * 2. By segment (core `drillDownKpi`): split over channels, then followed down into the segment
 *    that explains most of it — campaign, then ad group or creator, then content by default, or
 *    the dimensions asked for, each within the one before — while one segment explains at least
 *    half of what is left. The drivers are every segment split out and not followed further:
 *    their parts add up to the change.
 * 3. By funnel (core `judgeFunnelByChannel`): each channel's funnel steps against its own
 *    history (the compared window) first, then its peers (the other channels in scope) and any
 *    benchmarks, and the tracking-break pattern (conversions collapse while spend and clicks
 *    hold). Findings are kept for the channels that moved the KPI the way it moved, by at least
 *    `FINDING_MIN_SHARE` of the change; the rest are named in a note.
 * Findings become advice through core's rules (a tracking break silences the advice a collapse in
 * conversions would otherwise get).
 *
 * Conventions: the window defaults to the workspace's (30 days to the last day with data); the
 * compared window is the previous period of equal length (whole months when the window is whole
 * months) or the same dates a year earlier. Every number comes from the planner: the formula's
 * inputs over the whole scope, and per segment, one query per window.
 */
import {
  addDays,
  advise,
  analyzeKpiFormula,
  type Bilingual,
  BUILTIN_FUNNELS,
  type ChannelFunnelValues,
  type Comparison,
  type DiagnosisMessage,
  type Direction,
  type DrillLevel,
  type DrillResult,
  type Driver,
  decomposeKpiBySegment,
  decomposeKpiChange,
  drillDownKpi,
  type FactorContribution,
  type Finding,
  type FormulaMethod,
  type Funnel,
  factorName,
  funnelLadder,
  funnelProblems,
  isMarkpiError,
  isMonthEnd,
  isMonthStart,
  judgeFunnelByChannel,
  type KpiSegmentShape,
  type KpiUnit,
  kpiSegmentShape,
  MarkpiError,
  type MeasureSegmentRow,
  type PathStep,
  type Period,
  type PeriodGrain,
  periodDays,
  previousPeriod,
  type SegmentShape,
  type SegmentStatus,
  samePeriodLastYear,
  type VariableValues,
  wholeMonthsBetween,
} from '@markpi/core';
import { listBenchmarks } from '@markpi/store';
import { defaultWindow, type WorkspaceContext } from '../workspace.js';
import { type AdvicePart, adviceParts, type FindingPart, findingParts, rankFindings } from './findings.js';
import { fetchInputs } from './inputs.js';
import { type Said, say, whyMessage } from './messages.js';
import {
  fetchSegments,
  MAX_PATH_DEPTH,
  NO_VALUE,
  pathMessage,
  type SegmentValues,
  sayPath,
  segmentLabels,
} from './segments.js';

/** channel → campaign → ad group or creator → content. */
export const DEFAULT_HIERARCHY: readonly DrillLevel[] = [
  {
    dimension: 'channel',
    children: [
      {
        dimension: 'campaign',
        children: [
          { dimension: 'ad_group', children: [{ dimension: 'content' }] },
          { dimension: 'creator', children: [{ dimension: 'content' }] },
        ],
      },
    ],
  },
];

/** Findings are kept for channels behind at least this share of the change, in its direction. */
export const FINDING_MIN_SHARE = 0.1;

/** Drivers listed one by one; the rest are summed in a note. */
export const DRIVER_LIMIT = 10;

/** The funnel findings are judged on when the KPI's formula follows none. */
export const DEFAULT_FUNNEL = 'paid_conversion';

export interface ExplainChangeRequest {
  kpi: string;
  from?: string | undefined;
  to?: string | undefined;
  /** The window the change is measured against; `previous` by default. */
  compare?: Comparison | undefined;
  filter?: string | undefined;
  /** Dimensions to split by, each within the one before; the default hierarchy when absent or empty. */
  by?: readonly string[] | undefined;
}

export interface HierarchyLevel {
  dimension: string;
  /** Index in the list of the level whose segments this one splits; null at the top. */
  parent: number | null;
}

/** The tree as a list, parents before children. */
export function flattenHierarchy(levels: readonly DrillLevel[]): HierarchyLevel[] {
  const flat: HierarchyLevel[] = [];
  const visit = (entries: readonly DrillLevel[], parent: number | null) => {
    for (const level of entries) {
      flat.push({ dimension: level.dimension, parent });
      visit(level.children ?? [], flat.length - 1);
    }
  };
  visit(levels, null);
  return flat;
}

/** A path step with the segment's readable name, when it has one. */
export interface LabelledStep extends PathStep {
  label?: string;
}

export interface FactorPart extends FactorContribution {
  name: Bilingual;
}

export interface FactorGroupPart {
  kpi: string;
  name: Bilingual;
  numerator: string;
  denominator: string;
  scale: number;
  exponent: number;
  /** Indexes of the factors the group spans. */
  factors: number[];
  before: number | null;
  after: number | null;
  contribution: number;
  share: number | null;
}

export interface FormulaPart {
  method: FormulaMethod;
  /** `funnel`: the parts are the funnel chain's steps; `formula`: the formula's own inputs. */
  basis: 'funnel' | 'formula';
  funnel: string | null;
  factors: FactorPart[];
  groups: FactorGroupPart[];
  notes: Said[];
}

export interface DriverPart {
  path: LabelledStep[];
  /** The path said in each language: "Meta › ao-meta". */
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

export interface DrillStepPart {
  path: LabelledStep[];
  /** The part of the change left to explain inside this segment. */
  part: number;
  considered: { dimension: string; top: string | null; topShare: number | null }[];
  dimension: string;
  mix: number | null;
  rate: number | null;
  descended: string | null;
}

export interface SegmentPart {
  shape: SegmentShape;
  /** The ratio's change split into mix (where the denominator went) and rate (segments' own ratios). */
  mix: number | null;
  rate: number | null;
  steps: DrillStepPart[];
  /** Largest part first, at most `DRIVER_LIMIT`. */
  drivers: DriverPart[];
  /** The drivers not listed: how many, and their parts summed. */
  otherDrivers: { count: number; contribution: number };
  notes: Said[];
}

export interface ChangeExplanation {
  kpi: { id: string; name: Bilingual; unit: KpiUnit; direction: Direction };
  compare: Comparison;
  /** The window explained, and the one it is compared with. */
  window: Period;
  earlier: Period;
  filter: string | null;
  /** The dimensions split by, as a tree: each level with the index of the level it splits. */
  hierarchy: HierarchyLevel[];
  before: number | null;
  after: number | null;
  change: number | null;
  /** change / |before|; null when before is 0 or either has no value. */
  relativeChange: number | null;
  /** How it moved, and its largest part by formula and by segment. */
  summary: Said[];
  formula: FormulaPart;
  /** Null when the KPI cannot be split over segments (see `notes`). */
  segments: SegmentPart | null;
  findings: FindingPart[];
  advice: AdvicePart[];
  notes: Said[];
  warnings: string[];
}

/** The earlier window a comparison names. */
export function comparedWindow(window: Period, compare: Comparison): Period {
  return compare === 'previous' ? previousPeriod(window) : samePeriodLastYear(window);
}

/** Names the previous period by the window's length: "last week" for 7 days, "last month" for a month. */
export function periodGrain(window: Period): PeriodGrain | undefined {
  const days = periodDays(window);
  if (days === 1) return 'day';
  if (days === 7) return 'week';
  if (!isMonthStart(window.from) || !isMonthEnd(window.to)) return undefined;
  const months = wholeMonthsBetween(window.from, addDays(window.to, 1));
  const month = Number(window.from.slice(5, 7));
  if (months === 1) return 'month';
  if (months === 3 && month % 3 === 1) return 'quarter';
  if (months === 12 && month === 1) return 'year';
  return undefined;
}

/** Each dimension within the one before. */
function chainOf(dimensions: readonly string[]): DrillLevel[] {
  let levels: DrillLevel[] = [];
  for (const dimension of [...dimensions].reverse())
    levels = [{ dimension, ...(levels.length > 0 ? { children: levels } : {}) }];
  return levels;
}

/** The hierarchy without the dimensions the KPI's facts lack; a dropped level's children move up. */
function pruneLevels(levels: readonly DrillLevel[], carried: (dimension: string) => boolean): DrillLevel[] {
  const pruned: DrillLevel[] = [];
  for (const level of levels) {
    const children = pruneLevels(level.children ?? [], carried);
    if (carried(level.dimension))
      pruned.push({ dimension: level.dimension, ...(children.length > 0 ? { children } : {}) });
    else
      for (const child of children)
        if (!pruned.some((entry) => entry.dimension === child.dimension)) pruned.push(child);
  }
  return pruned;
}

/** The measures a KPI reads, its referenced KPIs' included. */
function kpiMeasures(workspace: WorkspaceContext, kpiId: string, seen = new Set<string>()): Set<string> {
  const measures = new Set<string>();
  if (seen.has(kpiId)) return measures;
  seen.add(kpiId);
  const kpi = workspace.catalog.kpi(kpiId);
  for (const measure of kpi.references.measures) measures.add(measure);
  for (const referenced of kpi.references.kpis) {
    if (workspace.catalog.measures.has(referenced)) measures.add(referenced);
    else for (const measure of kpiMeasures(workspace, referenced, seen)) measures.add(measure);
  }
  return measures;
}

function hierarchyFor(
  workspace: WorkspaceContext,
  kpiId: string,
  by: readonly string[] | undefined,
): DrillLevel[] {
  const { catalog } = workspace;
  if (by && by.length > 0) {
    const dimensions = [...new Set(by)];
    for (const dimension of dimensions) catalog.dimension(dimension);
    if (dimensions.length > MAX_PATH_DEPTH) {
      throw new MarkpiError('invalid_request', `split by at most ${MAX_PATH_DEPTH} dimensions`, [
        {
          message: `${dimensions.length} dimensions: ${dimensions.join(', ')}`,
          path: 'by',
          hint: `name at most ${MAX_PATH_DEPTH}, each within the one before`,
        },
      ]);
    }
    return chainOf(dimensions);
  }
  const facts = [...kpiMeasures(workspace, kpiId)].map((measure) => catalog.measures.get(measure)!.fact);
  return pruneLevels(DEFAULT_HIERARCHY, (dimension) =>
    facts.every((fact) => catalog.factsWithDimension(dimension).includes(fact)),
  );
}

/** The funnel a KPI's chain follows, else the paid-conversion funnel. */
function funnelFor(funnel: string | undefined): Funnel {
  return (
    BUILTIN_FUNNELS.find((entry) => entry.id === funnel) ??
    BUILTIN_FUNNELS.find((entry) => entry.id === DEFAULT_FUNNEL)!
  );
}

/** Explains a KPI's change (see the module's comment). */
export async function explainChange(
  workspace: WorkspaceContext,
  request: ExplainChangeRequest,
): Promise<ChangeExplanation> {
  const { catalog } = workspace;
  const kpi = catalog.kpi(request.kpi);
  const compare = request.compare ?? 'previous';
  const window = await defaultWindow(workspace, request);
  const earlier = comparedWindow(window, compare);
  const windows = [earlier, window];
  const filter = request.filter?.trim() ? request.filter : undefined;
  const hierarchy = hierarchyFor(workspace, kpi.id, request.by);
  const warnings = new Set<string>();
  const notes: Said[] = [];
  const said = (message: DiagnosisMessage) => say(catalog, message);

  const formula = analyzeKpiFormula(catalog, kpi.id);
  let shape: KpiSegmentShape | null = null;
  try {
    shape = kpiSegmentShape(catalog, kpi.id);
  } catch (error) {
    if (!isMarkpiError(error) || error.code !== 'kpi_not_segmentable') throw error;
    notes.push(said(whyMessage('why.note.not_segmentable', { kpi: kpi.id })));
  }
  const funnel = funnelFor(formula.kind === 'product' ? formula.chain?.funnel : undefined);
  const missing = funnelProblems(funnel, catalog);
  const funnelMeasures = missing.length === 0 ? funnelLadder(funnel) : [];
  if (missing.length > 0) {
    const measures = funnelLadder(funnel).filter((measure) => !catalog.measures.has(measure));
    notes.push(said(whyMessage('why.note.funnel_missing', { funnel: funnel.id, measures })));
  }
  const carriesChannel = [...kpiMeasures(workspace, kpi.id), ...funnelMeasures].every((measure) =>
    catalog.factsWithDimension('channel').includes(catalog.measures.get(measure)!.fact),
  );

  // Each level's rows, asked once: the drill and the funnel share the channel level.
  const segmentVariables = shape?.inputs ?? [];
  const levels = new Map<string, Promise<SegmentValues[]>>();
  const level = (path: readonly PathStep[], dimension: string): Promise<SegmentValues[]> => {
    const key = JSON.stringify([path, dimension]);
    let found = levels.get(key);
    if (!found) {
      const variables =
        path.length === 0 && dimension === 'channel'
          ? [...new Set([...segmentVariables, ...funnelMeasures])]
          : segmentVariables;
      found = fetchSegments(workspace, { variables, windows, filter, path, dimension }).then((answer) => {
        for (const warning of answer.warnings) warnings.add(warning);
        return answer.segments;
      });
      levels.set(key, found);
    }
    return found;
  };
  const measureRows = (segments: readonly SegmentValues[]): MeasureSegmentRow[] =>
    segments.map((entry) => ({ segment: entry.segment, before: entry.values[0]!, after: entry.values[1]! }));

  const [totals, channelLevel, benchmarks] = await Promise.all([
    Promise.all(
      windows.map((entry) => fetchInputs(workspace, { variables: formula.inputs, window: entry, filter })),
    ),
    carriesChannel ? level([], 'channel') : Promise.resolve([]),
    funnelMeasures.length > 0 ? listBenchmarks(workspace.warehouse) : Promise.resolve([]),
  ]);
  for (const answer of totals) for (const warning of answer.warnings) warnings.add(warning);
  const [totalBefore, totalAfter] = totals.map((answer) => answer.rows[0]?.values ?? {}) as [
    VariableValues,
    VariableValues,
  ];

  const decomposition = decomposeKpiChange(formula, totalBefore, totalAfter);
  const { before, after, change } = decomposition;
  const relativeChange =
    change === null || before === null || before === 0 ? null : change / Math.abs(before);

  let segments: SegmentPart | null = null;
  let drill: DrillResult | null = null;
  if (shape && hierarchy.length > 0) {
    drill = await drillDownKpi(shape, {
      levels: hierarchy,
      rows: async ({ path, dimension }) => measureRows(await level(path, dimension)),
    });
  }

  // Findings: every channel judged with the others as peers; kept for those behind the change.
  const funnelChannels: ChannelFunnelValues[] = channelLevel
    .filter((entry) => entry.segment !== NO_VALUE)
    .map((entry) => ({
      channel: entry.segment,
      current: entry.values[1]!,
      ...(compare === 'previous' ? { previous: entry.values[0]! } : { lastYear: entry.values[0]! }),
    }));
  let findings: Finding[] = [];
  if (funnelMeasures.length > 0) {
    if (funnelChannels.length === 0 && carriesChannel) notes.push(said(whyMessage('why.note.no_channels')));
    const grain = periodGrain(window);
    const reports = judgeFunnelByChannel(
      { funnel, catalog, benchmarks, ...(grain ? { grain } : {}) },
      funnelChannels,
    );
    const relevant = relevantChannels(shape, channelLevel, measureRows);
    const leftOut: string[] = [];
    for (const report of reports) {
      if (report.findings.length === 0) continue;
      if (relevant === null || relevant.has(report.subject ?? '')) findings.push(...report.findings);
      else leftOut.push(report.subject ?? '');
    }
    if (leftOut.length > 0)
      notes.push(
        said(
          whyMessage('why.note.findings_left_out', {
            channels: leftOut.map((channel) => pathMessage([{ dimension: 'channel', segment: channel }])),
            kpi: kpi.id,
            share: FINDING_MIN_SHARE,
          }),
        ),
      );
  }
  findings = rankFindings(findings);
  const advised = advise(findings, { catalog });

  const labels = await segmentLabels(workspace, [
    ...(drill?.steps.map((step) => step.path) ?? []),
    ...(drill?.drivers.slice(0, DRIVER_LIMIT).map((driver) => driver.path) ?? []),
  ]);
  const labelled = (path: readonly PathStep[]): LabelledStep[] =>
    path.map((step) => {
      const label = labels.get(step.dimension)?.get(step.segment);
      return label === undefined ? { ...step } : { ...step, label };
    });

  if (drill) {
    const shown = drill.drivers.slice(0, DRIVER_LIMIT);
    const rest = drill.drivers.slice(DRIVER_LIMIT);
    const otherDrivers = {
      count: rest.length,
      contribution: rest.reduce((sum, driver) => sum + driver.contribution, 0),
    };
    const segmentNotes = drill.notes.map(said);
    if (otherDrivers.count > 0)
      segmentNotes.push(
        said(
          whyMessage('why.note.other_drivers', {
            count: otherDrivers.count,
            contribution: otherDrivers.contribution,
            unit: kpi.unit,
          }),
        ),
      );
    const top = drill.steps[0]?.decomposition;
    segments = {
      shape: drill.shape,
      mix: top?.mix ?? null,
      rate: top?.rate ?? null,
      steps: drill.steps.map((step) => ({
        path: labelled(step.path),
        part: step.part,
        considered: step.considered,
        dimension: step.dimension,
        mix: step.decomposition.mix,
        rate: step.decomposition.rate,
        descended: step.descended,
      })),
      drivers: shown.map((driver) =>
        driverPart(driver, labelled(driver.path), sayPath(catalog, driver.path)),
      ),
      otherDrivers,
      notes: segmentNotes,
    };
  }

  const formulaPart: FormulaPart = {
    method: decomposition.method,
    basis: decomposition.basis,
    funnel: decomposition.funnel ?? null,
    factors: decomposition.parts.map((part) => ({ ...part, name: factorName(catalog, part) })),
    groups: decomposition.groups.map((group) => ({
      kpi: group.kpi,
      name: catalog.kpi(group.kpi).name,
      numerator: group.numerator,
      denominator: group.denominator,
      scale: group.scale,
      exponent: group.exponent,
      factors: group.factors,
      before: group.before,
      after: group.after,
      contribution: group.contribution,
      share: group.share,
    })),
    notes: decomposition.notes.map(said),
  };

  return {
    kpi: { id: kpi.id, name: kpi.name, unit: kpi.unit, direction: kpi.direction },
    compare,
    window,
    earlier,
    filter: filter ?? null,
    hierarchy: flattenHierarchy(hierarchy),
    before,
    after,
    change,
    relativeChange,
    summary: summaryOf(
      kpi.id,
      kpi.unit,
      { before, after, change, relativeChange },
      window,
      earlier,
      formulaPart,
      segments,
    ).map(said),
    formula: formulaPart,
    segments,
    findings: findingParts(catalog, findings),
    advice: adviceParts(advised, findings),
    notes,
    warnings: [...warnings],
  };
}

/**
 * Channels whose part of the change (split over channels) goes the change's way and is at least
 * `FINDING_MIN_SHARE` of it; null (every channel) when there is no change to share or no split.
 */
function relevantChannels(
  shape: KpiSegmentShape | null,
  channelLevel: readonly SegmentValues[],
  measureRows: (segments: readonly SegmentValues[]) => MeasureSegmentRow[],
): Set<string> | null {
  if (!shape || channelLevel.length === 0) return null;
  const split = decomposeKpiBySegment(shape, measureRows(channelLevel));
  if (split.change === null || split.split === 0) return null;
  const whole = split.split;
  return new Set(
    split.segments
      .filter((segment) => segment.contribution / whole >= FINDING_MIN_SHARE)
      .map((segment) => segment.segment),
  );
}

function driverPart(driver: Driver, path: LabelledStep[], where: Said): DriverPart {
  return {
    path,
    where,
    segment: driver.segment,
    before: driver.before,
    after: driver.after,
    weightBefore: driver.weightBefore,
    weightAfter: driver.weightAfter,
    mix: driver.mix,
    rate: driver.rate,
    contribution: driver.contribution,
    share: driver.share,
    shareOfChange: driver.shareOfChange,
    status: driver.status,
  };
}

function summaryOf(
  kpi: string,
  unit: KpiUnit,
  totals: Pick<ChangeExplanation, 'before' | 'after' | 'change' | 'relativeChange'>,
  window: Period,
  earlier: Period,
  formula: FormulaPart,
  segments: SegmentPart | null,
): DiagnosisMessage[] {
  const windowText = (period: Period) => whyMessage('why.window', { from: period.from, to: period.to });
  const { before, after, change, relativeChange } = totals;
  if (before === null || after === null || change === null) {
    return [
      whyMessage('why.summary.no_value', { kpi, window: windowText(before === null ? earlier : window) }),
    ];
  }
  const common = { kpi, before, after, unit, window: windowText(window), earlier: windowText(earlier) };
  if (change === 0) return [whyMessage('why.summary.unchanged', common)];
  const lines: DiagnosisMessage[] = [
    relativeChange === null
      ? whyMessage('why.summary.changed_from_zero', common)
      : whyMessage('why.summary.changed', { ...common, change: relativeChange }),
  ];
  const factor = largestWithSign(formula.factors, change);
  if (factor && formula.factors.length > 1)
    lines.push(
      whyMessage('why.lead.factor', {
        factor: factorMessage(factor),
        share: factor.contribution / change,
        contribution: factor.contribution,
        unit,
      }),
    );
  const driver = segments ? largestWithSign(segments.drivers, change) : undefined;
  if (driver)
    lines.push(
      whyMessage('why.lead.driver', {
        path: driver.where.message,
        share: driver.contribution / change,
        contribution: driver.contribution,
        unit,
      }),
    );
  return lines;
}

/** A factor by name: its KPI ("CTR"), or its measures ("conversion value ÷ conversions"). */
function factorMessage(factor: FactorPart): DiagnosisMessage {
  if (factor.kpi) return whyMessage('diagnosis.what.kpi', { kpi: factor.kpi });
  if (factor.denominator)
    return whyMessage('diagnosis.what.factor', {
      numerator: factor.numerator,
      denominator: factor.denominator,
    });
  return whyMessage('diagnosis.what.measure', { measure: factor.numerator });
}

/** The part with the largest contribution in the change's direction. */
function largestWithSign<T extends { contribution: number }>(
  parts: readonly T[],
  change: number,
): T | undefined {
  let best: T | undefined;
  for (const part of parts) {
    if (part.contribution * change <= 0) continue;
    if (!best || Math.abs(part.contribution) > Math.abs(best.contribution)) best = part;
  }
  return best;
}
