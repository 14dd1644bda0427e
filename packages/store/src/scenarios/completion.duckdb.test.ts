/**
 * Completion rates divide video plays: on a day with a video and an image-and-text note, the
 * note's reads (kept in the same `video_views` column, as platforms export them) stay out of the
 * denominator, and a row whose format is unknown (an ad export without it) counts as a video.
 */
import { buildCatalog } from '@markpi/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDbWarehouse } from '../duckdb/index.js';
import { runKpiQuery } from '../run-query.js';
import type { Warehouse } from '../warehouse.js';

describe('completion rates', () => {
  let warehouse: Warehouse;
  const catalog = buildCatalog();

  beforeAll(async () => {
    warehouse = await openDuckDbWarehouse({ path: ':memory:' });
    // Video: 1,000 plays, 400 past 5 s, 150 past half; note: 600 reads; unknown: 200 plays, 100, 50.
    await warehouse.append('fact_performance', {
      rowCount: 3,
      columns: {
        date: ['2026-03-01', '2026-03-01', '2026-03-01'],
        channel: ['xiaohongshu', 'xiaohongshu', 'meta'],
        content_format: ['video', 'image_text', null],
        video_views: [1000, 600, 200],
        views_5s: [400, 0, 100],
        views_50pct: [150, 0, 50],
        import_id: ['test', 'test', 'test'],
      },
    });
  });
  afterAll(async () => {
    await warehouse.close();
  });

  it('leaves note reads out and counts rows of unknown format as plays', async () => {
    const query = {
      kpis: ['completion_rate_5s', 'completion_rate_50'],
      from: '2026-03-01',
      to: '2026-03-01',
    };
    const [all] = (await runKpiQuery(warehouse, catalog, query)).rows;
    expect(all!.completion_rate_5s).toBeCloseTo((400 + 100) / (1000 + 200), 12);
    expect(all!.completion_rate_50).toBeCloseTo((150 + 50) / (1000 + 200), 12);
    const [notes] = (
      await runKpiQuery(warehouse, catalog, { ...query, filter: "content_format = 'image_text'" })
    ).rows;
    // Notes alone have no video plays: no completion rate, rather than a 0% one.
    expect(notes!.completion_rate_5s).toBeNull();
  });
});
