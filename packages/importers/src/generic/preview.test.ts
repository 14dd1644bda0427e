import { describe, expect, it } from 'vitest';
import { PreviewSink } from './preview.js';

describe('the dry run’s preview', () => {
  it('keeps the first rows of each table and sums every numeric column over all rows', async () => {
    const sink = new PreviewSink(3);
    const batch = (from: number, count: number) => ({
      rowCount: count,
      columns: {
        date: Array.from({ length: count }, (_, index) => `2025-05-${String(from + index).padStart(2, '0')}`),
        clicks: Array.from({ length: count }, (_, index) => from + index),
        spend: Array.from({ length: count }, (_, index) => (index % 2 === 0 ? 0.1 : null)),
        import_id: Array.from({ length: count }, () => 'x'),
      },
    });
    await sink.accept('fact_performance', batch(1, 2));
    await sink.accept('fact_performance_periods', batch(1, 1));
    await sink.accept('fact_performance', batch(3, 4));
    const [daily, periods] = sink.result().tables;
    expect(daily!.rows).toEqual([
      { date: '2025-05-01', clicks: 1, spend: 0.1 },
      { date: '2025-05-02', clicks: 2, spend: null },
      { date: '2025-05-03', clicks: 3, spend: 0.1 },
    ]);
    expect(daily!.rowCount).toBe(6);
    // By hand: clicks 1 + … + 6 = 21; spend 0.1 on rows 1, 3 and 5 (the first of each pair).
    expect(daily!.totals.clicks).toBe(21);
    expect(daily!.totals.spend).toBe(0.1 + 0.1 + 0.1);
    expect(daily!.totals.date).toBeUndefined();
    expect(periods).toEqual({
      table: 'fact_performance_periods',
      rows: [{ date: '2025-05-01', clicks: 1, spend: 0.1 }],
      rowCount: 1,
      totals: { clicks: 1, spend: 0.1 },
    });
  });
});
