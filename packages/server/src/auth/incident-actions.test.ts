/**
 * What the incidents routes say a caller may do (`allowed`) against what the server then lets
 * them do: for an admin, an editor, a viewer and a Douyin-scoped editor, every action is tried
 * on a fresh incident and succeeds exactly when it was listed; a resolved incident lists reopen
 * and no resolve, as its state decides.
 */
import { INCIDENT_ACTIONS, monitorMessage, sayMonitor } from '@markpi/app';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendIncidentEvents } from '../../../app/src/monitor/repository.js';
import { createHarness, type Harness, type TestClient } from '../testing/harness.js';

const BASE = '/api/workspaces/alpha';

/** How each action is asked for over HTTP. */
const CALLS: Record<
  (typeof INCIDENT_ACTIONS)[number],
  { method: 'POST' | 'PUT'; path: string; body: object }
> = {
  acknowledge: { method: 'POST', path: 'acknowledge', body: {} },
  snooze: { method: 'POST', path: 'snooze', body: { until: '2099-01-01T00:00:00Z' } },
  resolve: { method: 'POST', path: 'resolve', body: {} },
  false_alarm: { method: 'POST', path: 'false-alarm', body: {} },
  reopen: { method: 'POST', path: 'reopen', body: {} },
  assign: { method: 'PUT', path: 'owner', body: { owner: 'someone' } },
  comment: { method: 'POST', path: 'comments', body: { text: 'looking' } },
};

describe('what an incident says its caller may do', () => {
  let harness: Harness;
  let clients: Record<'admin' | 'editor' | 'viewer' | 'scopedEditor', TestClient>;
  let made = 0;

  /** A new open incident on Douyin's spend, which a Douyin scope sees. */
  async function douyinIncident(): Promise<string> {
    const id = `inc-${++made}`;
    const said = sayMonitor(undefined, monitorMessage('monitor.freshness.empty'));
    const marker = {
      series: 'spend@channel:douyin',
      kpi: 'spend',
      segment: 'channel:douyin',
      time: '2026-01-02',
      kind: 'point' as const,
      direction: 'above' as const,
      value: 300,
      expected: 100,
      low: 50,
      high: 150,
      probability: 0.001,
      rarity: null,
      run: 1,
      event: null,
      said,
    };
    const warehouse = await harness.server.services.registry.warehouse(harness.alpha);
    await appendIncidentEvents(warehouse, [
      {
        incidentId: id,
        kind: 'detected',
        at: harness.clock.now().toISOString(),
        actor: null,
        body: {
          detection: {
            kind: 'kpi',
            severity: 'warning',
            title: said,
            lines: [said],
            from: '2026-01-02',
            to: '2026-01-02',
            segment: 'channel:douyin',
            kpi: 'spend',
            direction: 'above',
            segments: ['channel:douyin'],
            kpis: ['spend'],
            series: [marker.series],
            markers: [marker],
            drivers: [],
            monitor: 'default',
          },
        },
      },
    ]);
    return id;
  }

  beforeAll(async () => {
    harness = await createHarness();
    const owner = await harness.as('ownerA');
    const root = await harness.as('root');
    expect(
      (await root.post('/api/users', { login: 'douyin-editor', password: 'password-of-douyin' })).statusCode,
    ).toBe(200);
    const added = await owner.post(`${BASE}/members`, {
      login: 'douyin-editor',
      role: 'editor',
      scope: { channels: ['douyin'] },
    });
    expect(added.statusCode, added.body).toBe(200);
    const scopedEditor = harness.client();
    expect((await scopedEditor.login('douyin-editor', 'password-of-douyin')).statusCode).toBe(200);
    clients = {
      admin: owner,
      editor: await harness.as('editorA'),
      viewer: await harness.as('viewerA'),
      scopedEditor,
    };
  });
  afterAll(async () => {
    await harness.close();
  });

  it('lists exactly the actions the server then allows, for every role and a scoped editor', async () => {
    const said: Record<string, string[]> = {};
    for (const [name, client] of Object.entries(clients)) {
      const shown = await douyinIncident();
      const detail = await client.get(`${BASE}/monitor/incidents/${shown}`);
      expect(detail.statusCode, detail.body).toBe(200);
      const allowed: string[] = detail.json().allowed;
      said[name] = allowed;
      const listed = (await client.get(`${BASE}/monitor/incidents`)).json<{
        incidents: { id: string; allowed: string[] }[];
      }>();
      expect(listed.incidents.find((incident) => incident.id === shown)?.allowed).toEqual(allowed);
      for (const action of INCIDENT_ACTIONS) {
        const call = CALLS[action];
        const fresh = await douyinIncident();
        const answer = await client.request(
          call.method,
          `${BASE}/monitor/incidents/${fresh}/${call.path}`,
          call.body,
        );
        expect([name, action, answer.statusCode === 200]).toEqual([name, action, allowed.includes(action)]);
        if (answer.statusCode === 200) expect(answer.json().allowed).toEqual(expect.any(Array));
      }
    }
    // By hand: an open incident can't be reopened; a viewer and a scoped editor may do nothing.
    const editing = ['acknowledge', 'snooze', 'resolve', 'false_alarm', 'assign', 'comment'];
    expect(said).toEqual({ admin: editing, editor: editing, viewer: [], scopedEditor: [] });
  });

  it('follows the state: a resolved incident may be reopened or called a false alarm, not resolved again', async () => {
    const id = await douyinIncident();
    const resolved = await clients.editor.post(`${BASE}/monitor/incidents/${id}/resolve`, {});
    expect(resolved.json().allowed).toEqual(['false_alarm', 'reopen', 'assign', 'comment']);
    expect((await clients.editor.post(`${BASE}/monitor/incidents/${id}/resolve`, {})).statusCode).toBe(409);
    expect((await clients.scopedEditor.get(`${BASE}/monitor/incidents/${id}`)).json().allowed).toEqual([]);
  });
});
