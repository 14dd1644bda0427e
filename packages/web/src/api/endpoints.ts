/** Typed calls, one per route the UI uses (docs/api.md). */
import type {
  AccessScope,
  Annotation,
  AnnotationInput,
  Board,
  BoardInput,
  SavedView,
  SharePage,
  ViewInput,
} from '@markpi/core';
import type { PeriodChoices, PeriodCompare } from '../lib/periods';
import { http, type Params, upload } from './client';
import type {
  AccountWithMemberships,
  AuditEntry,
  Breakdown,
  BulkTargetRequest,
  BulkTargetResult,
  Catalog,
  CatalogKpi,
  ChangeExplanation,
  CompareMode,
  Comparison,
  ComparisonTable,
  Delivery,
  FormulaCheck,
  Import,
  Inbox,
  KpiDefinition,
  KpiQuery,
  ListedScorecardTemplate,
  Member,
  NotificationPreferences,
  NotificationSettingsUpdate,
  NotificationSettingsView,
  Overview,
  Pace,
  QueryResult,
  Role,
  SavedTarget,
  ScorecardResult,
  Session,
  SessionList,
  ShareInfo,
  ShareLink,
  TargetCheck,
  TargetCreateRequest,
  TargetListItem,
  TargetSuggestion,
  TargetUpdateRequest,
  User,
  WeakestLink,
  Workspace,
} from './types';

/** A value picker's question: values of one dimension with data in the page's window and filter. */
export interface ValuesParams extends Params {
  search?: string;
  period?: string;
  from?: string;
  to?: string;
  filter?: string;
  kpi?: string;
  limit?: number;
}

/** What the values route answers (`GET …/values/:dimension`). */
export interface DimensionValues {
  dimension: string;
  kpi: string;
  period: { from: string; to: string };
  total: number;
  values: { value: string; label?: string; count: number | null }[];
}

/** A KPI query whose window is named (`period`) or compared with the same event (`same_event`). */
export type PeriodKpiQuery = Omit<KpiQuery, 'from' | 'to' | 'compare'> & {
  from?: string;
  to?: string;
  period?: string;
  compare?: PeriodCompare;
  /** `<kpi>[:asc|desc]` and `<kpi>=<number>` floors: the server ranks, cuts and counts. */
  sort?: string;
  min?: string[];
};

const ws = (workspace: string) => `/api/workspaces/${encodeURIComponent(workspace)}`;
const share = (token: string) => `/api/share/${encodeURIComponent(token)}`;

export interface OverviewParams extends Params {
  from?: string;
  to?: string;
  /** A preset or `event:<name>@<year>` instead of `from`/`to`. */
  period?: string;
  kpis?: string[];
  filter?: string;
  compare?: string;
}

export interface ComparisonParams extends Params {
  from?: string;
  to?: string;
  period?: string;
  kpis?: string[];
  filter?: string;
  search?: string;
  sort?: string;
  order?: 'asc' | 'desc';
  compare?: string;
  /** `<kpi>=<number>`: rows under it are counted in `ranking.belowMinimum`, not listed. */
  min?: string;
  limit?: number;
  offset?: number;
}

export interface ScorecardParams extends Params {
  template: string;
  by: string;
  from: string;
  to: string;
  filter?: string;
  /** What a KPI without a target is scored against: none, own_history, own_last_year, peers_median. */
  baseline?: string;
}

export interface SuggestParams extends Params {
  kpi: string;
  from: string;
  to: string;
  /** The scope whose history the suggestion starts from. */
  filter?: string;
  basis?: string;
  /** How much better than the basis: `0.1` or `10%`. */
  growth?: string;
}

export interface WhyParams extends Params {
  kpi: string;
  from?: string;
  to?: string;
  compare?: CompareMode;
  filter?: string;
}

export interface WeakestLinkParams extends Params {
  from?: string;
  to?: string;
  filter?: string;
}

