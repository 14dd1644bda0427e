import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../catalog/catalog.js';
import { evaluateTerm, type VariableValues } from './expression.js';
import {
  analyzeKpiFormula,
  decomposeKpiChange,
  type FactorChain,
  type FormulaDecomposition,
  factorName,
  factorValue,
  type KpiFormula,
  shapleyValues,
} from './formula.js';
import { sayDiagnosis } from './messages.js';

const catalog = buildCatalog();

/** A workspace with KPIs of its own: a named step, a chain through them, and shapes of every kind. */
const custom = buildCatalog({
  kpis: [
    {
      id: 'value_per_conversion',
      name: { en: 'Value per conversion', zh: '单次转化价值' },
      description: { en: 'Conversion value per conversion.', zh: '每次转化的转化金额。' },
      formula: 'conversion_value / conversions',
      unit: 'currency',
      direction: 'up',
      aggregation: 'ratio',
    },
    {
      id: 'search_rate',
      name: { en: 'Search rate', zh: '回搜率（曝光）' },
      description: { en: 'Brand searches per impression.', zh: '每次曝光带来的回搜。' },
      formula: 'brand_searches / impressions',
      unit: 'percent',
      direction: 'up',
      aggregation: 'ratio',
    },
    {
      id: 'cost_per_search',
      name: { en: 'Cost per brand search', zh: '单次回搜成本' },
      description: { en: 'Spend per brand search.', zh: '花费除以回搜人数。' },
      formula: 'spend / brand_searches',
      unit: 'currency',
      direction: 'down',
      aggregation: 'ratio',
    },
    {
      id: 'reach_cost',
      name: { en: 'Cost per thousand reached', zh: '千人触达成本' },
      description: { en: 'Spend per thousand people reached.', zh: '每千名触达用户的花费。' },
      formula: 'spend * 1000 / reach',
      unit: 'currency',
      direction: 'down',
      aggregation: 'ratio',
    },
    {
      id: 'talk',
      name: { en: 'Talk', zh: '讨论量' },
      description: { en: 'Comments and shares, shares counting twice.', zh: '评论加两倍分享。' },
      formula: 'comments + 2 * shares',
      unit: 'count',
      direction: 'up',
      aggregation: 'additive',
    },
    {
      id: 'roas_points',
      name: { en: 'ROAS in points', zh: 'ROAS（点数）' },
      description: { en: 'ROAS times 100, through the KPI.', zh: 'ROAS 乘以 100。' },
      formula: 'roas * 100',
      unit: 'number',
      direction: 'up',
      aggregation: 'ratio',
    },
  ],
});

const ids = (chain: FactorChain | undefined) =>
  chain?.factors.map((factor) => [factor.id, factor.exponent] as [string, number]);

function productOf(formula: KpiFormula): Extract<KpiFormula, { kind: 'product' }> {
  if (formula.kind !== 'product') throw new Error(`${formula.kpi} is a ${formula.kind}`);
  return formula;
}

/** The chain evaluated the long way: coefficient times each factor's value to its power. */
function chainProduct(chain: FactorChain, values: VariableValues): number | null {
  let product = chain.coefficient;
  for (const factor of chain.factors) {
    const value = factorValue(factor, values);
    if (value === null || (value === 0 && factor.exponent < 0)) return null;
    product *= value ** factor.exponent;
  }
  return product;
}

const partsOf = (result: FormulaDecomposition) =>
  Object.fromEntries(result.parts.map((part) => [part.id, part.contribution]));

