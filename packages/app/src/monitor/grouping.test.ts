/**
 * Alerts that share a cause become one incident: the issue's example worked by hand (total
 * conversions, Meta's and three Meta campaigns' falling on the same days is one incident headed by
 * Meta), a spike that is all one campaign's headed by that campaign, a tracking break heading what
 * it explains, unrelated alerts kept apart — and, on random alerts, the groups equal the connected
 * components of the joining rule applied pair by pair (a brute-force closure written here).
 */
import { buildCatalog, mergeFunnels } from '@markpi/core';
import { describe, expect, it } from 'vitest';
import {
  detectionOf,
  EXPLAIN_SHARE,
  FOLLOW_LAG,
  follows,
  type GroupInput,
  groupEpisodes,
  headlineOf,
  JOIN_SHARE,
  joinTierDetections,
  REPEAT_DAYS,
  shareOf,
} from './grouping.js';
import type { Detection } from './incidents.js';
import { monitorMessage, sayMonitor } from './messages.js';
import type { Episode, ScoredSeries } from './scoring.js';
import {
  emptyTree,
  parentsOf,
  type Segment,
  type SegmentTree,
  segmentKey,
  seriesKey,
  within,
} from './segments.js';

const catalog = buildCatalog();
const SLOTS = Array.from({ length: 30 }, (_, index) => `2026-01-${String(index + 1).padStart(2, '0')}`);
const WS: Segment = { level: 'workspace', value: null };
const channel = (value: string): Segment => ({ level: 'channel', value });
const campaign = (value: string): Segment => ({ level: 'campaign', value });

function tree(campaigns: Record<string, string>): SegmentTree {
  const built = emptyTree();
  for (const [id, on] of Object.entries(campaigns)) built.channels.set(`campaign:${id}`, new Set([on]));
  return built;
}

function episode(
  kpi: string,
  segment: Segment,
  slots: number[],
  options: {
    direction?: 'above' | 'below';
    probability?: number;
    measures?: string[];
    kind?: 'kpi' | 'tracking';
  } = {},
): Episode {
  const kind = options.kind ?? 'kpi';
  const series =
    kind === 'tracking' ? `tracking:${kpi}/clicks@${segmentKey(segment)}` : seriesKey(kpi, segment);
  return {
    kind,
    series,
    kpi,
    segment,
    direction: options.direction ?? 'below',
    slots,
    from: SLOTS[slots[0]!]!,
    to: SLOTS[slots.at(-1)!]!,
    probability: options.probability ?? 1e-6,
    measures: options.measures ?? [kpi],
    markers: [],
    said: sayMonitor(catalog, monitorMessage('monitor.days.one', { day: SLOTS[slots[0]!]! })),
    ...(kind === 'tracking' ? { outcome: kpi, volume: 'clicks' } : {}),
  };
}

/** A series whose impact is `value` on the given slots and 0 elsewhere. */
function impact(kpi: string, segment: Segment, values: Record<number, number>): ScoredSeries {
  const array = new Float64Array(SLOTS.length).fill(0);
  for (const [slot, value] of Object.entries(values)) array[Number(slot)] = value;
  return { key: seriesKey(kpi, segment), kpi, segment, impact: array };
}

function input(segmentTree: SegmentTree, episodes: Episode[], series: ScoredSeries[]): GroupInput {
  return {
    catalog,
    tree: segmentTree,
    slots: SLOTS,
    episodes,
    series: new Map(series.map((entry) => [entry.key, entry])),
  };
}

