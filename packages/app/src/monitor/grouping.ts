/**
 * Alerts that share a cause become one incident. Episodes (`scoring.ts`) are joined when
 * - they are in the same segment, on days at most one slot apart, and related: a measure in
 *   common (conversions, CVR and CPA all move when conversions do), neighbouring steps of a
 *   funnel moving the same way (clicks collapse, conversions follow) or a start within a slot of each other (a viral post moves
 *   follows, saves and conversions at once);
 * - one is in a segment the other sits in (a campaign in its channel, a channel in the workspace),
 *   the KPI and the direction are the same, the days overlap, and the inner segment carries at
 *   least `JOIN_SHARE` (10%) of the outer one's departure from expected over the outer episode's
 *   days (its impact, `scoring.ts`);
 * - one is in a segment the other sits in, on another KPI reading a measure of the other's, moving
 *   the same way and starting within the other's days (`insideStory`);
 * - they are of one series, at most `REPEAT_DAYS` (7) days apart: the same problem alerting
 *   again (Google Ads conversions low on Saturday, Tuesday and the next Tuesday) is one incident;
 * - they are in the same segment and one follows from the other down a funnel: it reads a later
 *   stage and starts while the other lasts (leads and the cost per lead after clicks collapse);
 * - one is a tracking break of a channel and the other an alert in that channel or inside it, on
 *   the same days, on a KPI made of the break's outcome.
 * What is joined, directly or through others, is one incident.
 *
 * Its headline is the deepest segment that explains it, on the KPI of its cause: the cause is a
 * measure — the one that moved first, then one whose own KPI alerted before one seen only through
 * ratios, then the one most of the alerts are made of (a spend spike moves spend, CPM, CPC and
 * ROAS), then the rarest — the KPI that is that measure heads it (else the rarest alert made of
 * it), and starting from that
 * KPI's shallowest alert, the headline goes down to a segment inside with the same KPI alerting
 * while it carries at least `EXPLAIN_SHARE` (80%) of the departure, as long as there is one. A fall in
 * total conversions, in Meta's and in three Meta campaigns' is headed by Meta (no one campaign
 * carries 80%); a spend spike that is all one campaign's is headed by that campaign. A tracking
 * break heads its incident: it is the cause.
 *
 * Creator tiers and creators are watched week by week; a tier's or a creator's incident whose
 * posts are on a channel joins that channel's daily incident when it reads a measure of it, moves
 * the same way and its weeks hold the daily incident's start (`joinTierDetections`): the
 * Xiaohongshu click collapse also lowers the CTR of the KOS tier and of a KOS creator posting there.
 *
 * Severity: a tracking break, or an alert on the whole workspace rarer than 10⁻⁷, is critical; an
 * alert on the workspace or a channel is a warning; alerts only deeper down are info.
 */
import { type Catalog, type DiagnosisMessage, daysBetween, mergeFunnels, type Severity } from '@markpi/core';
import type { Detection, Marker } from './incidents.js';
import { monitorMessage, type Said, sayMonitor } from './messages.js';
import { daysMessage, type Episode, measuresOf, type ScoredSeries } from './scoring.js';
import {
  LEVEL_DEPTH,
  parentsOf,
  type Segment,
  type SegmentTree,
  segmentKey,
  segmentMessage,
  seriesKey,
  within,
} from './segments.js';

export const JOIN_SHARE = 0.1;
/** Days within which a series alerting again is the same incident flaring up, not a new one. */
export const REPEAT_DAYS = 7;
/** Slots after a funnel stage's episode ends in which a later stage's may still start from it. */
export const FOLLOW_LAG = 3;
export const EXPLAIN_SHARE = 0.8;
export const CRITICAL_PROBABILITY = 1e-7;
/** Lines an incident lists: the headline, then the most telling others. */
export const MAX_LINES = 12;

