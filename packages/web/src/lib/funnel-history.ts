/**
 * The overview's funnel when one channel is in scope. Its steps can't be judged against the
 * median of the channels in scope — the median of one channel is the channel — so they are judged
 * as the weakest-link answer judges a channel alone: against its own previous period first, then
 * the same period last year, then benchmarks. This pairs each of the overview's rate stages with
 * the step of that answer that leads into it.
 */
import type { Overview, ReferenceComparison, WeakestLink } from '../api/types';

export interface StageJudgement {
  /** The overview's stage: `click` or `conversion`. */
  stage: string;
  /** The step's KPI (ctr, cvr), when it is one. */
  kpi: string | null;
  value: number | null;
  judged: ReferenceComparison | null;
  /** The channel's step furthest below its reference (and below it). */
  weakest: boolean;
}

/** Whether the funnel's steps have no other channel to be compared with. */
export function isSingleChannel(funnel: Overview['funnel']): boolean {
  return funnel.channels.length === 1;
}

/**
 * Each rate stage of the overview's one channel with its judgement from the weakest-link
 * answer, matched by the measure the step leads to (`clicks`, `conversions`). Empty when the
 * answer has no such channel.
 */
export function judgeStages(funnel: Overview['funnel'], answer: WeakestLink): StageJudgement[] {
  const shown = funnel.channels[0];
  const judged = answer.channels.find((entry) => entry.channel === shown?.channel);
  if (!shown || !judged) return [];
  return shown.stages.flatMap((stage) => {
    if (stage.rateKpi === null) return [];
    const index = judged.steps.findIndex((step) => step.to === stage.kpi);
    const step = judged.steps[index];
    if (!step) return [];
    return [
      {
        stage: stage.stage,
        kpi: step.kpi,
        value: step.value,
        judged: step.judged,
        weakest: judged.weakest === index && step.judged !== null && step.judged.gap < 0,
      },
    ];
  });
}
