/**
 * The app factory. `createServer` opens the metadata database in the data directory and
 * returns a fastify app with every route mounted; it doesn't listen, so tests drive it with
 * `app.inject`. `startServer` (start.ts) adds first-start accounts and listening.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import { cachedWarehouse, openDuckDbWarehouse, SERVER_MIGRATIONS } from '@markpi/store';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { LoginThrottle } from './auth/throttle.js';
import { languageOfRequest, renderError } from './errors.js';
import { buildOpenApiDocument } from './http/openapi.js';
import { registerRoutes } from './http/register.js';
import type { Route } from './http/route.js';
import { registerWebUi } from './http/web.js';
import type { ImportAdapter } from './imports/adapter.js';
import { expireUploads } from './imports/expiry.js';
import { importersAdapter } from './imports/importers-adapter.js';
import { LocalChannel } from './local/channel.js';
import { normalizeLogin } from './meta/users.js';
import { mountNotifications, type NotificationOptions } from './notify/mount.js';
import { analyticsRoutes } from './routes/analytics.js';
import { annotationRoutes } from './routes/annotations.js';
import { attributionRoutes } from './routes/attribution.js';
import { auditRoutes } from './routes/audit.js';
import { authRoutes, type LoginGuard } from './routes/auth.js';
import { boardRoutes } from './routes/boards.js';
import { catalogRoutes } from './routes/catalog.js';
import { creatorRoutes } from './routes/creators.js';
import { customerRoutes } from './routes/customers.js';
import { diagnosisRoutes } from './routes/diagnosis.js';
import { importRoutes } from './routes/imports.js';
import { liftRoutes } from './routes/lift.js';
import { mappingRoutes } from './routes/mapping.js';
import { monitorRoutes } from './routes/monitor.js';
import { periodRoutes } from './routes/periods.js';
import { rollupRoutes } from './routes/rollups.js';
import { sessionRoutes } from './routes/sessions.js';
import { shareLinkRoutes, shareRoutes } from './routes/share-links.js';
import { systemRoutes } from './routes/system.js';
import { targetRoutes } from './routes/targets.js';
import { userRoutes } from './routes/users.js';
import { valuesRoutes } from './routes/values.js';
import { workspaceRoutes } from './routes/workspaces.js';
import { createServices, type LoginLimits, type Services } from './services.js';

export const SERVER_VERSION = '0.1.0';
export const META_DATABASE_FILE = 'server.duckdb';

/** Where `npm run build -w @markpi/web` puts the dashboard (the same from `src/` and `dist/`). */
export const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../web/dist', import.meta.url));

export interface CreateServerOptions {
  /** Holds `server.duckdb`, `workspaces/`, `uploads/` and `trash/`. Created when missing. */
  dataDir: string;
  /** The built web UI; default `packages/web/dist`; null serves no pages at all (API only). */
  webDir?: string | null;
  /**
   * Mark cookies Secure (and name them `__Host-…`) on every request. Without it they are so on
   * requests that came over HTTPS: `tls`, or a trusted proxy's `X-Forwarded-Proto: https`.
   */
  secureCookies?: boolean;
  /**
   * Which peers may say, in `X-Forwarded-For` and `X-Forwarded-Proto`, who the client is and
   * which scheme it used: addresses and CIDR ranges (`127.0.0.1`, `10.0.0.0/8`, `loopback`), or
   * true for any peer (only when no client can reach the server but through the proxy). The
   * client address they give is the one login throttling counts.
   */
  trustProxy?: boolean | string | readonly string[];
  /** Listen with HTTPS: a PEM certificate (chain) and its private key. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** Idle lifetime of a login session; default 7 days. */
  sessionLifetimeHours?: number;
  /** Absolute lifetime of a login session, however often it is used; default 30 days. */
  sessionAbsoluteHours?: number;
  /**
   * Failed logins before the back-off starts: default 5 per login name and address, 10 per
   * login name, 100 per address.
   */
  loginLimits?: Partial<LoginLimits>;
  /** Largest accepted upload file; default 200 MB. */
  maxUploadMegabytes?: number;
  /** What one workspace's unconfirmed uploads may hold together; default 1024 MB. */
  uploadQuotaMegabytes?: number;
  /** Unconfirmed uploads are deleted this long after their last preview; default 24 hours. */
  uploadExpiryHours?: number;
  /** How long one request's reads may run before they are stopped; default 60 seconds. */
  queryTimeoutSeconds?: number;
  /** How uploads are previewed and loaded; default `@markpi/importers`. */
  importAdapter?: ImportAdapter;
  /** The clock; tests move it to expire sessions and share links. */
  now?: () => Date;
  /** DuckDB's memory limit for each workspace it opens (`768MB`); default DuckDB's own. */
  workspaceMemoryLimit?: string;
  /** Email and webhook delivery, monitor and digest runs: the loop runs unless `worker: false`. */
  notifications?: NotificationOptions;
  /** Fastify's logger: false (default) or a level. */
  logLevel?: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | false;
}

