import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_COOKIE, SESSION_COOKIE } from './auth/cookies.js';
import { hashPassword, verifyPassword } from './auth/passwords.js';
import { createHarness, errorCode, type Harness } from './testing/harness.js';

describe('passwords', () => {
  it('hashes with a salt and stored parameters, and verifies', async () => {
    const first = await hashPassword('correct horse battery');
    const second = await hashPassword('correct horse battery');
    expect(first).toMatch(/^scrypt\$32768\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(first).not.toBe(second);
    expect(await verifyPassword('correct horse battery', first)).toBe(true);
    expect(await verifyPassword('correct horse batterY', first)).toBe(false);
    expect(await verifyPassword('anything', 'not-a-hash')).toBe(false);
  });
});

describe('sessions', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await createHarness();
  });
  afterAll(async () => {
    await harness.close();
  });

  it('logs in with HttpOnly SameSite cookies, answers /api/me, and logs out', async () => {
    const client = harness.client();
    expect((await client.get('/api/me')).statusCode).toBe(401);

    const login = await client.login('viewerA', harness.accounts.viewerA.password);
    expect(login.statusCode).toBe(200);
    const session = login.cookies.find((cookie) => cookie.name === SESSION_COOKIE);
    const csrf = login.cookies.find((cookie) => cookie.name === CSRF_COOKIE);
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(session?.secure).toBeFalsy();
    expect(csrf?.httpOnly).toBeFalsy();
    expect(csrf?.value).toBe(login.json().csrfToken);

    const me = await client.get('/api/me');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({
      user: { login: 'viewera', serverAdmin: false },
      csrfToken: client.csrfToken,
      workspaces: [{ id: 'alpha', role: 'viewer' }],
    });
    expect(JSON.stringify(me.json())).not.toContain('scrypt');

    expect((await client.post('/api/auth/logout')).statusCode).toBe(200);
    expect(client.cookies.has(SESSION_COOKIE)).toBe(false);
    expect((await client.get('/api/me')).statusCode).toBe(401);
  });

  it('a logged-out session token stays dead even if replayed', async () => {
    const client = await harness.as('viewerA');
    const token = client.cookies.get(SESSION_COOKIE)!;
    await client.post('/api/auth/logout');
    client.cookies.set(SESSION_COOKIE, token);
    expect((await client.get('/api/me')).statusCode).toBe(401);
  });

  it('refuses a wrong password and an unknown login alike', async () => {
    const client = harness.client();
    const wrong = await client.login('viewerA', 'not-the-password');
    const unknown = await client.login('nobody', 'not-the-password');
    for (const response of [wrong, unknown]) {
      expect(response.statusCode).toBe(401);
      expect(response.json()).toEqual({
        error: {
          code: 'bad_credentials',
          message: 'wrong login name or password',
          problems: [],
          said: { key: 'error.unauthenticated', params: { detail: 'wrong login name or password' } },
        },
      });
      expect(response.cookies).toHaveLength(0);
    }
  });

  it('logins are case-insensitive', async () => {
    const client = harness.client();
    expect((await client.login('VIEWERA', harness.accounts.viewerA.password)).statusCode).toBe(200);
  });

  it('rejects a login body that is not JSON, so cross-site forms cannot post', async () => {
    const client = harness.client();
    const response = await client.request('POST', '/api/auth/login', 'login=viewerA&password=x', {
      headers: { 'content-type': 'text/plain' },
    });
    expect(response.statusCode).toBe(400);
    expect(errorCode(response)).toBe('unsupported_media_type');
  });

  it('expires an idle session and extends an active one', async () => {
    const client = await harness.as('viewerA');
    harness.clock.advanceDays(4);
    const extended = await client.get('/api/me');
    expect(extended.statusCode).toBe(200);
    // Past half its lifetime, the session was extended and the cookie re-issued.
    expect(extended.cookies.some((cookie) => cookie.name === SESSION_COOKIE)).toBe(true);
    harness.clock.advanceDays(6);
    expect((await client.get('/api/me')).statusCode).toBe(200);
    harness.clock.advanceDays(8);
    expect((await client.get('/api/me')).statusCode).toBe(401);
  });

  it('changing the password ends other sessions but keeps this one', async () => {
    const here = await harness.as('editorA');
    const elsewhere = await harness.as('editorA');
    const wrong = await here.post('/api/me/password', {
      currentPassword: 'nope',
      newPassword: 'a-new-password-1',
    });
    expect(wrong.statusCode).toBe(400);
    const changed = await here.post('/api/me/password', {
      currentPassword: harness.accounts.editorA.password,
      newPassword: 'a-new-password-1',
    });
    expect(changed.statusCode).toBe(200);
    expect((await here.get('/api/me')).statusCode).toBe(200);
    expect((await elsewhere.get('/api/me')).statusCode).toBe(401);
    expect((await harness.client().login('editorA', harness.accounts.editorA.password)).statusCode).toBe(401);
    expect((await harness.client().login('editorA', 'a-new-password-1')).statusCode).toBe(200);
    // Put it back for the other tests.
    await here.post('/api/me/password', {
      currentPassword: 'a-new-password-1',
      newPassword: harness.accounts.editorA.password,
    });
  });

  it('a disabled account can neither log in nor keep its session', async () => {
    const root = await harness.as('root');
    const viewer = await harness.as('viewerA');
    const disabled = await root.patch(`/api/users/${harness.accounts.viewerA.id}`, { disabled: true });
    expect(disabled.statusCode).toBe(200);
    expect((await viewer.get('/api/me')).statusCode).toBe(401);
    expect((await harness.client().login('viewerA', harness.accounts.viewerA.password)).statusCode).toBe(401);
    await root.patch(`/api/users/${harness.accounts.viewerA.id}`, { disabled: false });
    expect((await harness.client().login('viewerA', harness.accounts.viewerA.password)).statusCode).toBe(200);
  });
});

