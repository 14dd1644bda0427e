import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../catalog/catalog.js';
import { isMarkpiError } from '../errors.js';
import {
  decomposeKpiBySegment,
  drillDownKpi,
  kpiSegmentShape,
  type MeasureSegmentRow,
} from './kpi-segments.js';
import { sayDiagnosis } from './messages.js';
import {
  type DrillLevel,
  type DrillRequest,
  decomposeBySegment,
  drillDown,
  type SegmentContribution,
  type SegmentRow,
} from './segments.js';

const catalog = buildCatalog({
  kpis: [
    {
      id: 'ctr_squared',
      name: { en: 'CTR squared', zh: '点击率平方' },
      description: { en: 'A product of ratios, for tests.', zh: '比率之积。' },
      formula: 'clicks * clicks / impressions / impressions',
      unit: 'number',
      direction: 'up',
      aggregation: 'ratio',
    },
  ],
});

const bySegment = (segments: readonly SegmentContribution[]) =>
  Object.fromEntries(segments.map((segment) => [segment.segment, segment]));

describe('ROAS over three channels, computed by hand: half mix, half rate', () => {
  // Before: spend 100 / 100 / 200, value 400 / 200 / 200 → ROAS 4, 2, 1; whole 800 / 400 = 2.
  // After: spend 400 / 200 / 200 (shares ¼ ½ … → ½ ¼ ¼), value 1600 / 1000 / 200 → ROAS 4, 5, 1; whole 2800 / 800 = 3.5.
  const rows: MeasureSegmentRow[] = [
    {
      segment: 'douyin',
      before: { spend: 100, conversion_value: 400 },
      after: { spend: 400, conversion_value: 1600 },
    },
    {
      segment: 'weibo',
      before: { spend: 100, conversion_value: 200 },
      after: { spend: 200, conversion_value: 1000 },
    },
    {
      segment: 'wechat',
      before: { spend: 200, conversion_value: 200 },
      after: { spend: 200, conversion_value: 200 },
    },
  ];
  const result = decomposeKpiBySegment(kpiSegmentShape(catalog, 'roas'), rows);

  it('splits the +1.5 into mix +0.75 and rate +0.75', () => {
    expect([result.before, result.after, result.change]).toEqual([2, 3.5, 1.5]);
    expect(result.mix).toBe(0.75);
    expect(result.rate).toBe(0.75);
    expect(result.split).toBe(1.5);
  });

  it('gives each channel its mix against the midpoint 2.75 and its rate at its mean share', () => {
    const segments = bySegment(result.segments);
    // Douyin: share ¼ → ½ at ROAS 4, 1.25 above 2.75: mix ¼ · 1.25 = 0.3125; its ROAS held: rate 0.
    expect([segments.douyin!.mix, segments.douyin!.rate]).toEqual([0.3125, 0]);
    // Weibo: share ¼ → ¼: mix 0; ROAS 2 → 5 at mean share ¼: rate 0.75.
    expect([segments.weibo!.mix, segments.weibo!.rate]).toEqual([0, 0.75]);
    // WeChat: share ½ → ¼ at ROAS 1, 1.75 below 2.75: losing share there lifts the whole by 0.4375.
    expect([segments.wechat!.mix, segments.wechat!.rate]).toEqual([0.4375, 0]);
  });

  it('ranks the drivers with their share of the change', () => {
    expect(result.segments.map((segment) => [segment.segment, segment.contribution, segment.share])).toEqual([
      ['weibo', 0.75, 0.5],
      ['wechat', 0.4375, 0.4375 / 1.5],
      ['douyin', 0.3125, 0.3125 / 1.5],
    ]);
    expect(result.segments[0]).toMatchObject({ before: 2, after: 5, weightBefore: 0.25, weightAfter: 0.25 });
  });
});

