/**
 * Why a KPI moved, by segment: the change split over the values of a dimension (channels,
 * campaigns, creators), exactly, and followed down a hierarchy to where it comes from.
 *
 * An additive KPI (spend, conversions) splits by contribution: each segment's own change.
 *
 * A ratio KPI R = s·N/D (ROAS = conversion value / spend) is a weighted mean of the segments'
 * own ratios, R = Σ wᵢ·rᵢ with wᵢ = Dᵢ/D (the segment's share of the denominator) and
 * rᵢ = s·Nᵢ/Dᵢ. Its change splits, per segment, into
 * - a rate effect, w̄ᵢ·Δrᵢ: the segment's own ratio moved, weighed by its mean share;
 * - a mix effect, Δwᵢ·(r̄ᵢ − R̄): the denominator moved towards or away from the segment, worth
 *   what its ratio stands above or below the whole's (R̄, the midpoint of the whole's two values).
 * Midpoints (the symmetric split: the mean of the split made from either window) leave no
 * residual: Δ(wᵢrᵢ) = Δwᵢ·r̄ᵢ + w̄ᵢ·Δrᵢ exactly, and the R̄ terms add to nothing because the shares
 * add to one in both windows. So mixes and rates add up to the whole change. Centring on R̄ makes
 * a segment that gains share with a ratio below the whole's read as pulling the KPI down.
 *
 * Segments that appear or vanish (no denominator in one window) take the ratio they have in
 * the other window, so their rate effect is nothing and their entry or exit is all mix. A
 * numerator without a denominator (conversions on no spend) counts as rate.
 *
 * Every segment's part, mix + rate = Δ(s·Nᵢ/D) − R̄·Δwᵢ, is linear in the segment's amounts, so
 * the parts of a segment's sub-segments (its campaigns) add up to the segment's part when they
 * are measured against the same whole: that is what lets `drillDown` follow a change from the
 * whole to a channel, a campaign and an ad group with every level adding up.
 */
import { type DiagnosisMessage, message } from './messages.js';

export type SegmentShape = 'additive' | 'ratio';

/** A segment's amounts in one window: an additive KPI's value is its numerator. */
export interface SegmentAmounts {
  numerator: number;
  /** The ratio's denominator; absent for additive KPIs. */
  denominator?: number;
}

export interface SegmentRow {
  segment: string;
  before: SegmentAmounts;
  after: SegmentAmounts;
}

export interface SegmentOptions {
  shape: SegmentShape;
  /** The ratio's constant: CPM is 1000 · spend / impressions. */
  scale?: number;
  /** The whole the parts are measured against; the rows' sums by default. */
  whole?: { before: SegmentAmounts; after: SegmentAmounts };
}

export type SegmentStatus = 'both' | 'new' | 'gone' | 'no_denominator';

export interface SegmentContribution {
  segment: string;
  /** The segment's own KPI value (its ratio, or its amount); null where it has no denominator. */
  before: number | null;
  after: number | null;
  /** The segment's share of the whole's denominator (ratios). */
  weightBefore: number | null;
  weightAfter: number | null;
  /** Ratios only; null for additive KPIs. */
  mix: number | null;
  rate: number | null;
  /** The segment's part of the change, in the KPI's unit: mix + rate, or its own change. */
  contribution: number;
  /** contribution / the change being split; null when that is 0. */
  share: number | null;
  status: SegmentStatus;
}

export interface SegmentDecomposition {
  shape: SegmentShape;
  /** The whole's KPI value in each window; null without one (no denominator). */
  before: number | null;
  after: number | null;
  change: number | null;
  /** The sum of the parts: the whole's change at the top, a segment's part further down. */
  split: number;
  /** Totals of the ratio's effects; null for additive KPIs. */
  mix: number | null;
  rate: number | null;
  /** Largest part first (by size, then by name). */
  segments: SegmentContribution[];
  notes: DiagnosisMessage[];
}

const sumOf = (rows: readonly SegmentRow[], window: 'before' | 'after'): SegmentAmounts => ({
  numerator: rows.reduce((sum, row) => sum + row[window].numerator, 0),
  denominator: rows.reduce((sum, row) => sum + (row[window].denominator ?? 0), 0),
});

/** Splits a change over the segments of one dimension (see the module's comment). */
export function decomposeBySegment(
  rows: readonly SegmentRow[],
  options: SegmentOptions,
): SegmentDecomposition {
  const whole = options.whole ?? { before: sumOf(rows, 'before'), after: sumOf(rows, 'after') };
  return options.shape === 'additive'
    ? additiveSplit(rows, whole)
    : ratioSplit(rows, whole, options.scale ?? 1);
}

