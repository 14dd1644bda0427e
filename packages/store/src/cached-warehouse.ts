/**
 * A read cache in front of a warehouse, for the dashboard: twenty people opening the overview
 * at once run its queries once. Identical reads in flight share one execution; answers are kept
 * until anything is written through this warehouse (every write goes through it while a server
 * holds a DuckDB file), or for `ttlMs` where other writers may exist (ClickHouse). A shared read
 * stops only when all its askers have gone (one browser tab closing must not fail another's).
 */
import { cancellationOf, currentQuerySignal, withQuerySignal } from './query-signal.js';
import type { TableDefinition } from './schema.js';
import type { CellValue, ColumnBatch, ImportLoad, ImportLoadPlan, Row, Warehouse } from './warehouse.js';

const WRITING_STATEMENT =
  /^\s*(INSERT|UPDATE|DELETE|MERGE|UPSERT|REPLACE|CREATE|DROP|ALTER|TRUNCATE|COPY)\b/i;

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
  /** While the read runs: who still waits for it (`join`); null once it has settled. */
  sharers: Sharers | null;
}

/**
 * The askers of one read in flight. The read stops only when every one of them has gone: an
 * asker without a signal (a command, a scheduled run) keeps it going to the end, and one that
 * leaves gets its own refusal at once while the others keep waiting.
 */
interface Sharers {
  controller: AbortController;
  waiting: number;
  pinned: boolean;
}

/** The rows of a shared read for one asker: its own refusal when its own signal fires first. */
function joinRead(rows: Promise<Row[]>, sharers: Sharers): Promise<Row[]> {
  const signal = currentQuerySignal();
  if (!signal) {
    sharers.pinned = true;
    return rows;
  }
  if (signal.aborted) return Promise.reject(cancellationOf(signal));
  sharers.waiting += 1;
  return new Promise<Row[]>((resolve, reject) => {
    const leave = () => {
      sharers.waiting -= 1;
      if (sharers.waiting === 0 && !sharers.pinned) sharers.controller.abort(signal.reason);
      reject(cancellationOf(signal));
    };
    signal.addEventListener('abort', leave, { once: true });
    rows.then(
      (value) => {
        signal.removeEventListener('abort', leave);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', leave);
        reject(error);
      },
    );
  });
}

/** Keeps a value derived from the stored data until the next write through the cache. */
type Remember = <T>(key: string, compute: () => Promise<T>) => Promise<T>;

/** The caches that forget only on a write (no time limit): other writers cannot exist there. */
const rememberers = new WeakMap<Warehouse, Remember>();

/** Computations in flight for warehouses without a cache that sees every write. */
const computing = new WeakMap<Warehouse, Map<string, Promise<unknown>>>();

/**
 * A value read from the workspace (which rollups exist, where period rows lie) kept until the
 * next write, when `warehouse` is a read cache that sees every write; otherwise computed afresh
 * for each question. Either way one computation serves all who ask while it runs, apart from
 * any asker's signal: one leaving must not fail the others.
 */
export function rememberUntilWrite<T>(
  warehouse: Warehouse,
  key: string,
  compute: () => Promise<T>,
): Promise<T> {
  const remember = rememberers.get(warehouse);
  if (remember) return remember(key, compute);
  // Elsewhere only askers at the same moment share a computation: it is dropped once it settles.
  const running = computing.get(warehouse) ?? new Map<string, Promise<unknown>>();
  computing.set(warehouse, running);
  const found = running.get(key);
  if (found) return found as Promise<T>;
  const value = withQuerySignal(new AbortController().signal, compute).finally(() => running.delete(key));
  running.set(key, value);
  return value;
}

/** The warehouse behind each read cache, for reads that must not be answered from it. */
const behind = new WeakMap<Warehouse, Warehouse>();

/** Reads past a read cache's answers (neither reused nor kept); any other warehouse just reads. */
export function queryPastCache(warehouse: Warehouse, sql: string, params: readonly CellValue[] = []) {
  return (behind.get(warehouse) ?? warehouse).query(sql, params);
}

export interface CachedWarehouse extends Warehouse {
  /** Reads answered from the cache or from a shared in-flight execution. */
  readonly hits: number;
  readonly misses: number;
  /**
   * A token that stays the same object until the next write through this cache, for answers
   * derived from the data and kept beside it; null where other writers may exist (a time limit).
   */
  readonly epoch: object | null;
}

export function cachedWarehouse(inner: Warehouse, options: CacheOptions = {}): CachedWarehouse {
  const maxEntries = options.maxEntries ?? 500;
  const ttlMs = options.ttlMs ?? Number.POSITIVE_INFINITY;
  const now = options.now ?? (() => Date.now());
  const entries = new Map<string, Entry>();
  let version = 0;
  let hits = 0;
  let misses = 0;

  const remembered = new Map<string, { value: Promise<unknown>; version: number }>();
  let epoch: object = {};
  const written = () => {
    version += 1;
    epoch = {};
    entries.clear();
    remembered.clear();
  };
  const remember: Remember = <T>(key: string, compute: () => Promise<T>): Promise<T> => {
    const found = remembered.get(key);
    if (found && found.version === version) return found.value as Promise<T>;
    // A write clears the map, so a value computed across one is never found afterwards.
    const value = withQuerySignal(new AbortController().signal, compute);
    const entry = { value, version };
    remembered.set(key, entry);
    // A failure is not kept: the next asker tries again.
    value.catch(() => {
      if (remembered.get(key) === entry) remembered.delete(key);
    });
    return value;
  };

  const cached: CachedWarehouse = {
    dialect: inner.dialect,
    get hits() {
      return hits;
    },
    get misses() {
      return misses;
    },
    get epoch() {
      return ttlMs === Number.POSITIVE_INFINITY ? epoch : null;
    },
    query(sql: string, params: readonly CellValue[] = []): Promise<Row[]> {
      // A write that returns rows (UPDATE … RETURNING, INSERT … RETURNING) is a write: never kept,
      // and what was kept before it is stale. Named by its verb, so a read written in any other
      // form (a parenthesised union, DESCRIBE) stays a read.
      if (WRITING_STATEMENT.test(sql)) {
        return inner.query(sql, params).finally(written);
      }
      const key = `${sql}\u0000${JSON.stringify(params)}`;
      const found = entries.get(key);
      // A read every asker has left is stopping: a new asker starts afresh.
      const stopping = found?.sharers?.controller.signal.aborted === true;
      if (found && !stopping && found.version === version && now() - found.storedAt <= ttlMs) {
        hits += 1;
        // Refresh its place in the LRU order.
        entries.delete(key);
        entries.set(key, found);
        return found.sharers ? joinRead(found.rows, found.sharers) : found.rows;
      }
      misses += 1;
      // The read listens to its askers together, not to the first one's signal alone.
      const sharers: Sharers = { controller: new AbortController(), waiting: 0, pinned: false };
      const rows = withQuerySignal(sharers.controller.signal, () => inner.query(sql, params));
      const entry: Entry = { rows, storedAt: now(), version, sharers };
      entries.set(key, entry);
      // A failed read is not kept: the next caller tries again.
      rows.then(
        () => {
          entry.sharers = null;
        },
        () => {
          entry.sharers = null;
          if (entries.get(key) === entry) entries.delete(key);
        },
      );
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
      return joinRead(rows, sharers);
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
  behind.set(cached, inner);
  // Where other processes may write (a time limit is set), nothing is kept beyond the answers.
  if (ttlMs === Number.POSITIVE_INFINITY) rememberers.set(cached, remember);
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
