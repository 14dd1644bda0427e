/**
 * The attribution wire types of `attribution.ts` against the server's, inferred from its zod schemas
 * (type-level: `tsc -b` checks them), and the chart's shares worked out by hand.
 */
import type { Api } from '@markpi/server';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  attributionChartOption,
  CHART_KEYS,
  type CreatorRoi,
  chartSeries,
  type RefreshSummary,
  type WorkspaceAttribution,
} from './attribution';

type Flat<T> = { [K in keyof T]: T[K] };

const row = (
  key: string,
  markov: number,
  low: number,
  high: number,
): WorkspaceAttribution['rows'][number] => ({
  key,
  dimension: 'channel',
  value: key,
  first_touch: markov,
  last_touch: markov,
  last_non_direct: markov,
  linear: markov,
  position: markov,
  time_decay: null,
  markov,
  shapley: markov,
  removal_effect: 0.5,
  spread: {
    low: { model: 'first_touch', share: low },
    high: { model: 'markov', share: high },
    points: high - low,
    ratio: null,
  },
  disagreement: null,
});

describe('attribution on the dashboard', () => {
  it('reads what the server sends', () => {
    expectTypeOf<Flat<WorkspaceAttribution>>().toEqualTypeOf<Flat<Api.WorkspaceAttribution>>();
    expectTypeOf<Flat<CreatorRoi>>().toEqualTypeOf<Flat<Api.CreatorRoi>>();
    expectTypeOf<Flat<RefreshSummary>>().toEqualTypeOf<Flat<Api.AttributionRefresh>>();
  });

  it('charts each model’s share of the total, the keys with the highest share first', () => {
    const report = {
      total: 4,
      models: ['markov', 'shapley'],
      rows: [row('a', 1, 0.1, 0.25), row('b', 3, 0.5, 0.75)],
    } as unknown as WorkspaceAttribution;
    const { keys, series } = chartSeries(report);
    expect(keys).toEqual(['b', 'a']);
    // b: 3 of 4, a: 1 of 4, under both models.
    expect(series).toEqual([
      { model: 'markov', shares: [0.75, 0.25] },
      { model: 'shapley', shares: [0.75, 0.25] },
    ]);
    const many = {
      ...report,
      rows: Array.from({ length: 20 }, (_, index) => row(`k${index}`, 0.1, 0, index / 100)),
    };
    expect(chartSeries(many).keys).toHaveLength(CHART_KEYS);
    expect(chartSeries(many).keys[0]).toBe('k19');
    const option = attributionChartOption(
      report,
      (model) => model.toUpperCase(),
      String,
      (entry) => `#${entry.key}`,
    ) as {
      xAxis: { data: string[] };
      series: { name: string }[];
    };
    expect(option.xAxis.data).toEqual(['#b', '#a']);
    expect(option.series.map((entry) => entry.name)).toEqual(['MARKOV', 'SHAPLEY']);
  });
});