function additiveSplit(
  rows: readonly SegmentRow[],
  whole: { before: SegmentAmounts; after: SegmentAmounts },
): SegmentDecomposition {
  const change = whole.after.numerator - whole.before.numerator;
  const parts = rows.map((row) => row.after.numerator - row.before.numerator);
  const split = parts.reduce((sum, part) => sum + part, 0);
  const segments = rows.map(
    (row, index): SegmentContribution => ({
      segment: row.segment,
      before: row.before.numerator,
      after: row.after.numerator,
      weightBefore: null,
      weightAfter: null,
      mix: null,
      rate: null,
      contribution: parts[index]!,
      share: split === 0 ? null : parts[index]! / split,
      status: 'both',
    }),
  );
  return {
    shape: 'additive',
    before: whole.before.numerator,
    after: whole.after.numerator,
    change,
    split,
    mix: null,
    rate: null,
    segments: ranked(segments),
    notes: [],
  };
}

function ratioSplit(
  rows: readonly SegmentRow[],
  whole: { before: SegmentAmounts; after: SegmentAmounts },
  scale: number,
): SegmentDecomposition {
  const denominatorBefore = whole.before.denominator ?? 0;
  const denominatorAfter = whole.after.denominator ?? 0;
  const before = denominatorBefore === 0 ? null : (scale * whole.before.numerator) / denominatorBefore;
  const after = denominatorAfter === 0 ? null : (scale * whole.after.numerator) / denominatorAfter;
  if (before === null || after === null) {
    const window = before === null ? 'diagnosis.note.window.before' : 'diagnosis.note.window.after';
    return {
      shape: 'ratio',
      before,
      after,
      change: null,
      split: 0,
      mix: null,
      rate: null,
      segments: [],
      notes: [message('diagnosis.note.undefined', { window: message(window) })],
    };
  }
  const midpoint = (before + after) / 2;
  const segments = rows.map((row): SegmentContribution => {
    const n0 = row.before.numerator;
    const n1 = row.after.numerator;
    const d0 = row.before.denominator ?? 0;
    const d1 = row.after.denominator ?? 0;
    const w0 = d0 / denominatorBefore;
    const w1 = d1 / denominatorAfter;
    const ownBefore = d0 === 0 ? null : (scale * n0) / d0;
    const ownAfter = d1 === 0 ? null : (scale * n1) / d1;
    let mix: number;
    let rate: number;
    let status: SegmentStatus;
    if (ownBefore !== null && ownAfter !== null) {
      mix = (w1 - w0) * ((ownBefore + ownAfter) / 2 - midpoint);
      rate = ((w0 + w1) / 2) * (ownAfter - ownBefore);
      status = 'both';
    } else if (ownAfter !== null) {
      // New: its ratio before is taken as its ratio after; a numerator it had without a
      // denominator leaves as rate.
      mix = w1 * (ownAfter - midpoint);
      rate = -(scale * n0) / denominatorBefore;
      status = 'new';
    } else if (ownBefore !== null) {
      mix = -w0 * (ownBefore - midpoint);
      rate = (scale * n1) / denominatorAfter;
      status = 'gone';
    } else {
      mix = 0;
      rate = (scale * n1) / denominatorAfter - (scale * n0) / denominatorBefore;
      status = 'no_denominator';
    }
    return {
      segment: row.segment,
      before: ownBefore,
      after: ownAfter,
      weightBefore: w0,
      weightAfter: w1,
      // `+ 0` turns the −0 of a segment that had nothing into 0.
      mix: mix + 0,
      rate: rate + 0,
      contribution: mix + rate + 0,
      share: null,
      status,
    };
  });
  const split = segments.reduce((sum, segment) => sum + segment.contribution, 0);
  for (const segment of segments) segment.share = split === 0 ? null : segment.contribution / split;
  return {
    shape: 'ratio',
    before,
    after,
    change: after - before,
    split,
    mix: segments.reduce((sum, segment) => sum + segment.mix!, 0),
    rate: segments.reduce((sum, segment) => sum + segment.rate!, 0),
    segments: ranked(segments),
    notes: [],
  };
}

function ranked<T extends { contribution: number; segment: string }>(items: T[]): T[] {
  return items.sort(
    (a, b) =>
      Math.abs(b.contribution) - Math.abs(a.contribution) ||
      (a.segment < b.segment ? -1 : a.segment > b.segment ? 1 : 0),
  );
}

// ---------------------------------------------------------------- down a hierarchy

/** A dimension to split by, and the dimensions that split each of its segments further. */
export interface DrillLevel {
  dimension: string;
  children?: readonly DrillLevel[];
}

export interface PathStep {
  dimension: string;
  segment: string;
}

/** Rows of `dimension` inside the segment the path leads to (the whole when it is empty). */
export interface DrillRequest {
  path: readonly PathStep[];
  dimension: string;
}

export interface DrillOptions {
  shape: SegmentShape;
  scale?: number;
  /** Where to start: channel, then campaign → ad group or creator → content. */
  levels: readonly DrillLevel[];
  /**
   * The rows of a level inside a segment. They must cover it: rows without a value of the
   * dimension belong in a segment of their own.
   */
  rows: (request: DrillRequest) => readonly SegmentRow[] | Promise<readonly SegmentRow[]>;
  /** The whole; the sums of the first level's rows by default. */
  whole?: { before: SegmentAmounts; after: SegmentAmounts };
  /** The share of what is left one segment must explain to be followed down; 0.5 by default. */
  dominance?: number;
  /** Tolerance for rows that should add up to their parent, relative to the whole change. */
  tolerance?: number;
}

