/**
 * The store's ClickHouse test setup (`store/src/clickhouse/testing.ts`) for the importers' tests,
 * typed here once: importers depend on core alone, so the store is reached by path (tests only).
 * Whether a server is installed (a failure in CI when not), a throwaway server or two-shard
 * cluster per `describe` block, a database of its own per name.
 */

export interface TestClickHouse {
  storeUrl(database: string): string;
  /** A database no earlier call of this block named: `<prefix>1`, `<prefix>2`, … */
  newStoreUrl(prefix: string): string;
}

export interface TestClickHouseCluster {
  readonly servers: readonly { storeUrl(database: string): string }[];
  /** How to open `database` on the cluster: through the first shard, with every shard's URL. */
  store(database: string): { url: string; cluster: { name: string; shardUrls: string[] } };
}

interface ClickHouseTesting {
  clickHouseInstalled(): boolean;
  useLocalClickHouse(): TestClickHouse;
  useLocalClickHouseCluster(shards?: number): TestClickHouseCluster;
}

const STORE_TESTING = '../../../store/src/clickhouse/testing.js';
const testing = (await import(/* @vite-ignore */ STORE_TESTING)) as ClickHouseTesting;

export const { clickHouseInstalled, useLocalClickHouse, useLocalClickHouseCluster } = testing;
