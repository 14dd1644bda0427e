/**
 * Weighted scorecards: one score per campaign, channel, creator or team from the template's
 * KPIs. Each KPI scores its attainment against its target in the KPI's direction, capped; a
 * KPI that cannot be scored (no data, no target, not available for this cut) hands its weight
 * to the others in proportion to theirs, and the entity is flagged so nobody mistakes a
 * two-KPI score for a three-KPI one.
 */
import type { Direction } from '../catalog/schema.js';
import { MarkpiError } from '../errors.js';
import { english, type Message, message, term } from '../targets/messages.js';
import { attainment, cappedAttainment } from './attainment.js';
import type { ScorecardTemplate } from './templates.js';

/** Default cap on one KPI's attainment: 120%, so over-delivery counts but can't carry a card. */
export const DEFAULT_ATTAINMENT_CAP = 1.2;

export interface ScoreKpiInput {
  /** The KPI's value for the entity and period, as the KPI engine computed it. */
  actual: number | null;
  target: number | null;
  /** Set when the KPI cannot be computed for this cut at all (its fact lacks the dimension). */
  unavailable?: string;
  /** `unavailable` as a message, when the reason has one (`dimensionUnavailableReason`). */
  unavailableMessage?: Message;
  /** The engine's flag on the value, e.g. `upper_bound` for reach summed over days. */
  flag?: string | null;
  /** Where the target came from (a stored target's id, "common target"), for the reader. */
  targetSource?: string;
  /**
   * What `target` is: a target someone set (the default), or, when none was set, a baseline
   * standing in for one — the entity's own history or its peers' median. Scored the same way,
   * labelled so nobody reads a baseline as a promise.
   */
  basis?: ScoreBasis;
  /** Why the baseline is what it is (its window, its number of peers); said as the KPI's note. */
  basisNote?: Message;
}

export const SCORE_BASES = ['target', 'own_history', 'peers_median'] as const;
export type ScoreBasis = (typeof SCORE_BASES)[number];

export interface ScoreEntityInput {
  entity: string;
  label?: string;
  kpis: Readonly<Record<string, ScoreKpiInput>>;
}

export interface ScoreOptions {
  /** Highest attainment one KPI can count for (default 1.2). */
  cap?: number;
}

export type KpiScoreStatus = 'scored' | 'no_data' | 'no_target' | 'unavailable';

export interface KpiScore {
  kpi: string;
  direction: Direction;
  /** The template's weight. */
  weight: number;
  /** The weight after shares of unscored KPIs were handed on; 0 when not scored. */
  effectiveWeight: number;
  actual: number | null;
  target: number | null;
  /** Attainment before capping; null when not scored or unbounded (a cost of 0). */
  attainment: number | null;
  /** Attainment as counted: floored at 0, capped. */
  counted: number | null;
  /** effectiveWeight × counted. */
  points: number | null;
  status: KpiScoreStatus;
  note?: string;
  /** `note` as a message, to say in the reader's language. */
  noteMessage?: Message;
  flag?: string;
  targetSource?: string;
  /** What `target` is when there is one: a set target or a baseline standing in for it. */
  basis?: ScoreBasis;
}

export interface EntityScore {
  entity: string;
  label: string;
  /** Weighted attainment, 1 = every KPI exactly on target; null when nothing could be scored. */
  score: number | null;
  /** 1 = best; equal scores share a rank (1, 2, 2, 4). Null when there is no score. */
  rank: number | null;
  /** Share of the template's weight that was actually scored. */
  coverage: number;
  kpis: KpiScore[];
  flags: string[];
  /** `flags` as messages, in the same order. */
  flagMessages: Message[];
}

/** A KPI's note in English and as a message. */
function noted(said: Message): Pick<KpiScore, 'note' | 'noteMessage'> {
  return { note: english(said), noteMessage: said };
}

