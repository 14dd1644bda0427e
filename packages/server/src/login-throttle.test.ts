/**
 * The login throttle over HTTP, as the issue found it: ten addresses guessing one account, and
 * a reverse proxy whose one address every user shares.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, errorCode, type Harness } from './testing/harness.js';

describe('login throttling over HTTP', () => {
  let harness: Harness;
  beforeAll(async () => {
    // Default limits; the proxy's X-Forwarded-For is trusted so addresses can differ in-process.
    harness = await createHarness({
      trustProxy: true,
      loginLimits: { perAccount: 5, perLogin: 10, perAddress: 100 },
    });
  });
  afterAll(async () => {
    await harness.close();
  });

  function loginFrom(address: string, login: string, password: string) {
    return harness.client().request(
      'POST',
      '/api/auth/login',
      { login, password },
      {
        headers: { 'x-forwarded-for': address },
      },
    );
  }

  it('ten addresses trying 50 passwords each on one account get ten tries, then wait', async () => {
    const statuses: number[] = [];
    for (let round = 0; round < 50; round++) {
      for (let host = 0; host < 10; host++) {
        statuses.push((await loginFrom(`10.0.0.${host}`, 'ownerA', `guess-${round}-${host}`)).statusCode);
      }
    }
    // The clock stands still: ten failures are free, every later attempt is told to wait.
    expect(statuses.filter((status) => status === 401)).toHaveLength(10);
    expect(statuses.filter((status) => status === 429)).toHaveLength(490);
    const limited = await loginFrom('10.0.0.99', 'ownerA', harness.accounts.ownerA.password);
    expect(errorCode(limited)).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBe(1);
    // Once the wait is over the owner logs in, and that clears the account's count.
    harness.clock.current = new Date(harness.clock.current.getTime() + 1000);
    expect((await loginFrom('10.0.0.99', 'ownerA', harness.accounts.ownerA.password)).statusCode).toBe(200);
    expect((await loginFrom('10.0.0.99', 'ownerA', 'one-more-typo')).statusCode).toBe(401);
    expect((await loginFrom('10.0.0.99', 'ownerA', harness.accounts.ownerA.password)).statusCode).toBe(200);
  });

  it('one user’s typos behind a shared proxy address lock out nobody else', async () => {
    const proxy = '192.0.2.10';
    for (let attempt = 0; attempt < 6; attempt++) await loginFrom(proxy, 'viewerA', 'typo-typo-typo');
    expect((await loginFrom(proxy, 'viewerA', harness.accounts.viewerA.password)).statusCode).toBe(429);
    for (const account of ['editorA', 'ownerB', 'root'] as const) {
      expect((await loginFrom(proxy, account, harness.accounts[account].password)).statusCode).toBe(200);
    }
  });
});
