import { describe, expect, it } from 'vitest';
import {
  CREATOR_METRICS,
  type CreatorFigures,
  creatorLeaderboard,
  creatorMetrics,
  METRIC_DIRECTION,
  medianOf,
} from './leaderboard.js';
import { sayCreators } from './messages.js';
import { classifyCreator, DEFAULT_TIER_RULES, parseTierRules } from './tiers.js';

const base: CreatorFigures = {
  creator: '',
  tier: 'kol',
  posts: 4,
  fee: 0,
  spend: 0,
  interactions: 0,
  saves: 0,
  engagementRate: null,
  viralRate: null,
  viralRate5k: null,
  completionRate5s: null,
  completionRate50: null,
  saveRate: null,
  indexedPosts: 0,
  ownPositiveTop10: 0,
  keywordTop10: 0,
};
const creator = (figures: Partial<CreatorFigures>): CreatorFigures => ({ ...base, ...figures });

// Six KOLs and a KOS. Cost = fee + spend; CPE = cost / interactions:
// F 1,200 / 6,000 = 0.2 · A 4,000 / 8,000 = 0.5 · B 2,000 / 2,000 = 1.0 · C 6,000 / 4,000 = 1.5;
// D costs 500 and G nothing, both under the 1,000 cut.
const KOLS = [
  creator({
    creator: 'A',
    fee: 3000,
    spend: 1000,
    interactions: 8000,
    engagementRate: 0.06,
    viralRate: 0.75,
    viralRate5k: 0.25,
  }),
  creator({
    creator: 'B',
    fee: 2000,
    interactions: 2000,
    engagementRate: 0.04,
    viralRate: 0.25,
    viralRate5k: 0,
  }),
  creator({
    creator: 'C',
    fee: 5000,
    spend: 1000,
    interactions: 4000,
    posts: 2,
    engagementRate: 0.05,
    viralRate: 0.5,
    viralRate5k: 0,
  }),
  creator({
    creator: 'D',
    fee: 500,
    interactions: 2500,
    posts: 5,
    engagementRate: 0.1,
    viralRate: 1,
    viralRate5k: 1,
  }),
  creator({
    creator: 'F',
    fee: 1000,
    spend: 200,
    interactions: 6000,
    posts: 3,
    engagementRate: 0.03,
    viralRate: 0.25,
    viralRate5k: 0,
  }),
  creator({
    creator: 'G',
    label: 'Gigi',
    interactions: 100,
    engagementRate: 0.02,
    viralRate: 0,
    viralRate5k: 0,
  }),
  creator({ creator: 'S', tier: 'kos', fee: 9000, interactions: 100 }),
];

describe('creator tiers', () => {
  it('classifies by content type first, then followers, by default', () => {
    expect(classifyCreator({ followers: 2_000_000, contentType: 'expert' })).toBe('kos');
    expect(classifyCreator({ followers: 100_000, contentType: 'lifestyle' })).toBe('kol');
    expect(classifyCreator({ followers: 99_999 })).toBe('koc');
    expect(classifyCreator({ followers: null })).toBe('koc');
    expect(DEFAULT_TIER_RULES.at(-1)).toEqual({ tier: 'koc' });
  });

  it('takes a workspace’s own rules, in order, and says when a creator meets none', () => {
    const rules = parseTierRules([
      { tier: 'kol', minFollowers: 500_000 },
      { tier: 'koc', maxFollowers: 50_000 },
    ]);
    expect(classifyCreator({ followers: 600_000, contentType: 'sales' }, rules)).toBe('kol');
    expect(classifyCreator({ followers: 49_999 }, rules)).toBe('koc');
    expect(classifyCreator({ followers: 200_000 }, rules)).toBeNull();
    expect(classifyCreator({ followers: null }, rules)).toBeNull();
  });

  it('rejects rules that cannot hold, naming each problem', () => {
    expect(() => parseTierRules([])).toThrow(/1 problem/);
    try {
      parseTierRules([{ tier: 'kol', minFollowers: 10, maxFollowers: 5 }, { tier: 'vip' }]);
      expect.unreachable();
    } catch (error) {
      expect((error as { code: string }).code).toBe('invalid_request');
    }
  });
});

