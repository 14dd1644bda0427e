/**
 * Scoring without a target. A scorecard whose entities mostly have no target would be a page of
 * "no target"; instead an entity without one is scored against a baseline that stands in for it,
 * and says so (`basis`): its own history (the same number of days just before the card's
 * period, or the same days a year earlier) or its peers' median (the median of the other
 * entities' values on the same card, the entity itself left out so it cannot pull its own bar).
 * Entities that still cannot be scored are counted, not listed: "3 not scored (2 with no data,
 * 1 with neither a target nor a baseline)".
 */
import type { Catalog } from '../catalog/catalog.js';
import { type Message, type MessageTerm, message, phrase, term } from '../targets/messages.js';
import type { Period } from '../targets/periods.js';
import type { EntityScore, KpiScoreStatus } from './score.js';

/** The middle value; the mean of the two middle ones for an even count; null for none. */
export function median(values: readonly number[]): number | null {
  const finite = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (finite.length === 0) return null;
  const middle = Math.floor(finite.length / 2);
  return finite.length % 2 === 1 ? finite[middle]! : (finite[middle - 1]! + finite[middle]!) / 2;
}

export interface PeerBaseline {
  value: number;
  /** How many peers the median was taken over. */
  peers: number;
}

/**
 * For each entity, the median of the other entities' values (those with a value); absent when
 * it has no peer with one.
 */
export function peersMedians(values: ReadonlyMap<string, number | null>): Map<string, PeerBaseline> {
  const result = new Map<string, PeerBaseline>();
  for (const entity of values.keys()) {
    const others = [...values]
      .filter(([other, value]) => other !== entity && value !== null)
      .map(([, value]) => value as number);
    const value = median(others);
    if (value !== null) result.set(entity, { value, peers: others.length });
  }
  return result;
}

/** The note a KPI scored against a baseline carries. */
export function baselineNote(basis: 'own_history', window: Period): Message;
export function baselineNote(basis: 'peers_median', peers: number): Message;
export function baselineNote(basis: 'own_history' | 'peers_median', detail: Period | number): Message {
  return basis === 'own_history'
    ? message('scorecard.note.own_history', { from: (detail as Period).from, to: (detail as Period).to })
    : message('scorecard.note.peers_median', { count: detail as number });
}

/** Why an entity has no score: every KPI without data, else one without a target, else unavailable. */
export type NotScoredReason = Exclude<KpiScoreStatus, 'scored'>;

function reasonOf(entity: EntityScore): NotScoredReason {
  const statuses = new Set(entity.kpis.map((kpi) => kpi.status));
  if (statuses.size > 0 && [...statuses].every((status) => status === 'no_data')) return 'no_data';
  if (statuses.has('no_target')) return 'no_target';
  if (statuses.has('unavailable')) return 'unavailable';
  return 'no_data';
}

export interface NotScored {
  count: number;
  /** Entities per reason, in the order no data, no target, unavailable; reasons with none left out. */
  reasons: { reason: NotScoredReason; count: number }[];
  /** The entity ids, for a reader who unfolds the line. */
  entities: string[];
  message: Message;
}

const REASON_ORDER: readonly NotScoredReason[] = ['no_data', 'no_target', 'unavailable'];

/** The entities without a score, folded into one line; null when every entity was scored. */
export function notScored(entities: readonly EntityScore[]): NotScored | null {
  const unscored = entities.filter((entity) => entity.score === null);
  if (unscored.length === 0) return null;
  const counts = new Map<NotScoredReason, number>();
  for (const entity of unscored) counts.set(reasonOf(entity), (counts.get(reasonOf(entity)) ?? 0) + 1);
  const reasons = REASON_ORDER.filter((reason) => counts.has(reason)).map((reason) => ({
    reason,
    count: counts.get(reason)!,
  }));
  return {
    count: unscored.length,
    reasons,
    entities: unscored.map((entity) => entity.entity),
    message: message('scorecard.card.not_scored', {
      count: unscored.length,
      reasons: reasons.map(({ reason, count }) => phrase(`scorecard.reason.${reason}`, { count })),
    }),
  };
}

// The card's own notes, as messages.

export function narrowerTargetNote(target: string, window: Period, kpi: string, entity: string): Message {
  return message('scorecard.card.narrower', { target, from: window.from, to: window.to, kpi, entity });
}

export function unavailableNote(kpi: string, by: string, reason: string): Message {
  return message('scorecard.card.unavailable', { kpi, by, reason });
}

/** A name in both languages; English says `en` (an id, where the API has always said the id). */
export interface TwoNames {
  en: string;
  zh: string;
}

const bilingual = (name: TwoNames): MessageTerm => term('text.bilingual', { en: name.en, zh: name.zh });

/**
 * Why a KPI cannot be cut by the card's dimension, when that is the reason: a fact it reads does
 * not carry the dimension. Both names come in both languages, so no English reaches a Chinese card.
 */
export interface DimensionGap {
  by: TwoNames;
  fact: TwoNames;
}

/**
 * The dimension gap among the planner's problems for a KPI cut by `by`, if one of them is that a
 * fact the KPI reads has no such dimension (the planner names the fact's table); undefined for
 * any other problem, whose English is then passed on as it is.
 */
export function dimensionGapOf(
  catalog: Catalog,
  by: string,
  problems: readonly { message: string }[],
): DimensionGap | undefined {
  const dimension = catalog.dimensions.get(by);
  if (!dimension) return undefined;
  for (const problem of problems) {
    const found = /\(([a-z0-9_]+)\), which has no dimension `([^`]+)`/.exec(problem.message);
    if (!found || found[2] !== by) continue;
    const fact = [...catalog.facts.values()].find((candidate) => candidate.table === found[1]);
    if (!fact) continue;
    return {
      by: { en: by, zh: dimension.name.zh },
      fact: { en: fact.name.en, zh: fact.name.zh },
    };
  }
  return undefined;
}

/** The card's note for a KPI its dimension cannot cut (see `DimensionGap`). */
export function dimensionUnavailableNote(kpi: string, gap: DimensionGap): Message {
  return message('scorecard.card.unavailable_dimension', {
    kpi,
    by: bilingual(gap.by),
    fact: bilingual(gap.fact),
  });
}

/** The same reason as an entity's KPI note. */
export function dimensionUnavailableReason(gap: DimensionGap): Message {
  return message('scorecard.note.unavailable_dimension', {
    by: bilingual(gap.by),
    fact: bilingual(gap.fact),
  });
}

export function noEntitiesNote(): Message {
  return message('scorecard.card.no_entities', {});
}

export function periodOfTargetNote(
  period: Period,
  target: { id: string; kpi: string; scope: string },
): Message {
  return message('scorecard.card.period_of_target', {
    from: period.from,
    to: period.to,
    target: target.id,
    kpi: target.kpi,
    scope: target.scope,
  });
}

export function defaultWindowNote(to: string): Message {
  return message('scorecard.card.default_window', { to });
}

export function baselinesNote(basis: 'own_history' | 'peers_median'): Message {
  return message(
    basis === 'own_history'
      ? 'scorecard.card.baselines_own_history'
      : 'scorecard.card.baselines_peers_median',
    {},
  );
}