export interface InboxParams extends Params {
  language: 'en' | 'zh';
  unread?: 'true' | 'false';
  /** Entries older than this `seq`: the next page. */
  before?: number;
  limit?: number;
}

export const api = {
  me: () => http.get<Session>('/api/me'),
  login: (login: string, password: string) => http.post<Session>('/api/auth/login', { login, password }),
  logout: () => http.post<{ ok: true }>('/api/auth/logout'),
  changePassword: (currentPassword: string, newPassword: string) =>
    http.post<{ ok: true }>('/api/me/password', { currentPassword, newPassword }),
  sessions: () => http.get<SessionList>('/api/me/sessions'),
  endSession: (id: string) => http.delete<{ ok: true }>(`/api/me/sessions/${encodeURIComponent(id)}`),

  workspace: (id: string, signal?: AbortSignal) =>
    http.get<{ workspace: Workspace }>(ws(id), undefined, signal),
  updateWorkspace: (id: string, change: { name?: string; baseCurrency?: string; timeZone?: string }) =>
    http.patch<{ workspace: Workspace }>(ws(id), change),
  catalog: (id: string, signal?: AbortSignal) => http.get<Catalog>(`${ws(id)}/catalog`, undefined, signal),
  validateFormula: (id: string, formula: string, mode: 'kpi' | 'filter') =>
    http.post<FormulaCheck>(`${ws(id)}/kpis/validate`, { formula, mode }),
  saveKpi: (id: string, kpiId: string, definition: KpiDefinition) =>
    http.put<{ kpi: CatalogKpi }>(`${ws(id)}/kpis/${encodeURIComponent(kpiId)}`, definition),
  deleteKpi: (id: string, kpiId: string) =>
    http.delete<{ ok: true }>(`${ws(id)}/kpis/${encodeURIComponent(kpiId)}`),

  query: (id: string, query: KpiQuery | PeriodKpiQuery) => http.post<QueryResult>(`${ws(id)}/query`, query),
  values: (id: string, dimension: string, params: ValuesParams, signal?: AbortSignal) =>
    http.get<DimensionValues>(`${ws(id)}/values/${encodeURIComponent(dimension)}`, params, signal),
  annotations: (id: string, window: { from: string; to: string }, signal?: AbortSignal) =>
    http.get<{ annotations: Annotation[] }>(`${ws(id)}/annotations`, window, signal),
  addAnnotation: (id: string, note: AnnotationInput) => http.post<Annotation>(`${ws(id)}/annotations`, note),
  importEventAnnotations: (id: string, window: { from: string; to: string }) =>
    http.post<{ annotations: Annotation[] }>(`${ws(id)}/annotations/import-events`, window),
  removeAnnotation: (id: string, noteId: string) =>
    http.delete<{ ok: true }>(`${ws(id)}/annotations/${encodeURIComponent(noteId)}`),
  views: (id: string, signal?: AbortSignal) =>
    http.get<{ views: SavedView[] }>(`${ws(id)}/views`, undefined, signal),
  saveView: (id: string, view: ViewInput) => http.post<SavedView>(`${ws(id)}/views`, view),
  boards: (id: string, signal?: AbortSignal) =>
    http.get<{ boards: Board[] }>(`${ws(id)}/boards`, undefined, signal),
  createBoard: (id: string, board: BoardInput) => http.post<Board>(`${ws(id)}/boards`, board),
  updateBoard: (id: string, boardId: string, board: BoardInput) =>
    http.put<Board>(`${ws(id)}/boards/${encodeURIComponent(boardId)}`, board),
  periods: (id: string, signal?: AbortSignal) =>
    http.get<PeriodChoices>(`${ws(id)}/periods`, undefined, signal),
  overview: (id: string, params: OverviewParams, signal?: AbortSignal) =>
    http.get<Overview>(`${ws(id)}/overview`, params, signal),
  compare: (id: string, table: ComparisonTable, params: ComparisonParams, signal?: AbortSignal) =>
    http.get<Comparison>(`${ws(id)}/compare/${table}`, params, signal),

  imports: (id: string, signal?: AbortSignal) =>
    http.get<{ imports: Import[] }>(`${ws(id)}/imports`, { limit: 50 }, signal),
  upload: (
    id: string,
    files: readonly File[],
    platform: string | undefined,
    onProgress: (loaded: number, total: number) => void,
  ) => upload<{ import: Import }>(`${ws(id)}/imports`, files, platform ? { platform } : {}, onProgress),
  previewImport: (id: string, importId: string, platform?: string) =>
    http.post<{ import: Import }>(`${ws(id)}/imports/${importId}/preview`, platform ? { platform } : {}),
  confirmImport: (id: string, importId: string) =>
    http.post<{ import: Import }>(`${ws(id)}/imports/${importId}/confirm`),
  cancelImport: (id: string, importId: string) =>
    http.delete<{ import: Import }>(`${ws(id)}/imports/${importId}`),
  /** The reasons in the page's language, whatever the browser's own `Accept-Language` says. */
  rejectedCsvUrl: (id: string, importId: string, lang: 'en' | 'zh') =>
    `${ws(id)}/imports/${importId}/rejected.csv?lang=${lang}`,

  members: (id: string, signal?: AbortSignal) =>
    http.get<{ members: Member[] }>(`${ws(id)}/members`, undefined, signal),
  addMember: (id: string, login: string, role: Role, scope: AccessScope | null = null) =>
    http.post<{ member: Member }>(`${ws(id)}/members`, { login, role, scope }),
  setMemberScope: (id: string, userId: string, scope: AccessScope | null) =>
    http.put<{ member: Member }>(`${ws(id)}/members/${userId}/scope`, { scope }),
  setRole: (id: string, userId: string, role: Role) =>
    http.patch<{ member: Member }>(`${ws(id)}/members/${userId}`, { role }),
  removeMember: (id: string, userId: string) => http.delete<{ ok: true }>(`${ws(id)}/members/${userId}`),

  shareLinks: (id: string, signal?: AbortSignal) =>
    http.get<{ links: ShareLink[] }>(`${ws(id)}/share-links`, undefined, signal),
  createShareLink: (
    id: string,
    label: string,
    expiresInDays: number,
    scope: AccessScope | null = null,
    pages: SharePage[] = ['overview'],
  ) =>
    http.post<{ link: ShareLink; token: string; path: string }>(`${ws(id)}/share-links`, {
      label,
      expiresInDays,
      scope,
      pages,
    }),
  revokeShareLink: (id: string, linkId: string) =>
    http.delete<{ link: ShareLink }>(`${ws(id)}/share-links/${linkId}`),

  audit: (id: string, before?: number, signal?: AbortSignal) =>
    http.get<{ entries: AuditEntry[] }>(`${ws(id)}/audit`, { limit: 50, before }, signal),

  users: (signal?: AbortSignal) =>
    http.get<{ users: AccountWithMemberships[] }>('/api/users', undefined, signal),
  createUser: (login: string, displayName: string, serverAdmin: boolean) =>
    http.post<{ user: User; generatedPassword?: string }>('/api/users', { login, displayName, serverAdmin }),
  updateUser: (userId: string, change: { disabled?: boolean; serverAdmin?: boolean; displayName?: string }) =>
    http.patch<{ user: User }>(`/api/users/${userId}`, change),

  // Targets and scorecards.
  targets: (id: string, signal?: AbortSignal) =>
    http.get<{ asOf: string; targets: TargetListItem[] }>(`${ws(id)}/targets`, undefined, signal),
  createTarget: (id: string, target: TargetCreateRequest) =>
    http.post<SavedTarget>(`${ws(id)}/targets`, target),
  bulkTargets: (id: string, request: BulkTargetRequest) =>
    http.post<BulkTargetResult>(`${ws(id)}/targets/bulk`, request),
  updateTarget: (id: string, targetId: string, change: TargetUpdateRequest) =>
    http.put<SavedTarget>(`${ws(id)}/targets/${encodeURIComponent(targetId)}`, change),
  suggestTarget: (id: string, params: SuggestParams, signal?: AbortSignal) =>
    http.get<TargetSuggestion>(`${ws(id)}/targets/suggest`, params, signal),
  targetPace: (id: string, targetId: string, signal?: AbortSignal) =>
    http.get<{ pace: Pace }>(`${ws(id)}/targets/${encodeURIComponent(targetId)}/pace`, undefined, signal),
  targetBreakdown: (id: string, targetId: string, signal?: AbortSignal) =>
    http.get<{ breakdown: Breakdown }>(
      `${ws(id)}/targets/${encodeURIComponent(targetId)}/breakdown`,
      undefined,
      signal,
    ),
  targetCheck: (id: string, targetId: string, signal?: AbortSignal) =>
    http.get<{ check: TargetCheck }>(
      `${ws(id)}/targets/${encodeURIComponent(targetId)}/check`,
      undefined,
      signal,
    ),
  scorecardTemplates: (id: string, signal?: AbortSignal) =>
    http.get<{ templates: ListedScorecardTemplate[] }>(`${ws(id)}/scorecard-templates`, undefined, signal),
  scorecard: (id: string, params: ScorecardParams, signal?: AbortSignal) =>
    http.get<ScorecardResult>(`${ws(id)}/scorecards`, params, signal),

  // Diagnosis.
  why: (id: string, params: WhyParams, signal?: AbortSignal) =>
    http.get<ChangeExplanation>(`${ws(id)}/why`, params, signal),
  weakestLink: (id: string, params: WeakestLinkParams, signal?: AbortSignal) =>
    http.get<WeakestLink>(`${ws(id)}/weakest-link`, params, signal),

  // Notifications: the member's own inbox and preferences; the workspace's settings (admins).
  inbox: (id: string, params: InboxParams, signal?: AbortSignal) =>
    http.get<Inbox>(`${ws(id)}/inbox`, params, signal),
  unread: (id: string, signal?: AbortSignal) =>
    http.get<{ unread: number }>(`${ws(id)}/inbox/unread`, undefined, signal),
  markRead: (id: string, entryId?: string) =>
    http.post<{ marked: number; unread: number }>(
      `${ws(id)}/inbox/read`,
      entryId === undefined ? {} : { id: entryId },
    ),
  notificationPreferences: (id: string, signal?: AbortSignal) =>
    http.get<NotificationPreferences>(`${ws(id)}/notifications/preferences`, undefined, signal),
  saveNotificationPreferences: (id: string, preferences: NotificationPreferences) =>
    http.put<NotificationPreferences>(`${ws(id)}/notifications/preferences`, preferences),
  notificationSettings: (id: string, signal?: AbortSignal) =>
    http.get<NotificationSettingsView>(`${ws(id)}/notifications/settings`, undefined, signal),
  saveNotificationSettings: (id: string, settings: NotificationSettingsUpdate) =>
    http.put<NotificationSettingsView>(`${ws(id)}/notifications/settings`, settings),
  testNotification: (id: string, target: { channel: 'email' } | { channel: 'webhook'; webhookId: string }) =>
    http.post<{ queued: string[] }>(`${ws(id)}/notifications/test`, target),
  deliveries: (id: string, limit: number, signal?: AbortSignal) =>
    http.get<{ deliveries: Delivery[] }>(`${ws(id)}/notifications/deliveries`, { limit }, signal),

  shareInfo: (token: string, signal?: AbortSignal) => http.get<ShareInfo>(share(token), undefined, signal),
  shareCatalog: (token: string, signal?: AbortSignal) =>
    http.get<Catalog>(`${share(token)}/catalog`, undefined, signal),
  shareOverview: (token: string, params: OverviewParams, signal?: AbortSignal) =>
    http.get<Overview>(`${share(token)}/overview`, params, signal),
};
