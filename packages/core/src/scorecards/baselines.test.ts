import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../catalog/catalog.js';
import { duckDbDialect } from '../dialects/duckdb.js';
import { isMarkpiError } from '../errors.js';
import { compileKpiQuery } from '../plan/compile.js';
import { english } from '../targets/messages.js';
import {
  baselineNote,
  dimensionGapOf,
  dimensionUnavailableNote,
  dimensionUnavailableReason,
  median,
  notScored,
  peersMedians,
} from './baselines.js';
import { scoreEntities, scoreEntity } from './score.js';
import { builtinScorecardTemplate } from './templates.js';

const catalog = buildCatalog();
const directionOf = (kpi: string) => catalog.kpi(kpi).direction;

/** Median the slow way: strike the smallest and the largest until one or two are left. */
function medianByStriking(values: readonly number[]): number | null {
  const left = [...values];
  if (left.length === 0) return null;
  while (left.length > 2) {
    left.splice(left.indexOf(Math.min(...left)), 1);
    left.splice(left.indexOf(Math.max(...left)), 1);
  }
  return left.length === 1 ? left[0]! : (left[0]! + left[1]!) / 2;
}

describe('peers’ median', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });

  it('leaves the entity itself out, and skips peers without a value', () => {
    const values = new Map<string, number | null>([
      ['a', 100],
      ['b', 200],
      ['c', 400],
      ['d', null],
    ]);
    // By hand: a → median(200, 400) = 300; b → median(100, 400) = 250; c → median(100, 200) = 150;
    // d → median(100, 200, 400) = 200.
    const medians = peersMedians(values);
    expect(Object.fromEntries(medians)).toEqual({
      a: { value: 300, peers: 2 },
      b: { value: 250, peers: 2 },
      c: { value: 150, peers: 2 },
      d: { value: 200, peers: 3 },
    });
    expect(peersMedians(new Map([['alone', 5]])).size).toBe(0);
  });

  it('agrees with striking the ends off, over many random cards', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let card = 0; card < 200; card++) {
      const size = 1 + Math.floor(random() * 8);
      const values = new Map<string, number | null>();
      for (let index = 0; index < size; index++)
        values.set(`e${index}`, random() < 0.2 ? null : Math.round(random() * 1000) / 10);
      const medians = peersMedians(values);
      for (const [entity] of values) {
        const others = [...values].filter(([other, value]) => other !== entity && value !== null);
        const expected = medianByStriking(others.map(([, value]) => value as number));
        expect(medians.get(entity)?.value ?? null).toBe(expected);
      }
    }
  });
});

describe('scoring against a baseline when there is no target', () => {
  const template = builtinScorecardTemplate('promotion');

  it('scores as against a target, labelled with its basis, note and flag', () => {
    // ROI 2.0 against its own May (1.6): 1.25 → capped 1.2; CPL 40 against the peers' median 50:
    // 1.25 → 1.2; impressions 900k against a set target of 1M: 0.9.
    // 0.6 × 1.2 + 0.2 × 1.2 + 0.2 × 0.9 = 1.14, as if all three were targets.
    const score = scoreEntity(template, directionOf, {
      entity: '618',
      kpis: {
        roi: {
          actual: 2,
          target: 1.6,
          basis: 'own_history',
          basisNote: baselineNote('own_history', { from: '2026-05-01', to: '2026-05-31' }),
        },
        cpl: { actual: 40, target: 50, basis: 'peers_median', basisNote: baselineNote('peers_median', 3) },
        impressions: { actual: 900_000, target: 1_000_000 },
      },
    });
    expect(score.score).toBeCloseTo(1.14, 12);
    expect(score.kpis.map((kpi) => kpi.basis)).toEqual(['own_history', 'peers_median', 'target']);
    // The cap's note wins over the basis note when both apply: the cap changes the number.
    expect(score.kpis[0]!.note).toBe('capped at 120%');
    expect(score.flags).toEqual([
      'roi has no target: scored against its own history',
      'cpl has no target: scored against the median of its peers',
    ]);
    expect(score.flagMessages.map((flag) => flag.key)).toEqual([
      'scorecard.flag.baseline',
      'scorecard.flag.baseline',
    ]);

    const plain = scoreEntity(template, directionOf, {
      entity: 'x',
      kpis: {
        roi: {
          actual: 1.2,
          target: 1.6,
          basis: 'own_history',
          basisNote: baselineNote('own_history', { from: '2026-05-01', to: '2026-05-31' }),
        },
        cpl: { actual: 50, target: 50, basis: 'peers_median', basisNote: baselineNote('peers_median', 1) },
      },
    });
    expect(plain.kpis[0]).toMatchObject({
      attainment: expect.closeTo(0.75, 12),
      note: 'no target: scored against its own 2026-05-01 … 2026-05-31',
      noteMessage: { key: 'scorecard.note.own_history', params: { from: '2026-05-01', to: '2026-05-31' } },
    });
    expect(plain.kpis[1]!.note).toBe('no target: scored against the median of 1 peer');
  });

  it('says each note and flag as a message whose English is the text', () => {
    const ranked = scoreEntities(template, directionOf, [
      {
        entity: 'a',
        kpis: {
          roi: { actual: 2, target: 1.6 },
          cpl: { actual: 0, target: 50 },
          impressions: { actual: null, target: 1 },
        },
      },
      { entity: 'b', kpis: { roi: { actual: 1, target: 0 }, cpl: { actual: 1, target: null } } },
    ]);
    for (const entity of ranked) {
      expect(entity.flagMessages.map(english)).toEqual(entity.flags);
      for (const kpi of entity.kpis)
        expect(kpi.noteMessage ? english(kpi.noteMessage) : undefined).toBe(kpi.note);
    }
    expect(ranked[0]!.flags).toEqual(['impressions has no data: its 20% is shared among roi and cpl']);
    expect(ranked[1]!.flags).toEqual([
      'roi has no target',
      'cpl has no target',
      'impressions has no data',
      'nothing could be scored',
    ]);
  });
});