describe('segments that appear, vanish or have no denominator', () => {
  it('gives a new segment its entry as mix, and a numerator without a denominator as rate', () => {
    // Before: X 10 / 10 → R 1. After: X 10 / 10, Y (new) 30 / 10, Z 4 on no denominator → 44 / 20 = 2.2.
    const rows: SegmentRow[] = [
      { segment: 'x', before: { numerator: 10, denominator: 10 }, after: { numerator: 10, denominator: 10 } },
      { segment: 'y', before: { numerator: 0, denominator: 0 }, after: { numerator: 30, denominator: 10 } },
      { segment: 'z', before: { numerator: 0, denominator: 0 }, after: { numerator: 4, denominator: 0 } },
    ];
    const result = decomposeBySegment(rows, { shape: 'ratio' });
    expect(result.change).toBeCloseTo(1.2, 14);
    const segments = bySegment(result.segments);
    // Midpoint 1.6. X: share 1 → ½ at 1, 0.6 below: mix 0.3. Y: share 0 → ½ at its own 3: mix ½ · 1.4 = 0.7.
    expect(segments.x).toMatchObject({ status: 'both', rate: 0 });
    expect(segments.x!.mix).toBeCloseTo(0.3, 14);
    expect(segments.y).toMatchObject({ status: 'new', before: null, after: 3, rate: 0 });
    expect(segments.y!.mix).toBeCloseTo(0.7, 14);
    // Z: 4 / 20 = 0.2 of the whole, with no share to move.
    expect(segments.z).toMatchObject({ status: 'no_denominator', mix: 0, rate: 0.2 });
    expect(result.split).toBeCloseTo(1.2, 14);
  });

  it('gives a vanishing segment its exit as mix', () => {
    const rows: SegmentRow[] = [
      { segment: 'x', before: { numerator: 10, denominator: 10 }, after: { numerator: 10, denominator: 10 } },
      { segment: 'y', before: { numerator: 30, denominator: 10 }, after: { numerator: 0, denominator: 0 } },
    ];
    const result = decomposeBySegment(rows, { shape: 'ratio' });
    // R 2 → 1, midpoint 1.5. Y leaves: −½ · (3 − 1.5) = −0.75; X: share ½ → 1 at 1: ½ · (1 − 1.5) = −0.25.
    expect(bySegment(result.segments).y).toMatchObject({ status: 'gone', mix: -0.75, rate: 0 });
    expect(bySegment(result.segments).x).toMatchObject({ mix: -0.25, rate: 0 });
  });

  it('has nothing to split when the whole has no denominator in a window', () => {
    const rows: SegmentRow[] = [
      { segment: 'x', before: { numerator: 1, denominator: 0 }, after: { numerator: 1, denominator: 2 } },
    ];
    const result = decomposeBySegment(rows, { shape: 'ratio' });
    expect(result).toMatchObject({ before: null, change: null, segments: [] });
    expect(sayDiagnosis(result.notes[0]!, 'zh')).toBe('该指标在前一时段没有数值，无法拆解');
  });
});

describe('KPIs as segments see them', () => {
  it('knows sums, ratios of sums and constants, and refuses products', () => {
    expect(kpiSegmentShape(catalog, 'interactions')).toMatchObject({ shape: 'additive', approximate: false });
    expect(kpiSegmentShape(catalog, 'cpm')).toMatchObject({ shape: 'ratio', scale: 1000 });
    const roi = kpiSegmentShape(catalog, 'roi');
    expect([...roi.numerator.coefficients]).toEqual([
      ['conversion_value', 1],
      ['spend', -1],
    ]);
    expect([...kpiSegmentShape(catalog, 'cac').numerator.coefficients]).toEqual([
      ['spend', 1],
      ['non_media_cost', 1],
    ]);
    expect(kpiSegmentShape(catalog, 'frequency').approximate).toBe(true);
    let caught: unknown;
    try {
      kpiSegmentShape(catalog, 'ctr_squared');
    } catch (error) {
      caught = error;
    }
    expect(isMarkpiError(caught) && caught.code).toBe('kpi_not_segmentable');
  });

  it('splits CPM per thousand and a sum by its terms', () => {
    const cpm = decomposeKpiBySegment(kpiSegmentShape(catalog, 'cpm'), [
      { segment: 'a', before: { spend: 10, impressions: 1000 }, after: { spend: 30, impressions: 1000 } },
      { segment: 'b', before: { spend: 10, impressions: 1000 }, after: { spend: 10, impressions: 1000 } },
    ]);
    // CPM 10 → 20; A's own CPM 10 → 30 at share ½: rate 10.
    expect([cpm.before, cpm.after]).toEqual([10, 20]);
    expect(bySegment(cpm.segments).a).toMatchObject({ mix: 0, rate: 10, contribution: 10, share: 1 });
    const interactions = decomposeKpiBySegment(kpiSegmentShape(catalog, 'interactions'), [
      { segment: 'a', before: { likes: 5, comments: 1 }, after: { likes: 9, comments: 1, shares: 2 } },
      { segment: 'b', before: { saves: 4 }, after: { saves: 1 } },
    ]);
    expect(interactions.segments.map((segment) => [segment.segment, segment.contribution])).toEqual([
      ['a', 6],
      ['b', -3],
    ]);
    expect([interactions.before, interactions.after, interactions.change]).toEqual([10, 13, 3]);
  });
});

