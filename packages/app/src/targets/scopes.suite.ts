/**
 * Targets saved before scopes were stored as ids, written again with ids: on any engine (the
 * versions are appended, never updated in place). Run on DuckDB and ClickHouse by their test files.
 */
import { buildCatalog } from '@markpi/core';
import { addTarget as addStoredTarget, getTarget, targetHistory, type Warehouse } from '@markpi/store';
import { expect, it } from 'vitest';
import { rewriteLabelScopes } from './repository.js';

const PERIOD = { from: '2026-06-01', to: '2026-06-30' };

export function describeLabelScopeRewrite(open: () => Promise<Warehouse>, timeout = 30_000): void {
  it(
    'writes label scopes with ids as new versions, and reports the ones no id answers to',
    async () => {
      const warehouse = await open();
      const catalog = buildCatalog();
      try {
        // Saved as people typed them, the way targets were stored before.
        const typed = [
          ['douyin', "channel = '抖音'", undefined],
          ['east', "campaign = 'c1'", "region = '华东' and channel in ('Douyin', 'weibo')"],
          ['bilibili', "channel = 'bilibili'", undefined],
          ['plain', "campaign = 'c1'", undefined],
        ] as const;
        for (const [id, filter, baseline] of typed) {
          await addStoredTarget(warehouse, catalog, {
            id,
            kpi: 'clicks',
            scope: { filter, label: id },
            ...(baseline ? { baselineScope: { filter: baseline, label: 'history' } } : {}),
            period: PERIOD,
            value: 100,
          });
        }
        const report = await rewriteLabelScopes(warehouse, catalog, { author: 'markpi' });
        expect(report.rewritten).toEqual([
          {
            id: 'douyin',
            version: 2,
            before: { scope: "channel = '抖音'" },
            after: { scope: "channel = 'douyin'" },
          },
          {
            id: 'east',
            version: 2,
            before: { baselineScope: "region = '华东' and channel in ('Douyin', 'weibo')" },
            after: { baselineScope: "region = 'east_china' and channel in ('douyin', 'weibo')" },
          },
        ]);
        expect(report.left).toEqual([
          {
            id: 'bilibili',
            filter: "channel = 'bilibili'",
            problems: [
              'channel has no value bilibili, nor one named so in English or Chinese ' +
                '(its values: kuaishou, douyin, xiaohongshu, wechat, weibo, meta, google_ads and tiktok)',
            ],
          },
        ]);
        // The label people typed stays; the first version is kept as it was.
        expect((await getTarget(warehouse, 'douyin')).target.scope).toEqual({
          filter: "channel = 'douyin'",
          label: 'douyin',
        });
        const history = await targetHistory(warehouse, 'douyin');
        expect(history.versions.map((version) => version.target.scope.filter)).toEqual([
          "channel = '抖音'",
          "channel = 'douyin'",
        ]);
        expect(history.versions[1]).toMatchObject({ author: 'markpi', reason: 'scope written with ids' });
        // Run again: nothing left to write.
        expect((await rewriteLabelScopes(warehouse, catalog)).rewritten).toEqual([]);
      } finally {
        await warehouse.close();
      }
    },
    timeout,
  );
}
