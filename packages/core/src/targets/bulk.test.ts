import { describe, expect, it } from 'vitest';
import { parseFormula } from '../formula/parser.js';
import { entityScopeFilter, targetFromBaseline } from './bulk.js';
import { scopePins } from './scope.js';
import { improvementOver, type KpiTraits } from './traits.js';

const impressions: Pick<KpiTraits, 'direction' | 'unit'> = { direction: 'up', unit: 'count' };
const cpl: Pick<KpiTraits, 'direction' | 'unit'> = { direction: 'down', unit: 'currency' };
const ctr: Pick<KpiTraits, 'direction' | 'unit'> = { direction: 'up', unit: 'percent' };
const spend: Pick<KpiTraits, 'direction' | 'unit'> = { direction: 'context', unit: 'currency' };

describe('an entity’s scope', () => {
  it('pins the entity by its id, quotes doubled', () => {
    expect(entityScopeFilter('campaign', '618-2026')).toBe("campaign = '618-2026'");
    expect(scopePins(entityScopeFilter('campaign', '618-2026'))).toEqual({ campaign: '618-2026' });
    const quoted = entityScopeFilter('creator', "lily's picks");
    expect(quoted).toBe("creator = 'lily''s picks'");
    expect(parseFormula(quoted).ok).toBe(true);
    expect(scopePins(quoted)).toEqual({ creator: "lily's picks" });
  });
});

describe('a target from a baseline and an uplift', () => {
  it('is better by the uplift in the KPI’s direction, rounded to its unit', () => {
    // By hand: 1,234 impressions + 10% = 1,357.4 → 1,357; a CPL of 50 improved by 25% = 40;
    // CTR 0.0123 + 10% = 0.01353; a budget of 1,000.004 + 0% is 1,000.00 (cents).
    expect(targetFromBaseline(impressions, 1234, 0.1)).toBe(1357);
    expect(targetFromBaseline(cpl, 50, 0.25)).toBe(40);
    expect(targetFromBaseline(ctr, 0.0123, 0.1)).toBe(0.01353);
    expect(targetFromBaseline(spend, 1000.004, 0)).toBe(1000);
    expect(targetFromBaseline(impressions, 1000, -0.2)).toBe(800);
  });

  it('is exactly the uplift better than the baseline, as the SMART check reads it', () => {
    for (const uplift of [0, 0.05, 0.1, 0.25, 0.5, 1, -0.3]) {
      for (const baseline of [40, 50, 120, 999]) {
        const up = targetFromBaseline({ direction: 'up', unit: 'number' }, baseline, uplift)!;
        const down = targetFromBaseline({ direction: 'down', unit: 'number' }, baseline, uplift)!;
        expect(improvementOver('up', up, baseline)).toBeCloseTo(uplift, 5);
        expect(improvementOver('down', down, baseline)).toBeCloseTo(uplift, 5);
      }
    }
  });

  it('has none without a positive baseline, and refuses an uplift of −100% or below', () => {
    expect(targetFromBaseline(impressions, null, 0.1)).toBeNull();
    expect(targetFromBaseline(impressions, 0, 0.1)).toBeNull();
    expect(() => targetFromBaseline(impressions, 100, -1)).toThrow(/above −100%/);
  });
});
