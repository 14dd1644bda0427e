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
