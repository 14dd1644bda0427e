import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../catalog/catalog.js';
import { attainment } from './attainment.js';
import { scoreEntities, scoreEntity } from './score.js';
import {
  builtinScorecardTemplate,
  builtinScorecardTemplates,
  parseScorecardTemplate,
  parseTemplateWeights,
  templateForCampaignGoal,
} from './templates.js';

const catalog = buildCatalog();
const directionOf = (kpi: string) => catalog.kpi(kpi).direction;
const kpi = (actual: number | null, target: number | null) => ({ actual, target });

describe('built-in templates', () => {
  it('weigh launch, promotion and word of mouth as documented', () => {
    const weights = Object.fromEntries(
      builtinScorecardTemplates().map((template) => [
        template.id,
        template.items.map((item) => `${item.kpi} ${item.weight}`),
      ]),
    );
    expect(weights).toEqual({
      launch: ['impressions 0.4', 'search_lift 0.3', 'roi 0.3'],
      promotion: ['roi 0.6', 'cpl 0.2', 'impressions 0.2'],
      word_of_mouth: ['effective_indexed_posts 0.5', 'interactions 0.3', 'save_rate 0.2'],
    });
    expect(builtinScorecardTemplate('promotion').name).toEqual({ en: 'Big promotion', zh: '大促收割' });
    expect(templateForCampaignGoal('launch')?.id).toBe('launch');
    expect(templateForCampaignGoal('always_on')).toBeUndefined();
  });

  it('lets word of mouth’s “other 20%” be any KPI', () => {
    const template = builtinScorecardTemplate('word_of_mouth', { otherKpi: 'completion_rate_5s' });
    expect(template.items.at(-1)).toEqual({ kpi: 'completion_rate_5s', weight: 0.2 });
    expect(() => builtinScorecardTemplate('word_of_mouth', { otherKpi: 'interactions' })).toThrow(
      /appears twice/,
    );
  });

  it('reads custom weights as fractions or percentages and insists they add up to 100%', () => {
    const items = parseTemplateWeights('roi=50%, cpl=0.3, impressions=20');
    expect(items).toEqual([
      { kpi: 'roi', weight: 0.5 },
      { kpi: 'cpl', weight: 0.3 },
      { kpi: 'impressions', weight: 0.2 },
    ]);
    expect(parseScorecardTemplate({ id: 'mine', name: { en: 'Mine' }, items }).items).toHaveLength(3);
    expect(() =>
      parseScorecardTemplate({
        id: 'mine',
        name: { en: 'Mine' },
        items: parseTemplateWeights('roi=50%,cpl=30%'),
      }),
    ).toThrow('weights add up to 80%, not 100%');
    expect(() => parseTemplateWeights('roi=lots')).toThrow(/cannot read/);
  });
});

describe('attainment', () => {
  it('reads each direction', () => {
    expect(attainment('up', 900, 1000)).toBe(0.9);
    expect(attainment('down', 40, 50)).toBe(1.25); // a CPL of 40 against 50
    expect(attainment('down', 0, 50)).toBe(Number.POSITIVE_INFINITY);
    expect(attainment('context', 1250, 1000)).toBe(0.8); // 25% over budget
    expect(attainment('context', 800, 1000)).toBe(0.8);
    expect(attainment('up', 1, 0)).toBeNull();
    expect(attainment('up', null, 1)).toBeNull();
  });
});

describe('big-promotion scorecard (ROI 60%, CPL 20%, impressions 20%)', () => {
  const template = builtinScorecardTemplate('promotion');
  const ranked = scoreEntities(template, directionOf, [
    // ROI 2.0 / 1.6 = 1.25 → cap 1.2; CPL 50 / 40 = 1.25 → 1.2; impressions 0.9
    // 0.6 × 1.2 + 0.2 × 1.2 + 0.2 × 0.9 = 1.14
    {
      entity: '618-2026',
      kpis: { roi: kpi(2, 1.6), cpl: kpi(40, 50), impressions: kpi(900_000, 1_000_000) },
    },
    // 0.6 × 0.75 + 0.2 × (50 / 60) + 0.2 × 1.1 = 0.8367
    {
      entity: 'd11-2025',
      kpis: { roi: kpi(1.2, 1.6), cpl: kpi(60, 50), impressions: kpi(1_100_000, 1_000_000) },
    },
    // no impressions: ROI and CPL share its 20% → 0.75 × 1 + 0.25 × 1 = 1
    {
      entity: 'bfcm-2025',
      kpis: { roi: kpi(1.6, 1.6), cpl: kpi(50, 50), impressions: kpi(null, 1_000_000) },
    },
    { entity: 'nothing', kpis: {} },
  ]);

  it('scores, caps and ranks', () => {
    expect(ranked.map((entry) => [entry.entity, entry.rank])).toEqual([
      ['618-2026', 1],
      ['bfcm-2025', 2],
      ['d11-2025', 3],
      ['nothing', null],
    ]);
    expect(ranked[0]!.score).toBeCloseTo(1.14, 12);
    expect(ranked[0]!.kpis.map((entry) => entry.counted)).toEqual([1.2, 1.2, 0.9]);
    expect(ranked[0]!.kpis[0]!.attainment).toBeCloseTo(1.25, 12);
    expect(ranked[0]!.kpis[0]!.note).toBe('capped at 120%');
    expect(ranked[2]!.score).toBeCloseTo(0.6 * 0.75 + 0.2 * (50 / 60) + 0.2 * 1.1, 12);
  });

  it('hands a KPI without data’s weight to the others in proportion, and flags it', () => {
    const bfcm = ranked[1]!;
    expect(bfcm.score).toBeCloseTo(1, 12);
    expect(bfcm.coverage).toBeCloseTo(0.8, 12);
    expect(bfcm.kpis.map((entry) => [entry.kpi, entry.status])).toEqual([
      ['roi', 'scored'],
      ['cpl', 'scored'],
      ['impressions', 'no_data'],
    ]);
    expect(bfcm.kpis.map((entry) => entry.effectiveWeight)).toEqual([
      expect.closeTo(0.75, 12),
      expect.closeTo(0.25, 12),
      0,
    ]);
    expect(bfcm.flags).toEqual(['impressions has no data: its 20% is shared among roi and cpl']);
    expect(ranked[3]).toMatchObject({
      score: null,
      coverage: 0,
      flags: expect.arrayContaining(['nothing could be scored']),
    });
  });

  it('takes another cap', () => {
    const looser = scoreEntity(
      template,
      directionOf,
      { entity: 'x', kpis: { roi: kpi(2, 1.6), cpl: kpi(40, 50), impressions: kpi(900_000, 1_000_000) } },
      { cap: 1.5 },
    );
    expect(looser.score).toBeCloseTo(0.6 * 1.25 + 0.2 * 1.25 + 0.2 * 0.9, 12);
    expect(() => scoreEntity(template, directionOf, { entity: 'x', kpis: {} }, { cap: 0 })).toThrow(/cap/);
  });

  it('gives a cost of 0 full marks up to the cap', () => {
    const free = scoreEntity(template, directionOf, { entity: 'x', kpis: { cpl: kpi(0, 50) } });
    expect(free.kpis[1]).toMatchObject({
      counted: 1.2,
      attainment: null,
      note: 'a cost of 0 counts as the cap',
    });
  });
});