describe('grouping alerts into incidents', () => {
  const metaTree = tree({ 'ao-meta': 'meta', 'wom-meta': 'meta', 'launch-meta': 'meta', 'ao-dy': 'douyin' });

  it('makes total, Meta and three Meta campaigns falling on the same days one incident headed by Meta', () => {
    const days = { 12: 1, 13: 1 };
    const scale = (share: number) =>
      Object.fromEntries(Object.keys(days).map((slot) => [slot, -100 * share]));
    const episodes = [
      episode('conversions', WS, [12, 13]),
      episode('conversions', channel('meta'), [12, 13]),
      episode('conversions', campaign('ao-meta'), [12, 13]),
      episode('conversions', campaign('wom-meta'), [12, 13]),
      episode('conversions', campaign('launch-meta'), [12, 13]),
    ];
    const series = [
      impact('conversions', WS, scale(1)),
      impact('conversions', channel('meta'), scale(0.97)),
      // The largest campaign carries 45% of Meta's fall: none explains it alone.
      impact('conversions', campaign('ao-meta'), scale(0.45)),
      impact('conversions', campaign('wom-meta'), scale(0.3)),
      impact('conversions', campaign('launch-meta'), scale(0.22)),
    ];
    const given = input(metaTree, episodes, series);
    const groups = groupEpisodes(given);
    expect(groups).toEqual([[0, 1, 2, 3, 4]]);
    expect(segmentKey(headlineOf(given, groups[0]!).segment)).toBe('channel:meta');
    const detection = detectionOf(given, groups[0]!);
    expect(detection).toMatchObject({
      kind: 'kpi',
      severity: 'warning',
      segment: 'channel:meta',
      kpi: 'conversions',
      from: '2026-01-13',
      to: '2026-01-14',
    });
    expect(detection.title.text.en).toBe(
      'Meta: conversions below expected from 2026-01-13 to 2026-01-14, with 4 related alerts',
    );
    expect(detection.title.text.zh).toBe(
      'Meta：2026-01-13 至 2026-01-14 转化次数低于预期，另有 4 条相关告警',
    );
    expect(detection.segments).toEqual([
      'campaign:ao-meta',
      'campaign:launch-meta',
      'campaign:wom-meta',
      'channel:meta',
      'workspace',
    ]);
  });

  it('heads a spike that is all one campaign’s by that campaign, and a tracking break by the break', () => {
    const spike = [
      episode('spend', WS, [5], { direction: 'above', probability: 1e-12 }),
      episode('spend', channel('douyin'), [5], { direction: 'above' }),
      episode('spend', campaign('ao-dy'), [5], { direction: 'above' }),
    ];
    const spikeSeries = [
      impact('spend', WS, { 5: 5000 }),
      impact('spend', channel('douyin'), { 5: 4990 }),
      impact('spend', campaign('ao-dy'), { 5: 4980 }),
    ];
    const given = input(metaTree, spike, spikeSeries);
    const [group] = groupEpisodes(given);
    expect(group).toEqual([0, 1, 2]);
    const detection = detectionOf(given, group!);
    expect(detection.segment).toBe('campaign:ao-dy');
    // Rarer than 10⁻⁷ on the whole workspace: critical.
    expect(detection.severity).toBe('critical');
    expect(detection.title.text.en).toBe(
      'Campaign ao-dy on Douyin: spend above expected on 2026-01-06, with 2 related alerts',
    );

    const outage = [
      episode('conversions', channel('meta'), [12, 13]),
      episode('cvr', channel('meta'), [12, 13], { measures: ['clicks', 'conversions'] }),
      episode('conversions', campaign('ao-meta'), [12, 13]),
      episode('conversions', channel('meta'), [12, 13], { kind: 'tracking', probability: 1e-9 }),
    ];
    const outageSeries = [
      impact('conversions', channel('meta'), { 12: -50, 13: -50 }),
      impact('conversions', campaign('ao-meta'), { 12: -20, 13: -20 }),
    ];
    const broken = input(metaTree, outage, outageSeries);
    const groups = groupEpisodes(broken);
    expect(groups).toEqual([[0, 1, 2, 3]]);
    const found = detectionOf(broken, groups[0]!);
    expect(found).toMatchObject({ kind: 'tracking_break', severity: 'critical', segment: 'channel:meta' });
    expect(found.title.text.en).toBe(
      'Meta: tracking looks broken from 2026-01-13 to 2026-01-14 — conversions stopped while clicks held',
    );
  });

  it('keeps apart what only shares the days: other channels and small parts, while one channel’s alerts on one day go together', () => {
    const episodes = [
      episode('spend', channel('douyin'), [20], { direction: 'above' }),
      episode('conversions', channel('meta'), [20]),
      episode('conversions', WS, [20]),
      // Another KPI of the same channel on the same day: looked at together.
      episode('ctr', channel('meta'), [20], { measures: ['clicks', 'impressions'] }),
      // A campaign alerting the same way but carrying 5% of Meta's fall is its own incident.
      episode('conversions', campaign('launch-meta'), [20]),
    ];
    const series = [
      impact('conversions', WS, { 20: -100 }),
      impact('conversions', channel('meta'), { 20: -96 }),
      impact('conversions', campaign('launch-meta'), { 20: -5 }),
    ];
    const groups = groupEpisodes(input(metaTree, episodes, series));
    expect(groups).toEqual([[0], [1, 2, 3], [4]]);
  });

  it('joins what follows down a funnel while the cause lasts, and a series alerting again within a week', () => {
    const xhs = channel('xiaohongshu');
    const clicks = episode('clicks', xhs, [5, 6, 7, 8, 9, 10, 11]);
    const leads = episode('leads', xhs, [7], { measures: ['leads'] });
    const costPerLead = episode('cpl', xhs, [11], { direction: 'above', measures: ['spend', 'leads'] });
    const lateLeads = episode('leads', xhs, [15], { measures: ['leads'] });
    const searchBefore = episode('search_lift', xhs, [3, 4, 5], { measures: ['brand_searches', 'reach'] });
    const groups = groupEpisodes(
      input(emptyTree(), [clicks, leads, costPerLead, lateLeads, searchBefore], []),
    );
    // Leads on day 7 and the cost per lead on day 11 follow the clicks of days 5–11; leads on day 15
    // start more than FOLLOW_LAG slots after the clicks and eight days after the leads; the search
    // lift began before the clicks.
    expect(groups.map((group) => [...group].sort())).toEqual([[0, 1, 2], [3], [4]]);
    expect(follows(clicks, leads)).toBe(true);
    expect(follows(leads, clicks)).toBe(false);
    // Conversions three slots after the clicks' last day still follow; four do not.
    expect(follows(clicks, episode('conversions', xhs, [11 + FOLLOW_LAG]))).toBe(true);
    expect(follows(clicks, episode('conversions', xhs, [12 + FOLLOW_LAG]))).toBe(false);
    const again = (gap: number) =>
      groupEpisodes(
        input(emptyTree(), [episode('conversions', xhs, [2]), episode('conversions', xhs, [2 + gap])], []),
      ).length;
    expect(again(REPEAT_DAYS)).toBe(1);
    expect(again(REPEAT_DAYS + 1)).toBe(2);
  });

  it('heads a same-day fall by its earliest funnel stage and takes in a campaign’s CTR from within its days', () => {
    const xhs = channel('xiaohongshu');
    const xhsTree = tree({ 'wom-xhs': 'xiaohongshu', 'ao-xhs': 'xiaohongshu' });
    const episodes = [
      episode('leads', xhs, [5, 6, 7, 8, 9, 10, 11], { probability: 1e-12 }),
      episode('clicks', xhs, [5, 6, 7, 8, 9, 10, 11], { probability: 1e-8 }),
      episode('ctr', campaign('wom-xhs'), [6, 7, 8], { measures: ['clicks', 'impressions'] }),
      episode('ctr', campaign('ao-xhs'), [3, 4, 5], { measures: ['clicks', 'impressions'] }),
    ];
    const given = input(xhsTree, episodes, []);
    const groups = groupEpisodes(given).map((group) => [...group].sort());
    // The campaign's CTR from day 6 reads the channel's clicks; another campaign's, falling since
    // before the channel's clicks did, is another story.
    expect(groups).toEqual([[0, 1, 2], [3]]);
    // Leads are rarer, but clicks come first in the funnel: the collapse is the clicks'.
    expect(headlineOf(given, groups[0]!).kpi).toBe('clicks');
  });

  it('heads a CTR collapse by the CTR, not by the cost ratios it moves, unless the spend itself alerted', () => {
    const ao = campaign('ao-xhs');
    const xhsTree = tree({ 'ao-xhs': 'xiaohongshu' });
    // One day: the CTR falls; CPA, the cost per store visitor and ROAS move with it. The spend is
    // in three of them, the clicks in one, but the spend did not alert on its own.
    const episodes = [
      episode('ctr', ao, [5, 6, 7], { probability: 1e-8, measures: ['clicks', 'impressions'] }),
      episode('cpa', ao, [5, 6], {
        direction: 'above',
        probability: 1e-9,
        measures: ['spend', 'conversions'],
      }),
      episode('cost_per_store_visit', ao, [5], {
        direction: 'above',
        probability: 1e-6,
        measures: ['spend', 'store_visits'],
      }),
      episode('roas', ao, [5, 6], { probability: 1e-7, measures: ['conversion_value', 'spend'] }),
    ];
    const given = input(xhsTree, episodes, []);
    expect(headlineOf(given, [0, 1, 2, 3]).kpi).toBe('ctr');
    // When the spend alerted itself (a spike), the spend is the cause.
    const spike = [
      ...episodes,
      episode('spend', ao, [5], { direction: 'above', probability: 1e-3, measures: ['spend'] }),
    ];
    expect(headlineOf(input(xhsTree, spike, []), [0, 1, 2, 3, 4]).kpi).toBe('spend');
  });

  it('folds a creator tier’s weekly incident into the daily incident of a channel its creators post on', () => {
    const detection = (
      segment: string,
      kpis: string[],
      from: string,
      to: string,
      direction: 'above' | 'below',
    ) =>
      ({
        kind: 'kpi',
        severity: 'warning',
        title: sayMonitor(catalog, monitorMessage('monitor.days.one', { day: from })),
        lines: [sayMonitor(catalog, monitorMessage('monitor.days.one', { day: from }))],
        from,
        to,
        segment,
        kpi: kpis[0]!,
        direction,
        segments: [segment],
        kpis,
        series: kpis.map((kpi) => `${kpi}@${segment}`),
        markers: [],
        drivers: [],
        monitor: 'kpis',
      }) satisfies Detection;
    const daily = [detection('channel:xiaohongshu', ['clicks'], '2026-07-06', '2026-07-12', 'below')];
    const tiers = new Map([
      ['creator_tier:kos', new Set(['xiaohongshu', 'douyin'])],
      ['creator_tier:kol', new Set(['douyin'])],
      ['creator:kos-xhs-001', new Set(['xiaohongshu'])],
    ]);
    const weekly = [
      detection('creator_tier:kos', ['ctr'], '2026-07-06', '2026-07-12', 'below'),
      detection('creator_tier:kol', ['ctr'], '2026-07-06', '2026-07-12', 'below'),
      detection('creator_tier:kos', ['save_rate'], '2026-07-06', '2026-07-12', 'below'),
      detection('creator_tier:kos', ['ctr'], '2026-07-13', '2026-07-19', 'below'),
      detection('creator:kos-xhs-001', ['ctr'], '2026-07-06', '2026-07-12', 'below'),
    ];
    const joined = joinTierDetections(catalog, daily, weekly, tiers);
    // KOS posts on Xiaohongshu and its CTR reads clicks: folded. KOL does not post there, saves
    // are no measure of clicks, and the week after starts after the daily incident did.
    expect(joined.daily).toHaveLength(1);
    expect(joined.daily[0]!.segments).toEqual([
      'channel:xiaohongshu',
      'creator_tier:kos',
      'creator:kos-xhs-001',
    ]);
    expect(joined.daily[0]!.kpis).toEqual(['clicks', 'ctr']);
    expect(joined.weekly.map((entry) => `${entry.segment} ${entry.kpi} ${entry.from}`)).toEqual([
      'creator_tier:kol ctr 2026-07-06',
      'creator_tier:kos save_rate 2026-07-06',
      'creator_tier:kos ctr 2026-07-13',
    ]);
    expect(daily[0]!.segments).toEqual(['channel:xiaohongshu']);
  });

  it('measures shares over the outer alert’s days, skipping days the outer series has no score', () => {
    const outer = impact('x', WS, { 1: -10, 2: -30 });
    const inner = impact('x', channel('a'), { 1: -5, 2: -3, 3: -100 });
    expect(shareOf(inner, outer, [1, 2])).toBeCloseTo(8 / 40, 12);
    outer.impact[2] = Number.NaN;
    expect(shareOf(inner, outer, [1, 2])).toBeCloseTo(5 / 10, 12);
    expect(shareOf(inner, impact('x', WS, {}), [1])).toBeNull();
  });

  it('equals the connected components of the joining rule, pair by pair, on random alerts', () => {
    let seed = 99;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
    const segments: Segment[] = [
      WS,
      channel('meta'),
      channel('douyin'),
      campaign('ao-meta'),
      campaign('wom-meta'),
      campaign('ao-dy'),
    ];
    const kpis: [string, string[]][] = [
      ['conversions', ['conversions']],
      ['cvr', ['clicks', 'conversions']],
      ['spend', ['spend']],
      ['ctr', ['clicks', 'impressions']],
      ['search_lift', ['brand_searches', 'reach']],
    ];
    // Each funnel's stages after the first, in order.
    const funnels = mergeFunnels().map((funnel) => funnel.stages.slice(1).map((stage) => stage.measure));
    for (let trial = 0; trial < 60; trial++) {
      const episodes: Episode[] = [];
      const series = new Map<string, ScoredSeries>();
      const count = 3 + Math.floor(random() * 9);
      for (let index = 0; index < count; index++) {
        const [kpi, measures] = pick(kpis);
        const segment = pick(segments);
        const start = Math.floor(random() * 8);
        const slots = Array.from({ length: 1 + Math.floor(random() * 3) }, (_, offset) => start + offset);
        const tracking = random() < 0.1 && segment.level === 'channel';
        episodes.push(
          episode(tracking ? 'conversions' : kpi, segment, slots, {
            direction: random() < 0.7 ? 'below' : 'above',
            measures: tracking ? ['conversions'] : measures,
            kind: tracking ? 'tracking' : 'kpi',
          }),
        );
        const key = seriesKey(kpi, segment);
        if (!series.has(key)) {
          const values: Record<number, number> = {};
          for (let slot = 0; slot < 12; slot++) values[slot] = (random() - 0.7) * 100;
          series.set(key, impact(kpi, segment, values));
        }
      }
      const given = input(metaTree, episodes, [...series.values()]);
      // Brute force: the rule for every pair, then components by repeated merging.
      const touches = (a: Episode, b: Episode, gap: number) =>
        a.slots.some((x) => b.slots.some((y) => Math.abs(x - y) <= gap));
      const joined = (a: Episode, b: Episode): boolean => {
        const related =
          a.kind === 'tracking' ||
          b.kind === 'tracking' ||
          a.measures.some((measure) => b.measures.includes(measure)) ||
          (a.direction === b.direction &&
            funnels.some((steps) =>
              steps.some(
                (step, index) =>
                  index > 0 &&
                  ((a.measures.includes(steps[index - 1]!) && b.measures.includes(step)) ||
                    (b.measures.includes(steps[index - 1]!) && a.measures.includes(step))),
              ),
            )) ||
          Math.abs(a.slots[0]! - b.slots[0]!) <= 1;
        if (segmentKey(a.segment) === segmentKey(b.segment) && touches(a, b, 1) && related) return true;
        // The same series again within a week (daily slots here).
        if (a.series === b.series && touches(a, b, 7)) return true;
        // A later funnel stage starting while an earlier one's alert lasts, or up to 3 slots after.
        const follows = (cause: Episode, effect: Episode) =>
          cause.kind === 'kpi' &&
          effect.kind === 'kpi' &&
          segmentKey(cause.segment) === segmentKey(effect.segment) &&
          effect.slots[0]! >= cause.slots[0]! &&
          effect.slots[0]! <= cause.slots.at(-1)! + 3 &&
          funnels.some((steps) =>
            steps.some(
              (step, index) =>
                cause.measures.includes(step) &&
                steps.slice(index + 1).some((later) => effect.measures.includes(later)),
            ),
          );
        if (follows(a, b) || follows(b, a)) return true;
        const tracking = (t: Episode, k: Episode) =>
          t.kind === 'tracking' &&
          k.kind === 'kpi' &&
          within(k.segment, t.segment, metaTree) &&
          touches(t, k, 1) &&
          k.measures.includes(t.outcome!);
        if (tracking(a, b) || tracking(b, a)) return true;
        const nested = (inner: Episode, outer: Episode) => {
          if (
            inner.kind !== 'kpi' ||
            outer.kind !== 'kpi' ||
            inner.kpi !== outer.kpi ||
            inner.direction !== outer.direction
          )
            return false;
          if (
            !parentsOf(inner.segment, metaTree).some(
              (parent) => segmentKey(parent) === segmentKey(outer.segment),
            )
          )
            return false;
          if (!touches(inner, outer, 0)) return false;
          let innerSum = 0;
          let outerSum = 0;
          for (const slot of outer.slots) {
            innerSum += series.get(inner.series)!.impact[slot]!;
            outerSum += series.get(outer.series)!.impact[slot]!;
          }
          return outerSum !== 0 && innerSum / outerSum >= JOIN_SHARE;
        };
        // Another KPI inside, reading a measure of the outer one's, the same way, from within its days.
        const story = (inner: Episode, outer: Episode) =>
          inner.kind === 'kpi' &&
          outer.kind === 'kpi' &&
          inner.kpi !== outer.kpi &&
          inner.direction === outer.direction &&
          parentsOf(inner.segment, metaTree).some(
            (parent) => segmentKey(parent) === segmentKey(outer.segment),
          ) &&
          inner.slots[0]! >= outer.slots[0]! &&
          inner.slots[0]! <= outer.slots.at(-1)! &&
          inner.measures.some((measure) => outer.measures.includes(measure));
        return nested(a, b) || nested(b, a) || story(a, b) || story(b, a);
      };
      const label = episodes.map((_, index) => index);
      for (let changed = true; changed; ) {
        changed = false;
        for (let a = 0; a < episodes.length; a++) {
          for (let b = 0; b < episodes.length; b++) {
            if (a !== b && label[a] !== label[b] && joined(episodes[a]!, episodes[b]!)) {
              const low = Math.min(label[a]!, label[b]!);
              const high = Math.max(label[a]!, label[b]!);
              for (let c = 0; c < label.length; c++) if (label[c] === high) label[c] = low;
              changed = true;
            }
          }
        }
      }
      const expected = new Map<number, number[]>();
      label.forEach((root, index) => {
        expected.set(root, [...(expected.get(root) ?? []), index]);
      });
      const normalise = (groups: number[][]) =>
        groups.map((group) => [...group].sort((x, y) => x - y)).sort((x, y) => x[0]! - y[0]!);
      expect(normalise(groupEpisodes(given)), `trial ${trial}`).toEqual(normalise([...expected.values()]));
    }
    expect(EXPLAIN_SHARE).toBeGreaterThan(JOIN_SHARE);
  });
});
