import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeWarehouseContract } from '../warehouse.suite.js';
import { openDuckDbWarehouse } from './warehouse.js';

describeWarehouseContract('DuckDB', () => openDuckDbWarehouse({ path: ':memory:' }), { readsCsvFiles: true });

describe('DuckDB warehouse settings', () => {
  it('holds DuckDB to the memory limit it is given', async () => {
    const warehouse = await openDuckDbWarehouse({ path: ':memory:', memoryLimit: '768MB' });
    try {
      const [row] = await warehouse.query("SELECT current_setting('memory_limit') AS limit");
      // DuckDB reports the limit in its own units (768MB = 732.4 MiB).
      expect(String(row?.limit)).toMatch(/^732\.\d+ MiB$/);
    } finally {
      await warehouse.close();
    }
  });

  it('refuses a memory limit that is not a size, before writing it into a statement', async () => {
    await expect(
      openDuckDbWarehouse({ path: ':memory:', memoryLimit: "1GB'; DROP TABLE x; --" }),
    ).rejects.toThrow(/not a size such as 768MB/);
  });

  it('reports how far a long statement has got', async () => {
    const warehouse = await openDuckDbWarehouse({ path: ':memory:' });
    const folder = mkdtempSync(path.join(tmpdir(), 'markpi-progress-'));
    try {
      const file = path.join(folder, 'numbers.csv');
      await warehouse.run(
        `COPY (SELECT range AS n, md5(range::VARCHAR) AS h FROM range(4000000)) TO '${file}' (HEADER false)`,
      );
      const seen: number[] = [];
      // A CSV scan with a costly expression: long enough for several progress readings.
      await warehouse.runWithProgress!(
        "CREATE TABLE numbers AS SELECT n, regexp_replace(h, '[a-f]', 'x', 'g') AS h FROM read_csv($1, columns = {'n': 'BIGINT', 'h': 'VARCHAR'})",
        [file],
        (fraction) => seen.push(fraction),
      );
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.every((fraction) => fraction >= 0 && fraction <= 1)).toBe(true);
      expect(Math.max(...seen)).toBeGreaterThan(0);
    } finally {
      await warehouse.close();
      rmSync(folder, { recursive: true, force: true });
    }
  }, 60_000);
});
