/**
 * Scoped members and scoped share links over the whole route table: a Douyin-scoped member and
 * a Douyin-scoped link get Douyin rows only, from every route that answers them, and the
 * documented 403 `outside_scope` from every route that would list rows another way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeKey, SCOPED_ROUTES, SHARE_ROUTE_PAGES, scopedDecision } from './auth/scoped-routes.js';
import type { Route } from './http/route.js';
import { createHarness, errorCode, type Harness, type Method, type TestClient } from './testing/harness.js';

const BASE = '/api/workspaces/alpha';
const WINDOW = 'from=2025-12-01&to=2026-03-31';
const DOUYIN = { channels: ['douyin'] };

function concretePath(route: Route, values: Record<string, string>): string {
  return route.path.replace(/:([A-Za-z_]+)/g, (_, name: string) => values[name] ?? 'does-not-exist');
}

function call(client: TestClient, route: Route, url: string) {
  const method = route.method as Method;
  return method === 'GET' || method === 'DELETE'
    ? client.request(method, url)
    : client.request(method, url, {});
}

interface QueryAnswer {
  rows: Record<string, unknown>[];
}

describe('scoped access', () => {
  let harness: Harness;
  let routes: readonly Route[];
  let scopedViewer: TestClient;
  let scopedEditor: TestClient;
  let editor: TestClient;
  let owner: TestClient;
  let overviewLink: string;
  let exploreLink: string;
  let wholeLink: string;

  async function account(login: string, role: 'viewer' | 'editor'): Promise<TestClient> {
    const root = await harness.as('root');
    const password = `password-of-${login}`;
    expect((await root.post('/api/users', { login, password })).statusCode).toBe(200);
    const added = await owner.post(`${BASE}/members`, { login, role, scope: DOUYIN });
    expect(added.statusCode, added.body).toBe(200);
    expect(added.json().member.scope).toEqual(DOUYIN);
    const client = harness.client();
    expect((await client.login(login, password)).statusCode).toBe(200);
    return client;
  }

  beforeAll(async () => {
    harness = await createHarness();
    routes = harness.server.routes;
    owner = await harness.as('ownerA');
    editor = await harness.as('editorA');
    scopedViewer = await account('douyin-viewer', 'viewer');
    scopedEditor = await account('douyin-editor', 'editor');
    const link = async (pages: string[] | undefined, scope: unknown) => {
      const created = await owner.post(`${BASE}/share-links`, {
        label: 'douyin',
        ...(pages ? { pages } : {}),
        ...(scope ? { scope } : {}),
      });
      expect(created.statusCode, created.body).toBe(200);
      return created.json<{ token: string }>().token;
    };
    overviewLink = await link(undefined, DOUYIN);
    exploreLink = await link(['explore'], DOUYIN);
    wholeLink = await link(['overview', 'explore'], undefined);
  });
  afterAll(async () => {
    await harness.close();
  });

  it('decides every workspace route and every share route', () => {
    const workspaceRoutes = routes.filter((route) => route.access.kind === 'workspace');
    expect(workspaceRoutes.length).toBeGreaterThan(100);
    const undecided = workspaceRoutes.filter((route) => SCOPED_ROUTES[routeKey(route)] === undefined);
    expect(undecided.map(routeKey)).toEqual([]);
    const shareRoutes = routes.filter((route) => route.access.kind === 'share').map(routeKey);
    expect(shareRoutes.sort()).toEqual(Object.keys(SHARE_ROUTE_PAGES).sort());
  });

  it('every workspace route: a scoped editor is refused exactly where the table says, else answered as an editor is', async () => {
    let refused = 0;
    let answered = 0;
    for (const route of routes) {
      if (route.access.kind !== 'workspace') continue;
      const url = concretePath(route, { ws: 'alpha', table: 'channels', dimension: 'channel' });
      const scoped = await call(scopedEditor, route, url);
      const label = `${route.method} ${route.path}: ${scoped.body.slice(0, 200)}`;
      if (route.access.role === 'admin') {
        expect(scoped.statusCode, label).toBe(403);
        expect(errorCode(scoped), label).toBe('forbidden');
      } else if (scopedDecision(route) === 'refused') {
        expect(scoped.statusCode, label).toBe(403);
        expect(scoped.json().error).toMatchObject({ code: 'outside_scope', problems: [expect.any(Object)] });
        expect(scoped.json().error.message).toContain('douyin');
        refused++;
      } else {
        expect(errorCode(scoped), label).not.toBe('outside_scope');
        const whole = await call(editor, route, url);
        expect(scoped.statusCode, `${label} — unscoped: ${whole.body.slice(0, 200)}`).toBe(whole.statusCode);
        answered++;
      }
    }
    expect(refused).toBeGreaterThan(40);
    expect(answered).toBeGreaterThan(15);
  });

  it('a scoped viewer is refused a route before its handler runs, in the documented shape', async () => {
    const response = await scopedViewer.get(`${BASE}/imports`);
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({
      error: {
        code: 'outside_scope',
        message: 'your access is limited to douyin; this lists rows outside it',
        problems: [
          {
            message: 'your access is limited to douyin; this lists rows outside it',
            hint: 'a workspace admin can widen your scope or remove it',
          },
        ],
        said: { key: 'access.scope_refused', params: { values: ['douyin'] } },
      },
    });
    const chinese = await scopedViewer.request('GET', `${BASE}/imports`, undefined, {
      headers: { 'accept-language': 'zh-CN' },
    });
    expect(chinese.json().error.message).toBe('你的访问范围仅限 douyin；此处会列出范围以外的数据');
  });

  it('query: totals equal the Douyin rows of the workspace, summed by the test in SQL of its own', async () => {
    const warehouse = await harness.server.services.registry.warehouse(harness.alpha);
    const [expected] = await warehouse.query(
      `SELECT sum(spend) AS spend, sum(clicks) AS clicks, sum(impressions) AS impressions
       FROM fact_performance WHERE channel = 'douyin' AND date BETWEEN DATE '2025-12-01' AND DATE '2026-03-31'`,
    );
    const kpis = 'kpis=spend,clicks,impressions,ctr';
    const scoped = (await scopedViewer.get(`${BASE}/query?${kpis}&${WINDOW}`)).json<QueryAnswer>();
    expect(scoped.rows).toHaveLength(1);
    const [total] = scoped.rows;
    expect(Number(total?.spend)).toBeCloseTo(Number(expected?.spend), 6);
    expect(Number(total?.clicks)).toBe(Number(expected?.clicks));
    expect(Number(total?.ctr)).toBeCloseTo(Number(expected?.clicks) / Number(expected?.impressions), 12);
    expect(Number(expected?.spend)).toBeGreaterThan(0);

    // The unscoped answer by channel, filtered to Douyin by hand, is the same row.
    const whole = (await owner.get(`${BASE}/query?${kpis}&dimensions=channel&${WINDOW}`)).json<QueryAnswer>();
    expect(whole.rows.length).toBeGreaterThan(1);
    const douyin = whole.rows.find((row) => row.channel === 'douyin');
    for (const kpi of ['spend', 'clicks', 'impressions', 'ctr']) expect(total?.[kpi]).toEqual(douyin?.[kpi]);

    // By channel: Douyin alone. A typed filter narrows, never widens.
    const byChannel = (
      await scopedViewer.get(`${BASE}/query?${kpis}&dimensions=channel&${WINDOW}`)
    ).json<QueryAnswer>();
    expect(byChannel.rows.map((row) => row.channel)).toEqual(['douyin']);
    const widened = await scopedViewer.get(
      `${BASE}/query?${kpis}&dimensions=channel&${WINDOW}&filter=${encodeURIComponent("channel = 'xiaohongshu' or channel = 'douyin'")}`,
    );
    expect(widened.json<QueryAnswer>().rows.map((row) => row.channel)).toEqual(['douyin']);
  });

  it('overview, values, comparison table and scorecards hold Douyin only', async () => {
    const scopedOverview = (await scopedViewer.get(`${BASE}/overview?${WINDOW}`)).json();
    const filtered = (
      await owner.get(`${BASE}/overview?${WINDOW}&filter=${encodeURIComponent("channel = 'douyin'")}`)
    ).json();
    expect(scopedOverview.tiles).toEqual(filtered.tiles);
    const whole = (await owner.get(`${BASE}/overview?${WINDOW}`)).json();
    expect(whole.tiles).not.toEqual(scopedOverview.tiles);

    const values = (await scopedViewer.get(`${BASE}/values/channel?${WINDOW}`)).json();
    expect(values.values.map((value: { value: string }) => value.value)).toEqual(['douyin']);

    const compare = await scopedViewer.get(`${BASE}/compare/channels?${WINDOW}`);
    expect(compare.statusCode, compare.body).toBe(200);
    expect(JSON.stringify(compare.json())).not.toContain('xiaohongshu');

    const scorecard = await scopedViewer.get(`${BASE}/scorecards?by=channel&${WINDOW}`);
    expect(scorecard.statusCode, scorecard.body).toBe(200);
    expect(scorecard.json().entities.map((entity: { entity: string }) => entity.entity)).toEqual(['douyin']);
  });

  it('targets: one inside the scope is seen and paced, one outside is neither listed nor found', async () => {
    const target = (id: string, scope: { filter?: string; label: string }) => ({
      id,
      kpi: 'spend',
      period: { from: '2026-01-01', to: '2026-03-31' },
      value: 100_000,
      goal: 'Spend the quarter’s budget',
      owner: 'Media team',
      cadence: 'monthly',
      scope,
    });
    for (const body of [
      target('douyin-spend', { filter: "channel = 'douyin'", label: 'Douyin' }),
      target('all-spend', { label: 'whole workspace' }),
    ]) {
      const created = await owner.post(`${BASE}/targets`, body);
      expect(created.statusCode, created.body).toBe(200);
    }
    const listed = (await scopedViewer.get(`${BASE}/targets?asOf=2026-02-15`)).json();
    expect(listed.targets.map((entry: { target: { id: string } }) => entry.target.id)).toEqual([
      'douyin-spend',
    ]);
    const all = (await owner.get(`${BASE}/targets?asOf=2026-02-15`)).json();
    expect(all.targets).toHaveLength(2);
    expect((await scopedViewer.get(`${BASE}/targets/douyin-spend`)).statusCode).toBe(200);
    expect((await scopedViewer.get(`${BASE}/targets/douyin-spend/pace?asOf=2026-02-15`)).statusCode).toBe(
      200,
    );
    // The overview's tiles show the workspace's target to the owner, not to the scoped member.
    const tiles = `${BASE}/overview?from=2026-02-01&to=2026-02-28&kpis=spend`;
    const spendTile = (body: { tiles: { kpi: string; target?: unknown }[] }) =>
      body.tiles.find((tile) => tile.kpi === 'spend');
    expect(spendTile((await owner.get(tiles)).json())?.target).toBeTruthy();
    expect(spendTile((await scopedViewer.get(tiles)).json())?.target ?? null).toBeNull();
    for (const path of ['', '/pace', '/breakdown', '/check']) {
      const hidden = await scopedViewer.get(`${BASE}/targets/all-spend${path}`);
      expect(hidden.statusCode, path).toBe(404);
      expect(errorCode(hidden)).toBe('unknown_target');
    }
  });

  it('share links: each opens its pages only, within its scope', async () => {
    const anyone = harness.client();
    const info = (await anyone.get(`/api/share/${overviewLink}`)).json();
    expect(info).toMatchObject({ scope: DOUYIN, pages: ['overview'] });

    // An overview link: the overview within the scope, no query route.
    const overview = (await anyone.get(`/api/share/${overviewLink}/overview?${WINDOW}`)).json();
    const member = (await scopedViewer.get(`${BASE}/overview?${WINDOW}`)).json();
    expect(overview.tiles).toEqual(member.tiles);
    const refused = await anyone.get(`/api/share/${overviewLink}/query?kpis=spend&${WINDOW}`);
    expect(refused.statusCode).toBe(403);
    expect(errorCode(refused)).toBe('outside_scope');

    // An Explore link: the query route within the scope, no overview.
    const query = (
      await anyone.get(`/api/share/${exploreLink}/query?kpis=spend&dimensions=channel&${WINDOW}`)
    ).json();
    expect(query.rows.map((row: { channel: string }) => row.channel)).toEqual(['douyin']);
    expect((await anyone.get(`/api/share/${exploreLink}/overview?${WINDOW}`)).statusCode).toBe(403);

    // An unscoped link still sees every channel.
    const whole = (
      await anyone.get(`/api/share/${wholeLink}/query?kpis=spend&dimensions=channel&${WINDOW}`)
    ).json();
    expect(whole.rows.length).toBeGreaterThan(1);

    // Every share route, as each link: refused exactly when its pages don't open it.
    for (const route of routes.filter((entry) => entry.access.kind === 'share')) {
      for (const [token, pages] of [
        [overviewLink, ['overview']],
        [exploreLink, ['explore']],
      ] as const) {
        const response = await call(anyone, route, `${concretePath(route, { token })}?${WINDOW}&kpis=spend`);
        if (SHARE_ROUTE_PAGES[routeKey(route)] === 'board') {
          // Neither link names a board.
          expect(response.statusCode).toBe(403);
          continue;
        }
        const needs = SHARE_ROUTE_PAGES[routeKey(route)];
        const opens =
          needs === 'any' || (needs === 'overview' ? pages[0] === 'overview' : pages[0] === 'explore');
        expect(response.statusCode, `${routeKey(route)} as ${pages[0]}: ${response.body.slice(0, 200)}`).toBe(
          opens ? 200 : 403,
        );
      }
    }
  });

  it('a board link opens its board alone, its cards within the scope', async () => {
    const view = (
      await owner.post(`${BASE}/views`, {
        name: 'Spend by channel',
        kpis: ['spend'],
        dimensions: ['channel'],
        period: 'last_month',
        grain: 'total',
      })
    ).json<{ id: string }>();
    const board = (await owner.post(`${BASE}/boards`, { name: 'Channels', views: [view.id] })).json<{
      id: string;
    }>();
    const other = (await owner.post(`${BASE}/boards`, { name: 'Other', views: [view.id] })).json<{
      id: string;
    }>();
    const created = await owner.post(`${BASE}/share-links`, { pages: [`board:${board.id}`], scope: DOUYIN });
    expect(created.statusCode, created.body).toBe(200);
    const token = created.json<{ token: string }>().token;
    const anyone = harness.client();
    const shared = await anyone.get(`/api/share/${token}/boards/${board.id}`);
    expect(shared.statusCode, shared.body).toBe(200);
    expect(shared.body).toContain('douyin');
    expect(shared.body).not.toContain('xiaohongshu');
    const whole = await owner.get(`${BASE}/boards/${board.id}/answer`);
    expect(whole.body).toContain('xiaohongshu');
    expect((await anyone.get(`/api/share/${token}/boards/${other.id}`)).statusCode).toBe(403);
    expect((await anyone.get(`/api/share/${token}/query?kpis=spend&${WINDOW}`)).statusCode).toBe(403);
    expect((await anyone.get(`/api/share/${token}/overview?${WINDOW}`)).statusCode).toBe(403);
  });

  it('admins set and clear a scope; an admin has none; the member sees their scope on the workspace', async () => {
    const members = (await owner.get(`${BASE}/members`)).json().members as {
      login: string;
      userId: string;
    }[];
    const scopedMember = members.find((entry) => entry.login === 'douyin-viewer');
    expect(scopedMember).toMatchObject({ scope: DOUYIN });
    expect((await scopedViewer.get(BASE)).json().workspace.scope).toEqual(DOUYIN);
    expect((await editor.get(BASE)).json().workspace.scope).toBeNull();

    const toAdmin = await owner.patch(`${BASE}/members/${scopedMember?.userId}`, { role: 'admin' });
    expect(toAdmin.statusCode).toBe(409);
    const scopedAdmin = await owner.put(`${BASE}/members/${harness.accounts.ownerA.id}/scope`, {
      scope: DOUYIN,
    });
    expect(scopedAdmin.statusCode).toBe(409);
    const bad = await owner.put(`${BASE}/members/${scopedMember?.userId}/scope`, { scope: { channels: [] } });
    expect(bad.statusCode).toBe(400);

    const cleared = await owner.put(`${BASE}/members/${scopedMember?.userId}/scope`, { scope: null });
    expect(cleared.json().member.scope).toBeNull();
    const whole = (
      await scopedViewer.get(`${BASE}/query?kpis=spend&dimensions=channel&${WINDOW}`)
    ).json<QueryAnswer>();
    expect(whole.rows.length).toBeGreaterThan(1);
    expect((await scopedViewer.get(`${BASE}/imports`)).statusCode).toBe(200);

    const again = await owner.put(`${BASE}/members/${scopedMember?.userId}/scope`, { scope: DOUYIN });
    expect(again.json().member.scope).toEqual(DOUYIN);
    expect((await scopedViewer.get(`${BASE}/imports`)).statusCode).toBe(403);
    const audit = (await owner.get(`${BASE}/audit`)).json();
    expect(JSON.stringify(audit)).toContain('member.scope');
  });
});
