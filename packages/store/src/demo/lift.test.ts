import { describe, expect, it } from 'vitest';
import type { CellValue } from '../warehouse.js';
import { planDemo } from './generate.js';
import {
  carriesLiftStory,
  DEMO_BRAND_SEARCH,
  DEMO_GEO_TEST,
  DEMO_KOX,
  demoLiftTruth,
  generateLiftDemo,
  LIFT_DEMO_ROWS,
} from './lift.js';
import { DEMO_SEED } from './story.js';

type Row = Record<string, CellValue>;

function liftRows(seed = DEMO_SEED): Row[] {
  const rows: Row[] = [];
  for (const { table, batch } of generateLiftDemo(planDemo({ seed, performanceRows: 60_000 }))) {
    expect(table).toBe('fact_performance');
    for (let row = 0; row < batch.rowCount; row++) {
      const record: Row = {};
      for (const [name, values] of Object.entries(batch.columns)) record[name] = values[row]!;
      rows.push(record);
    }
  }
  return rows;
}

const sum = (rows: readonly Row[], column: string) =>
  rows.reduce((total, row) => total + Number(row[column]), 0);

describe('the demo lift story', () => {
  const rows = liftRows();
  const campaign = (id: string) => rows.filter((row) => row.campaign === id);

  it('adds the rows it announces, all under the demo import, and the same rows for the same seed', () => {
    expect(rows).toHaveLength(LIFT_DEMO_ROWS);
    expect(rows.every((row) => row.import_id === 'demo')).toBe(true);
    expect(campaign(DEMO_BRAND_SEARCH.campaign)).toHaveLength(549);
    expect(campaign(DEMO_KOX.campaign)).toHaveLength(DEMO_KOX.creators * 21);
    expect(campaign(DEMO_GEO_TEST.campaign)).toHaveLength(16 * 174);
    expect(JSON.stringify(liftRows().slice(0, 50))).toBe(JSON.stringify(rows.slice(0, 50)));
  });

  it('comes with the demo at full size only, counted in its plan', () => {
    expect(carriesLiftStory(planDemo({ performanceRows: 60_000 }))).toBe(false);
    expect(carriesLiftStory(planDemo({ scale: 1 }))).toBe(true);
    let rows = 0;
    for (const { table, batch } of generateLiftDemo({ ...planDemo({ performanceRows: 60_000 }), scale: 0.5 }))
      rows += table === 'fact_performance' ? batch.rowCount : 0;
    // Forced on a small plan (as tests do), the story is the same rows.
    expect(rows).toBe(LIFT_DEMO_ROWS);
  });

  it('keeps the demo’s row rules', () => {
    const broken = rows.filter(
      (row) =>
        Number(row.clicks) > Number(row.impressions) ||
        Number(row.conversions) > Number(row.clicks) ||
        Number(row.reach) > Number(row.impressions) ||
        Number(row.store_visits) > Number(row.clicks) ||
        Number(row.engaged_users) > Number(row.reach) ||
        Number(row.brand_searches) > Number(row.reach) * 0.05 + 1 ||
        row.ad_group === null ||
        (row.creator === null) !== (row.creator_tier === null) ||
        !Number.isInteger(Number(row.conversions)) ||
        Math.abs(Number(row.spend) * 100 - Math.round(Number(row.spend) * 100)) > 1e-6,
    );
    expect(broken).toEqual([]);
  });

  it('counts its known answers from the rows: the KOX lift on brand search and the cities’ lift', () => {
    const truth = demoLiftTruth(DEMO_SEED);
    // The treated cities' conversions over the test are the counterfactual plus what was added,
    // and what was added is the announced 15% of the counterfactual up to rounding per day.
    const treatedTest = campaign(DEMO_GEO_TEST.campaign).filter(
      (row) =>
        (DEMO_GEO_TEST.treated as readonly string[]).includes(String(row.region)) &&
        String(row.date) >= DEMO_GEO_TEST.test.from &&
        String(row.date) <= DEMO_GEO_TEST.test.to,
    );
    expect(treatedTest).toHaveLength(4 * 28);
    expect(sum(treatedTest, 'conversions')).toBe(
      truth.geoCounterfactualConversions + truth.geoIncrementalConversions,
    );
    expect(truth.geoIncrementalConversions / truth.geoCounterfactualConversions).toBeCloseTo(0.15, 2);
    // Brand search in the KOX window: about 30% above the days around it (after the ramp).
    const searches = (from: string, to: string) =>
      sum(
        campaign(DEMO_BRAND_SEARCH.campaign).filter(
          (row) => String(row.date) >= from && String(row.date) <= to,
        ),
        'impressions',
      );
    const window = searches(DEMO_KOX.from, DEMO_KOX.to);
    expect(truth.koxIncrementalImpressions).toBeGreaterThan(0.2 * (window - truth.koxIncrementalImpressions));
    expect(truth.koxIncrementalImpressions).toBeLessThan(0.3 * (window - truth.koxIncrementalImpressions));
    expect(window / 21).toBeGreaterThan((searches('2026-08-11', '2026-08-31') / 21) * 1.15);
    // Another seed, another answer: the truth is counted, not assumed.
    expect(demoLiftTruth(7).geoIncrementalConversions).not.toBe(truth.geoIncrementalConversions);
  });
});
