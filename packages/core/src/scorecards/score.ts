/**
 * Weighted scorecards: one score per campaign, channel, creator or team from the template's
 * KPIs. Each KPI scores its attainment against its target in the KPI's direction, capped; a
 * KPI that cannot be scored (no data, no target, not available for this cut) hands its weight
 * to the others in proportion to theirs, and the entity is flagged so nobody mistakes a
 * two-KPI score for a three-KPI one.
 */
import type { Direction } from '../catalog/schema.js';
import { MarkpiError } from '../errors.js';
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
  /** The engine's flag on the value, e.g. `upper_bound` for reach summed over days. */
  flag?: string | null;
  /** Where the target came from (a stored target's id, "common target"), for the reader. */
  targetSource?: string;
}

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
  flag?: string;
  targetSource?: string;
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
}

function percent(weight: number): string {
  return `${Math.round(weight * 1000) / 10}%`;
}

function listNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
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
    const base = {
      kpi: item.kpi,
      direction,
      weight: item.weight,
      effectiveWeight: 0,
      actual: given?.actual ?? null,
      target: given?.target ?? null,
      attainment: null,
      counted: null,
      points: null,
      ...(given?.flag ? { flag: given.flag } : {}),
      ...(given?.targetSource ? { targetSource: given.targetSource } : {}),
    };
    if (given?.unavailable) return { ...base, status: 'unavailable', note: given.unavailable };
    if (base.actual === null) return { ...base, status: 'no_data', note: 'no data for this period' };
    if (base.target === null) return { ...base, status: 'no_target', note: 'no target set' };
    const raw = attainment(direction, base.actual, base.target);
    if (raw === null)
      return {
        ...base,
        status: 'no_target',
        note: `target ${base.target} cannot be scored (must be above 0)`,
      };
    const counted = raw === Number.POSITIVE_INFINITY ? cap : cappedAttainment(raw, cap);
    return {
      ...base,
      attainment: Number.isFinite(raw) ? raw : null,
      counted,
      status: 'scored',
      ...(raw === Number.POSITIVE_INFINITY
        ? { note: 'a cost of 0 counts as the cap' }
        : raw > cap
          ? { note: `capped at ${percent(cap)}` }
          : {}),
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

  const flags: string[] = [];
  const unscored = kpis.filter((kpi) => kpi.status !== 'scored');
  const scoredNames = kpis.filter((kpi) => kpi.status === 'scored').map((kpi) => kpi.kpi);
  for (const kpi of unscored) {
    const why =
      kpi.status === 'no_data'
        ? 'has no data'
        : kpi.status === 'no_target'
          ? 'has no target'
          : 'is not available';
    flags.push(
      scoredNames.length > 0
        ? `${kpi.kpi} ${why}: its ${percent(kpi.weight)} is shared among ${listNames(scoredNames)}`
        : `${kpi.kpi} ${why}`,
    );
  }
  for (const kpi of kpis) {
    if (kpi.status === 'scored' && kpi.flag)
      flags.push(`${kpi.kpi} is approximate (${kpi.flag.replace('_', ' ')})`);
  }
  if (score === null) flags.push('nothing could be scored');
  return {
    entity: input.entity,
    label: input.label ?? input.entity,
    score,
    rank: null,
    coverage: scoredWeight,
    kpis,
    flags,
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