// ---------------------------------------------------------------- down a hierarchy

interface Leaf {
  channel: string;
  campaign: string;
  ad_group: string;
  creator: string;
  content: string;
  before: Record<string, number>;
  after: Record<string, number>;
}

const HIERARCHY: DrillLevel[] = [
  {
    dimension: 'channel',
    children: [
      { dimension: 'campaign', children: [{ dimension: 'ad_group' }] },
      { dimension: 'creator', children: [{ dimension: 'content' }] },
    ],
  },
];

/** The planner's answer, by hand: leaves inside the path, summed by the dimension. */
function rowsOf(leaves: readonly Leaf[]) {
  return (request: DrillRequest): MeasureSegmentRow[] => {
    const inside = leaves.filter((leaf) =>
      request.path.every((step) => leaf[step.dimension as keyof Leaf] === step.segment),
    );
    const groups = new Map<string, MeasureSegmentRow>();
    for (const leaf of inside) {
      const segment = leaf[request.dimension as keyof Leaf] as string;
      const row = groups.get(segment) ?? { segment, before: {}, after: {} };
      for (const window of ['before', 'after'] as const) {
        const target = row[window] as Record<string, number>;
        for (const [measure, value] of Object.entries(leaf[window]))
          target[measure] = (target[measure] ?? 0) + value;
      }
      groups.set(segment, row);
    }
    return [...groups.values()];
  };
}

const leaf = (path: string, before: number, after: number): Leaf => {
  const [channel, campaign, adGroup, creator, content] = path.split('/') as [
    string,
    string,
    string,
    string,
    string,
  ];
  return {
    channel,
    campaign,
    ad_group: adGroup,
    creator,
    content,
    before: { conversions: before },
    after: { conversions: after },
  };
};

describe('following conversions down channel → campaign → ad group, computed by hand', () => {
  // −125 in all: Weibo −115 (campaign w1 −110: ad groups a −60, b −50; w2 −5), Douyin −10.
  const leaves = [
    leaf('weibo/w1/a/k1/p1', 100, 40),
    leaf('weibo/w1/b/k2/p2', 100, 50),
    leaf('weibo/w2/c/k1/p3', 50, 45),
    leaf('douyin/d1/e/k3/p4', 200, 190),
  ];
  const shape = kpiSegmentShape(catalog, 'conversions');

  it('goes into Weibo (92%), picks campaigns over creators (96% against 57%), then w1’s ad groups', async () => {
    const result = await drillDownKpi(shape, { levels: HIERARCHY, rows: rowsOf(leaves) });
    expect(result.change).toBe(-125);
    expect(result.steps.map((step) => [step.dimension, step.part, step.descended])).toEqual([
      ['channel', -125, 'weibo'],
      ['campaign', -115, 'w1'],
      ['ad_group', -110, null],
    ]);
    // Under Weibo, creators: k1 = a + c = −65 of −115; campaigns: w1 = −110 of −115.
    expect(result.steps[1]!.considered).toEqual([
      { dimension: 'campaign', top: 'w1', topShare: 110 / 115 },
      { dimension: 'creator', top: 'k1', topShare: 65 / 115 },
    ]);
    expect(
      result.drivers.map((driver) => [
        driver.path.map((step) => step.segment).join('/'),
        driver.contribution,
        driver.shareOfChange,
      ]),
    ).toEqual([
      ['weibo/w1/a', -60, 0.48],
      ['weibo/w1/b', -50, 0.4],
      ['douyin', -10, 0.08],
      ['weibo/w2', -5, 0.04],
    ]);
    expect(result.notes).toEqual([]);
  });

  it('stops where no segment explains enough of what is left', async () => {
    const result = await drillDownKpi(shape, { levels: HIERARCHY, rows: rowsOf(leaves), dominance: 0.97 });
    expect(result.steps.map((step) => step.descended)).toEqual([null]);
    const easier = await drillDownKpi(shape, { levels: HIERARCHY, rows: rowsOf(leaves), dominance: 0.9 });
    expect(easier.steps.map((step) => step.descended)).toEqual(['weibo', 'w1', null]);
  });

  it('stops at campaigns when they share the change', async () => {
    // Weibo −115 (92%) is followed; its campaigns split it −60 / −55 and its creators the same way.
    const spread = [
      leaf('weibo/w1/a/k1/p1', 100, 40),
      leaf('weibo/w2/c/k2/p3', 100, 45),
      leaf('douyin/d1/e/k3/p4', 200, 190),
    ];
    const result = await drillDownKpi(shape, { levels: HIERARCHY, rows: rowsOf(spread), dominance: 0.6 });
    expect(result.steps.map((step) => [step.dimension, step.descended])).toEqual([
      ['channel', 'weibo'],
      ['campaign', null],
    ]);
    expect(result.drivers.map((driver) => [driver.segment, driver.contribution])).toEqual([
      ['w1', -60],
      ['w2', -55],
      ['douyin', -10],
    ]);
  });

  it('says so when a level’s rows do not cover its segment', async () => {
    const rows = rowsOf(leaves);
    const result = await drillDownKpi(shape, {
      levels: HIERARCHY,
      rows: (request) => (request.dimension === 'ad_group' ? rows(request).slice(1) : rows(request)),
    });
    const note = result.notes.find((entry) => entry.key === 'diagnosis.note.segments_do_not_add_up')!;
    expect(sayDiagnosis(note, 'en')).toBe(
      'The segments of ad_group add up to −50 where −110 was expected: some rows may have no ad_group',
    );
  });
});