describe('factor chains from the catalog', () => {
  it('takes ROAS apart along the paid funnel: value per conversion × CVR × CTR ÷ CPM × 1000', () => {
    const roas = productOf(analyzeKpiFormula(catalog, 'roas'));
    expect(roas.chain?.funnel).toBe('paid_conversion');
    expect(ids(roas.chain)).toEqual([
      ['conversion_value/conversions', 1],
      ['cvr', 1],
      ['ctr', 1],
      ['cpm', -1],
    ]);
    // CPM = 1000 · spend / impressions, so impressions / spend = 1000 / CPM.
    expect(roas.chain?.coefficient).toBe(1000);
    // Runs of steps that are KPIs themselves: CPA over CVR, CTR and CPM; CPC over CTR and CPM.
    expect(roas.chain?.groups).toEqual([
      {
        kpi: 'cpa',
        numerator: 'spend',
        denominator: 'conversions',
        scale: 1,
        exponent: -1,
        factors: [1, 2, 3],
      },
      { kpi: 'cpc', numerator: 'spend', denominator: 'clicks', scale: 1, exponent: -1, factors: [2, 3] },
    ]);
    expect(roas.inputs).toEqual(['conversion_value', 'spend', 'conversions', 'clicks', 'impressions']);
    expect(factorName(catalog, roas.chain!.factors[0]!)).toEqual({
      en: 'Conversion value (GMV) ÷ Conversions',
      zh: '转化金额/GMV ÷ 转化次数',
    });
  });

  it('takes CPA apart as CPM ÷ CTR ÷ CVR ÷ 1000, with CPC ÷ CVR as the coarser view', () => {
    const cpa = productOf(analyzeKpiFormula(catalog, 'cpa'));
    expect(ids(cpa.chain)).toEqual([
      ['cpm', 1],
      ['ctr', -1],
      ['cvr', -1],
    ]);
    expect(cpa.chain?.coefficient).toBe(1 / 1000);
    expect(cpa.chain?.groups).toEqual([
      { kpi: 'cpc', numerator: 'spend', denominator: 'clicks', scale: 1, exponent: 1, factors: [0, 1] },
    ]);
  });

  it('names steps by a workspace’s own KPIs and chains custom KPIs, through KPI references too', () => {
    const roas = productOf(analyzeKpiFormula(custom, 'roas'));
    expect(ids(roas.chain)?.[0]).toEqual(['value_per_conversion', 1]);
    // spend / brand_searches on the seeding funnel: (spend / impressions) · (impressions / brand_searches).
    const perSearch = productOf(analyzeKpiFormula(custom, 'cost_per_search'));
    expect(perSearch.chain?.funnel).toBe('seeding');
    expect(ids(perSearch.chain)).toEqual([
      ['cpm', 1],
      ['search_rate', -1],
    ]);
    expect(perSearch.chain?.coefficient).toBe(1 / 1000);
    // roas_points = roas * 100 expands to 100 · conversion_value / spend: the same chain, 100 times.
    const points = productOf(analyzeKpiFormula(custom, 'roas_points'));
    expect(ids(points.chain)).toEqual(ids(roas.chain));
    expect(points.chain?.coefficient).toBe(100_000);
  });

  it('splits other products over their own measures, and sums and other shapes over their inputs', () => {
    const reachCost = productOf(analyzeKpiFormula(custom, 'reach_cost'));
    expect(reachCost.chain).toBeUndefined();
    expect(ids(reachCost.measures)).toEqual([
      ['spend', 1],
      ['reach', -1],
    ]);
    expect(reachCost.measures.coefficient).toBe(1000);
    // A ratio one step apart on a funnel is its own measures: CTR = clicks / impressions.
    expect(ids(productOf(analyzeKpiFormula(catalog, 'ctr')).measures)).toEqual([
      ['clicks', 1],
      ['impressions', -1],
    ]);
    const talk = analyzeKpiFormula(custom, 'talk');
    expect(talk.kind).toBe('sum');
    if (talk.kind === 'sum')
      expect(talk.factors.map((factor) => [factor.id, factor.scale])).toEqual([
        ['comments', 1],
        ['shares', 2],
      ]);
    expect(analyzeKpiFormula(catalog, 'roi').kind).toBe('general');
    expect(analyzeKpiFormula(catalog, 'cac').inputs).toEqual(['spend', 'non_media_cost', 'new_customers']);
    expect(analyzeKpiFormula(catalog, 'retention_rate').inputs).toEqual([
      'customers',
      'new_customers',
      'opening(customers)',
    ]);
    expect(analyzeKpiFormula(catalog, 'viral_rate').inputs).toEqual([
      'count_if(content, likes >= 1000)',
      'count(content)',
    ]);
  });

  it('follows a funnel it is told to, and a workspace’s funnels', () => {
    const visitCost = productOf(analyzeKpiFormula(catalog, 'cost_per_store_visit'));
    expect(visitCost.chain?.funnel).toBe('store_lead');
    expect(ids(visitCost.chain)).toEqual([
      ['cpm', 1],
      ['ctr', -1],
      ['clicks/store_visits', 1],
    ]);
    expect(productOf(analyzeKpiFormula(catalog, 'cpa', { funnel: 'seeding' })).chain?.factors).toHaveLength(
      4,
    );
    expect(productOf(analyzeKpiFormula(catalog, 'cpa', { funnels: [] })).chain).toBeUndefined();
  });
});