describe('entities that cannot be scored', () => {
  const template = builtinScorecardTemplate('promotion');

  it('fold into one line that says how many and why', () => {
    const ranked = scoreEntities(template, directionOf, [
      { entity: 'scored', kpis: { roi: { actual: 1, target: 1 } } },
      { entity: 'quiet', kpis: {} },
      { entity: 'quiet-too', kpis: {} },
      { entity: 'new', kpis: { roi: { actual: 1, target: null } } },
      {
        entity: 'cut',
        kpis: { roi: { actual: null, target: 1, unavailable: 'no campaign on these facts' } },
      },
    ]);
    const folded = notScored(ranked)!;
    expect(folded.count).toBe(4);
    expect(folded.reasons).toEqual([
      { reason: 'no_data', count: 2 },
      { reason: 'no_target', count: 1 },
      { reason: 'unavailable', count: 1 },
    ]);
    expect(folded.entities.sort()).toEqual(['cut', 'new', 'quiet', 'quiet-too']);
    expect(english(folded.message)).toBe(
      '4 not scored (2 with no data, 1 with neither a target nor a baseline, 1 whose KPIs are not available)',
    );
    expect(notScored(ranked.filter((entity) => entity.score !== null))).toBeNull();
  });
});

describe('a KPI the card’s dimension cannot cut', () => {
  const problemsOf = (kpi: string, dimension: string) => {
    try {
      compileKpiQuery(
        catalog,
        { kpis: [kpi], dimensions: [dimension], from: '2026-01-01', to: '2026-01-31' },
        duckDbDialect,
      );
      return [];
    } catch (error) {
      if (!isMarkpiError(error)) throw error;
      return error.problems;
    }
  };

  it('names the fact without the dimension, from the planner’s own refusal, in both languages', () => {
    const gap = dimensionGapOf(catalog, 'campaign', problemsOf('effective_indexed_posts', 'campaign'));
    const fact = [...catalog.facts.values()].find((entry) => entry.table === 'fact_search_results')!;
    expect(gap).toEqual({
      by: { en: 'campaign', zh: catalog.dimension('campaign').name.zh },
      fact: { en: 'Search-result snapshots', zh: fact.name.zh },
    });
    expect(english(dimensionUnavailableNote('effective_indexed_posts', gap!))).toBe(
      'effective_indexed_posts is not available by campaign: Search-result snapshots carry no campaign',
    );
    expect(english(dimensionUnavailableReason(gap!))).toBe('Search-result snapshots carry no campaign');
  });

  it('leaves any other refusal to its own words', () => {
    expect(dimensionGapOf(catalog, 'campaign', [{ message: 'unknown KPI `x`' }])).toBeUndefined();
    // The planner refusing another dimension than the card's is not the card's gap.
    expect(
      dimensionGapOf(catalog, 'region', problemsOf('effective_indexed_posts', 'campaign')),
    ).toBeUndefined();
  });
});