export interface MarkpiServer {
  app: FastifyInstance;
  services: Services;
  /** The route table: what is mounted and documented. */
  routes: readonly Route[];
  /** CLI commands on this machine reach a workspace the server holds through it. */
  localChannel: LocalChannel;
  /** Stops the app and closes every database it opened. */
  close(): Promise<void>;
}

/** Share tokens travel in URLs; logs get the route shape, never the token. */
function redactedUrl(url: string): string {
  return url
    .replace(/^\/api\/share\/[^/?]+/, '/api/share/<token>')
    .replace(/^\/share\/[^/?]+/, '/share/<token>');
}

function loginFromBody(request: FastifyRequest): string {
  const body = request.body as { login?: unknown } | undefined;
  return typeof body?.login === 'string' ? normalizeLogin(body.login) : '';
}

/** Fastify's `trustProxy`: a list of addresses becomes the comma-separated text proxy-addr reads. */
function trustProxySetting(trust: CreateServerOptions['trustProxy']): boolean | string {
  if (trust === undefined || trust === false) return false;
  if (trust === true) return true;
  const list = typeof trust === 'string' ? [trust] : [...trust];
  const addresses = list
    .flatMap((entry) => entry.split(','))
    .map((entry) => entry.trim())
    .filter(Boolean);
  return addresses.length > 0 ? addresses.join(',') : false;
}

