/**
 * O-5A audience assets: stage sizes at two dates, the flows between them, and how the A3 pool
 * grew before a promotion.
 *
 * Conventions:
 * - Stage sizes are end-of-day snapshots. Between `from` and `to` means from the start of `from`
 *   (the snapshot of the day before) to the end of `to`, the catalog's `opening(…)` convention,
 *   so the combined A1/A2 → A3 rate equals the catalog's `audience_flow_rate`. A missing day is
 *   stood for by the last snapshot before it, and said.
 * - Flows into A3 are the transfers the platform reports (云图's A1→A3 and A2→A3 counts) on the
 *   days `from … to`; a source stage's rate divides them by its opening size. Exports hold no
 *   person-level transitions, so every other movement is a net change of sizes: A3's other net
 *   movement is its change minus the reported inflow (what left for A4 or lapsed, net of other
 *   entries).
 * - Pool growth before a promotion: the A3 size at the end of the day before the promotion
 *   starts against its size `days` earlier, and the same for the window of equal length before
 *   that, for comparison.
 */
import { AUDIENCE_STAGES } from '../model/facts.js';
import { addDays } from '../plan/dates.js';
import { creatorMessage, type SaidCreatorMessage, saidCreators } from './messages.js';

export type AudienceStage = (typeof AUDIENCE_STAGES)[number];

export interface StageDay {
  date: string;
  stage: string;
  users: number;
  /** Users the platform reports moving to A3 that day (A1 and A2 rows). */
  movedToA3: number;
}

export interface StageChange {
  stage: AudienceStage;
  opening: number | null;
  closing: number | null;
  change: number | null;
  changeRate: number | null;
}

export interface StageFlow {
  from: 'a1' | 'a2' | 'a1_a2';
  to: 'a3';
  users: number;
  /** Users over the source stage's opening size. */
  rate: number | null;
}

export interface AudienceFlows {
  from: string;
  to: string;
  openingDate: string | null;
  closingDate: string | null;
  stages: StageChange[];
  flows: StageFlow[];
  a3: { inflow: number; otherNet: number | null };
  notes: SaidCreatorMessage[];
}

const ratio = (numerator: number, denominator: number | null) =>
  denominator !== null && denominator > 0 ? numerator / denominator : null;

/** The last snapshot date on or before `wanted`, with a note when it is not `wanted` itself. */
function snapshotOn(dates: readonly string[], wanted: string, notes: SaidCreatorMessage[]): string | null {
  let found: string | null = null;
  for (const date of dates) if (date <= wanted && (found === null || date > found)) found = date;
  if (found === null) notes.push(saidCreators(creatorMessage('audiences.no_snapshot', { wanted })));
  else if (found !== wanted)
    notes.push(saidCreators(creatorMessage('audiences.nearest_snapshot', { wanted, used: found })));
  return found;
}

function sizesOn(rows: readonly StageDay[], date: string | null): Map<string, number> {
  const sizes = new Map<string, number>();
  if (date === null) return sizes;
  for (const row of rows)
    if (row.date === date) sizes.set(row.stage, (sizes.get(row.stage) ?? 0) + row.users);
  return sizes;
}

/** Stage sizes and flows between two dates (see the module's conventions). */
export function audienceFlows(
  rows: readonly StageDay[],
  window: { from: string; to: string },
): AudienceFlows {
  const notes: SaidCreatorMessage[] = [];
  const dates = [...new Set(rows.map((row) => row.date))];
  const openingDate = snapshotOn(dates, addDays(window.from, -1), notes);
  const closingDate = snapshotOn(dates, window.to, notes);
  const opening = sizesOn(rows, openingDate);
  const closing = sizesOn(rows, closingDate);
  const stages = AUDIENCE_STAGES.map((stage): StageChange => {
    const start = openingDate === null ? null : (opening.get(stage) ?? 0);
    const end = closingDate === null ? null : (closing.get(stage) ?? 0);
    const change = start === null || end === null ? null : end - start;
    return {
      stage,
      opening: start,
      closing: end,
      change,
      changeRate: change === null ? null : ratio(change, start),
    };
  });
  const moved = (stage: string) =>
    rows
      .filter((row) => row.stage === stage && row.date >= window.from && row.date <= window.to)
      .reduce((total, row) => total + row.movedToA3, 0);
  const fromA1 = moved('a1');
  const fromA2 = moved('a2');
  const openingOf = (stage: AudienceStage) => stages.find((entry) => entry.stage === stage)!.opening;
  const a1a2Opening = openingOf('a1') === null ? null : (openingOf('a1') ?? 0) + (openingOf('a2') ?? 0);
  const a3Change = stages.find((entry) => entry.stage === 'a3')!.change;
  notes.push(saidCreators(creatorMessage('audiences.net_flows')));
  return {
    from: window.from,
    to: window.to,
    openingDate,
    closingDate,
    stages,
    flows: [
      { from: 'a1', to: 'a3', users: fromA1, rate: ratio(fromA1, openingOf('a1')) },
      { from: 'a2', to: 'a3', users: fromA2, rate: ratio(fromA2, openingOf('a2')) },
      { from: 'a1_a2', to: 'a3', users: fromA1 + fromA2, rate: ratio(fromA1 + fromA2, a1a2Opening) },
    ],
    a3: { inflow: fromA1 + fromA2, otherNet: a3Change === null ? null : a3Change - fromA1 - fromA2 },
    notes,
  };
}

export interface PoolWindow {
  startDate: string | null;
  endDate: string | null;
  start: number | null;
  end: number | null;
  growth: number | null;
  rate: number | null;
  perDay: number | null;
}

export interface PoolGrowth {
  promotionStart: string;
  days: number;
  before: PoolWindow;
  /** The window of equal length before `before`. */
  previous: PoolWindow;
  notes: SaidCreatorMessage[];
}

/** A stage's growth in the `days` before a promotion starts (see the module's conventions). */
export function poolGrowthBefore(
  series: readonly { date: string; users: number }[],
  promotionStart: string,
  days: number,
): PoolGrowth {
  const notes: SaidCreatorMessage[] = [];
  const dates = series.map((point) => point.date);
  const level = (date: string | null) =>
    date === null
      ? null
      : series.filter((point) => point.date === date).reduce((total, point) => total + point.users, 0);
  const window = (endWanted: string): PoolWindow => {
    const startDate = snapshotOn(dates, addDays(endWanted, -days), notes);
    const endDate = snapshotOn(dates, endWanted, notes);
    const start = level(startDate);
    const end = level(endDate);
    const growth = start === null || end === null ? null : end - start;
    return {
      startDate,
      endDate,
      start,
      end,
      growth,
      rate: growth === null ? null : ratio(growth, start),
      perDay: growth === null ? null : growth / days,
    };
  };
  const endOfBefore = addDays(promotionStart, -1);
  return {
    promotionStart,
    days,
    before: window(endOfBefore),
    previous: window(addDays(endOfBefore, -days)),
    notes,
  };
}
