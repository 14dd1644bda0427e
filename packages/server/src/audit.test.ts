import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './testing/harness.js';

interface Entry {
  seq: number;
  action: string;
  target: string;
  userLogin: string | null;
  workspaceId: string | null;
  details: Record<string, unknown>;
}

describe('audit log', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await createHarness();
  });
  afterAll(async () => {
    await harness.close();
  });

  it('records who changed what for accounts, workspaces and members', async () => {
    const root = await harness.as('root');
    const dave = (await root.post('/api/users', { login: 'dave', password: 'dave-password-1' })).json().user;
    await root.patch(`/api/users/${dave.id}`, { displayName: 'Dave D.' });
    await root.post('/api/workspaces', { id: 'delta', name: 'Delta' });
    await root.patch('/api/workspaces/delta', { name: 'Delta Foods' });
    await root.post('/api/workspaces/delta/members', { login: 'dave', role: 'viewer' });
    await root.patch(`/api/workspaces/delta/members/${dave.id}`, { role: 'editor' });
    await root.delete(`/api/workspaces/delta/members/${dave.id}`);
    await root.delete('/api/workspaces/delta');
    await root.delete(`/api/users/${dave.id}`);

    const entries = (await root.get('/api/audit?limit=9')).json<{ entries: Entry[] }>().entries;
    expect(entries.map((entry) => [entry.action, entry.target, entry.workspaceId])).toEqual([
      ['user.delete', 'dave', null],
      ['workspace.delete', 'delta', 'delta'],
      ['member.remove', 'dave', 'delta'],
      ['member.update', 'dave', 'delta'],
      ['member.add', 'dave', 'delta'],
      ['workspace.update', 'delta', 'delta'],
      ['workspace.create', 'delta', 'delta'],
      ['user.update', 'dave', null],
      ['user.create', 'dave', null],
    ]);
    expect(entries.every((entry) => entry.userLogin === 'root')).toBe(true);
    expect(entries.find((entry) => entry.action === 'member.update')?.details).toEqual({
      from: 'viewer',
      to: 'editor',
    });
    expect(entries.find((entry) => entry.action === 'user.update')?.details).toEqual({
      changed: ['displayName'],
    });

    // Paging backwards by seq.
    const page = (await root.get(`/api/audit?limit=2&before=${entries[1]!.seq}`)).json<{ entries: Entry[] }>()
      .entries;
    expect(page.map((entry) => entry.action)).toEqual(['member.remove', 'member.update']);
    // A workspace admin sees only their workspace's entries.
    const ownerA = await harness.as('ownerA');
    await ownerA.patch('/api/workspaces/alpha', { name: 'Alpha Cosmetics CN' });
    const own = (await ownerA.get('/api/workspaces/alpha/audit')).json<{ entries: Entry[] }>().entries;
    expect(own.map((entry) => entry.workspaceId)).toEqual(['alpha']);
    expect((await ownerA.get('/api/audit')).statusCode).toBe(403);
  });

  it('never records passwords', async () => {
    const root = await harness.as('root');
    const erin = (await root.post('/api/users', { login: 'erin', password: 'erin-secret-123' })).json().user;
    await root.patch(`/api/users/${erin.id}`, { password: 'erin-secret-456' });
    const body = (await root.get('/api/audit')).body;
    expect(body).not.toContain('erin-secret');
    expect(body).toContain('"changed":["password"]');
  });
});
