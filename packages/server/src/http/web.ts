/**
 * The built web UI: static files from its `dist` folder, and `index.html` for every other
 * non-API path so the single-page app can route on the client. Without a build, a plain page
 * says how to make one. API paths never fall back to HTML: an unknown one is a JSON 404.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Pages and scripts come only from this server; ECharts needs inline styles and data: images. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

const PLACEHOLDER = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>markpi</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#222}code{background:#f3f3f3;padding:.1em .3em}</style>
</head>
<body>
<h1>markpi</h1>
<p>The API is running, but the web dashboard has not been built.</p>
<p>Build it with <code>npm run build -w @markpi/web</code> and restart the server.</p>
<p>The API is described at <a href="/api/openapi.json">/api/openapi.json</a>.</p>
</body>
</html>
`;

export function isApiPath(url: string): boolean {
  return url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');
}

function notFoundJson(request: FastifyRequest, reply: FastifyReply) {
  return reply.status(404).send({
    error: {
      code: 'not_found',
      message: `no route ${request.method} ${request.url.split('?')[0]}`,
      problems: [],
    },
  });
}

function wantsPage(request: FastifyRequest): boolean {
  return (request.method === 'GET' || request.method === 'HEAD') && !isApiPath(request.url);
}

export async function registerWebUi(app: FastifyInstance, webDir: string | null): Promise<void> {
  const built = webDir !== null && existsSync(path.join(webDir, 'index.html'));
  if (built) {
    await app.register(fastifyStatic, { root: path.resolve(webDir), prefix: '/', index: ['index.html'] });
  }
  app.setNotFoundHandler((request, reply) => {
    if (!wantsPage(request)) return notFoundJson(request, reply);
    reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    if (built) return reply.type('text/html; charset=utf-8').sendFile('index.html');
    return reply.type('text/html; charset=utf-8').send(PLACEHOLDER);
  });
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    // Share-link URLs carry their token; never hand it to another site in a Referer header.
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    if (isApiPath(request.url)) reply.header('cache-control', 'no-store');
    else if (!reply.hasHeader('content-security-policy'))
      reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    return payload;
  });
}
