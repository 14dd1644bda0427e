/**
 * Annotations on any engine: added, listed by window, removed (a later, empty version wins) and
 * the events of a window noted once. Run on DuckDB and ClickHouse by their test files.
 */
import { buildCatalog } from '@markpi/core';
import type { Warehouse } from '@markpi/store';
import { expect, it } from 'vitest';
import type { WorkspaceContext } from '../workspace.js';
import { addAnnotation, importEventAnnotations, listAnnotations, removeAnnotation } from './index.js';

export function describeAnnotations(open: () => Promise<Warehouse>, timeout = 30_000): void {
  it(
    'adds, lists by window, removes and imports the events once',
    async () => {
      const warehouse = await open();
      try {
        const workspace: WorkspaceContext = {
          warehouse,
          catalog: buildCatalog(),
          now: () => new Date('2026-06-20T00:00:00Z'),
        };
        const price = await addAnnotation(workspace, {
          date: '2026-06-10',
          note: 'Price change',
          scope: 'channel',
          value: 'douyin',
        });
        const launch = await addAnnotation(
          workspace,
          { date: '2026-05-01', to: '2026-05-07', note: 'Launch' },
          'ana',
        );
        expect(launch).toMatchObject({ scope: 'all', author: 'ana', createdAt: '2026-06-20T00:00:00.000Z' });
        // A span that ends on the window's first day touches it.
        expect(
          (await listAnnotations(workspace, { from: '2026-05-07', to: '2026-06-30' })).map((n) => n.id),
        ).toEqual([launch.id, price.id]);
        expect(
          (await listAnnotations(workspace, { from: '2026-05-08', to: '2026-06-09' })).map((n) => n.id),
        ).toEqual([]);
        await removeAnnotation(workspace, price.id);
        expect((await listAnnotations(workspace)).map((n) => n.id)).toEqual([launch.id]);
        await expect(removeAnnotation(workspace, price.id)).rejects.toMatchObject({ code: 'not_found' });

        const window = { from: '2026-06-18', to: '2026-06-18' };
        expect((await importEventAnnotations(workspace, window)).map((n) => n.note)).toEqual(['618 2026']);
        expect(await importEventAnnotations(workspace, window)).toEqual([]);
      } finally {
        await warehouse.close();
      }
    },
    timeout,
  );
}