export async function createServer(options: CreateServerOptions): Promise<MarkpiServer> {
  const dataDir = path.resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const now = options.now ?? (() => new Date());
  const meta = await openDuckDbWarehouse({
    path: path.join(dataDir, META_DATABASE_FILE),
    migrations: SERVER_MIGRATIONS,
  });
  const services = createServices(
    // Every request reads its session, its user, the workspace and its membership (or its share
    // link). This process is the one writer of the metadata (DuckDB lets one process open the
    // file), and every write goes through this handle and forgets every kept read (a transaction's
    // on its commit or rollback), so a logout, a revoked session or link, a password change, a
    // role, scope or membership change is seen by the very next request.
    cachedWarehouse(meta, { maxEntries: 2000 }),
    {
      dataDir,
      secureCookies: options.secureCookies ?? false,
      sessionLifetimeMs: (options.sessionLifetimeHours ?? 24 * 7) * 3_600_000,
      sessionAbsoluteLifetimeMs: (options.sessionAbsoluteHours ?? 24 * 30) * 3_600_000,
      loginLimits: { perAccount: 5, perLogin: 10, perAddress: 100, ...options.loginLimits },
      maxUploadBytes: (options.maxUploadMegabytes ?? 200) * 1_048_576,
      maxUploadFiles: 20,
      uploadQuotaBytes: Math.round((options.uploadQuotaMegabytes ?? 1024) * 1_048_576),
      uploadExpiryMs: (options.uploadExpiryHours ?? 24) * 3_600_000,
      queryTimeoutMs: (options.queryTimeoutSeconds ?? 60) * 1000,
      version: SERVER_VERSION,
      ...(options.workspaceMemoryLimit ? { workspaceMemoryLimit: options.workspaceMemoryLimit } : {}),
    },
    now,
    options.importAdapter ?? importersAdapter,
  );
  await services.imports.failInterrupted(now().toISOString());
  // Uploads left unconfirmed go at start and then as they expire (at most an hour late).
  await expireUploads(services);
  const sweep = setInterval(
    () => void expireUploads(services).catch(() => undefined),
    Math.min(3_600_000, Math.max(1000, services.settings.uploadExpiryMs / 4)),
  );
  sweep.unref();
  await services.sessions.deleteExpired();

  const level = options.logLevel ?? false;
  const app = Fastify({
    trustProxy: trustProxySetting(options.trustProxy),
    // The HTTPS listener; the app's type stays the HTTP one, as routes see no difference.
    ...(options.tls ? ({ https: { cert: options.tls.cert, key: options.tls.key } } as object) : {}),
    logger:
      level === false
        ? false
        : {
            level,
            serializers: {
              req: (request: FastifyRequest) => ({
                method: request.method,
                url: redactedUrl(request.url),
                remoteAddress: request.ip,
              }),
            },
          },
    // Cookies, not bodies, carry sessions; 1 MB is plenty for any JSON this API takes.
    bodyLimit: 1_048_576,
  });

  await app.register(fastifyCookie);
  await app.register(fastifyMultipart);
  await app.register(fastifyRateLimit, { global: false });

  // JSON only: without a text/plain parser a cross-site form can't post to the API at all.
  app.removeContentTypeParser('text/plain');
  // An empty body with a JSON content type (a bodiless DELETE from some clients) is no body.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') done(null, undefined);
    else parseJson(request, text, done);
  });

  const { loginLimits } = services.settings;
  const throttle = new LoginThrottle(
    {
      perAccountAndAddress: loginLimits.perAccount,
      perAccount: loginLimits.perLogin,
      perAddress: loginLimits.perAddress,
    },
    now,
  );
  const loginGuard: LoginGuard = {
    admit: (request) => throttle.admit(request.ip, loginFromBody(request)),
    failed: (request) => throttle.failed(request.ip, loginFromBody(request)),
    succeeded: (request) => throttle.succeeded(request.ip, loginFromBody(request)),
  };

  const routes: Route[] = [];
  let openApiDocument: Record<string, unknown> | undefined;
  routes.push(
    ...systemRoutes(() => {
      openApiDocument ??= buildOpenApiDocument(routes, SERVER_VERSION);
      return openApiDocument;
    }),
    ...authRoutes(loginGuard),
    ...sessionRoutes,
    ...userRoutes,
    ...workspaceRoutes,
    ...catalogRoutes,
    ...analyticsRoutes,
    ...rollupRoutes,
    ...periodRoutes,
    ...valuesRoutes,
    ...annotationRoutes,
    ...boardRoutes,
    ...diagnosisRoutes,
    ...monitorRoutes,
    ...liftRoutes,
    ...attributionRoutes,
    ...creatorRoutes,
    ...customerRoutes,
    ...targetRoutes,
    ...importRoutes,
    ...mappingRoutes,
    ...shareLinkRoutes,
    ...shareRoutes,
    ...auditRoutes,
  );

  app.setErrorHandler((error, request, reply) => {
    const rendered = renderError(error, languageOfRequest(request.headers['accept-language']));
    if (rendered.internal) request.log.error({ err: error }, 'request failed');
    return reply.status(rendered.status).send(rendered.body);
  });
  registerRoutes(app, routes, services);
  await mountNotifications(app, routes, services, options.notifications);
  const localChannel = new LocalChannel();
  localChannel.register(app, services);
  await registerWebUi(app, options.webDir === undefined ? DEFAULT_WEB_DIR : options.webDir);

  app.addHook('onClose', async () => {
    clearInterval(sweep);
    await localChannel.close();
    await services.registry.closeAll();
    await meta.close();
  });
  await app.ready();
  return { app, services, routes, localChannel, close: () => app.close() };
}