describe('splitting a change by formula, computed by hand', () => {
  it('ROAS from 4 to 4.8: CTR up half and CVR down a fifth', () => {
    const roas = analyzeKpiFormula(catalog, 'roas');
    // Before: CPM 50, CTR 2%, CVR 5%, 200 per conversion → ROAS = 200 · 0.05 · 0.02 / 50 · 1000 = 4.
    const before = {
      impressions: 100_000,
      clicks: 2000,
      conversions: 100,
      conversion_value: 20_000,
      spend: 5000,
    };
    // After: CTR 3%, CVR 4%, the rest as before → 200 · 0.04 · 0.03 / 50 · 1000 = 4.8.
    const after = {
      impressions: 100_000,
      clicks: 3000,
      conversions: 120,
      conversion_value: 24_000,
      spend: 5000,
    };
    const result = decomposeKpiChange(roas, before, after);
    expect(result.method).toBe('lmdi');
    expect(result.basis).toBe('funnel');
    expect(result.before).toBe(4);
    expect(result.after).toBeCloseTo(4.8, 12);
    // L(4.8, 4) = 0.8 / ln 1.2 = 0.8 / 0.1823215568 = 4.387851958.
    // CTR: 4.387851958 · ln 1.5 = 4.387851958 · 0.4054651081 = 1.779120869.
    // CVR: 4.387851958 · ln 0.8 = 4.387851958 · −0.2231435513 = −0.979120869. Value per conversion, CPM: 0.
    const parts = partsOf(result);
    expect(parts.ctr).toBeCloseTo(1.779120869, 8);
    expect(parts.cvr).toBeCloseTo(-0.979120869, 8);
    expect(parts['conversion_value/conversions']).toBe(0);
    expect(parts.cpm).toBeCloseTo(0, 12);
    expect(result.parts.find((part) => part.id === 'ctr')?.share).toBeCloseTo(1.779120869 / 0.8, 8);
    expect(result.parts.map((part) => [part.id, part.before, part.after])).toEqual([
      ['conversion_value/conversions', 200, 200],
      ['cvr', 0.05, 0.04],
      ['ctr', 0.02, 0.03],
      ['cpm', 50, 50],
    ]);
    // CPA (= 1 / (CVR · CTR) · CPM / 1000) is the groups' sum: CVR's and CTR's parts and CPM's.
    const cpa = result.groups.find((group) => group.kpi === 'cpa')!;
    expect(cpa.before).toBe(50);
    expect(cpa.after).toBeCloseTo(5000 / 120, 9);
    expect(cpa.contribution).toBeCloseTo(1.779120869 - 0.979120869, 8);
  });

  it('CPA from 50 to 60: CPM down a fifth, CVR down a third, which CPC ÷ CVR groups as CPC down a fifth', () => {
    const cpa = analyzeKpiFormula(catalog, 'cpa');
    const before = { spend: 5000, impressions: 100_000, clicks: 2000, conversions: 100 };
    const after = { spend: 6000, impressions: 150_000, clicks: 3000, conversions: 100 };
    const result = decomposeKpiChange(cpa, before, after);
    expect([result.before, result.after]).toEqual([50, 60]);
    // L(60, 50) = 10 / ln 1.2 = 54.84814948. CPM 50 → 40: 54.848 · ln 0.8 = −12.23901086.
    // CTR 2% → 2%: 0. CVR 5% → 3.33% at power −1: −54.848 · ln(2/3) = 22.23901086.
    const parts = partsOf(result);
    expect(parts.cpm).toBeCloseTo(-12.23901086, 7);
    expect(parts.ctr).toBeCloseTo(0, 12);
    expect(parts.cvr).toBeCloseTo(22.23901086, 7);
    const cpc = result.groups[0]!;
    expect([cpc.kpi, cpc.before, cpc.after]).toEqual(['cpc', 2.5, 2]);
    expect(cpc.contribution).toBeCloseTo(-12.23901086, 7);
  });

  it('a sum splits by each term’s change, weights included', () => {
    const talk = analyzeKpiFormula(custom, 'talk');
    const result = decomposeKpiChange(talk, { comments: 10, shares: 5 }, { comments: 4, shares: 9 });
    // 10 + 10 = 20 → 4 + 18 = 22: comments −6, shares 2 · 4 = +8.
    expect(result).toMatchObject({ before: 20, after: 22, change: 2, method: 'additive' });
    expect(partsOf(result)).toEqual({ comments: -6, shares: 8 });
    expect(result.parts.map((part) => part.share)).toEqual([-3, 4]);
  });

  it('ROI splits by Shapley values: the mean of the two orders of switching value and spend', () => {
    const roi = analyzeKpiFormula(catalog, 'roi');
    // ROI = (v − s) / s. Before v 300, s 100: 2. After v 400, s 200: 1.
    // Value first: (400 − 100)/100 − 2 = 1, then spend: 1 − 3 = −2. Spend first: (300 − 200)/200 − 2 = −1.5,
    // then value: 1 − 0.5 = 0.5. Value: (1 + 0.5) / 2 = 0.75; spend: (−2 − 1.5) / 2 = −1.75.
    const result = decomposeKpiChange(
      roi,
      { conversion_value: 300, spend: 100 },
      { conversion_value: 400, spend: 200 },
    );
    expect(result.method).toBe('shapley');
    expect(partsOf(result)).toEqual({ conversion_value: 0.75, spend: -1.75 });
    expect(sayDiagnosis(result.notes[0]!, 'en')).toMatch(/^The formula is neither a product nor a sum/);
  });
});

