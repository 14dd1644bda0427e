/** The markpi HTTP server: API, accounts and workspaces, and the web UI's files. */
export type * as Api from './api-types.js';
export { CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE } from './auth/cookies.js';
export { hashPassword, verifyPassword } from './auth/passwords.js';
export { ROLES, type Role } from './auth/roles.js';
export { HTTP_STATUSES, renderError, statusOf } from './errors.js';
export { buildOpenApiDocument, openApiPath } from './http/openapi.js';
export type { Access, HttpMethod, Route } from './http/route.js';
export type {
  ColumnMapping,
  FileReport,
  ImportAdapter,
  ImportOptions,
  ImportReport,
  ImportRequest,
  RejectedRow,
  UploadedFile,
} from './imports/adapter.js';
export { importersNotReadyAdapter } from './imports/adapter.js';
export { importersAdapter } from './imports/importers-adapter.js';
export type { NotificationOptions } from './notify/mount.js';
export { type RunOnceOptions, type RunOnceReport, runNotificationsOnce } from './notify/run-once.js';
export type { TickReport } from './notify/worker.js';
export {
  type CreateServerOptions,
  createServer,
  DEFAULT_WEB_DIR,
  type MarkpiServer,
  META_DATABASE_FILE,
  SERVER_VERSION,
} from './server.js';
export type { Services } from './services.js';
export {
  DEMO_LOGIN,
  DEMO_PASSWORD,
  type DemoAccountOptions,
  FIRST_ADMIN_LOGIN,
  type LoginDetails,
  type StartedServer,
  type StartServerOptions,
  startServer,
} from './start.js';
