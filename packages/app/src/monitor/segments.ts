/**
 * Where the monitor looks: the whole workspace, each channel, each campaign, each creator tier
 * and the top creators by spend. A segment is a level and a value; its key (`channel:meta`) names
 * it in series keys, incidents and the API; its filter (`channel = 'meta'`) asks the planner for
 * it. Segments nest — a campaign that runs on one channel sits in that channel, a creator in its
 * tier and, when it posts on one channel, in that channel; the rest sit in the workspace — and the
 * nesting is how alerts on the same days are traced to the segment that explains them.
 */
import type { Catalog, DiagnosisMessage } from '@markpi/core';
import { monitorMessage } from './messages.js';

export const SEGMENT_LEVELS = ['workspace', 'channel', 'campaign', 'creator_tier', 'creator'] as const;
export type SegmentLevel = (typeof SEGMENT_LEVELS)[number];

export interface Segment {
  level: SegmentLevel;
  /** The dimension's value; null for the workspace. */
  value: string | null;
}

export const WORKSPACE: Segment = { level: 'workspace', value: null };

/** How deep a level sits: the workspace, then channels and tiers, then campaigns and creators. */
export const LEVEL_DEPTH: Readonly<Record<SegmentLevel, number>> = {
  workspace: 0,
  channel: 1,
  creator_tier: 1,
  campaign: 2,
  creator: 2,
};

export function segmentKey(segment: Segment): string {
  return segment.value === null ? segment.level : `${segment.level}:${segment.value}`;
}

/** The segment a key names; null when the key is not one. */
export function parseSegmentKey(key: string): Segment | null {
  if (key === 'workspace') return WORKSPACE;
  const colon = key.indexOf(':');
  if (colon < 0) return null;
  const level = key.slice(0, colon);
  const value = key.slice(colon + 1);
  if (!(SEGMENT_LEVELS as readonly string[]).includes(level) || level === 'workspace' || value === '')
    return null;
  return { level: level as SegmentLevel, value };
}

/** Text in the formula language's single quotes (`''` for a quote inside). */
export function quoted(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** The planner's filter for a segment; undefined for the workspace. */
export function segmentFilter(segment: Segment): string | undefined {
  return segment.value === null ? undefined : `${segment.level} = ${quoted(segment.value)}`;
}

/** A series: one KPI in one segment. */
export function seriesKey(kpi: string, segment: Segment): string {
  return `${kpi}@${segmentKey(segment)}`;
}

export function parseSeriesKey(key: string): { kpi: string; segment: Segment } | null {
  const at = key.indexOf('@');
  if (at <= 0) return null;
  const segment = parseSegmentKey(key.slice(at + 1));
  return segment ? { kpi: key.slice(0, at), segment } : null;
}

/** What a campaign or creator sits in, as the data shows it. */
export interface SegmentTree {
  /** Channels each campaign and creator has data on. */
  channels: Map<string, Set<string>>;
  /** The tier of each creator, when it has one. */
  tiers: Map<string, string>;
  /** Readable names of campaigns and creators. */
  names: Map<string, string>;
}

export function emptyTree(): SegmentTree {
  return { channels: new Map(), tiers: new Map(), names: new Map() };
}

const treeKey = (segment: Segment) => segmentKey(segment);

/** The segments a segment sits directly in (the workspace sits in none). */
export function parentsOf(segment: Segment, tree: SegmentTree): Segment[] {
  switch (segment.level) {
    case 'workspace':
      return [];
    case 'channel':
    case 'creator_tier':
      return [WORKSPACE];
    case 'campaign': {
      const channels = tree.channels.get(treeKey(segment));
      return channels?.size === 1 ? [{ level: 'channel', value: [...channels][0]! }] : [WORKSPACE];
    }
    case 'creator': {
      const parents: Segment[] = [];
      const tier = tree.tiers.get(segment.value!);
      if (tier) parents.push({ level: 'creator_tier', value: tier });
      const channels = tree.channels.get(treeKey(segment));
      if (channels?.size === 1) parents.push({ level: 'channel', value: [...channels][0]! });
      return parents.length > 0 ? parents : [WORKSPACE];
    }
  }
}

/** The channel a segment belongs to, when it belongs to one. */
export function channelOf(segment: Segment, tree: SegmentTree): string | null {
  if (segment.level === 'channel') return segment.value;
  if (segment.level === 'campaign' || segment.level === 'creator') {
    const channels = tree.channels.get(treeKey(segment));
    return channels?.size === 1 ? [...channels][0]! : null;
  }
  return null;
}

/** Whether `inner` sits in `outer`, directly or further down. */
export function within(inner: Segment, outer: Segment, tree: SegmentTree): boolean {
  if (outer.level === 'workspace') return true;
  const target = segmentKey(outer);
  const seen = new Set<string>();
  const stack = [inner];
  for (let current = stack.pop(); current; current = stack.pop()) {
    const key = segmentKey(current);
    if (key === target) return true;
    if (seen.has(key)) continue;
    seen.add(key);
    stack.push(...parentsOf(current, tree));
  }
  return false;
}

/** The segment as people read it, as a message (`monitor.segment.*`). */
export function segmentMessage(segment: Segment, tree: SegmentTree, catalog?: Catalog): DiagnosisMessage {
  switch (segment.level) {
    case 'workspace':
      return monitorMessage('monitor.segment.workspace');
    case 'channel':
      return monitorMessage('monitor.segment.channel', { channel: segment.value! });
    case 'creator_tier': {
      const tiers = catalog?.dimensions.get('creator_tier')?.values;
      const tier = tiers?.includes(segment.value!) ? segment.value!.toUpperCase() : segment.value!;
      return monitorMessage('monitor.segment.creator_tier', { tier });
    }
    case 'campaign':
    case 'creator': {
      const name = tree.names.get(segment.value!) ?? segment.value!;
      const own = monitorMessage(`monitor.segment.${segment.level}`, { name });
      const channel = channelOf(segment, tree);
      return channel ? monitorMessage('monitor.segment.in_channel', { segment: own, channel }) : own;
    }
  }
}
