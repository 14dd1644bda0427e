/**
 * Sessions and passwords over HTTP: the policy refuses the passwords the issue saw accepted,
 * and sessions end however often they are used.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, errorCode, type Harness } from './testing/harness.js';

describe('password policy over HTTP', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await createHarness();
  });
  afterAll(async () => {
    await harness.close();
  });

  it('refuses 1234567890, password12 and the login name as a new password, and takes a good one', async () => {
    const client = await harness.as('viewerA');
    const currentPassword = harness.accounts.viewerA.password;
    for (const newPassword of ['1234567890', 'password12', 'viewera2026']) {
      const response = await client.post('/api/me/password', { currentPassword, newPassword });
      expect(response.statusCode, newPassword).toBe(400);
      expect(errorCode(response)).toBe('invalid_request');
    }
    const root = await harness.as('root');
    const created = await root.post('/api/users', {
      login: 'newcomer',
      displayName: 'New',
      password: 'password12',
    });
    expect(created.statusCode).toBe(400);
    expect(
      created.json<{ error: { problems: { path: string; message: string }[] } }>().error.problems,
    ).toEqual([
      expect.objectContaining({ path: 'body.password', message: expect.stringContaining('guessed first') }),
    ]);
    const fine = await root.post('/api/users', {
      login: 'newcomer',
      displayName: 'New',
      password: 'seven ravens at dusk',
    });
    expect(fine.statusCode, fine.body).toBe(200);
    const good = await client.post('/api/me/password', {
      currentPassword,
      newPassword: 'seven ravens at dusk',
    });
    expect(good.statusCode, good.body).toBe(200);
    await client.post('/api/me/password', {
      currentPassword: 'seven ravens at dusk',
      newPassword: currentPassword,
    });
  });
});

describe('session lifetimes', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await createHarness();
  });
  afterAll(async () => {
    await harness.close();
  });

  it('ends a session used every three days 30 days after its login, and not before', async () => {
    const client = await harness.as('viewerA');
    const days: number[] = [];
    for (let day = 3; day <= 36; day += 3) {
      harness.clock.advanceDays(3);
      if ((await client.get('/api/me')).statusCode === 200) days.push(day);
    }
    // Every use within the idle week extends it; only the absolute end stops it: days 3 … 27 pass.
    expect(days).toEqual([3, 6, 9, 12, 15, 18, 21, 24, 27]);
  });

  it('keeps a session used daily to the second before its 30th day', async () => {
    const client = await harness.as('editorA');
    const start = harness.clock.now().getTime();
    for (let day = 1; day < 30; day++) {
      harness.clock.current = new Date(start + day * 86_400_000);
      expect((await client.get('/api/me')).statusCode, `day ${day}`).toBe(200);
    }
    harness.clock.current = new Date(start + 30 * 86_400_000 - 1000);
    expect((await client.get('/api/me')).statusCode).toBe(200);
    harness.clock.current = new Date(start + 30 * 86_400_000);
    expect((await client.get('/api/me')).statusCode).toBe(401);
  });
});

describe('logging in again', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await createHarness();
  });
  afterAll(async () => {
    await harness.close();
  });

  it('ends the session the browser held, and leaves the account’s other sessions alone', async () => {
    const browser = await harness.as('viewerA');
    const otherDevice = await harness.as('viewerA');
    const oldCookies = new Map(browser.cookies);
    expect((await browser.login('viewerA', harness.accounts.viewerA.password)).statusCode).toBe(200);
    expect((await browser.get('/api/me')).statusCode).toBe(200);
    const replay = harness.client();
    for (const [name, value] of oldCookies) replay.cookies.set(name, value);
    expect((await replay.get('/api/me')).statusCode).toBe(401);
    expect((await otherDevice.get('/api/me')).statusCode).toBe(200);
  });
});