describe('conventions where logs fail', () => {
  const roas = analyzeKpiFormula(catalog, 'roas');
  const base = {
    impressions: 100_000,
    clicks: 2000,
    conversions: 100,
    conversion_value: 20_000,
    spend: 5000,
  };

  it('gives the whole change to the factor that went from zero', () => {
    const result = decomposeKpiChange(roas, { ...base, conversion_value: 0 }, base);
    expect(result.method).toBe('zero_limit');
    expect(partsOf(result)).toEqual({ 'conversion_value/conversions': 4, cvr: 0, ctr: 0, cpm: 0 });
    expect(sayDiagnosis(result.notes[0]!, 'en', { catalog })).toBe(
      'Conversion value (GMV) ÷ conversions went from or to zero: the whole change is theirs (the limit of the log split as the zero shrinks)',
    );
  });

  it('shares the change by exponent between factors that are zero together', () => {
    // A product of measures: 1000 · spend / reach, and a custom a · b shape through shares and comments.
    const points = analyzeKpiFormula(custom, 'reach_cost');
    const result = decomposeKpiChange(points, { spend: 0, reach: 10 }, { spend: 50, reach: 5 });
    expect(result.method).toBe('zero_limit');
    expect(partsOf(result)).toEqual({ spend: 10_000, reach: 0 });
  });

  it('drops the chain when a step has no value and splits over the formula’s own measures', () => {
    const result = decomposeKpiChange(roas, base, { ...base, clicks: 0, conversion_value: 30_000 });
    expect(result.basis).toBe('formula');
    expect(result.method).toBe('lmdi');
    expect(partsOf(result)).toEqual({ conversion_value: 2, spend: 0 });
    expect(sayDiagnosis(result.notes[0]!, 'zh', { catalog })).toBe(
      '某一时段点击次数为零，漏斗各步骤无法计算：改为按公式自身的度量拆分',
    );
  });

  it('has nothing to split without a value, and nothing when nothing changed', () => {
    const undefinedBefore = decomposeKpiChange(roas, { ...base, spend: 0 }, base);
    expect(undefinedBefore).toMatchObject({ before: null, change: null, method: 'undefined' });
    expect(undefinedBefore.notes).toHaveLength(1);
    expect(sayDiagnosis(undefinedBefore.notes[0]!, 'en')).toBe(
      'The KPI has no value in the earlier window: nothing to take apart',
    );
    const same = decomposeKpiChange(roas, base, {
      ...base,
      impressions: 50_000,
      clicks: 1000,
      spend: 2500,
      conversions: 50,
      conversion_value: 10_000,
    });
    expect(same.method).toBe('unchanged');
    expect(same.parts.every((part) => part.contribution === 0)).toBe(true);
  });

  it('falls back to Shapley values over the same factors when a factor changes sign', () => {
    // Refunds can make a value negative: ROAS from 4 to −2.
    const result = decomposeKpiChange(roas, base, { ...base, conversion_value: -10_000 });
    expect(result.method).toBe('shapley');
    expect(partsOf(result)['conversion_value/conversions']).toBeCloseTo(-6, 12);
    expect(sayDiagnosis(result.notes[0]!, 'en')).toMatch(/changed sign/);
  });
});