class UnionFind {
  private readonly parent: number[];
  constructor(size: number) {
    this.parent = Array.from({ length: size }, (_, index) => index);
  }
  find(index: number): number {
    let root = index;
    while (this.parent[root] !== root) root = this.parent[root]!;
    for (let at = index; this.parent[at] !== root; ) {
      const next = this.parent[at]!;
      this.parent[at] = root;
      at = next;
    }
    return root;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

/** Whether two episodes' slots come within `gap` slots of each other. */
function near(a: Episode, b: Episode, gap: number): boolean {
  const [aFirst, aLast] = [a.slots[0]!, a.slots.at(-1)!];
  const [bFirst, bLast] = [b.slots[0]!, b.slots.at(-1)!];
  return aFirst <= bLast + gap && bFirst <= aLast + gap;
}

/**
 * Whether two episodes of one segment may share a cause: they read a measure in common
 * (conversions, CVR and CPA), they read neighbouring steps of a funnel and move the same way
 * (CTR and conversions falling), or they began
 * within a slot of each other (a viral post moves
 * follows, saves and conversions at once). A search lift that began four days before a click
 * collapse in the same channel is another story.
 */
export function related(a: Episode, b: Episode): boolean {
  if (a.kind === 'tracking' || b.kind === 'tracking') return true;
  if (a.measures.some((measure) => b.measures.includes(measure))) return true;
  // Neighbouring steps of a funnel move each other the same way (clicks collapse, conversions
  // follow days later); a search lift falling days before clicks do is another story.
  if (
    a.direction === b.direction &&
    a.measures.some((x) => b.measures.some((y) => FUNNEL_NEIGHBOURS.has(`${x}>${y}`)))
  )
    return true;
  return Math.abs(a.slots[0]! - b.slots[0]!) <= 1;
}

/**
 * Pairs of neighbouring funnel stages, both ways (`clicks>conversions`, `conversions>clicks`). The
 * first stage (exposure, read by nearly every KPI) and the cost are left out: they would make
 * every pair of KPIs neighbours.
 */
const FUNNEL_NEIGHBOURS: ReadonlySet<string> = new Set(
  mergeFunnels().flatMap((funnel) => {
    const steps = funnel.stages.slice(1).map((stage) => stage.measure);
    return steps.slice(1).flatMap((step, index) => [`${steps[index]}>${step}`, `${step}>${steps[index]}`]);
  }),
);

/**
 * Pairs of funnel stages where the first comes before the second in some funnel (`clicks>leads`:
 * clicks, then store visits, then leads), exposure and cost left out as above.
 */
const FUNNEL_DOWNSTREAM: ReadonlySet<string> = new Set(
  mergeFunnels().flatMap((funnel) => {
    const steps = funnel.stages.slice(1).map((stage) => stage.measure);
    return steps.flatMap((step, index) => steps.slice(index + 1).map((later) => `${step}>${later}`));
  }),
);

/** Every measure some funnel has as a stage, exposure included. */
const FUNNEL_STAGES: ReadonlySet<string> = new Set(
  mergeFunnels().flatMap((funnel) => funnel.stages.map((stage) => stage.measure)),
);

/**
 * Whether `effect` is what `cause` leads to down a funnel: `effect` reads a stage that comes after
 * one `cause` reads and starts while `cause` lasts or within `FOLLOW_LAG` slots after it (clicks
 * collapse on Monday; leads fall on Wednesday and the cost per lead rises on Sunday; conversions
 * come days after the clicks that lead to them). Either way up: a cost per lead rises when leads
 * fall.
 */
export function follows(cause: Episode, effect: Episode): boolean {
  if (cause.kind !== 'kpi' || effect.kind !== 'kpi') return false;
  const start = effect.slots[0]!;
  if (start < cause.slots[0]! || start > cause.slots.at(-1)! + FOLLOW_LAG) return false;
  return cause.measures.some((x) => effect.measures.some((y) => FUNNEL_DOWNSTREAM.has(`${x}>${y}`)));
}

/**
 * Whether an inner segment's episode on another KPI tells the outer one's story: it reads a measure
 * the outer one reads, and starts on or after the outer one's start, within its days (a campaign's
 * CTR falling in the week its channel's clicks collapse). Same direction is the caller's.
 */
export function insideStory(inner: Episode, outer: Episode): boolean {
  if (inner.kind !== 'kpi' || outer.kind !== 'kpi') return false;
  const start = inner.slots[0]!;
  if (start < outer.slots[0]! || start > outer.slots.at(-1)!) return false;
  return inner.measures.some((measure) => outer.measures.includes(measure));
}

/**
 * The share of the outer series' departure over `slots` that the inner series carries; null when
 * either has no impact there or the outer one's adds up to nothing.
 */
export function shareOf(
  inner: ScoredSeries | undefined,
  outer: ScoredSeries | undefined,
  slots: readonly number[],
): number | null {
  if (!inner || !outer) return null;
  let innerSum = 0;
  let outerSum = 0;
  for (const slot of slots) {
    const a = inner.impact[slot]!;
    const b = outer.impact[slot]!;
    if (Number.isNaN(b)) continue;
    outerSum += b;
    if (!Number.isNaN(a)) innerSum += a;
  }
  return outerSum === 0 ? null : innerSum / outerSum;
}

export interface GroupInput {
  catalog: Catalog;
  tree: SegmentTree;
  /** Slot dates of the frame the episodes index. */
  slots: readonly string[];
  episodes: readonly Episode[];
  series: ReadonlyMap<string, ScoredSeries>;
}

/** Groups of episodes that share a cause, each as the indexes of its episodes. */
export function groupEpisodes(input: GroupInput): number[][] {
  const { episodes, tree, series } = input;
  const sets = new UnionFind(episodes.length);
  const slotDays =
    input.slots.length > 1 ? Math.max(1, daysBetween(input.slots[0]!, input.slots[1]!)) : REPEAT_DAYS;
  const repeatGap = Math.max(1, Math.floor(REPEAT_DAYS / slotDays));
  const bySegment = new Map<string, number[]>();
  episodes.forEach((episode, index) => {
    const key = segmentKey(episode.segment);
    bySegment.set(key, [...(bySegment.get(key) ?? []), index]);
  });

  episodes.forEach((episode, index) => {
    // Same segment, same days, and related: a measure in common, or a start on the same day.
    for (const other of bySegment.get(segmentKey(episode.segment)) ?? []) {
      if (other === index) continue;
      const candidate = episodes[other]!;
      if (other > index && near(episode, candidate, 1) && related(episode, candidate))
        sets.union(index, other);
      else if (follows(episode, candidate)) sets.union(index, other);
      else if (other > index && candidate.series === episode.series && near(episode, candidate, repeatGap))
        sets.union(index, other);
    }
    if (episode.kind === 'tracking') {
      // A break and what it explains inside its channel.
      episodes.forEach((candidate, other) => {
        if (other === index || candidate.kind !== 'kpi') return;
        if (!within(candidate.segment, episode.segment, tree)) return;
        if (near(episode, candidate, 1) && candidate.measures.includes(episode.outcome!))
          sets.union(index, other);
      });
      return;
    }
    // An inner segment carrying part of its outer segment's departure, same KPI, same way; or
    // reading a measure of the outer one's, moving the same way from within its days.
    for (const parent of parentsOf(episode.segment, tree)) {
      for (const other of bySegment.get(segmentKey(parent)) ?? []) {
        const outer = episodes[other]!;
        if (outer.kind !== 'kpi' || outer.direction !== episode.direction) continue;
        if (outer.kpi !== episode.kpi) {
          if (insideStory(episode, outer)) sets.union(index, other);
          continue;
        }
        if (!near(episode, outer, 0)) continue;
        const share = shareOf(series.get(episode.series), series.get(outer.series), outer.slots);
        if (share !== null && share >= JOIN_SHARE) sets.union(index, other);
      }
    }
  });

  const groups = new Map<number, number[]>();
  episodes.forEach((_, index) => {
    const root = sets.find(index);
    groups.set(root, [...(groups.get(root) ?? []), index]);
  });
  return [...groups.values()];
}

const depth = (segment: Segment) => LEVEL_DEPTH[segment.level];

/** The episode that heads a group (see the module's comment). */
export function headlineOf(input: GroupInput, group: readonly number[]): Episode {
  const members = group.map((index) => input.episodes[index]!);
  const breaks = members.filter((episode) => episode.kind === 'tracking');
  if (breaks.length > 0) return breaks.sort((a, b) => a.probability - b.probability)[0]!;
  // The cause: the measure that moved first (clicks collapsing days before conversions follow),
  // on the same day the earlier funnel stage, then one whose own KPI alerted (spend itself, not only CPM and ROAS), then the one most alerts
  // are made of (a spend spike moves spend, CPM, CPC and ROAS), then the rarest.
  const kpiAlerts = members.filter((episode) => episode.kind === 'kpi');
  const tally = new Map<string, { own: boolean; from: string; count: number; probability: number }>();
  for (const episode of kpiAlerts) {
    for (const measure of episode.measures) {
      const entry = tally.get(measure) ?? { own: false, from: episode.from, count: 0, probability: 1 };
      tally.set(measure, {
        own: entry.own || episode.kpi === measure,
        from: [entry.from, episode.from].sort()[0]!,
        count: entry.count + 1,
        probability: Math.min(entry.probability, episode.probability),
      });
    }
  }
  const cause = [...tally].sort(
    ([aName, a], [bName, b]) =>
      a.from.localeCompare(b.from) ||
      // On the same day, the earlier funnel stage: clicks collapsing take leads with them.
      Number(FUNNEL_DOWNSTREAM.has(`${bName}>${aName}`)) -
        Number(FUNNEL_DOWNSTREAM.has(`${aName}>${bName}`)) ||
      // A measure no funnel has (the cost) is a cause when its own KPI alerted (spend itself);
      // cost ratios moving with a funnel stage are that stage's story (CPA rises as clicks fall).
      Number(b.own || FUNNEL_STAGES.has(bName)) - Number(a.own || FUNNEL_STAGES.has(aName)) ||
      Number(b.own) - Number(a.own) ||
      b.count - a.count ||
      a.probability - b.probability ||
      aName.localeCompare(bName),
  )[0]?.[0];
  const made = kpiAlerts.filter((episode) => cause !== undefined && episode.measures.includes(cause));
  const pool = made.length > 0 ? made : members;
  const kpi =
    pool.find((episode) => episode.kpi === cause)?.kpi ??
    [...pool].sort((a, b) => a.probability - b.probability || a.series.localeCompare(b.series))[0]!.kpi;
  const same = pool.filter((episode) => episode.kpi === kpi);
  const shallowest = Math.min(...same.map((episode) => depth(episode.segment)));
  let head = same
    .filter((episode) => depth(episode.segment) === shallowest)
    .sort((a, b) => a.probability - b.probability || a.series.localeCompare(b.series))[0]!;
  for (;;) {
    let best: { episode: Episode; share: number } | null = null;
    for (const candidate of members) {
      if (candidate.kpi !== head.kpi || candidate.direction !== head.direction) continue;
      const parents = parentsOf(candidate.segment, input.tree).map(segmentKey);
      if (!parents.includes(segmentKey(head.segment))) continue;
      const share = shareOf(
        input.series.get(seriesKey(candidate.kpi, candidate.segment)),
        input.series.get(head.series),
        head.slots,
      );
      if (share !== null && share >= EXPLAIN_SHARE && (!best || share > best.share))
        best = { episode: candidate, share };
    }
    if (!best) return head;
    head = best.episode;
  }
}

function severityOf(members: readonly Episode[]): Severity {
  if (members.some((episode) => episode.kind === 'tracking')) return 'critical';
  if (
    members.some(
      (episode) => episode.segment.level === 'workspace' && episode.probability <= CRITICAL_PROBABILITY,
    )
  )
    return 'critical';
  return members.some((episode) => depth(episode.segment) <= 1) ? 'warning' : 'info';
}

/** One group of episodes as what the monitor found (drivers and the monitor's id are added later). */
export function detectionOf(
  input: GroupInput,
  group: readonly number[],
): Omit<Detection, 'drivers' | 'monitor'> {
  const { catalog, tree } = input;
  const members = group.map((index) => input.episodes[index]!);
  const head = headlineOf(input, group);
  const from = members.map((episode) => episode.from).sort()[0]!;
  const to = members
    .map((episode) => episode.to)
    .sort()
    .at(-1)!;
  const segment = segmentMessage(head.segment, tree, catalog);
  const others = members.filter((episode) => episode !== head);
  let title: DiagnosisMessage;
  if (head.kind === 'tracking') {
    title = monitorMessage('monitor.title.tracking', {
      segment,
      days: daysMessage(head.from, head.to),
      outcome: head.outcome!,
      volume: head.volume!,
    });
  } else {
    const params = {
      segment,
      kpi: head.kpi,
      direction: monitorMessage(`monitor.direction.${head.direction}`),
      days: daysMessage(head.from, head.to),
    };
    title =
      others.length > 0
        ? monitorMessage('monitor.title.kpi_more', { ...params, count: others.length })
        : monitorMessage('monitor.title.kpi', params);
  }
  const ordered = [
    head,
    ...others.sort(
      (a, b) =>
        depth(a.segment) - depth(b.segment) ||
        a.probability - b.probability ||
        a.series.localeCompare(b.series),
    ),
  ];
  const lines: Said[] = ordered.slice(0, MAX_LINES).map((episode) => episode.said);
  const markers = new Map<string, Marker>();
  for (const episode of members) {
    for (const marker of episode.markers) {
      const key = `${marker.series}\u0000${marker.time}`;
      const have = markers.get(key);
      if (!have || marker.probability < have.probability) markers.set(key, marker);
    }
  }
  const sorted = (values: Iterable<string>) => [...new Set(values)].sort();
  return {
    kind: head.kind === 'tracking' ? 'tracking_break' : 'kpi',
    severity: severityOf(members),
    title: sayMonitor(catalog, title),
    lines,
    from,
    to,
    segment: segmentKey(head.segment),
    kpi: head.kpi,
    direction: head.direction,
    segments: sorted(members.map((episode) => segmentKey(episode.segment))),
    kpis: sorted(members.filter((episode) => episode.kind === 'kpi').map((episode) => episode.kpi)),
    series: sorted(members.map((episode) => episode.series)),
    markers: [...markers.values()].sort(
      (a, b) => a.time.localeCompare(b.time) || a.series.localeCompare(b.series),
    ),
  };
}

/**
 * Folds each weekly creator-tier or creator detection into the daily detection it is part of (see
 * the module's comment); `weeklyChannels` holds the channels each tier's or creator's posts are
 * on, by segment key (`creator_tier:kos`, `creator:kol-dy-001`).
 */
export function joinTierDetections(
  catalog: Catalog,
  daily: readonly Detection[],
  weekly: readonly Detection[],
  weeklyChannels: ReadonlyMap<string, ReadonlySet<string>>,
): { daily: Detection[]; weekly: Detection[] } {
  const joined = daily.map((detection) => ({ ...detection }));
  const rest: Detection[] = [];
  const measures = (kpis: readonly string[]) => new Set(kpis.flatMap((kpi) => measuresOf(catalog, kpi)));
  for (const tier of weekly) {
    const channels = tier.kind === 'kpi' ? weeklyChannels.get(tier.segment) : undefined;
    const tierMeasures = measures(tier.kpis);
    const host = channels
      ? joined.find(
          (detection) =>
            detection.kind === 'kpi' &&
            detection.direction === tier.direction &&
            tier.from <= detection.from &&
            detection.from <= tier.to &&
            detection.segments.some(
              (segment) => segment.startsWith('channel:') && channels.has(segment.slice('channel:'.length)),
            ) &&
            [...measures(detection.kpis)].some((measure) => tierMeasures.has(measure)),
        )
      : undefined;
    if (!host) {
      rest.push(tier);
      continue;
    }
    const union = (a: readonly string[], b: readonly string[]) => [...new Set([...a, ...b])];
    host.segments = union(host.segments, tier.segments);
    host.kpis = union(host.kpis, tier.kpis);
    host.series = union(host.series, tier.series);
    host.lines = [...host.lines, ...tier.lines].slice(0, MAX_LINES);
    host.markers = [...host.markers, ...tier.markers];
  }
  return { daily: joined, weekly: rest };
}
