import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isMarkpiError } from '@markpi/core';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from '../start.js';
import { DEMO_HOST_MESSAGES, isLoopbackHost } from './demo-host.js';

describe('the demo account and the host', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'markpi-demo-host-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('tells loopback addresses from the rest, by hand', () => {
    for (const host of [
      '127.0.0.1',
      '127.1.2.3',
      'localhost',
      'LOCALHOST',
      '::1',
      '[::1]',
      '::ffff:127.0.0.1',
    ]) {
      expect(isLoopbackHost(host), host).toBe(true);
    }
    for (const host of [
      '0.0.0.0',
      '::',
      '[::]',
      '192.168.1.20',
      '10.0.0.1',
      'example.com',
      '128.0.0.1',
      '::2',
    ]) {
      expect(isLoopbackHost(host), host).toBe(false);
    }
  });

  it('refuses --demo-account with --host 0.0.0.0 before creating anything', async () => {
    const dataDir = path.join(folder, 'refused');
    let caught: unknown;
    try {
      await startServer({ dataDir, port: 0, host: '0.0.0.0', demoAccount: true, webDir: null });
    } catch (error) {
      caught = error;
    }
    expect(isMarkpiError(caught) && caught.code).toBe('invalid_flag');
    expect((caught as Error).message).toBe(DEMO_HOST_MESSAGES.en('0.0.0.0'));
    expect(DEMO_HOST_MESSAGES.zh('0.0.0.0')).toContain('本机');
    expect(existsSync(dataDir)).toBe(false);
  });

  it('starts with the demo account on the loopback address', async () => {
    const server = await startServer({
      dataDir: path.join(folder, 'loopback'),
      port: 0,
      host: '127.0.0.1',
      demoAccount: true,
      webDir: null,
    });
    try {
      expect(server.demoAccount?.login).toBeTruthy();
    } finally {
      await server.close();
    }
  });
});