describe('creator metrics', () => {
  it('divides fee plus media spend by interactions and by indexed posts', () => {
    const metrics = creatorMetrics(
      creator({
        tier: 'koc',
        fee: 2500,
        spend: 500,
        interactions: 600,
        indexedPosts: 6,
        ownPositiveTop10: 30,
        keywordTop10: 600,
      }),
    );
    expect(metrics.cpe).toBe(5);
    expect(metrics.cost_per_indexed_post).toBe(500);
    expect(metrics.share_of_voice).toBe(0.05);
    expect(metrics.effective_indexed_posts).toBe(6);
    expect(creatorMetrics(creator({ fee: 10 })).cpe).toBeNull();
  });
});

describe('KOL leaderboard', () => {
  const board = creatorLeaderboard(KOLS, { tier: 'kol', minSpend: 1000 });

  it('ranks by CPE, lowest first, leaving creators under the cut unranked', () => {
    expect(board.sortBy).toBe('cpe');
    expect(board.ranked.map((row) => [row.creator, row.rank, row.values.cpe])).toEqual([
      ['F', 1, 0.2],
      ['A', 2, 0.5],
      ['B', 3, 1],
      ['C', 4, 1.5],
    ]);
    expect(board.belowCut.map((row) => [row.creator, row.rank, row.cost])).toEqual([
      ['D', null, 500],
      ['G', null, 0],
    ]);
  });

  it('takes medians over the ranked creators only', () => {
    // CPE 0.2 0.5 1.0 1.5 → 0.75; engagement .03 .04 .05 .06 → .045; viral .25 .25 .5 .75 → .375.
    expect(board.medians.cpe).toBeCloseTo(0.75, 12);
    expect(board.medians.engagement_rate).toBeCloseTo(0.045, 12);
    expect(board.medians.viral_rate).toBeCloseTo(0.375, 12);
    expect(board.medians.viral_rate_5k).toBe(0);
  });

  it('signals a re-hire only for a creator beating every median over enough posts', () => {
    const row = (id: string) => [...board.ranked, ...board.belowCut].find((entry) => entry.creator === id)!;
    expect(row('A').rehire.signal).toBe(true);
    expect(row('A').rehire.beats).toEqual(['cpe', 'engagement_rate', 'viral_rate', 'viral_rate_5k']);
    expect(sayCreators(row('A').rehire.reason, 'en')).toBe(
      'beats the tier median on 4 of 4 KPIs over 4 posts',
    );
    expect(row('F').rehire).toMatchObject({ signal: false, beats: ['cpe'] });
    expect(row('B').rehire.beats).toEqual([]);
    expect(row('C').rehire.reason.key).toBe('creators.rehire.few_posts');
    expect(row('D').rehire.reason.key).toBe('creators.rehire.below_cut');
    expect(sayCreators(row('C').rehire.reason, 'zh')).toBe('期间仅 2 篇内容，少于复投信号所需的 3 篇');
  });

  it('places each ranked creator in a cost-versus-interactions quadrant split at the medians', () => {
    // A tie at the median is low: of three creators with 0, 0 and 5 indexed posts (median 0),
    // only the one with 5 is a high result.
    const koc = creatorLeaderboard(
      [
        creator({ creator: 'x', tier: 'koc', fee: 100 }),
        creator({ creator: 'y', tier: 'koc', fee: 200 }),
        creator({ creator: 'z', tier: 'koc', fee: 300, indexedPosts: 5 }),
      ],
      { tier: 'koc' },
    );
    expect(koc.ranked.map((row) => [row.creator, row.quadrant])).toEqual([
      ['z', 'star'],
      ['x', 'minor'],
      ['y', 'minor'],
    ]);
    // Cost 1,200 2,000 4,000 6,000 → 3,000; interactions 2,000 4,000 6,000 8,000 → 5,000.
    expect(board.split).toEqual({ cost: 3000, result: 5000 });
    expect(Object.fromEntries(board.ranked.map((row) => [row.creator, row.quadrant]))).toEqual({
      F: 'bargain',
      A: 'star',
      B: 'minor',
      C: 'costly',
    });
  });

  it('notes the cut and the creators without a fee, in both languages', () => {
    expect(board.notes.map((note) => note.text)).toEqual([
      '2 creator(s) cost less than 1,000 in the period: listed, not ranked',
      '1 creator(s) have no fee recorded in the period (Gigi): their cost is media spend alone',
    ]);
    expect(sayCreators(board.notes[0]!, 'zh')).toBe('2 位达人期间花费低于 1,000：列出但不参与排名');
  });
});

