import { describe, expect, it } from 'vitest';
import { openDuckDbWarehouse } from '../duckdb/index.js';
import { appendLiftLedgerVersion, latestLiftLedgerVersions, liftLedgerHistory } from './repository.js';

describe('lift ledger repository', () => {
  it('numbers each entry’s versions, keeps them all, and lists the latest of each', async () => {
    const warehouse = await openDuckDbWarehouse({ path: ':memory:' });
    try {
      expect(await latestLiftLedgerVersions(warehouse)).toEqual([]);
      const first = await appendLiftLedgerVersion(warehouse, {
        id: 'b-test',
        method: 'geo',
        body: { name: 'B', incremental: 12.5 },
        recordedAt: '2026-10-05T08:00:00.000Z',
        author: 'ana',
      });
      expect(first.version).toBe(1);
      await appendLiftLedgerVersion(warehouse, {
        id: 'a-test',
        method: 'prepost',
        body: { name: 'A' },
        recordedAt: '2026-10-06T08:00:00.000Z',
      });
      const second = await appendLiftLedgerVersion(warehouse, {
        id: 'b-test',
        method: 'geo',
        body: { name: 'B', withdrawn: { reason: 'wrong cities' } },
        recordedAt: '2026-10-07T08:00:00.000Z',
        author: 'bo',
      });
      expect(second.version).toBe(2);
      const latest = await latestLiftLedgerVersions(warehouse);
      expect(latest.map((entry) => [entry.id, entry.version, entry.author])).toEqual([
        ['a-test', 1, undefined],
        ['b-test', 2, 'bo'],
      ]);
      expect(latest[1]!.body).toEqual({ name: 'B', withdrawn: { reason: 'wrong cities' } });
      const history = await liftLedgerHistory(warehouse, 'b-test');
      expect(history.map((entry) => entry.body)).toEqual([
        { name: 'B', incremental: 12.5 },
        { name: 'B', withdrawn: { reason: 'wrong cities' } },
      ]);
      expect(await liftLedgerHistory(warehouse, 'missing')).toEqual([]);
    } finally {
      await warehouse.close();
    }
  });
});