// ---------------------------------------------------------------- properties

const amount = fc.oneof(
  { weight: 6, arbitrary: fc.double({ min: 0.5, max: 1e4, noNaN: true }) },
  { weight: 2, arbitrary: fc.constant(0) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 50 }) },
);
const windowAmounts = fc.record({ numerator: amount, denominator: amount });
const segmentRows = fc
  .uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), { minLength: 1, maxLength: 6 })
  .chain((names) =>
    fc.tuple(
      ...names.map((segment) =>
        fc.record({ segment: fc.constant(segment), before: windowAmounts, after: windowAmounts }),
      ),
    ),
  );
const total = (rows: readonly SegmentRow[], window: 'before' | 'after', part: 'numerator' | 'denominator') =>
  rows.reduce((sum, row) => sum + (row[window][part] ?? 0), 0);

/**
 * The mix and rate of one segment the long way: its term w·r switched from the earlier window to
 * the later one in both orders (share first, rate first), averaged; a segment absent from a
 * window borrows its ratio from the other; a numerator without a denominator is rate.
 */
function longWay(row: SegmentRow, whole: { d0: number; d1: number; midpoint: number }) {
  const d0 = row.before.denominator!;
  const d1 = row.after.denominator!;
  const own0 = d0 === 0 ? null : row.before.numerator / d0;
  const own1 = d1 === 0 ? null : row.after.numerator / d1;
  const r0 = own0 ?? own1 ?? 0;
  const r1 = own1 ?? own0 ?? 0;
  const w0 = d0 / whole.d0;
  const w1 = d1 / whole.d1;
  const term = (share: number, rate: number) => share * rate;
  const shareFirst = { share: term(w1, r0) - term(w0, r0), rate: term(w1, r1) - term(w1, r0) };
  const rateFirst = { rate: term(w0, r1) - term(w0, r0), share: term(w1, r1) - term(w0, r1) };
  const orphan0 = d0 === 0 ? row.before.numerator / whole.d0 : 0;
  const orphan1 = d1 === 0 ? row.after.numerator / whole.d1 : 0;
  return {
    mix: (shareFirst.share + rateFirst.share) / 2 - whole.midpoint * (w1 - w0),
    rate: (shareFirst.rate + rateFirst.rate) / 2 + orphan1 - orphan0,
  };
}

