/**
 * The demo account's password is printed and documented, so anyone who can reach the server
 * can log in with it: it may only be served on this machine's loopback addresses. `0.0.0.0`
 * and `::` listen on every interface and are refused with the rest.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { MarkpiError } from '@markpi/core';

export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (bare === 'localhost') return true;
  if (isIPv4(bare)) return bare.startsWith('127.');
  if (isIPv6(bare)) return bare === '::1' || /^::ffff:127\./.test(bare);
  return false;
}

export const DEMO_HOST_MESSAGES = {
  en: (host: string) =>
    `--demo-account publishes a known password, so it serves this machine only; --host ${host} reaches others`,
  zh: (host: string) => `--demo-account 的密码是公开的，只能在本机使用；--host ${host} 会让其他机器也能访问`,
};

/** Refuses a demo account on an address other machines reach. */
export function checkDemoAccountHost(host: string, demoAccount: unknown): void {
  if (!demoAccount || isLoopbackHost(host)) return;
  const message = DEMO_HOST_MESSAGES.en(host);
  throw new MarkpiError('invalid_flag', message, [
    {
      message,
      path: '--host',
      hint: 'drop --demo-account (the first start prints an admin password to log in with), or serve on 127.0.0.1',
    },
  ]);
}