describe('CSRF', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await createHarness();
  });
  afterAll(async () => {
    await harness.close();
  });

  it('rejects a state-changing request without the token, or with a wrong one', async () => {
    const client = await harness.as('ownerA');
    const body = { label: 'board', expiresInDays: 7 };
    const missing = await client.request('POST', '/api/workspaces/alpha/share-links', body, { csrf: false });
    expect(missing.statusCode).toBe(403);
    expect(errorCode(missing)).toBe('csrf_failed');
    const wrong = await client.request('POST', '/api/workspaces/alpha/share-links', body, {
      csrf: 'x'.repeat(43),
    });
    expect(wrong.statusCode).toBe(403);
    // The cookie's value is readable by any script on the page, but another session's token is not accepted.
    const other = await harness.as('ownerA');
    const crossed = await client.request('POST', '/api/workspaces/alpha/share-links', body, {
      csrf: other.csrfToken,
    });
    expect(crossed.statusCode).toBe(403);
    const logout = await client.request('POST', '/api/auth/logout', {}, { csrf: false });
    expect(logout.statusCode).toBe(403);
    expect((await client.post('/api/workspaces/alpha/share-links', body)).statusCode).toBe(200);
  });

  it('needs no token for reads', async () => {
    const client = await harness.as('viewerA');
    expect(
      (await client.request('GET', '/api/workspaces/alpha', undefined, { csrf: false })).statusCode,
    ).toBe(200);
  });
});

describe('login rate limit', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await createHarness({ loginLimits: { perAccount: 5, perAddress: 8 } });
  });
  afterAll(async () => {
    await harness.close();
  });

  it('allows 5 failures per login and address, then answers 429 with Retry-After', async () => {
    const client = harness.client();
    for (let attempt = 0; attempt < 5; attempt++) {
      expect((await client.login('viewerA', 'wrong-password')).statusCode).toBe(401);
    }
    const limited = await client.login('viewerA', harness.accounts.viewerA.password);
    expect(limited.statusCode).toBe(429);
    expect(errorCode(limited)).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another login from the same address still has its own allowance, up to the address limit.
    expect((await client.login('editorA', harness.accounts.editorA.password)).statusCode).toBe(200);
    // Failures from one address count across login names too: past 8, every login from it waits.
    for (let attempt = 0; attempt < 3; attempt++) {
      expect((await client.login('ownerA', 'wrong-password')).statusCode).toBe(401);
    }
    expect((await client.login('ownerA', harness.accounts.ownerA.password)).statusCode).toBe(429);
  });
});
