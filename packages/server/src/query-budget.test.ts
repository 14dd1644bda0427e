/**
 * A request's reads run within a time budget and stop when the client goes away: over a real
 * socket, a question whose read would run for minutes is stopped in the engine when the client
 * closes the connection, and refused with `query_timeout` (said in Chinese when asked) when it
 * runs past the budget; the workspace answers the next question at once.
 */
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Warehouse } from '@markpi/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkspaceRecord } from './meta/workspaces.js';
import { createHarness, type Harness, type TestClient } from './testing/harness.js';

const ENDLESS = 'SELECT sum(hash(i)) AS total FROM range(20000000000) t(i)';
const QUESTION = '/api/workspaces/alpha/query?kpis=spend&from=2026-01-01&to=2026-01-31';

/**
 * Makes the workspace's next KPI read run the endless statement first, on the same warehouse and
 * within the request's signal, and hands back how that read ended.
 */
function slowNextRead(harness: Harness): { started: Promise<void>; ended: Promise<unknown> } {
  // The registry opens a workspace's warehouse in one place for every caller, scoped or not.
  const registry = harness.server.services.registry as unknown as {
    open(workspace: WorkspaceRecord): Promise<Warehouse>;
  };
  const original = registry.open.bind(registry);
  let markStarted: () => void = () => undefined;
  let markEnded: (outcome: unknown) => void = () => undefined;
  const started = new Promise<void>((resolve) => {
    markStarted = resolve;
  });
  const ended = new Promise<unknown>((resolve) => {
    markEnded = resolve;
  });
  registry.open = async (workspace: WorkspaceRecord): Promise<Warehouse> => {
    const real = await original(workspace);
    registry.open = original;
    return {
      ...real,
      dialect: real.dialect,
      async query(sql, params) {
        markStarted();
        try {
          await real.query(ENDLESS);
          markEnded('finished');
        } catch (error) {
          markEnded(error);
          throw error;
        }
        return real.query(sql, params);
      },
    };
  };
  return { started, ended };
}

describe('a request’s time budget and the client going away', () => {
  let harness: Harness;
  let viewer: TestClient;
  beforeAll(async () => {
    harness = await createHarness({ queryTimeoutSeconds: 2 });
    viewer = await harness.as('viewerA');
  });
  afterAll(async () => {
    await harness.close();
  });

  it('refuses a question past its budget with query_timeout, in Chinese when asked, and answers the next', async () => {
    const slow = slowNextRead(harness);
    const response = await viewer.request('GET', QUESTION, undefined, {
      headers: { 'accept-language': 'zh' },
    });
    expect(response.statusCode).toBe(400);
    const body = response.json<{ error: { code: string; message: string; said: unknown } }>();
    expect(body.error.code).toBe('query_timeout');
    expect(body.error.said).toEqual({ key: 'limit.query_time', params: { seconds: 2 } });
    expect(body.error.message).toBe(
      '查询超过 2 秒，已停止：请缩短时间范围、用更粗的粒度、更少的维度或加筛选条件',
    );
    expect(await slow.ended).toMatchObject({ code: 'query_timeout' });
    expect((await viewer.get(QUESTION)).statusCode).toBe(200);
  });
});

describe('a client that closes its connection mid-question', () => {
  let harness: Harness;
  let viewer: TestClient;
  let port: number;
  beforeAll(async () => {
    harness = await createHarness();
    viewer = await harness.as('viewerA');
    await harness.server.app.listen({ port: 0, host: '127.0.0.1' });
    port = (harness.server.app.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await harness.close();
  });

  it('stops the engine’s read, and the workspace answers at once after', async () => {
    const slow = slowNextRead(harness);
    const cookie = [...viewer.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const request = httpRequest({ host: '127.0.0.1', port, path: QUESTION, headers: { cookie } });
    request.on('error', () => undefined);
    request.end();
    await slow.started;
    request.destroy();
    // Without the interrupt the read would run for minutes; it ends as cancelled instead.
    expect(await slow.ended).toMatchObject({ code: 'query_cancelled' });
    const next = await viewer.get(QUESTION);
    expect(next.statusCode, next.body).toBe(200);
  });
});
