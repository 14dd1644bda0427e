/**
 * The series the monitor scores, asked of the one planner: each KPI's parts (its measures, or the
 * numerator and denominator of a ratio) as KPIs of the diagnosis's input catalog, at grain `day`
 * (or `week` for weekly monitors), one query per segment level for all the parts that level can
 * be measured in — the workspace, by channel, by campaign, by creator tier, and by creator for the
 * top creators by spend over the last 90 days. A part is measurable at a level when its facts
 * carry the level's dimension (the planner says so); parts reading a fact kept by month are not
 * asked by day or week (each month's amount would fall on its first day).
 *
 * A frame holds the slots from the first to the last day scored (days, or weeks as their
 * Mondays) and, per segment, each part's value per slot (NaN where the planner returned no row).
 */
import {
  addDays,
  type Catalog,
  compileKpiQuery,
  daysBetween,
  isMarkpiError,
  type KpiQuery,
  parseFormula,
  walk,
} from '@markpi/core';
import { runKpiQuery } from '@markpi/store';
import { inputCatalog } from '../diagnosis/index.js';
import { entityNames } from '../entities.js';
import { timeZoneOf, type WorkspaceContext } from '../workspace.js';
import { emptyTree, type Segment, type SegmentLevel, type SegmentTree, segmentKey } from './segments.js';

export type FrameGrain = 'day' | 'week';

/** The dimension a level groups by (none for the workspace). */
export const LEVEL_DIMENSION: Readonly<Record<SegmentLevel, string | null>> = {
  workspace: null,
  channel: 'channel',
  campaign: 'campaign',
  creator_tier: 'creator_tier',
  creator: 'creator',
};

export interface SegmentSeries {
  segment: Segment;
  /** Part formula → value per slot (NaN: no row). */
  parts: Map<string, Float64Array>;
}

export interface Frame {
  grain: FrameGrain;
  /** Slot dates (`YYYY-MM-DD`; a week's Monday), first to last. */
  slots: string[];
  /** Segment key → its series. */
  segments: Map<string, SegmentSeries>;
  tree: SegmentTree;
  /** Parts each level could not be measured in. */
  unmeasurable: Map<SegmentLevel, Set<string>>;
  /** Statements run, for the benchmark and the run's summary. */
  queries: number;
}

/** The monday of a day's ISO week. */
export function mondayOf(day: string): string {
  const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(day, -weekday);
}

/** The slots from `from` to `to`: every day, or every Monday of a week that lies inside. */
export function frameSlots(from: string, to: string, grain: FrameGrain): string[] {
  const slots: string[] = [];
  if (grain === 'day') {
    for (let day = from; day <= to; day = addDays(day, 1)) slots.push(day);
    return slots;
  }
  for (let monday = mondayOf(from) < from ? addDays(mondayOf(from), 7) : from; addDays(monday, 6) <= to; ) {
    slots.push(monday);
    monday = addDays(monday, 7);
  }
  return slots;
}

const monthlyParts = new WeakMap<Catalog, Map<string, boolean>>();

/** Whether a part reads a fact kept by month (see the module's comment). */
export function readsMonthlyFact(catalog: Catalog, part: string): boolean {
  const cache = monthlyParts.get(catalog) ?? new Map<string, boolean>();
  monthlyParts.set(catalog, cache);
  const known = cache.get(part);
  if (known !== undefined) return known;
  const parsed = parseFormula(part);
  let monthly = false;
  if (parsed.ok) {
    walk(parsed.expr, (node) => {
      if (node.kind !== 'name') return true;
      const measure = catalog.measures.get(node.name);
      if (measure && catalog.facts.get(measure.fact)?.grain === 'month') monthly = true;
      return !monthly;
    });
  }
  cache.set(part, monthly);
  return monthly;
}

const measurable = new WeakMap<Catalog, Map<string, boolean>>();

/** Whether the planner can measure a part (asked as `kpi` of `catalog`) grouped by `dimension`. */
function canMeasure(
  workspace: WorkspaceContext,
  catalog: Catalog,
  kpi: string,
  dimension: string | null,
): boolean {
  const cache = measurable.get(catalog) ?? new Map<string, boolean>();
  measurable.set(catalog, cache);
  const key = `${kpi}\u0000${dimension ?? ''}`;
  const known = cache.get(key);
  if (known !== undefined) return known;
  let ok = true;
  try {
    compileKpiQuery(
      catalog,
      {
        kpis: [kpi],
        dimensions: dimension ? [dimension] : [],
        from: '2026-01-01',
        to: '2026-01-07',
        grain: 'day',
      },
      workspace.warehouse.dialect,
    );
  } catch (error) {
    if (!isMarkpiError(error)) throw error;
    ok = false;
  }
  cache.set(key, ok);
  return ok;
}

