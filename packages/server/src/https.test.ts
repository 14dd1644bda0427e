/**
 * Serving over HTTPS: a trusted reverse proxy's forwarded client address and scheme (and nobody
 * else's), `Secure` `__Host-` cookies over HTTPS, and a direct TLS listener with a certificate
 * made for the test.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StartedServer, startServer } from './start.js';
import { createHarness, type Harness } from './testing/harness.js';

const PROXY = '192.0.2.1';
const STRANGER = '198.51.100.9';

interface SetCookie {
  name: string;
  value: string;
  path?: string;
  domain?: string;
  secure?: boolean;
  httpOnly?: boolean;
  sameSite?: string;
}

describe('behind a trusted reverse proxy', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await createHarness({
      trustProxy: [PROXY, '10.9.0.0/16'],
      // Three failures from one client address, whatever the login names, then a wait.
      loginLimits: { perAccount: 100, perLogin: 100, perAddress: 3 },
    });
  });
  afterAll(async () => {
    await harness.close();
  });

  function send(peer: string, headers: Record<string, string>, options: Partial<InjectOptions> = {}) {
    return harness.server.app.inject({
      method: 'GET',
      url: '/api/me',
      remoteAddress: peer,
      headers,
      ...options,
    });
  }
  function login(peer: string, forwardedFor: string, login: string, password: string, proto = 'http') {
    return send(
      peer,
      { 'x-forwarded-for': forwardedFor, 'x-forwarded-proto': proto },
      { method: 'POST', url: '/api/auth/login', payload: { login, password } },
    );
  }

  it('throttles the client the proxy names, and other clients behind it log in', async () => {
    for (const name of ['nobody-1', 'nobody-2', 'nobody-3'])
      expect((await login(PROXY, '203.0.113.7', name, 'wrong-password')).statusCode).toBe(401);
    const { ownerA, viewerA } = harness.accounts;
    expect((await login(PROXY, '203.0.113.7', ownerA.login, ownerA.password)).statusCode).toBe(429);
    expect((await login(PROXY, '203.0.113.8', viewerA.login, viewerA.password)).statusCode).toBe(200);
    // A proxy of the listed range is trusted too.
    expect((await login('10.9.4.2', '203.0.113.9', viewerA.login, viewerA.password)).statusCode).toBe(200);
  });

  it('counts a peer that is no listed proxy by its own address, whatever it forwards', async () => {
    for (const spoofed of ['203.0.113.20', '203.0.113.21', '203.0.113.22'])
      expect((await login(STRANGER, spoofed, 'nobody', 'wrong-password')).statusCode).toBe(401);
    const { editorA } = harness.accounts;
    expect((await login(STRANGER, '203.0.113.23', editorA.login, editorA.password)).statusCode).toBe(429);
  });

  it('sets Secure __Host- cookies when the proxy says the client came over HTTPS', async () => {
    const { editorA } = harness.accounts;
    const response = await login(PROXY, '203.0.113.30', editorA.login, editorA.password, 'https');
    expect(response.statusCode).toBe(200);
    const cookies = response.cookies as SetCookie[];
    expect(cookies.map((cookie) => cookie.name).sort()).toEqual([
      '__Host-markpi_csrf',
      '__Host-markpi_session',
    ]);
    for (const cookie of cookies) {
      expect(cookie).toMatchObject({ path: '/', secure: true, sameSite: 'Lax' });
      expect(cookie.domain).toBeUndefined();
    }
    const session = cookies.find((cookie) => cookie.name === '__Host-markpi_session')!;
    expect(session.httpOnly).toBe(true);

    const overHttps = { 'x-forwarded-for': '203.0.113.30', 'x-forwarded-proto': 'https' };
    const me = await send(PROXY, { ...overHttps, cookie: `__Host-markpi_session=${session.value}` });
    expect(me.statusCode).toBe(200);
    // Over HTTPS the unprefixed name, which any page of the site could have set, is not read.
    const plain = await send(PROXY, { ...overHttps, cookie: `markpi_session=${session.value}` });
    expect(plain.statusCode).toBe(401);
  });

  it('believes no scheme from a peer that is no listed proxy', async () => {
    const { editorA } = harness.accounts;
    const response = await login(
      STRANGER.replace(/9$/, '10'),
      '203.0.113.31',
      editorA.login,
      editorA.password,
      'https',
    );
    expect(response.statusCode).toBe(200);
    const cookies = response.cookies as SetCookie[];
    expect(cookies.map((cookie) => cookie.name).sort()).toEqual(['markpi_csrf', 'markpi_session']);
    expect(cookies.every((cookie) => !cookie.secure)).toBe(true);
  });
});

describe('secure cookies asked for by the operator', () => {
  it('marks and prefixes the cookies on every request', async () => {
    const harness = await createHarness({ secureCookies: true });
    try {
      const { ownerA } = harness.accounts;
      const response = await harness.client().login(ownerA.login, ownerA.password);
      const cookies = response.cookies as SetCookie[];
      expect(cookies.map((cookie) => [cookie.name, cookie.secure])).toEqual([
        ['__Host-markpi_session', true],
        ['__Host-markpi_csrf', true],
      ]);
    } finally {
      await harness.close();
    }
  });
});

describe('a direct HTTPS listener', () => {
  let folder: string;
  let server: StartedServer;
  let certificate: string;
  beforeAll(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'markpi-tls-'));
    const certFile = path.join(folder, 'cert.pem');
    const keyFile = path.join(folder, 'key.pem');
    // A throwaway self-signed certificate for this machine's loopback address.
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
        '-keyout',
        keyFile,
        '-out',
        certFile,
      ],
      { stdio: 'ignore' },
    );
    certificate = readFileSync(certFile, 'utf8');
    server = await startServer({
      dataDir: path.join(folder, 'data'),
      webDir: null,
      port: 0,
      host: '127.0.0.1',
      tls: { cert: certificate, key: readFileSync(keyFile, 'utf8') },
    });
  });
  afterAll(async () => {
    await server.close();
    rmSync(folder, { recursive: true, force: true });
  });

  function fetchOverTls(
    method: 'GET' | 'POST',
    url: string,
    body?: unknown,
  ): Promise<{ status: number; setCookies: string[]; text: string }> {
    return new Promise((resolve, reject) => {
      const request = httpsRequest(
        url,
        {
          method,
          ca: certificate,
          headers: body === undefined ? {} : { 'content-type': 'application/json' },
        },
        (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => {
            text += chunk;
          });
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              setCookies: response.headers['set-cookie'] ?? [],
              text,
            }),
          );
        },
      );
      request.on('error', reject);
      request.end(body === undefined ? undefined : JSON.stringify(body));
    });
  }

  it('answers over HTTPS, verified against the certificate, and says so in its address', async () => {
    expect(server.url).toMatch(/^https:\/\/localhost:\d+$/);
    const port = new URL(server.url).port;
    const health = await fetchOverTls('GET', `https://127.0.0.1:${port}/api/health`);
    expect(health.status).toBe(200);
  });

  it('logs in with Secure __Host- cookies', async () => {
    const port = new URL(server.url).port;
    const admin = server.initialAdmin!;
    const response = await fetchOverTls('POST', `https://127.0.0.1:${port}/api/auth/login`, {
      login: admin.login,
      password: admin.password,
    });
    expect(response.status, response.text).toBe(200);
    expect(response.setCookies).toHaveLength(2);
    expect(response.setCookies[0]).toMatch(
      /^__Host-markpi_session=[^;]+; Max-Age=\d+; Path=\/; HttpOnly; Secure; SameSite=Lax$/,
    );
    expect(response.setCookies[1]).toMatch(
      /^__Host-markpi_csrf=[^;]+; Max-Age=\d+; Path=\/; Secure; SameSite=Lax$/,
    );
  });
});
