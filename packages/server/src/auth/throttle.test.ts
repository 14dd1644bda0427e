import { describe, expect, it } from 'vitest';
import { backOffMs, FORGET_AFTER_MS, LONGEST_WAIT_MS, LoginThrottle } from './throttle.js';

function clock(start = Date.UTC(2026, 2, 1, 9)) {
  let ms = start;
  return {
    now: () => new Date(ms),
    advance(by: number) {
      ms += by;
    },
  };
}

describe('login back-off', () => {
  it('waits 1, 2, 4 … seconds past the free failures, capped at 15 minutes, by hand', () => {
    expect([4, 5, 6, 7, 8].map((failures) => backOffMs(failures, 5))).toEqual([0, 1000, 2000, 4000, 8000]);
    expect(backOffMs(5 + 9, 5)).toBe(512_000);
    expect(backOffMs(5 + 10, 5)).toBe(LONGEST_WAIT_MS);
    expect(backOffMs(1_000_000, 5)).toBe(LONGEST_WAIT_MS);
  });

  it('lets a guesser with ten addresses make only a handful of tries an hour on one account', () => {
    const time = clock();
    const throttle = new LoginThrottle(
      { perAccountAndAddress: 5, perAccount: 10, perAddress: 100 },
      time.now,
    );
    // The attacker tries as soon as the throttle allows, rotating ten addresses, for one hour.
    let tries = 0;
    for (let second = 0; second < 3600; second++) {
      const address = `10.0.0.${second % 10}`;
      if (throttle.admit(address, 'ownera').allowed) {
        throttle.failed(address, 'ownera');
        tries++;
      }
      time.advance(1000);
    }
    // Independently: 10 free failures, then waits of 1, 2, 4, … s (each try starts the next wait,
    // and tries land on whole seconds): count how many fit in the hour by summing the waits.
    let expected = 10;
    let elapsed = 10; // the free tries take one second each
    for (let wait = 1; elapsed + wait <= 3600; wait = Math.min(wait * 2, LONGEST_WAIT_MS / 1000)) {
      elapsed += wait;
      expected++;
    }
    expect(tries).toBe(expected);
    expect(tries).toBeLessThan(25);
  });

  it('does not lock out others behind one address, and a success clears the account', () => {
    const time = clock();
    const throttle = new LoginThrottle(
      { perAccountAndAddress: 5, perAccount: 10, perAddress: 100 },
      time.now,
    );
    const proxy = '192.0.2.1';
    for (let attempt = 0; attempt < 5; attempt++) throttle.failed(proxy, 'viewera');
    const limited = throttle.admit(proxy, 'viewera');
    expect(limited).toEqual({ allowed: false, retryAfterSeconds: 1 });
    // Colleagues behind the same proxy log in as usual.
    for (const login of ['editora', 'ownera', 'rootuser'])
      expect(throttle.admit(proxy, login).allowed).toBe(true);
    time.advance(1000);
    expect(throttle.admit(proxy, 'viewera').allowed).toBe(true);
    throttle.succeeded(proxy, 'viewera');
    throttle.failed(proxy, 'viewera');
    expect(throttle.admit(proxy, 'viewera').allowed).toBe(true);
  });

  it('slows one address trying many accounts, and forgets after a quiet quarter hour', () => {
    const time = clock();
    const throttle = new LoginThrottle(
      { perAccountAndAddress: 5, perAccount: 10, perAddress: 100 },
      time.now,
    );
    for (let index = 0; index < 100; index++) throttle.failed('198.51.100.7', `user${index}`);
    expect(throttle.admit('198.51.100.7', 'someone-else')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(throttle.admit('198.51.100.8', 'someone-else').allowed).toBe(true);
    for (let index = 0; index < 20; index++) throttle.failed('198.51.100.9', 'target');
    expect(throttle.admit('198.51.100.9', 'target')).toEqual({ allowed: false, retryAfterSeconds: 900 });
    // Forgotten a quiet quarter hour after the 15-minute wait ended, not before.
    time.advance(LONGEST_WAIT_MS + FORGET_AFTER_MS - 1000);
    throttle.failed('198.51.100.9', 'target');
    expect(throttle.admit('198.51.100.9', 'target')).toEqual({ allowed: false, retryAfterSeconds: 900 });
    time.advance(LONGEST_WAIT_MS + FORGET_AFTER_MS);
    expect(throttle.admit('198.51.100.9', 'target').allowed).toBe(true);
  });
});