export interface FrameRequest {
  from: string;
  to: string;
  grain: FrameGrain;
  /** Parts (formulas) to ask, per level. */
  parts: ReadonlyMap<SegmentLevel, readonly string[]>;
  /** How many top creators by spend get series (0: none). */
  topCreators: number;
}

/** Asks the planner for every level's parts and lays the answers out on the frame's slots. */
export async function fetchFrame(workspace: WorkspaceContext, request: FrameRequest): Promise<Frame> {
  const slots = frameSlots(request.from, request.to, request.grain);
  const slotIndex = new Map(slots.map((slot, index) => [slot, index]));
  const allParts = [...new Set([...request.parts.values()].flat())];
  const { catalog, kpiOf } = inputCatalog(workspace.catalog, allParts);
  const frame: Frame = {
    grain: request.grain,
    slots,
    segments: new Map(),
    tree: emptyTree(),
    unmeasurable: new Map(),
    queries: 0,
  };
  if (slots.length === 0) return frame;
  const window = { from: slots[0]!, to: request.grain === 'day' ? slots.at(-1)! : addDays(slots.at(-1)!, 6) };
  const run = async (query: Omit<KpiQuery, 'timeZone'>) => {
    frame.queries++;
    return runKpiQuery(workspace.warehouse, catalog, { ...query, timeZone: timeZoneOf(workspace) });
  };

  let creatorFilter: string | undefined;
  for (const [level, parts] of request.parts) {
    const dimension = LEVEL_DIMENSION[level];
    const askable = parts.filter((part) => canMeasure(workspace, catalog, kpiOf.get(part)!, dimension));
    frame.unmeasurable.set(level, new Set(parts.filter((part) => !askable.includes(part))));
    if (askable.length === 0) continue;
    let filter: string | undefined;
    if (level === 'creator') {
      creatorFilter ??= await topCreatorFilter(workspace, request, run, window.to);
      if (!creatorFilter) continue;
      filter = creatorFilter;
    }
    const result = await run({
      kpis: askable.map((part) => kpiOf.get(part)!),
      dimensions: dimension ? [dimension] : [],
      from: window.from,
      to: window.to,
      grain: request.grain,
      ...(filter ? { filter } : {}),
    });
    for (const row of result.rows) {
      const slot = slotIndex.get(String(row[request.grain]));
      if (slot === undefined) continue;
      const raw = dimension ? row[dimension] : null;
      if (dimension && (raw === null || raw === undefined || raw === '')) continue;
      const segment: Segment = { level, value: dimension ? String(raw) : null };
      const key = segmentKey(segment);
      let series = frame.segments.get(key);
      if (!series) {
        series = { segment, parts: new Map() };
        frame.segments.set(key, series);
      }
      for (const part of askable) {
        const value = row[kpiOf.get(part)!];
        let values = series.parts.get(part);
        if (!values) {
          values = new Float64Array(slots.length).fill(Number.NaN);
          series.parts.set(part, values);
        }
        if (typeof value === 'number' && Number.isFinite(value)) values[slot] = value;
      }
    }
  }
  await describeTree(workspace, frame, request, window, run, creatorFilter);
  return frame;
}

/** `creator in (…)` for the top creators by spend over the last 90 days; undefined when none. */
async function topCreatorFilter(
  workspace: WorkspaceContext,
  request: FrameRequest,
  run: (query: Omit<KpiQuery, 'timeZone'>) => Promise<{ rows: Record<string, unknown>[] }>,
  to: string,
): Promise<string | undefined> {
  if (request.topCreators <= 0 || !workspace.catalog.kpis.has('spend')) return undefined;
  const result = await run({
    kpis: ['spend'],
    dimensions: ['creator'],
    from: addDays(to, -89),
    to,
    grain: 'total',
  });
  const ranked = result.rows
    .filter((row) => typeof row.creator === 'string' && row.creator !== '' && typeof row.spend === 'number')
    .sort(
      (a, b) =>
        (b.spend as number) - (a.spend as number) || String(a.creator).localeCompare(String(b.creator)),
    )
    .slice(0, request.topCreators)
    .map((row) => String(row.creator));
  if (ranked.length === 0) return undefined;
  return `creator in (${ranked.map((creator) => `'${creator.replaceAll("'", "''")}'`).join(', ')})`;
}