export interface DrillStep {
  /** The segment split at this step; empty for the whole. */
  path: PathStep[];
  /** The part of the change left to explain here. */
  part: number;
  /** Every dimension tried, with its largest segment's share of `part`. */
  considered: { dimension: string; top: string | null; topShare: number | null }[];
  /** The dimension chosen: the one whose largest segment explains the most. */
  dimension: string;
  decomposition: SegmentDecomposition;
  /** The segment followed down, when one explained at least the dominance share. */
  descended: string | null;
}

/** A segment as a driver: where it sits and its part of the whole change. */
export interface Driver extends SegmentContribution {
  path: PathStep[];
  /** Its part of the whole change (contribution / whole change); null when that is 0. */
  shareOfChange: number | null;
}

export interface DrillResult {
  shape: SegmentShape;
  before: number | null;
  after: number | null;
  change: number | null;
  steps: DrillStep[];
  /**
   * Every segment the walk split out and did not follow further, largest part first: the parts
   * add up to the whole change.
   */
  drivers: Driver[];
  notes: DiagnosisMessage[];
}

export const DEFAULT_DOMINANCE = 0.5;

/**
 * Follows a change down a hierarchy. At each segment it splits the part left to explain over
 * every dimension that may come next, keeps the dimension whose largest segment explains the
 * most of it, and goes down into that segment while it explains at least `dominance` (most) of
 * it; it stops where no segment does (the change is spread out there) or at the bottom.
 */
export async function drillDown(options: DrillOptions): Promise<DrillResult> {
  const dominance = options.dominance ?? DEFAULT_DOMINANCE;
  const tolerance = options.tolerance ?? 1e-9;
  const shape = options.shape;
  const notes: DiagnosisMessage[] = [];
  const steps: DrillStep[] = [];
  const drivers: Driver[] = [];

  let whole = options.whole;
  let path: PathStep[] = [];
  let candidates = options.levels;
  let part: number | null = null;
  let change: number | null = null;
  let before: number | null = null;
  let after: number | null = null;

  while (candidates.length > 0) {
    const tried: { level: DrillLevel; decomposition: SegmentDecomposition }[] = [];
    for (const level of candidates) {
      const rows = await options.rows({ path, dimension: level.dimension });
      whole ??= { before: sumOf(rows, 'before'), after: sumOf(rows, 'after') };
      const decomposition = decomposeBySegment(rows, { shape, scale: options.scale ?? 1, whole });
      tried.push({ level, decomposition });
    }
    const first = tried[0]!.decomposition;
    if (part === null) {
      before = first.before;
      after = first.after;
      change = first.change;
      part = change ?? 0;
      notes.push(...first.notes);
    }
    const expected: number = part;
    const topShare = (decomposition: SegmentDecomposition) => {
      const top = decomposition.segments[0];
      return top && expected !== 0 ? top.contribution / expected : null;
    };
    let chosen = tried[0]!;
    for (const entry of tried.slice(1)) {
      if ((topShare(entry.decomposition) ?? -Infinity) > (topShare(chosen.decomposition) ?? -Infinity))
        chosen = entry;
    }
    const decomposition = chosen.decomposition;
    const scaleOfChange = Math.max(Math.abs(change ?? 0), Math.abs(before ?? 0), Math.abs(after ?? 0), 1);
    if (change !== null && Math.abs(decomposition.split - expected) > tolerance * scaleOfChange) {
      notes.push(
        message('diagnosis.note.segments_do_not_add_up', {
          dimension: chosen.level.dimension,
          found: decomposition.split,
          expected,
        }),
      );
    }
    const top = decomposition.segments[0];
    const share = topShare(decomposition);
    const children = chosen.level.children ?? [];
    const descend = top !== undefined && share !== null && share >= dominance && children.length > 0;
    steps.push({
      path,
      part: expected,
      considered: tried.map((entry) => ({
        dimension: entry.level.dimension,
        top: entry.decomposition.segments[0]?.segment ?? null,
        topShare: topShare(entry.decomposition),
      })),
      dimension: chosen.level.dimension,
      decomposition,
      descended: descend ? top.segment : null,
    });
    for (const segment of decomposition.segments) {
      if (descend && segment === top) continue;
      drivers.push({
        ...segment,
        path: [...path, { dimension: chosen.level.dimension, segment: segment.segment }],
        shareOfChange: change === null || change === 0 ? null : segment.contribution / change,
      });
    }
    if (!descend) break;
    path = [...path, { dimension: chosen.level.dimension, segment: top.segment }];
    part = top.contribution;
    candidates = children;
  }

  return { shape, before, after, change, steps, drivers: ranked(drivers.map((driver) => driver)), notes };
}
