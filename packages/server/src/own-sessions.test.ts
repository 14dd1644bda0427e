/**
 * One's own sessions: listed and ended by their owner, and the lifetimes of ASVS level 2
 * (30 minutes idle, 12 hours in all) when the server is started with them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, errorCode, type Harness, type TestClient } from './testing/harness.js';

interface SessionList {
  sessions: { id: string; createdAt: string; expiresAt: string; current: boolean }[];
}

const MINUTE = 60_000;

describe('one’s own sessions', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await createHarness();
  });
  afterAll(async () => {
    await harness.close();
  });

  async function sessionsOf(client: TestClient): Promise<SessionList['sessions']> {
    const response = await client.get('/api/me/sessions');
    expect(response.statusCode, response.body).toBe(200);
    return response.json<SessionList>().sessions;
  }

  it('lists where one is logged in, newest first, and ends another device’s session', async () => {
    const phone = await harness.as('ownerA');
    harness.clock.current = new Date(harness.clock.current.getTime() + MINUTE);
    const laptop = await harness.as('ownerA');
    const listed = await sessionsOf(laptop);
    expect(listed.map((session) => session.current)).toEqual([true, false]);
    expect(listed[0]!.createdAt > listed[1]!.createdAt).toBe(true);
    // The id names a session; it is no token and carries none.
    const tokens = [...phone.cookies.values(), ...laptop.cookies.values()];
    for (const session of listed) {
      expect(session.id).toMatch(/^[\w-]{16}$/);
      expect(tokens.some((token) => token.includes(session.id))).toBe(false);
    }
    expect((await sessionsOf(phone)).map((session) => session.current)).toEqual([false, true]);

    const ended = await laptop.delete(`/api/me/sessions/${listed[1]!.id}`);
    expect(ended.statusCode, ended.body).toBe(200);
    expect((await phone.get('/api/me')).statusCode).toBe(401);
    expect((await sessionsOf(laptop)).map((session) => session.id)).toEqual([listed[0]!.id]);
    expect((await laptop.delete(`/api/me/sessions/${listed[1]!.id}`)).statusCode).toBe(404);
  });

  it('cannot end another user’s session, nor without the CSRF token', async () => {
    const owner = await harness.as('ownerA');
    const viewer = await harness.as('viewerA');
    const [ownSession] = await sessionsOf(owner);
    const stranger = await viewer.delete(`/api/me/sessions/${ownSession!.id}`);
    expect(stranger.statusCode).toBe(404);
    expect(errorCode(stranger)).toBe('not_found');
    const forged = await owner.request('DELETE', `/api/me/sessions/${ownSession!.id}`, undefined, {
      csrf: false,
    });
    expect(errorCode(forged)).toBe('csrf_failed');
    expect((await owner.get('/api/me')).statusCode).toBe(200);
  });

  it('ending this session logs out: the cookies go and the token is dead', async () => {
    const client = await harness.as('editorA');
    const token = client.cookies.get('markpi_session')!;
    const current = (await sessionsOf(client)).find((session) => session.current)!;
    const response = await client.delete(`/api/me/sessions/${current.id}`);
    expect(response.statusCode).toBe(200);
    expect(client.cookies.has('markpi_session')).toBe(false);
    client.cookies.set('markpi_session', token);
    expect((await client.get('/api/me')).statusCode).toBe(401);
  });
});

describe('ASVS level 2 session lifetimes', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await createHarness({ sessionLifetimeHours: 0.5, sessionAbsoluteHours: 12 });
  });
  afterAll(async () => {
    await harness.close();
  });

  function at(start: number, minutes: number): void {
    harness.clock.current = new Date(start + minutes * MINUTE);
  }

  it('ends a session left for 30 minutes, and keeps one left for 29', async () => {
    const client = await harness.as('viewerA');
    const start = harness.clock.now().getTime();
    // Used at minute 10, the idle lifetime runs again from there (a step of a minute at most lost).
    at(start, 10);
    expect((await client.get('/api/me')).statusCode).toBe(200);
    at(start, 10 + 29);
    expect((await client.get('/api/me')).statusCode).toBe(200);
    at(start, 10 + 29 + 30);
    expect((await client.get('/api/me')).statusCode).toBe(401);
  });

  it('ends a session used every 20 minutes 12 hours after its login', async () => {
    const client = await harness.as('editorA');
    const start = harness.clock.now().getTime();
    const alive: number[] = [];
    for (let minute = 20; minute <= 760; minute += 20) {
      at(start, minute);
      if ((await client.get('/api/me')).statusCode === 200) alive.push(minute);
    }
    // 20, 40, … 700 pass; at 720 (12 hours) it has ended, and it stays ended.
    expect(alive).toEqual(Array.from({ length: 35 }, (_, index) => 20 * (index + 1)));
  });
});
