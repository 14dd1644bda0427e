/**
 * What a scoped caller (a member with a scope, or a share link) may call, route by route. The
 * scope itself is applied below the routes: the request's workspace record carries it, the
 * registry puts it in the catalog, and the planner ANDs it into every KPI query. Stored records
 * read beside the planner (incidents, markers, sources, notes, lift results, notifications) are
 * kept when they lie inside the scope, by the one rule of app's `access/`; routes whose rows mix
 * what the scope separates (journeys, customers' first channels, imports) are refused here; a
 * route missing from the table is refused too, so a new route is closed to scoped callers until
 * someone decides. `docs/deploy.md` ("Scoped access") has the
 * table in words; `scoped-access.test.ts` calls every route as a scoped member and a scoped link.
 *
 * - `open`: reveals no rows of the workspace (its name and settings, the catalog's definitions,
 *   one's own preferences);
 * - `filtered`: answered by the planner, so within the scope (with the registry's posts, accounts
 *   and fees read within it too, for creators);
 * - `records`: stored records, each kept when what it is about pins every scoped dimension inside
 *   the scope (`channel:douyin` for a Douyin scope; never the whole workspace, a tier or a creator,
 *   which mix channels); one outside is not found, in the words an unknown id gets;
 * - `targets`: the list of targets, keeping those whose filter lies inside the scope;
 * - `target`: one target (`:id`), visible only when its filter lies inside the scope;
 * - `refused`: 403 `outside_scope`.
 */
import {
  type AccessScope,
  filterTextWithinScope,
  isScoped,
  MarkpiError,
  opensBoard,
  opensOverview,
  opensQueries,
  type Said,
  type SharePage,
  say,
  scopeValues,
} from '@markpi/core';
import type { Route } from '../http/route.js';
import { type Role, roleAtLeast } from './roles.js';

export type ScopedDecision = 'open' | 'filtered' | 'records' | 'targets' | 'target' | 'refused';

const W = '/api/workspaces/:ws';

