/**
 * The setup every ClickHouse test file shares: whether a server is installed (CI installs one, so
 * there a missing server is a failure, never a silent skip), a throwaway server — or a two-shard
 * cluster — started before a block's tests and stopped after them, and a database of its own for
 * each name a test asks for. Tests only; files outside the store reach it by path.
 */
import { afterAll, beforeAll } from 'vitest';
import {
  clickHouseBinary,
  freePort,
  type LocalClickHouse,
  type LocalClickHouseOptions,
  startLocalClickHouse,
} from './local-server.js';

/** Whether clickhouse-server is installed here; throws in CI, where it must be. */
export function clickHouseInstalled(): boolean {
  const installed = clickHouseBinary() !== undefined;
  if (!installed && process.env.CI) throw new Error('clickhouse-server is missing in CI');
  return installed;
}

export interface TestClickHouse {
  /** The running server, from the block's `beforeAll` to its `afterAll`. */
  readonly server: LocalClickHouse;
  /** `clickhouse://…/<database>` on the running server. */
  storeUrl(database: string): string;
  /** A database no earlier call of this block named: `<prefix>1`, `<prefix>2`, … */
  newStoreUrl(prefix: string): string;
}

/**
 * One throwaway server for the enclosing `describe` block (or the file, called at its top level):
 * started in `beforeAll`, stopped in `afterAll` after the block's own `afterAll`s (vitest runs
 * them in reverse order, so call this before the hooks that close warehouses).
 */
export function useLocalClickHouse(options: LocalClickHouseOptions = {}): TestClickHouse {
  let running: LocalClickHouse | undefined;
  let databases = 0;
  beforeAll(async () => {
    running = await startLocalClickHouse(options);
  });
  afterAll(async () => {
    await running?.stop();
  });
  const server = (): LocalClickHouse => {
    if (!running) throw new Error('the ClickHouse test server is not running (used outside its tests?)');
    return running;
  };
  return {
    get server() {
      return server();
    },
    storeUrl: (database) => server().storeUrl(database),
    newStoreUrl: (prefix) => server().storeUrl(`${prefix}${++databases}`),
  };
}

/** The options that open one database across a test cluster's shards. */
export interface ClusterStore {
  url: string;
  cluster: { name: string; shardUrls: string[] };
}

export interface TestClickHouseCluster {
  /** The shards' servers, from the block's `beforeAll` to its `afterAll`. */
  readonly servers: readonly LocalClickHouse[];
  /** How to open `database` on the cluster: through the first shard, with every shard's URL. */
  store(database: string): ClusterStore;
}

export const TEST_CLUSTER = 'markpi_shards';

/**
 * Two throwaway servers that know each other as the shards of cluster `markpi_shards`, for the
 * enclosing block; started and stopped as `useLocalClickHouse`'s.
 */
export function useLocalClickHouseCluster(shards = 2): TestClickHouseCluster {
  const servers: LocalClickHouse[] = [];
  beforeAll(async () => {
    // Each member must know every member's TCP port before any of them starts.
    const tcpPorts: number[] = [];
    for (let shard = 0; shard < shards; shard++) tcpPorts.push(await freePort());
    const cluster = { name: TEST_CLUSTER, tcpPorts };
    for (const tcpPort of tcpPorts) servers.push(await startLocalClickHouse({ cluster, tcpPort }));
  });
  afterAll(async () => {
    for (const server of servers.splice(0)) await server.stop();
  });
  return {
    servers,
    store(database) {
      const first = servers[0];
      if (!first) throw new Error('the ClickHouse test cluster is not running (used outside its tests?)');
      return {
        url: first.storeUrl(database),
        cluster: { name: TEST_CLUSTER, shardUrls: servers.map((server) => server.storeUrl(database)) },
      };
    },
  };
}
