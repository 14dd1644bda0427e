/**
 * A read cache in front of a warehouse, for the dashboard: twenty people opening the overview
 * at once run its queries once. Identical reads in flight share one execution; answers are kept
 * until anything is written through this warehouse (every write goes through it while a server
 * holds a DuckDB file), or for `ttlMs` where other writers may exist (ClickHouse).
 */
import type { TableDefinition } from './schema.js';
import type { CellValue, ColumnBatch, ImportLoad, ImportLoadPlan, Row, Warehouse } from './warehouse.js';

export interface CacheOptions {
  /** Most answers kept; the least recently used goes first. Default 500. */
  maxEntries?: number;
  /** How long an answer may be reused; default forever (until the next write). */
  ttlMs?: number;
  /** Clock, for tests. */
  now?: () => number;
}

interface Entry {
  rows: Promise<Row[]>;
  storedAt: number;
  version: number;
}

export interface CachedWarehouse extends Warehouse {
  /** Reads answered from the cache or from a shared in-flight execution. */
  readonly hits: number;
  readonly misses: number;
}

export function cachedWarehouse(inner: Warehouse, options: CacheOptions = {}): CachedWarehouse {
  const maxEntries = options.maxEntries ?? 500;
  const ttlMs = options.ttlMs ?? Number.POSITIVE_INFINITY;
  const now = options.now ?? (() => Date.now());
  const entries = new Map<string, Entry>();
  let version = 0;
  let hits = 0;
  let misses = 0;

  const written = () => {
    version += 1;
    entries.clear();
  };

  const cached: CachedWarehouse = {
    dialect: inner.dialect,
    get hits() {
      return hits;
    },
    get misses() {
      return misses;
    },
    query(sql: string, params: readonly CellValue[] = []): Promise<Row[]> {
      const key = `${sql}\u0000${JSON.stringify(params)}`;
      const found = entries.get(key);
      if (found && found.version === version && now() - found.storedAt <= ttlMs) {
        hits += 1;
        // Refresh its place in the LRU order.
        entries.delete(key);
        entries.set(key, found);
        return found.rows;
      }
      misses += 1;
      const rows = inner.query(sql, params);
      const entry: Entry = { rows, storedAt: now(), version };
      entries.set(key, entry);
      // A failed read is not kept: the next caller tries again.
      rows.catch(() => {
        if (entries.get(key) === entry) entries.delete(key);
      });
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
      return rows;
    },
    scan(sql: string, params?: readonly CellValue[], batchRows?: number): AsyncIterable<ColumnBatch> {
      return inner.scan(sql, params, batchRows);
    },
    async run(sql: string, params?: readonly CellValue[]): Promise<void> {
      try {
        await inner.run(sql, params);
      } finally {
        written();
      }
    },
    async createTable(table: TableDefinition): Promise<void> {
      try {
        await inner.createTable(table);
      } finally {
        written();
      }
    },
    async append(table: string, batch: ColumnBatch): Promise<void> {
      try {
        await inner.append(table, batch);
      } finally {
        written();
      }
    },
    async transaction<T>(work: (warehouse: Warehouse) => Promise<T>): Promise<T> {
      try {
        return await inner.transaction(work);
      } finally {
        written();
      }
    },
    close: () => inner.close(),
  };
  // Engines without transactions load imports their own way; keep that, and forget answers after.
  if (inner.loadImport) {
    cached.loadImport = async <T>(
      plan: ImportLoadPlan,
      work: (load: ImportLoad) => Promise<T>,
    ): Promise<T> => {
      try {
        return await inner.loadImport!(plan, work);
      } finally {
        written();
      }
    };
  }
  if (inner.finishInterruptedLoads) {
    cached.finishInterruptedLoads = async () => {
      try {
        await inner.finishInterruptedLoads!();
      } finally {
        written();
      }
    };
  }
  return cached;
}