/** Every route a workspace member may call, and what a scoped member gets. */
export const SCOPED_ROUTES: Readonly<Record<string, ScopedDecision>> = {
  [`GET ${W}`]: 'open',
  [`PATCH ${W}`]: 'refused',
  [`DELETE ${W}`]: 'refused',
  [`GET ${W}/members`]: 'refused',
  [`POST ${W}/members`]: 'refused',
  [`PATCH ${W}/members/:userId`]: 'refused',
  [`PUT ${W}/members/:userId/scope`]: 'refused',
  [`DELETE ${W}/members/:userId`]: 'refused',
  [`GET ${W}/catalog`]: 'open',
  [`POST ${W}/kpis/validate`]: 'open',
  [`PUT ${W}/kpis/:kpiId`]: 'refused',
  [`DELETE ${W}/kpis/:kpiId`]: 'refused',
  [`POST ${W}/query`]: 'filtered',
  [`GET ${W}/query`]: 'filtered',
  [`GET ${W}/overview`]: 'filtered',
  [`GET ${W}/rollups/plan`]: 'refused',
  [`GET ${W}/compare/:table`]: 'filtered',
  [`GET ${W}/periods`]: 'open',
  [`GET ${W}/values/:dimension`]: 'filtered',
  // Workspace-wide notes, and a channel's or campaign's when inside the scope.
  [`GET ${W}/annotations`]: 'records',
  [`POST ${W}/annotations`]: 'refused',
  [`DELETE ${W}/annotations/:id`]: 'refused',
  [`POST ${W}/annotations/import-events`]: 'refused',
  // Saved questions and boards are definitions; their answers go through the planner.
  [`GET ${W}/views`]: 'open',
  [`POST ${W}/views`]: 'refused',
  [`DELETE ${W}/views/:id`]: 'refused',
  [`GET ${W}/boards`]: 'open',
  [`POST ${W}/boards`]: 'refused',
  [`PUT ${W}/boards/:id`]: 'refused',
  [`GET ${W}/boards/:id/answer`]: 'filtered',
  [`GET ${W}/overview/tiles`]: 'open',
  [`PUT ${W}/overview/tiles`]: 'open',
  [`DELETE ${W}/overview/tiles`]: 'open',
  [`GET ${W}/why`]: 'filtered',
  [`GET ${W}/weakest-link`]: 'filtered',
  // Incidents whose every alert lies inside (an incident with a workspace or tier alert mixes
  // channels); acting on them stays with unscoped members, who see the whole incident.
  [`GET ${W}/monitor/incidents`]: 'records',
  [`GET ${W}/monitor/incidents/:id`]: 'records',
  [`POST ${W}/monitor/incidents/:id/acknowledge`]: 'refused',
  [`POST ${W}/monitor/incidents/:id/snooze`]: 'refused',
  [`POST ${W}/monitor/incidents/:id/resolve`]: 'refused',
  [`POST ${W}/monitor/incidents/:id/false-alarm`]: 'refused',
  [`POST ${W}/monitor/incidents/:id/reopen`]: 'refused',
  [`PUT ${W}/monitor/incidents/:id/owner`]: 'refused',
  [`POST ${W}/monitor/incidents/:id/comments`]: 'refused',
  // Markers of a segment inside the scope, of incidents the caller sees.
  [`GET ${W}/monitor/markers`]: 'records',
  // Sources are platform accounts: those of the scope's channels and accounts.
  [`GET ${W}/freshness`]: 'records',
  // What the monitor watches across the workspace, and its last run's counts.
  [`GET ${W}/monitor/settings`]: 'refused',
  [`PUT ${W}/monitor/settings`]: 'refused',
  [`POST ${W}/monitor/run`]: 'refused',
  // Region series span the workspace; a ledger entry shows when its filter lies inside.
  [`POST ${W}/lift/prepost`]: 'refused',
  [`POST ${W}/lift/geo`]: 'refused',
  [`POST ${W}/lift/design`]: 'refused',
  [`POST ${W}/lift/holdout`]: 'refused',
  [`POST ${W}/lift/search`]: 'refused',
  [`GET ${W}/lift/ledger`]: 'records',
  [`POST ${W}/lift/ledger`]: 'refused',
  [`POST ${W}/lift/ledger/:id/withdraw`]: 'refused',
  // A path's credit is shared among every channel it touched: a Douyin share of it depends on
  // the other touches, and the paths with none of Douyin still hold its conversions' rivals.
  [`GET ${W}/attribution`]: 'refused',
  [`GET ${W}/attribution/creators`]: 'refused',
  [`POST ${W}/attribution/refresh`]: 'refused',
  // Every figure through the planner; the registry's posts, accounts, fees and promotions read
  // within the scope; a creator with nothing inside is not found. Search positions carry no
  // account or campaign and audience stages neither: for such a scope the creator pages leave
  // them out with a note, and search visibility and audiences answer 403 `outside_scope` with a
  // key naming the figures not kept (`app/src/access/pages.ts`).
  [`POST ${W}/creators/roster`]: 'refused',
  [`GET ${W}/creators`]: 'filtered',
  [`GET ${W}/creators/rehire`]: 'filtered',
  [`GET ${W}/creators/:creator`]: 'filtered',
  [`GET ${W}/search-visibility`]: 'filtered',
  [`GET ${W}/audiences`]: 'filtered',
  // A customer's cohort is their first order's channel and their later orders go anywhere:
  // a Douyin slice of a cohort would count other channels' orders or split customers.
  [`GET ${W}/customers/cohorts`]: 'refused',
  [`GET ${W}/customers/retention`]: 'refused',
  [`GET ${W}/customers/ltv`]: 'refused',
  [`GET ${W}/customers/ltv/fit`]: 'refused',
  [`GET ${W}/customers/payback`]: 'refused',
  [`GET ${W}/targets`]: 'targets',
  [`GET ${W}/targets/suggest`]: 'filtered',
  [`GET ${W}/targets/:id`]: 'target',
  [`POST ${W}/targets`]: 'refused',
  [`POST ${W}/targets/bulk`]: 'refused',
  [`PUT ${W}/targets/:id`]: 'refused',
  [`GET ${W}/targets/:id/pace`]: 'target',
  [`GET ${W}/targets/:id/breakdown`]: 'target',
  [`GET ${W}/targets/:id/check`]: 'target',
  [`GET ${W}/scorecard-templates`]: 'open',
  [`GET ${W}/scorecards`]: 'filtered',
  // Imports hold every channel's files and rejected rows.
  [`GET ${W}/imports`]: 'refused',
  [`POST ${W}/imports`]: 'refused',
  [`GET ${W}/imports/:importId`]: 'refused',
  [`POST ${W}/imports/:importId/preview`]: 'refused',
  [`POST ${W}/imports/:importId/confirm`]: 'refused',
  [`DELETE ${W}/imports/:importId`]: 'refused',
  [`GET ${W}/imports/:importId/rejected.csv`]: 'refused',
  [`PUT ${W}/imports/:importId/mapping`]: 'refused',
  [`GET ${W}/imports/:importId/mapping-suggestion`]: 'refused',
  [`POST ${W}/imports/:importId/mapping-preview`]: 'refused',
  [`GET ${W}/share-links`]: 'refused',
  [`POST ${W}/share-links`]: 'refused',
  [`DELETE ${W}/share-links/:linkId`]: 'refused',
  [`GET ${W}/audit`]: 'refused',
  // One's own inbox: incidents the caller sees and test messages; digests span the workspace.
  [`GET ${W}/inbox`]: 'records',
  [`GET ${W}/inbox/unread`]: 'records',
  [`POST ${W}/inbox/read`]: 'records',
  [`GET ${W}/notifications/preferences`]: 'open',
  [`PUT ${W}/notifications/preferences`]: 'open',
  [`GET ${W}/notifications/settings`]: 'refused',
  [`PUT ${W}/notifications/settings`]: 'refused',
  [`POST ${W}/notifications/test`]: 'refused',
  [`GET ${W}/notifications/deliveries`]: 'refused',
};