describe('launch scorecard (impressions 40%, search lift 30%, ROI 30%)', () => {
  it('floors a negative ROI at 0 rather than taking points from the rest', () => {
    const launch = builtinScorecardTemplate('launch');
    // impressions 2.0M / 2.5M = 0.8; search lift 0.05 / 0.04 = 1.25 → 1.2; ROI −0.2 / 1.0 → 0
    const score = scoreEntity(launch, directionOf, {
      entity: 'launch-serum-2026',
      kpis: {
        impressions: kpi(2_000_000, 2_500_000),
        search_lift: { ...kpi(0.05, 0.04), flag: 'approximate' },
        roi: kpi(-0.2, 1),
      },
    });
    expect(score.score).toBeCloseTo(0.4 * 0.8 + 0.3 * 1.2 + 0, 12);
    expect(score.kpis[2]).toMatchObject({ attainment: -0.2, counted: 0 });
    expect(score.flags).toContain('search_lift is approximate (approximate)');
  });

  it('flags a KPI without a target', () => {
    const launch = builtinScorecardTemplate('launch');
    const score = scoreEntity(launch, directionOf, {
      entity: 'x',
      kpis: { impressions: kpi(1, 1), search_lift: kpi(0.05, null), roi: kpi(1, 1) },
    });
    expect(score.kpis[1]!.status).toBe('no_target');
    // impressions 0.4 / 0.7 and ROI 0.3 / 0.7, both at 1
    expect(score.score).toBeCloseTo(1, 12);
    expect(score.flags).toEqual(['search_lift has no target: its 30% is shared among impressions and roi']);
  });
});

describe('word-of-mouth scorecard (effective indexed posts 50%, interactions 30%, other 20%)', () => {
  const template = builtinScorecardTemplate('word_of_mouth');

  it('scores all three', () => {
    // posts 120 / 100 = 1.2; interactions 45k / 50k = 0.9; save rate 0.03 / 0.025 = 1.2
    const score = scoreEntity(template, directionOf, {
      entity: 'wom-xhs',
      kpis: {
        effective_indexed_posts: kpi(120, 100),
        interactions: kpi(45_000, 50_000),
        save_rate: kpi(0.03, 0.025),
      },
    });
    expect(score.score).toBeCloseTo(0.5 * 1.2 + 0.3 * 0.9 + 0.2 * 1.2, 12);
  });

  it('shares out a KPI that cannot be cut by campaign', () => {
    // indexed posts come from search snapshots, which carry no campaign: interactions 0.3/0.5, save rate 0.2/0.5
    const score = scoreEntity(template, directionOf, {
      entity: 'wom-xhs',
      kpis: {
        effective_indexed_posts: {
          actual: null,
          target: 100,
          unavailable: 'search-result snapshots have no campaign',
        },
        interactions: kpi(45_000, 50_000),
        save_rate: kpi(0.03, 0.025),
      },
    });
    expect(score.score).toBeCloseTo(0.6 * 0.9 + 0.4 * 1.2, 12);
    expect(score.kpis[0]).toMatchObject({
      status: 'unavailable',
      note: 'search-result snapshots have no campaign',
    });
    expect(score.flags[0]).toBe(
      'effective_indexed_posts is not available: its 50% is shared among interactions and save_rate',
    );
  });
});

describe('ranking', () => {
  it('gives equal scores the same rank and skips the next', () => {
    const template = parseScorecardTemplate({
      id: 'budget',
      name: { en: 'Budget' },
      items: [{ kpi: 'spend', weight: 1 }],
    });
    const ranked = scoreEntities(template, directionOf, [
      { entity: 'a', kpis: { spend: kpi(1000, 1000) } },
      { entity: 'b', kpis: { spend: kpi(1250, 1000) } }, // 0.8 (over budget)
      { entity: 'c', kpis: { spend: kpi(800, 1000) } }, // 0.8 (under)
      { entity: 'd', kpis: { spend: kpi(500, 1000) } },
    ]);
    expect(ranked.map((entry) => [entry.entity, entry.rank])).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 2],
      ['d', 4],
    ]);
  });
});