// ---------------------------------------------------------------- properties

const MEASURES = [
  'impressions',
  'clicks',
  'conversions',
  'conversion_value',
  'spend',
  'store_visits',
  'brand_searches',
  'reach',
  'comments',
  'shares',
  'likes',
  'saves',
  'non_media_cost',
  'new_customers',
  'leads',
];

/** Measure values: mostly positive amounts, sometimes zero. */
const amount = fc.oneof(
  { weight: 8, arbitrary: fc.double({ min: 1, max: 1e6, noNaN: true }) },
  { weight: 1, arbitrary: fc.constant(0) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 20 }) },
);
const windowValues = fc.record(Object.fromEntries(MEASURES.map((id) => [id, amount]))) as fc.Arbitrary<
  Record<string, number>
>;

/** KPIs of every shape, as `catalog:kpi` (the catalogs themselves make unreadable counterexamples). */
const KPIS = [
  'builtin:roas',
  'builtin:cpa',
  'builtin:cpm',
  'builtin:ctr',
  'builtin:cost_per_store_visit',
  'builtin:roi',
  'builtin:cac',
  'builtin:interactions',
  'custom:roas',
  'custom:cost_per_search',
  'custom:reach_cost',
  'custom:talk',
  'custom:roas_points',
];
const formulaOf = (name: string) => {
  const [source, kpi] = name.split(':') as [string, string];
  return analyzeKpiFormula(source === 'custom' ? custom : catalog, kpi);
};

/** Shapley values the long way: every order of the players, the change each makes as it switches. */
function shapleyByOrders(players: number, game: (mask: number) => number): number[] {
  const totals = new Array<number>(players).fill(0);
  let orders = 0;
  const permute = (order: number[], left: number[]) => {
    if (left.length === 0) {
      orders++;
      let mask = 0;
      for (const player of order) {
        totals[player]! += game(mask | (1 << player)) - game(mask);
        mask |= 1 << player;
      }
      return;
    }
    left.forEach((player, index) => {
      permute([...order, player], [...left.slice(0, index), ...left.slice(index + 1)]);
    });
  };
  permute(
    [],
    Array.from({ length: players }, (_, index) => index),
  );
  return totals.map((total) => total / orders);
}