/** Which channels each campaign and creator has data on, creators' tiers, and readable names. */
async function describeTree(
  workspace: WorkspaceContext,
  frame: Frame,
  request: FrameRequest,
  window: { from: string; to: string },
  run: (query: Omit<KpiQuery, 'timeZone'>) => Promise<{ rows: Record<string, unknown>[] }>,
  creatorFilter: string | undefined,
): Promise<void> {
  const campaigns = [...frame.segments.values()].filter((series) => series.segment.level === 'campaign');
  const creators = [...frame.segments.values()].filter((series) => series.segment.level === 'creator');
  // Where each campaign and creator has data, asked by the spend it has (or its first part).
  const { catalog, kpiOf } = inputCatalog(workspace.catalog, [
    ...new Set([...request.parts.values()].flat()),
  ]);
  const probe = (level: SegmentLevel) => {
    if (catalog.kpis.has('spend')) return 'spend';
    const part = request.parts.get(level)?.[0];
    return part === undefined ? undefined : kpiOf.get(part);
  };
  const campaignProbe = probe('campaign');
  if (campaigns.length > 0 && campaignProbe) {
    const result = await run({
      kpis: [campaignProbe],
      dimensions: ['campaign', 'channel'],
      ...window,
      grain: 'total',
    });
    for (const row of result.rows) addChannel(frame.tree, 'campaign', row.campaign, row.channel);
  }
  const creatorProbe = probe('creator');
  if (creators.length > 0 && creatorFilter && creatorProbe) {
    const result = await run({
      kpis: [creatorProbe],
      dimensions: ['creator', 'creator_tier', 'channel'],
      ...window,
      grain: 'total',
      filter: creatorFilter,
    });
    for (const row of result.rows) {
      addChannel(frame.tree, 'creator', row.creator, row.channel);
      if (typeof row.creator === 'string' && typeof row.creator_tier === 'string' && row.creator_tier !== '')
        frame.tree.tiers.set(row.creator, row.creator_tier);
    }
  }
  // Creator tiers are no channel's part, but the channels their creators post on tie a tier's
  // incident to a channel's (`joinTierDetections`).
  const tiers = [...frame.segments.values()].some((series) => series.segment.level === 'creator_tier');
  const tierProbe = probe('creator_tier');
  if (tiers && tierProbe) {
    const result = await run({
      kpis: [tierProbe],
      dimensions: ['creator_tier', 'channel'],
      ...window,
      grain: 'total',
    });
    for (const row of result.rows) addChannel(frame.tree, 'creator_tier', row.creator_tier, row.channel);
  }
  for (const [level, list] of [
    ['campaign', campaigns],
    ['creator', creators],
  ] as const) {
    if (list.length === 0) continue;
    const names = await entityNames(
      workspace.warehouse,
      level,
      list.map((series) => series.segment.value!),
    );
    for (const [id, name] of names) frame.tree.names.set(id, name);
  }
}

function addChannel(
  tree: SegmentTree,
  level: 'campaign' | 'creator' | 'creator_tier',
  id: unknown,
  channel: unknown,
): void {
  if (typeof id !== 'string' || id === '' || typeof channel !== 'string' || channel === '') return;
  const key = `${level}:${id}`;
  const channels = tree.channels.get(key) ?? new Set<string>();
  channels.add(channel);
  tree.channels.set(key, channels);
}

/** Days between two slots of a frame (7 per slot for weeks). */
export function slotDays(frame: Frame): number {
  return frame.grain === 'day' ? 1 : 7;
}

/** The slot a day falls in, or −1 outside the frame. */
export function slotOfDay(frame: Frame, day: string): number {
  const first = frame.slots[0];
  if (first === undefined) return -1;
  const offset = Math.floor(
    daysBetween(first, frame.grain === 'day' ? day : mondayOf(day)) / slotDays(frame),
  );
  return offset >= 0 && offset < frame.slots.length ? offset : -1;
}
