/**
 * Starts a throwaway clickhouse-server on loopback: temporary data folder, free ports, waits
 * until it answers. Tests, benchmarks and the cluster check use it; nothing else does.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface LocalClickHouse {
  httpUrl: string;
  tcpPort: number;
  /** `clickhouse://127.0.0.1:<port>/<database>` */
  storeUrl(database: string): string;
  stop(): Promise<void>;
}

export interface LocalClickHouseOptions {
  /** Shards of a cluster named `name` in remote_servers, by TCP port. */
  cluster?: { name: string; tcpPorts: number[] };
  /** Fixed TCP port (a cluster's members must know each other's ports up front). */
  tcpPort?: number;
  /** Records every statement in `system.query_log` (benchmarks profiling a load read it). */
  logQueries?: boolean;
}

const BINARIES = ['/usr/bin/clickhouse-server', '/usr/sbin/clickhouse-server', '/usr/bin/clickhouse'];

export function clickHouseBinary(): string | undefined {
  for (const candidate of BINARIES) {
    const probe = spawnSync(candidate, candidate.endsWith('clickhouse') ? ['server', '--help'] : ['--help'], {
      stdio: 'ignore',
    });
    if (!probe.error) return candidate;
  }
  return undefined;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function configXml(
  folder: string,
  httpPort: number,
  tcpPort: number,
  cluster: LocalClickHouseOptions['cluster'],
): string {
  const shards = cluster
    ? `<remote_servers><${cluster.name}>${cluster.tcpPorts
        .map((port) => `<shard><replica><host>127.0.0.1</host><port>${port}</port></replica></shard>`)
        .join('')}</${cluster.name}></remote_servers>`
    : '';
  return `<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><console>1</console></logger>
  <http_port>${httpPort}</http_port>
  <tcp_port>${tcpPort}</tcp_port>
  <listen_host>127.0.0.1</listen_host>
  <path>${folder}/data/</path>
  <tmp_path>${folder}/tmp/</tmp_path>
  <user_files_path>${folder}/user_files/</user_files_path>
  <format_schema_path>${folder}/format_schemas/</format_schema_path>
  <users_config>${folder}/users.xml</users_config>
  <mark_cache_size>268435456</mark_cache_size>
  <max_concurrent_queries>50</max_concurrent_queries>
  <timezone>UTC</timezone>
  ${shards}
</yandex>`;
}

const usersXml = (logQueries: boolean) => `<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>8000000000</max_memory_usage><join_use_nulls>1</join_use_nulls>${logQueries ? '<log_queries>1</log_queries>' : ''}</default></profiles>
  <users><default><password></password><networks><ip>127.0.0.1</ip><ip>::1</ip></networks><profile>default</profile><quota>default</quota></default></users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>`;

async function waitUntilHealthy(httpUrl: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`clickhouse-server exited with ${child.exitCode}: ${log()}`);
    try {
      const response = await fetch(`${httpUrl}/?query=SELECT%201`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`clickhouse-server did not answer within 60 s: ${log()}`);
}

/**
 * A port found free may be taken by another process before the server binds it (test files start
 * servers side by side): the server then exits saying so, and is started again on other ports.
 */
export async function startLocalClickHouse(options: LocalClickHouseOptions = {}): Promise<LocalClickHouse> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(options);
    } catch (error) {
      const portTaken = error instanceof Error && /Address already in use/i.test(error.message);
      if (!portTaken || attempt >= 3) throw error;
    }
  }
}

async function startOnce(options: LocalClickHouseOptions): Promise<LocalClickHouse> {
  const binary = clickHouseBinary();
  if (!binary) throw new Error('clickhouse-server is not installed (Debian package clickhouse-server)');
  const folder = mkdtempSync(path.join(tmpdir(), 'markpi-clickhouse-'));
  const httpPort = await freePort();
  const tcpPort = options.tcpPort ?? (await freePort());
  writeFileSync(path.join(folder, 'config.xml'), configXml(folder, httpPort, tcpPort, options.cluster));
  writeFileSync(path.join(folder, 'users.xml'), usersXml(options.logQueries ?? false));
  const args = binary.endsWith('clickhouse')
    ? ['server', `--config-file=${folder}/config.xml`]
    : [`--config-file=${folder}/config.xml`];
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  const httpUrl = `http://127.0.0.1:${httpPort}`;
  try {
    await waitUntilHealthy(httpUrl, child, () => output);
  } catch (error) {
    child.kill('SIGKILL');
    rmSync(folder, { recursive: true, force: true });
    throw error;
  }
  return {
    httpUrl,
    tcpPort,
    storeUrl: (database) => `clickhouse://127.0.0.1:${httpPort}/${database}`,
    // Killed outright: its data folder is removed next, so a graceful stop would save nothing, and
    // it takes up to 8 s — the server waits for the last idle keep-alive connection to time out.
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGKILL');
        await exited;
      }
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
