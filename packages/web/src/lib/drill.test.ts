import { scopePins } from '@markpi/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DRILL_CHILDREN,
  DRILL_LEVELS,
  DRILL_TABLES,
  type DrillStep,
  drillFilter,
  drillQuery,
  drillSearch,
  extendPath,
  readDrillPath,
} from './drill';

const value = fc.oneof(fc.string({ minLength: 1, maxLength: 10 }), fc.constantFrom("it's", '抖音', 'a&b=c'));
const path = fc
  .subarray([...DRILL_LEVELS])
  .chain((levels) =>
    fc.tuple(...levels.map((dimension) => value.map((text) => ({ dimension, value: text })))),
  )
  .map((steps): DrillStep[] => steps);

function apply(search: URLSearchParams, changes: Record<string, string | null>): URLSearchParams {
  const next = new URLSearchParams(search);
  for (const [key, change] of Object.entries(changes)) {
    if (change === null) next.delete(key);
    else next.set(key, change);
  }
  return new URLSearchParams(next.toString());
}

describe('the drill-down path', () => {
  it('follows the hierarchy “why?” splits by: channel, campaign, ad group or creator, content', () => {
    expect(DRILL_CHILDREN.channel).toEqual(['campaign']);
    expect(DRILL_CHILDREN.campaign).toEqual(['ad_group', 'creator']);
    expect(DRILL_CHILDREN.ad_group).toEqual(['content']);
    expect(DRILL_CHILDREN.creator).toEqual(['content']);
    expect(DRILL_CHILDREN.content).toEqual([]);
    // Every child sits below its parent, so a path read in the hierarchy's order is walked in order.
    for (const [parent, children] of Object.entries(DRILL_CHILDREN))
      for (const child of children)
        expect(DRILL_LEVELS.indexOf(child)).toBeGreaterThan(
          DRILL_LEVELS.indexOf(parent as DrillStep['dimension']),
        );
    expect(DRILL_TABLES.ad_group).toBeUndefined();
  });

  it('narrows the page’s filter, which stays as written', () => {
    const weibo: DrillStep[] = [
      { dimension: 'channel', value: 'weibo' },
      { dimension: 'campaign', value: "618's" },
    ];
    expect(drillFilter(undefined, [])).toBeUndefined();
    expect(drillFilter('  ', [])).toBeUndefined();
    expect(drillFilter("creator_tier = 'kol'", [])).toBe("creator_tier = 'kol'");
    expect(drillFilter(undefined, weibo)).toBe("channel = 'weibo' and campaign = '618''s'");
    expect(drillFilter("region = 'east' or region = 'west'", weibo)).toBe(
      "(region = 'east' or region = 'west') and (channel = 'weibo' and campaign = '618''s')",
    );
    fc.assert(
      fc.property(path, (steps) => {
        const pins = scopePins(drillFilter("creator_tier = 'kol'", steps));
        expect(pins).toEqual({
          creator_tier: 'kol',
          ...Object.fromEntries(steps.map((step) => [step.dimension, step.value])),
        });
      }),
    );
  });

  it('lives in the URL beside the page’s own parameters', () => {
    const base = new URLSearchParams('from=2026-06-01&to=2026-06-30&filter=x');
    fc.assert(
      fc.property(path, path, (first, second) => {
        const once = apply(base, drillSearch(first));
        expect(readDrillPath(once)).toEqual(first);
        // A second path replaces the first whole; the page's parameters stay.
        const twice = apply(once, drillSearch(second));
        expect(readDrillPath(twice)).toEqual(second);
        expect(twice.get('from')).toBe('2026-06-01');
        expect(twice.get('filter')).toBe('x');
        expect(
          readDrillPath(new URLSearchParams(drillQuery({ from: '2026-06-01', q: undefined }, first))),
        ).toEqual(first);
      }),
    );
    expect(
      drillQuery({ from: '2026-06-01', to: '2026-06-30', compare: undefined }, [
        { dimension: 'channel', value: 'weibo' },
      ]),
    ).toBe('from=2026-06-01&to=2026-06-30&drill.channel=weibo');
  });

  it('goes one step further in the hierarchy’s order, replacing a step on the same level', () => {
    const start: DrillStep[] = [{ dimension: 'campaign', value: 'ao-wb' }];
    expect(extendPath(start, 'channel', 'weibo')).toEqual([
      { dimension: 'channel', value: 'weibo' },
      { dimension: 'campaign', value: 'ao-wb' },
    ]);
    expect(extendPath(start, 'campaign', 'wom-wb')).toEqual([{ dimension: 'campaign', value: 'wom-wb' }]);
    fc.assert(
      fc.property(path, fc.constantFrom(...DRILL_LEVELS), value, (steps, dimension, text) => {
        const longer = extendPath(steps, dimension, text);
        expect(longer).toEqual(readDrillPath(apply(new URLSearchParams(), drillSearch(longer))));
        expect(longer.find((step) => step.dimension === dimension)?.value).toBe(text);
        expect(longer.length).toBe(steps.filter((step) => step.dimension !== dimension).length + 1);
      }),
    );
  });
});
