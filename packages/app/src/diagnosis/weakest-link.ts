/**
 * The weakest link of a funnel, per channel: each step's rate (CTR, CVR) judged against the
 * median of the other channels in scope first — the question is which channel falls short of
 * the rest — then against the channel's own history (the previous period, the same period last
 * year) and any benchmarks. A channel alone in scope (a single-channel filter) has no peers and
 * is judged against its own history. The channel itself never counts among its peers, so a
 * channel far below the rest is not pulled towards its own figure (the overview's median of
 * every channel, itself included, is). Findings and advice come from core's funnel judgement
 * and advice rules; every number from the planner.
 */
import {
  advise,
  assertFunnelMeasures,
  type Bilingual,
  BUILTIN_FUNNELS,
  type ComparisonBasis,
  type DiagnosisMessage,
  type FunnelReport,
  type FunnelStepReport,
  findFunnel,
  funnelLadder,
  judgeFunnelByChannel,
  type KpiUnit,
  type Period,
  previousPeriod,
  type ReferenceComparison,
  samePeriodLastYear,
} from '@markpi/core';
import { listBenchmarks } from '@markpi/store';
import { defaultWindow, type WorkspaceContext } from '../workspace.js';
import { DEFAULT_FUNNEL, periodGrain } from './explain-change.js';
import { type AdvicePart, adviceParts, type FindingPart, findingParts, rankFindings } from './findings.js';
import { type Said, say, whyMessage } from './messages.js';
import { fetchSegments, NO_VALUE, pathMessage } from './segments.js';

/** Peers first, then the channel's own history, then benchmarks. */
export const WEAKEST_LINK_ORDER: readonly ComparisonBasis[] = [
  'peers',
  'previous_period',
  'same_period_last_year',
  'benchmark',
];

export interface WeakestLinkRequest {
  from?: string | undefined;
  to?: string | undefined;
  filter?: string | undefined;
  /** A built-in funnel; the paid-conversion funnel (exposure → click → conversion) by default. */
  funnel?: string | undefined;
}

export interface StepPart {
  /** The stage measures the step goes from and to. */
  from: string;
  to: string;
  /** The catalog KPI the step is (ctr, cvr), when there is one. */
  kpi: string | null;
  unit: KpiUnit;
  value: number | null;
  comparisons: ReferenceComparison[];
  judged: ReferenceComparison | null;
}

export interface ChannelFunnelPart {
  channel: string;
  stages: {
    stage: string;
    measure: string;
    value: number;
    previous: number | null;
    lastYear: number | null;
  }[];
  steps: StepPart[];
  /** The first stage's volume against its own history. */
  exposure: ReferenceComparison[];
  /** Index in `steps` of the step furthest below its reference; null when none is below. */
  weakest: number | null;
}

export interface WeakestLinkResult {
  funnel: { id: string; name: Bilingual };
  window: Period;
  previous: Period;
  lastYear: Period;
  filter: string | null;
  /** The references in the order a step is judged by. */
  order: ComparisonBasis[];
  channels: ChannelFunnelPart[];
  /** The step furthest below its reference over every channel; null when none is below. */
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
  findings: FindingPart[];
  advice: AdvicePart[];
  notes: Said[];
  warnings: string[];
}

/** Judges the funnel of every channel in scope (see the module's comment). */
export async function weakestLink(
  workspace: WorkspaceContext,
  request: WeakestLinkRequest = {},
): Promise<WeakestLinkResult> {
  const { catalog } = workspace;
  const funnel = findFunnel(BUILTIN_FUNNELS, request.funnel ?? DEFAULT_FUNNEL);
  assertFunnelMeasures(funnel, catalog);
  const window = await defaultWindow(workspace, request);
  const previous = previousPeriod(window);
  const lastYear = samePeriodLastYear(window);
  const filter = request.filter?.trim() ? request.filter : undefined;
  const said = (message: DiagnosisMessage) => say(catalog, message);

  const [answer, benchmarks] = await Promise.all([
    fetchSegments(workspace, {
      variables: funnelLadder(funnel),
      windows: [window, previous, lastYear],
      filter,
      path: [],
      dimension: 'channel',
    }),
    listBenchmarks(workspace.warehouse),
  ]);
  const channels = answer.segments
    .filter((entry) => entry.segment !== NO_VALUE)
    .sort((a, b) => (a.segment < b.segment ? -1 : a.segment > b.segment ? 1 : 0))
    .map((entry) => ({
      channel: entry.segment,
      current: entry.values[0]!,
      previous: entry.values[1]!,
      lastYear: entry.values[2]!,
    }));
  const grain = periodGrain(window);
  const reports = judgeFunnelByChannel(
    { funnel, catalog, benchmarks, order: WEAKEST_LINK_ORDER, ...(grain ? { grain } : {}) },
    channels,
  );

  let weakest: WeakestLinkResult['weakest'] = null;
  for (const report of reports) {
    if (report.weakest === null) continue;
    const step = report.steps[report.weakest]!;
    if (weakest === null || step.judged!.gap < weakest.judged.gap)
      weakest = {
        channel: report.subject ?? '',
        step: report.weakest,
        from: step.from.measure,
        to: step.to.measure,
        kpi: step.kpi ?? null,
        value: step.value!,
        judged: step.judged!,
      };
  }

  const findings = rankFindings(reports.flatMap((report) => report.findings));
  const advised = advise(findings, { catalog });
  const notes = reports.flatMap((report) =>
    report.notes.map((note) =>
      said(whyMessage('diagnosis.subject.segment', { segment: report.subject ?? '', what: note })),
    ),
  );
  return {
    funnel: { id: funnel.id, name: funnel.name },
    window,
    previous,
    lastYear,
    filter: filter ?? null,
    order: [...WEAKEST_LINK_ORDER],
    channels: reports.map(channelPart),
    weakest,
    summary: said(
      weakest
        ? whyMessage('why.weakest.found', {
            what: whyMessage('diagnosis.subject.segment', {
              segment: pathMessage([{ dimension: 'channel', segment: weakest.channel }]),
              what: weakest.kpi
                ? whyMessage('diagnosis.what.kpi', { kpi: weakest.kpi })
                : whyMessage('diagnosis.what.step', { from: weakest.from, to: weakest.to }),
            }),
            gap: weakest.judged.gap,
            basis: whyMessage(`why.basis.${weakest.judged.basis}`),
          })
        : whyMessage('why.weakest.none'),
    ),
    findings: findingParts(catalog, findings),
    advice: adviceParts(advised, findings),
    notes,
    warnings: answer.warnings,
  };
}

function stepPart(step: FunnelStepReport): StepPart {
  return {
    from: step.from.measure,
    to: step.to.measure,
    kpi: step.kpi ?? null,
    unit: step.unit,
    value: step.value,
    comparisons: step.comparisons,
    judged: step.judged,
  };
}

function channelPart(report: FunnelReport): ChannelFunnelPart {
  return {
    channel: report.subject ?? '',
    stages: report.stages.map((entry) => ({
      stage: entry.stage.id,
      measure: entry.stage.measure,
      value: entry.value,
      previous: entry.previous,
      lastYear: entry.lastYear,
    })),
    steps: report.steps.map(stepPart),
    exposure: report.exposure,
    weakest: report.weakest,
  };
}