/**
 * What each share route needs of a link's pages: nothing beyond a live link, the overview, the
 * query route (Explore), or the board of `:id`.
 */
export const SHARE_ROUTE_PAGES: Readonly<Record<string, 'any' | 'overview' | 'queries' | 'board'>> = {
  'GET /api/share/:token': 'any',
  'GET /api/share/:token/catalog': 'any',
  'GET /api/share/:token/overview': 'overview',
  'GET /api/share/:token/query': 'queries',
  'GET /api/share/:token/boards/:id': 'board',
};

export function routeKey(route: Pick<Route, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}

/** A scoped member's decision for a route; refused when the table has none. */
export function scopedDecision(route: Pick<Route, 'method' | 'path'>): ScopedDecision {
  return SCOPED_ROUTES[routeKey(route)] ?? 'refused';
}

export function outsideScope(scope: AccessScope): MarkpiError {
  const said: Said = { key: 'access.scope_refused', params: { values: scopeValues(scope) } };
  const message = say(said, 'en');
  return new MarkpiError(
    'outside_scope',
    message,
    [{ message, hint: 'a workspace admin can widen your scope or remove it' }],
    said,
  );
}

/** Refuses a scoped member's call of a route the table does not open to a scope. */
export function checkScopedRoute(route: Pick<Route, 'method' | 'path'>, scope: AccessScope | null): void {
  if (isScoped(scope) && scopedDecision(route) === 'refused') throw outsideScope(scope);
}

/** Refuses a share link's call of a route its pages don't open (`boardId`: the board route's `:id`). */
export function checkSharePages(
  route: Pick<Route, 'method' | 'path'>,
  pages: readonly SharePage[],
  boardId: string,
): void {
  const needs = SHARE_ROUTE_PAGES[routeKey(route)] ?? 'none';
  const opens =
    needs === 'any' ||
    (needs === 'overview' && opensOverview(pages)) ||
    (needs === 'queries' && opensQueries(pages)) ||
    (needs === 'board' && opensBoard(pages, boardId));
  if (opens) return;
  const said: Said = { key: 'access.page_refused', params: { pages: [...pages] } };
  const message = say(said, 'en');
  throw new MarkpiError('outside_scope', message, [{ message }], said);
}

interface TargetLike {
  target: { id: string; scope: { filter?: string | undefined } };
}

/** Whether a scoped caller sees a target: its filter must lie inside the scope. */
export function targetVisible(scope: AccessScope | null | undefined, entry: TargetLike): boolean {
  return filterTextWithinScope(scope, entry.target.scope.filter);
}

/** The body of a `targets` route as a scoped caller sees it: targets outside the scope left out. */
export function scopedBody(
  route: Pick<Route, 'method' | 'path'>,
  scope: AccessScope | null,
  body: unknown,
): unknown {
  if (!isScoped(scope) || scopedDecision(route) !== 'targets') return body;
  const list = body as { targets: TargetLike[] };
  return { ...list, targets: list.targets.filter((entry) => targetVisible(scope, entry)) };
}

/**
 * Whether a member with this role and scope passes a workspace route's two checks, the ones the
 * server makes before its handler runs: the route's role, then this table for a scoped member.
 * Pages ask it to offer only what the server allows (the incidents' actions).
 */
export function memberMayCall(
  route: Pick<Route, 'method' | 'path' | 'access'>,
  role: Role,
  scope: AccessScope | null | undefined,
): boolean {
  if (route.access.kind !== 'workspace' || !roleAtLeast(role, route.access.role)) return false;
  return !isScoped(scope) || scopedDecision(route) !== 'refused';
}
