/**
 * When a board's charts and tables may share one question: the facts a KPI's value is read from,
 * when it is empty wherever they have no data. Checked by hand against the built-in formulas and
 * workspace KPIs written for each case.
 */
import { buildCatalog } from '@markpi/core';
import { describe, expect, it } from 'vitest';
import { factsOfEmptyWithoutData } from './answer.js';

const kpi = (id: string, formula: string, unit: 'currency' | 'ratio' = 'ratio') => ({
  id,
  name: { en: id, zh: id },
  description: { en: id, zh: id },
  formula,
  unit,
  direction: 'up' as const,
  aggregation: unit === 'currency' ? ('additive' as const) : ('ratio' as const),
});

const catalog = buildCatalog({
  kpis: [
    kpi('spend_plus_one', 'spend + 1', 'currency'),
    kpi('margin', 'conversion_value - spend', 'currency'),
    kpi('half_ctr', 'ctr * 0.5'),
    kpi('negative_spend', '-spend', 'currency'),
    kpi('ctr_or_zero', 'safe_div(clicks, impressions, 0)'),
    kpi('ctr_safe', 'safe_div(clicks, impressions)'),
  ],
});

describe('the facts a KPI is empty without', () => {
  it('follows measures and the KPIs a formula names', () => {
    expect(factsOfEmptyWithoutData(catalog, 'spend')).toEqual(new Set(['performance']));
    // clicks / impressions; conversion value / spend; a KPI of a KPI, scaled or negated.
    expect(factsOfEmptyWithoutData(catalog, 'ctr')).toEqual(new Set(['performance']));
    expect(factsOfEmptyWithoutData(catalog, 'roas')).toEqual(new Set(['performance']));
    expect(factsOfEmptyWithoutData(catalog, 'half_ctr')).toEqual(new Set(['performance']));
    expect(factsOfEmptyWithoutData(catalog, 'negative_spend')).toEqual(new Set(['performance']));
  });

  it('refuses a value that can be there without its data', () => {
    // A constant added is 1 on a row where spend is empty; a fallback is 0 there.
    expect(factsOfEmptyWithoutData(catalog, 'spend_plus_one')).toBeNull();
    expect(factsOfEmptyWithoutData(catalog, 'margin')).toEqual(new Set(['performance']));
    expect(factsOfEmptyWithoutData(catalog, 'ctr_or_zero')).toBeNull();
    // Any function is refused, even one that would be empty: which fact it reads is the planner's.
    expect(factsOfEmptyWithoutData(catalog, 'ctr_safe')).toBeNull();
    // follows / opening(followers): the opening level comes from another window.
    expect(factsOfEmptyWithoutData(catalog, 'follower_growth_rate')).toBeNull();
    expect(factsOfEmptyWithoutData(catalog, 'no_such_kpi')).toBeNull();
  });
});