describe('properties of the segment split', () => {
  it('mixes and rates add up to the change and match the split done the long way', () => {
    fc.assert(
      fc.property(segmentRows, (rows) => {
        const d0 = total(rows, 'before', 'denominator');
        const d1 = total(rows, 'after', 'denominator');
        fc.pre(d0 > 0 && d1 > 0);
        const result = decomposeBySegment(rows, { shape: 'ratio' });
        const r0 = total(rows, 'before', 'numerator') / d0;
        const r1 = total(rows, 'after', 'numerator') / d1;
        const scale = Math.max(1, Math.abs(r0), Math.abs(r1));
        expect(Math.abs(result.change! - (r1 - r0))).toBeLessThanOrEqual(1e-12 * scale);
        const sum = result.segments.reduce((acc, segment) => acc + segment.contribution, 0);
        expect(Math.abs(sum - result.change!)).toBeLessThanOrEqual(1e-9 * scale);
        expect(Math.abs(result.mix! + result.rate! - result.change!)).toBeLessThanOrEqual(1e-9 * scale);
        const midpoint = (r0 + r1) / 2;
        for (const row of rows) {
          const segment = result.segments.find((entry) => entry.segment === row.segment)!;
          const expected = longWay(row, { d0, d1, midpoint });
          expect(Math.abs(segment.mix! - expected.mix)).toBeLessThanOrEqual(1e-9 * scale);
          expect(Math.abs(segment.rate! - expected.rate)).toBeLessThanOrEqual(1e-9 * scale);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('the mix total is the mean of the two fixed-rate counterfactuals', () => {
    fc.assert(
      fc.property(segmentRows, (rows) => {
        const d0 = total(rows, 'before', 'denominator');
        const d1 = total(rows, 'after', 'denominator');
        fc.pre(
          d0 > 0 && d1 > 0 && rows.every((row) => row.before.denominator! > 0 && row.after.denominator! > 0),
        );
        const result = decomposeBySegment(rows, { shape: 'ratio' });
        // "What if only the shares had moved": at the earlier rates, and at the later ones.
        const at = (window: 'before' | 'after', rates: 'before' | 'after') =>
          rows.reduce(
            (sum, row) =>
              sum +
              (row[window].denominator! / (window === 'before' ? d0 : d1)) *
                (row[rates].numerator / row[rates].denominator!),
            0,
          );
        const earlier = at('after', 'before') - at('before', 'before');
        const later = at('after', 'after') - at('before', 'after');
        expect(result.mix!).toBeCloseTo((earlier + later) / 2, 9);
      }),
      { numRuns: 300 },
    );
  });

  it('an additive KPI splits by each segment’s own change', () => {
    fc.assert(
      fc.property(segmentRows, (rows) => {
        const result = decomposeBySegment(rows, { shape: 'additive' });
        const change = total(rows, 'after', 'numerator') - total(rows, 'before', 'numerator');
        expect(result.change).toBeCloseTo(change, 9);
        for (const row of rows)
          expect(result.segments.find((entry) => entry.segment === row.segment)!.contribution).toBe(
            row.after.numerator - row.before.numerator,
          );
      }),
    );
  });

  it('following a ratio down any hierarchy, the drivers add up to the change and every level to its parent', async () => {
    const leafArbitrary = fc.record({
      channel: fc.constantFrom('weibo', 'douyin', 'wechat'),
      campaign: fc.constantFrom('c1', 'c2', 'c3'),
      ad_group: fc.constantFrom('g1', 'g2'),
      creator: fc.constantFrom('k1', 'k2'),
      content: fc.constantFrom('p1', 'p2', 'p3'),
      before: fc.record({ spend: amount, conversion_value: amount }),
      after: fc.record({ spend: amount, conversion_value: amount }),
    });
    const shape = kpiSegmentShape(catalog, 'roas');
    await fc.assert(
      fc.asyncProperty(
        fc.array(leafArbitrary, { minLength: 1, maxLength: 30 }),
        fc.double({ min: 0.3, max: 0.9, noNaN: true }),
        async (leaves, dominance) => {
          const spend = (window: 'before' | 'after') =>
            leaves.reduce((sum, entry) => sum + entry[window].spend, 0);
          fc.pre(spend('before') > 0 && spend('after') > 0);
          const result = await drillDownKpi(shape, { levels: HIERARCHY, rows: rowsOf(leaves), dominance });
          const scale = Math.max(1, Math.abs(result.before!), Math.abs(result.after!));
          const sum = result.drivers.reduce((acc, driver) => acc + driver.contribution, 0);
          expect(Math.abs(sum - result.change!)).toBeLessThanOrEqual(1e-9 * scale);
          for (const step of result.steps)
            expect(Math.abs(step.decomposition.split - step.part)).toBeLessThanOrEqual(1e-9 * scale);
          result.steps.slice(0, -1).forEach((step, index) => {
            expect(step.descended).not.toBeNull();
            const followed = step.decomposition.segments[0]!;
            expect(followed.contribution / step.part).toBeGreaterThanOrEqual(dominance);
            expect(result.steps[index + 1]!.part).toBe(followed.contribution);
          });
          expect(result.notes).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('works from rows given directly, the whole taken from the first level', async () => {
    const result = await drillDown({
      shape: 'additive',
      levels: [{ dimension: 'channel' }],
      rows: () => [
        { segment: 'a', before: { numerator: 1 }, after: { numerator: 4 } },
        { segment: 'b', before: { numerator: 2 }, after: { numerator: 1 } },
      ],
    });
    expect([result.before, result.after, result.change]).toEqual([3, 5, 2]);
    expect(result.drivers.map((driver) => [driver.segment, driver.shareOfChange])).toEqual([
      ['a', 1.5],
      ['b', -0.5],
    ]);
  });
});
