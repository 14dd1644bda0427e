/** `markpi serve`'s flags for proxies, TLS and session lifetimes. */
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isMarkpiError } from '@markpi/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Io } from '../context.js';
import { ASVS_SESSIONS, serveCommand, serveSecurityOptions } from './serve.js';

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return isMarkpiError(error) ? error.code : String(error);
  }
  return undefined;
}

describe('serve security flags', () => {
  it('gives ASVS level 2 session lifetimes with one flag, and explicit ones before it', () => {
    expect(ASVS_SESSIONS).toEqual({ idleMinutes: 30, absoluteHours: 12 });
    expect(serveSecurityOptions({ asvsSessions: true })).toEqual({
      sessionIdleMinutes: 30,
      sessionAbsoluteHours: 12,
    });
    expect(serveSecurityOptions({ asvsSessions: true, sessionIdle: '15' })).toEqual({
      sessionIdleMinutes: 15,
      sessionAbsoluteHours: 12,
    });
    // No flag keeps the server's own defaults (a week idle, 30 days in all).
    expect(serveSecurityOptions({})).toEqual({});
  });

  it('refuses lifetimes that are no positive numbers or idle longer than the whole', () => {
    expect(codeOf(() => serveSecurityOptions({ sessionIdle: '0' }))).toBe('invalid_flag');
    expect(codeOf(() => serveSecurityOptions({ sessionIdle: '-5' }))).toBe('invalid_flag');
    expect(codeOf(() => serveSecurityOptions({ sessionMax: '1e3' }))).toBe('invalid_flag');
    expect(codeOf(() => serveSecurityOptions({ sessionIdle: '121', sessionMax: '2' }))).toBe('invalid_flag');
    expect(serveSecurityOptions({ sessionIdle: '120', sessionMax: '2' })).toEqual({
      sessionIdleMinutes: 120,
      sessionAbsoluteHours: 2,
    });
  });

  it('reads proxies as a list and wants the certificate and its key together', () => {
    expect(serveSecurityOptions({ trustProxy: '127.0.0.1, 10.0.0.0/8,,loopback' })).toEqual({
      trustProxy: ['127.0.0.1', '10.0.0.0/8', 'loopback'],
    });
    expect(codeOf(() => serveSecurityOptions({ tlsCert: 'cert.pem' }))).toBe('invalid_flag');
    expect(codeOf(() => serveSecurityOptions({ tlsKey: 'key.pem' }))).toBe('invalid_flag');
  });

  it('reads the upload quota and expiry', () => {
    expect(
      serveSecurityOptions({ queryTimeout: '30', maxUpload: '50', uploadQuota: '512', uploadExpiry: '6' }),
    ).toEqual({
      queryTimeoutSeconds: 30,
      maxUploadMegabytes: 50,
      uploadQuotaMegabytes: 512,
      uploadExpiryHours: 6,
    });
    expect(codeOf(() => serveSecurityOptions({ uploadQuota: '1GB' }))).toBe('invalid_flag');
  });
});

describe('serve with --tls-cert and --tls-key', () => {
  let folder: string;
  let io: Io & { printed: string };
  beforeAll(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'markpi-serve-tls-'));
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
        '-keyout',
        path.join(folder, 'key.pem'),
        '-out',
        path.join(folder, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    const other = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    writeFileSync(
      path.join(folder, 'other-key.pem'),
      other.privateKey.export({ type: 'pkcs8', format: 'pem' }),
    );
    writeFileSync(path.join(folder, 'not-pem.txt'), 'hello');
    io = {
      printed: '',
      out(text) {
        io.printed += text;
      },
      err() {},
      env: {},
      cwd: folder,
    };
  });
  afterAll(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  async function refusal(tlsCert: string, tlsKey: string): Promise<string | undefined> {
    try {
      const handle = await serveCommand({ dataDir: path.join(folder, 'data'), port: 0, io, tlsCert, tlsKey });
      await handle.close();
    } catch (error) {
      return isMarkpiError(error) ? error.code : String(error);
    }
    return undefined;
  }

  it('refuses a file that is no PEM, a missing one and a key of another certificate, before starting', async () => {
    expect(await refusal('not-pem.txt', 'key.pem')).toBe('invalid_flag');
    expect(await refusal('cert.pem', 'missing.pem')).toBe('unreadable_file');
    expect(await refusal('cert.pem', 'other-key.pem')).toBe('invalid_flag');
  });

  it('starts an HTTPS server and prints its https address', async () => {
    const handle = await serveCommand({
      dataDir: path.join(folder, 'data'),
      port: 0,
      io,
      tlsCert: 'cert.pem',
      tlsKey: 'key.pem',
      ...serveSecurityOptions({ asvsSessions: true }),
    });
    try {
      expect(handle.url).toMatch(/^https:\/\/localhost:\d+$/);
      expect(io.printed).toContain(`markpi is running at ${handle.url}`);
      expect(handle.server.services.settings.sessionLifetimeMs).toBe(30 * 60_000);
      expect(handle.server.services.settings.sessionAbsoluteLifetimeMs).toBe(12 * 3_600_000);
      expect(handle.server.services.settings.uploadQuotaBytes).toBe(1024 * 1_048_576);
      expect(handle.server.services.settings.uploadExpiryMs).toBe(24 * 3_600_000);
      expect(handle.server.services.settings.queryTimeoutMs).toBe(60_000);
    } finally {
      await handle.close();
    }
  });
});