describe('KOS and KOC leaderboards', () => {
  it('judge KOS by saves and completion and KOC by indexed posts, share of voice and cost per indexed post', () => {
    const kos = creatorLeaderboard(
      [
        creator({
          creator: 'x',
          tier: 'kos',
          fee: 100,
          saves: 30,
          saveRate: 0.03,
          completionRate5s: 0.6,
          completionRate50: 0.2,
        }),
        creator({
          creator: 'y',
          tier: 'kos',
          fee: 100,
          saves: 50,
          saveRate: 0.05,
          completionRate5s: 0.5,
          completionRate50: 0.3,
        }),
      ],
      { tier: 'kos' },
    );
    expect(kos.metrics).toEqual(['save_rate', 'completion_rate_5s', 'completion_rate_50', 'cpe']);
    expect(kos.ranked.map((row) => row.creator)).toEqual(['y', 'x']);
    expect(kos.result).toBe('saves');
    const koc = creatorLeaderboard(
      [
        creator({
          creator: 'p',
          tier: 'koc',
          fee: 600,
          indexedPosts: 3,
          ownPositiveTop10: 12,
          keywordTop10: 400,
        }),
        creator({
          creator: 'q',
          tier: 'koc',
          fee: 1000,
          indexedPosts: 5,
          ownPositiveTop10: 8,
          keywordTop10: 400,
        }),
        creator({ creator: 'r', tier: 'koc', fee: 300, indexedPosts: 0, keywordTop10: 400 }),
      ],
      { tier: 'koc', sortBy: 'cost_per_indexed_post' },
    );
    // p 600 / 3 = 200, q 1,000 / 5 = 200 (tie: by id), r has no indexed post (last).
    expect(
      koc.ranked.map((row) => [row.creator, row.values.cost_per_indexed_post, row.values.share_of_voice]),
    ).toEqual([
      ['p', 200, 0.03],
      ['q', 200, 0.02],
      ['r', null, 0],
    ]);
  });
});

describe('leaderboard against brute force', () => {
  it('ranks as one plus the creators strictly better, with medians splitting the values in half', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    for (let round = 0; round < 40; round++) {
      const figures = Array.from({ length: 3 + Math.floor(random() * 9) }, (_, index) =>
        creator({
          creator: `c${index}`,
          fee: Math.round(random() * 10_000),
          interactions: 1 + Math.round(random() * 50_000),
          engagementRate: random(),
          viralRate: random(),
          viralRate5k: random(),
          posts: Math.floor(random() * 6),
        }),
      );
      const minSpend = Math.round(random() * 5000);
      for (const sortBy of ['cpe', 'engagement_rate'] as const) {
        const board = creatorLeaderboard(figures, { tier: 'kol', minSpend, sortBy });
        const kept = figures.filter((entry) => entry.fee >= minSpend);
        expect(board.ranked.length).toBe(kept.length);
        for (const row of board.ranked) {
          const mine = row.values[sortBy]!;
          const better = board.ranked.filter((other) => {
            const theirs = other.values[sortBy]!;
            return METRIC_DIRECTION[sortBy] === 'up' ? theirs > mine : theirs < mine;
          }).length;
          expect(row.rank).toBe(better + 1);
        }
        for (const metric of CREATOR_METRICS) {
          const values = board.ranked
            .map((row) => row.values[metric])
            .filter((value) => value !== null) as number[];
          const middle = board.medians[metric];
          if (values.length === 0) {
            expect(middle).toBeNull();
            continue;
          }
          const below = values.filter((value) => value < middle!).length;
          const above = values.filter((value) => value > middle!).length;
          expect(below).toBeLessThanOrEqual(values.length / 2);
          expect(above).toBeLessThanOrEqual(values.length / 2);
        }
        for (const row of board.ranked) {
          const judged = board.metrics.filter(
            (metric) => row.values[metric] !== null && board.medians[metric] !== null,
          );
          const beatsAll = judged.every((metric) =>
            METRIC_DIRECTION[metric] === 'up'
              ? row.values[metric]! > board.medians[metric]!
              : row.values[metric]! < board.medians[metric]!,
          );
          expect(row.rehire.signal).toBe(row.posts >= 3 && judged.length >= 2 && beatsAll);
        }
      }
    }
  });

  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(medianOf([3, 1, 2])).toBe(2);
    expect(medianOf([4, 1, 3, 2])).toBe(2.5);
    expect(medianOf([])).toBeNull();
  });
});
