/**
 * Scoped members and scoped share links over the whole route table: a Douyin-scoped member and
 * a Douyin-scoped link get Douyin rows only, from every route that answers them, and the
 * documented 403 `outside_scope` from every route that would list rows another way. Pages read
 * beside the planner (creators' registry, incidents, markers, freshness, notes, the lift ledger,
 * the inbox) are checked against the unscoped answer filtered to Douyin by the test itself.
 */
import { incidentLink, monitorMessage, recordLift, sayMonitor } from '@markpi/app';
import { notifyMessage } from '@markpi/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendIncidentEvents } from '../../app/src/monitor/repository.js';
import { routeKey, SCOPED_ROUTES, SHARE_ROUTE_PAGES, scopedDecision } from './auth/scoped-routes.js';
import type { Route } from './http/route.js';
import { NotificationRepository } from './meta/notifications.js';
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
  describe('pages read beside the planner', () => {
    const said = sayMonitor(undefined, monitorMessage('monitor.freshness.empty'));
    const marker = (segment: string, time: string) => ({
      series: `spend@${segment}`,
      kpi: 'spend',
      segment,
      time,
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
    });
    const detected = (
      id: string,
      segment: string,
      segments: string[],
      markers: ReturnType<typeof marker>[],
    ) => ({
      incidentId: id,
      kind: 'detected' as const,
      at: '2026-01-03T08:00:00.000Z',
      actor: null,
      body: {
        detection: {
          kind: 'kpi' as const,
          severity: 'warning' as const,
          title: said,
          lines: [said],
          from: '2026-01-02',
          to: '2026-01-02',
          segment,
          kpi: 'spend',
          direction: 'above' as const,
          segments,
          kpis: ['spend'],
          series: markers.map((entry) => entry.series),
          markers,
          drivers: [],
          monitor: 'default',
        },
      },
    });
    /** A target's pace: on the workspace segment, about the target alone. */
    const pace = (id: string, target: string) => {
      const event = detected(id, 'workspace', ['workspace'], []);
      return {
        ...event,
        body: { detection: { ...event.body.detection, kind: 'pace' as const, target, monitor: 'pace' } },
      };
    };
    /** An error body with the id it names taken out, to compare a hidden record's refusal with an unknown one's. */
    const withoutId = (body: string, id: string) => body.replaceAll(id, '<id>');

    beforeAll(async () => {
      const warehouse = await harness.server.services.registry.warehouse(harness.alpha);
      // cr1 posts on Douyin and, once, on Meta (its home platform); cr2 on Xiaohongshu alone.
      await warehouse.run(
        `INSERT INTO dim_creators (creator, name, tier, channel, followers) VALUES
         ('cr1', 'Creator One', 'kol', 'meta', 50000), ('cr2', 'Creator Two', 'koc', 'xiaohongshu', 3000)`,
      );
      await warehouse.run(
        `INSERT INTO dim_creator_accounts (creator, channel, account, account_name, followers) VALUES
         ('cr1', 'douyin', 'acc_d', 'One on Douyin', 12000), ('cr1', 'meta', 'acc_m', 'One on Meta', 50000),
         ('cr2', 'xiaohongshu', 'acc_x', 'Two', 3000)`,
      );
      await warehouse.run(
        `INSERT INTO dim_content (content, creator, channel, published_on, title) VALUES
         ('post1', 'cr1', 'douyin', DATE '2026-01-01', 'Douyin post'),
         ('ad9', 'cr1', 'meta', DATE '2026-01-05', 'Meta launch'),
         ('note1', 'cr2', 'xiaohongshu', DATE '2026-01-01', 'Xiaohongshu note')`,
      );
      await warehouse.run(
        `INSERT INTO fact_creator_fees (date, channel, account, campaign, creator, content, fee_source, fee, import_id) VALUES
         (DATE '2026-01-02', 'douyin', 'acc_d', 'c1', 'cr1', 'post1', 'xingtu', 1000, 'seed'),
         (DATE '2026-01-05', 'meta', 'acc_m', 'c3', 'cr1', 'ad9', 'agency', 700, 'seed'),
         (DATE '2026-01-01', 'xiaohongshu', 'acc_x', 'c2', 'cr2', 'note1', 'pugongying', 300, 'seed')`,
      );
      await appendIncidentEvents(warehouse, [
        detected(
          'inc-douyin',
          'channel:douyin',
          ['channel:douyin'],
          [marker('channel:douyin', '2026-01-02')],
        ),
        detected('inc-meta', 'channel:meta', ['channel:meta'], [marker('channel:meta', '2026-01-03')]),
        // Workspace-wide with a Douyin alert: it mixes channels, so it is outside.
        detected(
          'inc-mixed',
          'workspace',
          ['channel:douyin', 'workspace'],
          [marker('channel:douyin', '2026-01-01'), marker('workspace', '2026-01-01')],
        ),
        // The paces of the targets the targets test made: one inside the scope, one over the workspace.
        pace('inc-pace-douyin', 'douyin-spend'),
        pace('inc-pace-all', 'all-spend'),
      ]);
    });

    it('creators: the leaderboard is the unscoped Douyin one, its fees and spend the Douyin rows summed in SQL', async () => {
      const scoped = await scopedViewer.get(`${BASE}/creators?${WINDOW}`);
      expect(scoped.statusCode, scoped.body).toBe(200);
      const douyin = (await owner.get(`${BASE}/creators?${WINDOW}&channel=douyin`)).json();
      expect(scoped.json()).toEqual(douyin);
      type Row = { creator: string; fee: number; spend: number };
      const rows = (body: { boards: { ranked: Row[]; belowCut: Row[] }[] }) =>
        body.boards.flatMap((board) => [...board.ranked, ...board.belowCut]);
      expect(rows(scoped.json()).map((row) => row.creator)).toEqual(['cr1']);
      const whole = rows((await owner.get(`${BASE}/creators?${WINDOW}`)).json());
      expect(whole.map((row) => row.creator).sort()).toEqual(['cr1', 'cr2']);

      const warehouse = await harness.server.services.registry.warehouse(harness.alpha);
      const [sums] = await warehouse.query(
        `SELECT (SELECT sum(spend) FROM fact_performance WHERE channel = 'douyin' AND creator = 'cr1'
                   AND date BETWEEN DATE '2025-12-01' AND DATE '2026-03-31') AS spend,
                (SELECT sum(fee) FROM fact_creator_fees WHERE channel = 'douyin' AND creator = 'cr1') AS fee`,
      );
      const [one] = rows(scoped.json());
      expect(one?.spend).toBe(Number(sums?.spend));
      expect(one?.fee).toBe(Number(sums?.fee));
      expect(one?.fee).toBe(1000);
      expect(whole.find((row) => row.creator === 'cr1')?.fee).toBe(1700);

      const rehire = await scopedViewer.get(`${BASE}/creators/rehire?${WINDOW}`);
      expect(rehire.json()).toEqual(
        (await owner.get(`${BASE}/creators/rehire?${WINDOW}&channel=douyin`)).json(),
      );
      for (const page of ['search-visibility', 'audiences']) {
        const mine = await scopedViewer.get(`${BASE}/${page}?${WINDOW}`);
        expect(mine.statusCode, mine.body).toBe(200);
        const theirs = (await owner.get(`${BASE}/${page}?${WINDOW}&channel=douyin`)).json();
        const { promotions: _mine, ...kept } = mine.json();
        const { promotions: _theirs, ...expected } = theirs;
        expect(kept, page).toEqual(expected);
      }
    });

    it('creators: a page holds the Douyin accounts, posts and fees; a creator without Douyin is not found', async () => {
      const page = (await scopedViewer.get(`${BASE}/creators/cr1?${WINDOW}`)).json();
      expect(page.creator.accounts.map((account: { channel: string }) => account.channel)).toEqual([
        'douyin',
      ]);
      expect(page.posts.map((post: { content: string }) => post.content)).not.toContain('ad9');
      expect(page.posts.map((post: { content: string }) => post.content)).toContain('post1');
      expect(page.cost.fee).toBe(1000);
      // The registry's home platform is Meta: neither it nor its followers show.
      expect(page.creator).toMatchObject({ name: 'Creator One', channel: null, followers: null });
      const whole = (await owner.get(`${BASE}/creators/cr1?${WINDOW}`)).json();
      expect(whole.creator.accounts).toHaveLength(2);
      expect(whole.cost.fee).toBe(1700);

      const hidden = await scopedViewer.get(`${BASE}/creators/cr2?${WINDOW}`);
      const unknown = await scopedViewer.get(`${BASE}/creators/nobody?${WINDOW}`);
      expect(hidden.statusCode).toBe(404);
      expect(withoutId(hidden.body, 'cr2')).toBe(withoutId(unknown.body, 'nobody'));
      expect((await owner.get(`${BASE}/creators/cr2?${WINDOW}`)).statusCode).toBe(200);
    });

    it('incidents: those whose every alert is Douyin’s; another’s id is not found, as an unknown one', async () => {
      type Listed = {
        incidents: { id: string; kind: string; target?: string; segments: string[] }[];
        total: number;
        counts: { open: number };
      };
      const whole = (await owner.get(`${BASE}/monitor/incidents`)).json<Listed>();
      // Douyin's alerts alone; a pace when the member finds its target.
      const expected: string[] = [];
      for (const incident of whole.incidents) {
        const seen =
          incident.kind === 'pace'
            ? (await scopedViewer.get(`${BASE}/targets/${incident.target}`)).statusCode === 200
            : incident.segments.every((segment) => segment === 'channel:douyin');
        if (seen) expected.push(incident.id);
      }
      expect([...expected].sort()).toEqual(['inc-douyin', 'inc-pace-douyin']);
      const scoped = (await scopedViewer.get(`${BASE}/monitor/incidents`)).json<Listed>();
      expect(scoped.incidents.map((incident) => incident.id)).toEqual(expected);
      expect(scoped.total).toBe(2);
      expect(scoped.counts.open).toBe(2);
      expect(whole.counts.open).toBe(5);
      expect((await scopedViewer.get(`${BASE}/monitor/incidents/inc-douyin`)).statusCode).toBe(200);
      const unknown = await scopedViewer.get(`${BASE}/monitor/incidents/inc-nothing`);
      expect(unknown.statusCode).toBe(404);
      for (const id of ['inc-meta', 'inc-mixed', 'inc-pace-all']) {
        const hidden = await scopedViewer.get(`${BASE}/monitor/incidents/${id}`);
        expect(withoutId(hidden.body, id)).toBe(withoutId(unknown.body, 'inc-nothing'));
        expect((await owner.get(`${BASE}/monitor/incidents/${id}`)).statusCode).toBe(200);
      }
      // Acting on an incident stays refused, even on one inside the scope.
      const acted = await scopedEditor.post(`${BASE}/monitor/incidents/inc-douyin/acknowledge`, {});
      expect(acted.statusCode).toBe(403);
      expect(errorCode(acted)).toBe('outside_scope');
    });

    it('markers: a Douyin segment’s of incidents the member sees; none of the whole workspace', async () => {
      const ids = async (client: TestClient, segment: string) =>
        (await client.get(`${BASE}/monitor/markers?kpi=spend&segment=${segment}`))
          .json<{ markers: { incident: { id: string } }[] }>()
          .markers.map((entry) => entry.incident.id);
      expect(await ids(owner, 'channel:douyin')).toEqual(['inc-mixed', 'inc-douyin']);
      expect(await ids(scopedViewer, 'channel:douyin')).toEqual(['inc-douyin']);
      expect(await ids(owner, 'workspace')).toEqual(['inc-mixed']);
      expect(await ids(scopedViewer, 'workspace')).toEqual([]);
      expect(await ids(scopedViewer, 'channel:meta')).toEqual([]);
    });

    it('freshness: the Douyin platform accounts, with the workspace’s dates', async () => {
      type Fresh = { sources: { channel: string }[]; behind: string[]; windowEnd: string; note: Said };
      type Said = { text: { en: string; zh: string } };
      const whole = (await owner.get(`${BASE}/freshness`)).json<Fresh>();
      const scoped = (await scopedViewer.get(`${BASE}/freshness`)).json<Fresh>();
      expect(whole.sources.some((source) => source.channel !== 'douyin')).toBe(true);
      expect(scoped.sources).toEqual(whole.sources.filter((source) => source.channel === 'douyin'));
      expect(scoped.sources.length).toBeGreaterThan(0);
      expect(scoped.windowEnd).toBe(whole.windowEnd);
      expect(scoped.behind.every((source) => source.includes('douyin'))).toBe(true);
      for (const text of Object.values(scoped.note.text))
        expect(text).not.toMatch(/xiaohongshu|meta|小红书/i);
    });

    it('annotations: the workspace’s notes and Douyin’s, not another channel’s or a campaign’s', async () => {
      for (const note of [
        { date: '2026-01-02', note: 'Price change', scope: 'all' },
        { date: '2026-01-02', note: 'Douyin live', scope: 'channel', value: 'douyin' },
        { date: '2026-01-03', note: 'Meta outage', scope: 'channel', value: 'meta' },
        { date: '2026-01-04', note: 'C1 launch', scope: 'campaign', value: 'c1' },
      ]) {
        expect((await owner.post(`${BASE}/annotations`, note)).statusCode).toBe(200);
      }
      type Note = { note: string; scope: string; value?: string };
      const whole = (await owner.get(`${BASE}/annotations?${WINDOW}`)).json<{ annotations: Note[] }>();
      const scoped = (await scopedViewer.get(`${BASE}/annotations?${WINDOW}`)).json<{
        annotations: Note[];
      }>();
      expect(whole.annotations).toHaveLength(4);
      expect(scoped.annotations).toEqual(
        whole.annotations.filter((note) => note.scope === 'all' || note.value === 'douyin'),
      );
      expect(scoped.annotations.map((note) => note.note).sort()).toEqual(['Douyin live', 'Price change']);
    });

    it('lift ledger: the entries whose filter is Douyin’s, and the factors they make', async () => {
      const workspace = await harness.server.services.registry.context(harness.alpha, harness.clock.now);
      const draft = (filter: string | null, channel: string | null) => ({
        method: 'prepost' as const,
        source: 'workspace' as const,
        kpi: 'conversions',
        scope: { filter, dimension: null, locations: [], label: filter ?? 'file' },
        period: { from: '2026-01-01', to: '2026-01-31' },
        pre: { from: '2025-12-01', to: '2025-12-31' },
        incremental: { value: 10, low: 4, high: 16 },
        lift: null,
        pValue: 0.01,
        level: 0.9,
        summary: { key: 'lift.summary', params: {} },
        calibration: channel
          ? {
              basis: 'platform_conversions',
              channel,
              attributedKpi: 'conversions',
              attributed: 20,
              factor: { value: 0.5, low: 0.2, high: 0.8 },
            }
          : null,
      });
      await recordLift(workspace, draft("channel = 'douyin'", 'douyin'), { name: 'Douyin holdout' });
      await recordLift(workspace, draft("channel = 'meta'", 'meta'), { name: 'Meta holdout' });
      await recordLift(workspace, draft(null, null), { name: 'From a file' });
      type Ledger = { entries: { name: string }[]; calibrations: { channel: string }[] };
      const whole = (await owner.get(`${BASE}/lift/ledger`)).json<Ledger>();
      const scoped = (await scopedViewer.get(`${BASE}/lift/ledger`)).json<Ledger>();
      expect(whole.entries).toHaveLength(3);
      expect(scoped.entries).toEqual(whole.entries.filter((entry) => entry.name === 'Douyin holdout'));
      expect(whole.calibrations.map((entry) => entry.channel).sort()).toEqual(['douyin', 'meta']);
      expect(scoped.calibrations).toEqual(whole.calibrations.filter((entry) => entry.channel === 'douyin'));
    });

    it('inbox: Douyin’s incident and test messages; another incident and digests neither listed, counted nor marked', async () => {
      const members = (await owner.get(`${BASE}/members`)).json().members as {
        login: string;
        userId: string;
      }[];
      const userId = members.find((entry) => entry.login === 'douyin-viewer')?.userId ?? '';
      const store = new NotificationRepository(harness.server.services.meta);
      const entry = (key: string, kind: 'incident' | 'digest' | 'test', link?: string) => ({
        idempotencyKey: `scoped-${key}`,
        workspaceId: harness.alpha.id,
        userId,
        kind,
        severity: 'warning' as const,
        notification: {
          kind,
          severity: 'warning' as const,
          title: notifyMessage('notify.text.bilingual', { en: key, zh: key }),
          sections: [],
          ...(link ? { link } : {}),
        },
      });
      await store.record({
        at: harness.clock.now().toISOString(),
        inbox: [
          entry('douyin-incident', 'incident', incidentLink(harness.alpha.id, 'inc-douyin')),
          entry('meta-incident', 'incident', incidentLink(harness.alpha.id, 'inc-meta')),
          entry('weekly-digest', 'digest', `/workspaces/${harness.alpha.id}`),
          entry('test-message', 'test'),
        ],
        outbox: [],
      });
      type Inbox = { entries: { id: string; text: { title: string } }[]; unread: number };
      const inbox = (await scopedViewer.get(`${BASE}/inbox`)).json<Inbox>();
      expect(inbox.entries.map((item) => item.text.title).sort()).toEqual([
        'douyin-incident',
        'test-message',
      ]);
      expect(inbox.unread).toBe(2);
      expect((await scopedViewer.get(`${BASE}/inbox/unread`)).json().unread).toBe(2);
      const all = await store.inbox(harness.alpha.id, userId, { unreadOnly: false, limit: 10 });
      const metaId = all.find(
        (item) => item.notification.kind === 'incident' && item.notification.link?.endsWith('inc-meta'),
      )?.id;
      const markMeta = await scopedViewer.post(`${BASE}/inbox/read`, { id: metaId });
      expect(markMeta.statusCode).toBe(404);
      expect(withoutId(markMeta.body, metaId ?? '')).toBe(
        withoutId((await scopedViewer.post(`${BASE}/inbox/read`, { id: 'nothing' })).body, 'nothing'),
      );
      const marked = (await scopedViewer.post(`${BASE}/inbox/read`, {})).json();
      expect(marked).toEqual({ marked: 2, unread: 0 });
      // What the member does not see is left as it was.
      expect(await store.unreadCount(harness.alpha.id, userId)).toBe(2);
    });
  });
});