describe('properties of the formula split', () => {
  it('parts add up to the change for every KPI and window pair', () => {
    fc.assert(
      fc.property(fc.constantFrom(...KPIS), windowValues, windowValues, (name, before, after) => {
        const formula = formulaOf(name);
        const result = decomposeKpiChange(formula, before, after);
        expect(result.before).toBe(evaluateTerm(formula.term, before));
        if (result.change === null || result.method === 'undefined') return;
        const sum = result.parts.reduce((total, part) => total + part.contribution, 0);
        const scale = Math.max(1, Math.abs(result.before!), Math.abs(result.after!));
        expect(Math.abs(sum - result.change)).toBeLessThanOrEqual(1e-9 * scale);
        for (const group of result.groups) {
          const inside = group.factors.reduce((total, index) => total + result.parts[index]!.contribution, 0);
          expect(group.contribution).toBe(inside);
        }
      }),
      { numRuns: 600 },
    );
  });

  it('every chain multiplies back to its KPI', () => {
    fc.assert(
      fc.property(fc.constantFrom(...KPIS), windowValues, (name, values) => {
        const formula = formulaOf(name);
        if (formula.kind !== 'product') return;
        const value = evaluateTerm(formula.term, values);
        for (const chain of [formula.chain, formula.measures]) {
          if (!chain) continue;
          const product = chainProduct(chain, values);
          if (product === null || value === null) continue;
          expect(Math.abs(product - value)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(value)));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('LMDI parts are the change times each factor’s share of the log change, factors computed from raw measures', () => {
    const roas = analyzeKpiFormula(catalog, 'roas');
    const positive = fc.record(
      Object.fromEntries(
        ['impressions', 'clicks', 'conversions', 'conversion_value', 'spend'].map((id) => [
          id,
          fc.double({ min: 1, max: 1e6, noNaN: true }),
        ]),
      ),
    ) as fc.Arbitrary<Record<string, number>>;
    fc.assert(
      fc.property(positive, positive, (before, after) => {
        const result = decomposeKpiChange(roas, before, after);
        const k0 = before.conversion_value! / before.spend!;
        const k1 = after.conversion_value! / after.spend!;
        fc.pre(Math.abs(Math.log(k1 / k0)) > 1e-6);
        const logShare = (ratio: (values: Record<string, number>) => number, power: number) =>
          (power * Math.log(ratio(after) / ratio(before))) / Math.log(k1 / k0);
        const expected = {
          'conversion_value/conversions': logShare((v) => v.conversion_value! / v.conversions!, 1),
          cvr: logShare((v) => v.conversions! / v.clicks!, 1),
          ctr: logShare((v) => v.clicks! / v.impressions!, 1),
          cpm: logShare((v) => (v.spend! / v.impressions!) * 1000, -1),
        };
        for (const part of result.parts) {
          const share = expected[part.id as keyof typeof expected];
          expect(Math.abs(part.contribution - share * (k1 - k0))).toBeLessThanOrEqual(
            1e-7 * Math.max(1, Math.abs(k0), Math.abs(k1), Math.abs(share * (k1 - k0))),
          );
        }
      }),
      { numRuns: 300 },
    );
  });

  it('Shapley parts equal the average over every order of switching inputs', () => {
    const cac = analyzeKpiFormula(catalog, 'cac');
    fc.assert(
      fc.property(windowValues, windowValues, (before, after) => {
        fc.pre(before.new_customers! > 0 && after.new_customers! > 0);
        const result = decomposeKpiChange(cac, before, after);
        if (result.method !== 'shapley') return;
        const inputs = ['spend', 'non_media_cost', 'new_customers'];
        const game = (mask: number) =>
          inputs.reduce(
            (sum, id, index) =>
              sum + (id === 'new_customers' ? 0 : mask & (1 << index) ? after[id]! : before[id]!),
            0,
          ) / (mask & 4 ? after.new_customers! : before.new_customers!);
        const expected = shapleyByOrders(3, game);
        result.parts.forEach((part, index) => {
          expect(Math.abs(part.contribution - expected[index]!)).toBeLessThanOrEqual(
            1e-9 * Math.max(1, Math.abs(result.before!), Math.abs(result.after!)),
          );
        });
      }),
      { numRuns: 200 },
    );
  });

  it('the Shapley function agrees with the orders for random games', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((players) =>
          fc.tuple(
            fc.constant(players),
            fc.array(fc.double({ min: -100, max: 100, noNaN: true }), {
              minLength: 1 << players,
              maxLength: 1 << players,
            }),
          ),
        ),
        ([players, worth]) => {
          const game = (mask: number) => worth[mask]!;
          const fast = shapleyValues(players, game)!;
          const slow = shapleyByOrders(players, game);
          fast.forEach((value, index) => {
            expect(value).toBeCloseTo(slow[index]!, 9);
          });
          expect(fast.reduce((sum, value) => sum + value, 0)).toBeCloseTo(
            worth[(1 << players) - 1]! - worth[0]!,
            9,
          );
        },
      ),
      { numRuns: 200 },
    );
    expect(shapleyValues(2, (mask) => (mask === 3 ? null : 1))).toBeNull();
  });
});