export function scoreEntity(
  template: ScorecardTemplate,
  directionOf: (kpi: string) => Direction,
  input: ScoreEntityInput,
  options: ScoreOptions = {},
): EntityScore {
  const cap = options.cap ?? DEFAULT_ATTAINMENT_CAP;
  if (!(cap > 0) || !Number.isFinite(cap)) {
    throw new MarkpiError('invalid_cap', `attainment cap must be a positive number, not ${cap}`);
  }
  const partial = template.items.map((item): KpiScore => {
    const given = input.kpis[item.kpi];
    const direction = directionOf(item.kpi);
    const target = given?.target ?? null;
    const base = {
      kpi: item.kpi,
      direction,
      weight: item.weight,
      effectiveWeight: 0,
      actual: given?.actual ?? null,
      target,
      attainment: null,
      counted: null,
      points: null,
      ...(given?.flag ? { flag: given.flag } : {}),
      ...(given?.targetSource ? { targetSource: given.targetSource } : {}),
      ...(target !== null ? { basis: given?.basis ?? 'target' } : {}),
    };
    if (given?.unavailable)
      return {
        ...base,
        status: 'unavailable',
        ...noted(
          given.unavailableMessage ?? message('scorecard.note.unavailable', { reason: given.unavailable }),
        ),
      };
    if (base.actual === null)
      return { ...base, status: 'no_data', ...noted(message('scorecard.note.no_data', {})) };
    if (base.target === null)
      return { ...base, status: 'no_target', ...noted(message('scorecard.note.no_target', {})) };
    const raw = attainment(direction, base.actual, base.target);
    if (raw === null)
      return {
        ...base,
        status: 'no_target',
        ...noted(message('scorecard.note.unscorable_target', { target: base.target })),
      };
    const counted = raw === Number.POSITIVE_INFINITY ? cap : cappedAttainment(raw, cap);
    const said =
      raw === Number.POSITIVE_INFINITY
        ? message('scorecard.note.free', {})
        : raw > cap
          ? message('scorecard.note.capped', { cap })
          : given?.basis && given.basis !== 'target' && given.basisNote
            ? given.basisNote
            : undefined;
    return {
      ...base,
      attainment: Number.isFinite(raw) ? raw : null,
      counted,
      status: 'scored',
      ...(said ? noted(said) : {}),
    };
  });
  const scoredWeight = partial
    .filter((kpi) => kpi.status === 'scored')
    .reduce((sum, kpi) => sum + kpi.weight, 0);
  const kpis = partial.map((kpi) => {
    if (kpi.status !== 'scored' || scoredWeight === 0) return kpi;
    const effectiveWeight = kpi.weight / scoredWeight;
    return { ...kpi, effectiveWeight, points: effectiveWeight * kpi.counted! };
  });
  const score = scoredWeight > 0 ? kpis.reduce((sum, kpi) => sum + (kpi.points ?? 0), 0) : null;
  const flagMessages: Message[] = [];
  const unscored = kpis.filter((kpi) => kpi.status !== 'scored');
  const scoredNames = kpis.filter((kpi) => kpi.status === 'scored').map((kpi) => kpi.kpi);
  for (const kpi of unscored) {
    const why = term(
      kpi.status === 'no_data'
        ? 'scorecard.why.no_data'
        : kpi.status === 'no_target'
          ? 'scorecard.why.no_target'
          : 'scorecard.why.unavailable',
      {},
    );
    flagMessages.push(
      scoredNames.length > 0
        ? message('scorecard.flag.shared', { kpi: kpi.kpi, why, weight: kpi.weight, kpis: scoredNames })
        : message('scorecard.flag.unscored', { kpi: kpi.kpi, why }),
    );
  }
  for (const kpi of kpis) {
    if (kpi.status === 'scored' && kpi.flag)
      flagMessages.push(message('scorecard.flag.approximate', { kpi: kpi.kpi, flag: kpi.flag }));
  }
  for (const kpi of kpis) {
    if (kpi.status === 'scored' && kpi.basis !== undefined && kpi.basis !== 'target')
      flagMessages.push(
        message('scorecard.flag.baseline', {
          kpi: kpi.kpi,
          basis: term(
            kpi.basis === 'own_history' ? 'scorecard.basis.own_history' : 'scorecard.basis.peers_median',
            {},
          ),
        }),
      );
  }
  if (score === null) flagMessages.push(message('scorecard.flag.nothing_scored', {}));
  return {
    entity: input.entity,
    label: input.label ?? input.entity,
    score,
    rank: null,
    coverage: scoredWeight,
    kpis,
    flags: flagMessages.map(english),
    flagMessages,
  };
}

/** Best first; equal scores share a rank; entities without a score come last, unranked. */
export function rankScores(scores: readonly EntityScore[]): EntityScore[] {
  const sorted = [...scores].sort((a, b) => {
    if (a.score === null || b.score === null)
      return a.score === null ? (b.score === null ? a.entity.localeCompare(b.entity) : 1) : -1;
    return b.score - a.score || a.entity.localeCompare(b.entity);
  });
  let previous: EntityScore | undefined;
  return sorted.map((entry, index) => {
    if (entry.score === null) return { ...entry, rank: null };
    // Scores equal to the display precision share a rank, so ties aren't decided by float noise.
    const tied =
      previous?.score !== null && previous !== undefined && Math.abs(previous.score! - entry.score) < 1e-9;
    const ranked = { ...entry, rank: tied ? previous!.rank : index + 1 };
    previous = ranked;
    return ranked;
  });
}

export function scoreEntities(
  template: ScorecardTemplate,
  directionOf: (kpi: string) => Direction,
  inputs: readonly ScoreEntityInput[],
  options: ScoreOptions = {},
): EntityScore[] {
  return rankScores(inputs.map((input) => scoreEntity(template, directionOf, input, options)));
}
