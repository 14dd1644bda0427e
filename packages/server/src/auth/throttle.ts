/**
 * Login throttling by failures, with a back-off (OWASP ASVS 2.2.1). Three counters, each keyed
 * differently, and an attempt goes ahead only when all three allow it:
 *
 * - one login name from one address (`perAccountAndAddress` free failures, default 5): the
 *   person who mistypes, or one guesser;
 * - one login name from every address (`perAccount`, default 10): guessing spread over many
 *   addresses, which no address counter sees;
 * - one address over every login name (`perAddress`, default 100): one client trying many
 *   accounts. Behind a reverse proxy every user shares the proxy's address unless the server
 *   trusts the proxy's `X-Forwarded-For`, so this counter counts failures only (never
 *   successful logins) and allows many: a colleague's typos do not lock anyone else out.
 *
 * Past its free failures, a counter makes the next attempt wait 1 s, then 2 s, 4 s, … doubling
 * with each further failure up to 15 minutes. A counter is forgotten once 15 minutes pass
 * after its wait ended with no new failure, and a successful login clears the counters of its
 * login name. Counters live in
 * memory, bounded in number (the oldest go first), so a flood of made-up names cannot grow it.
 */

export interface LoginThrottleLimits {
  perAccountAndAddress: number;
  perAccount: number;
  perAddress: number;
}

export const DEFAULT_LOGIN_THROTTLE: LoginThrottleLimits = {
  perAccountAndAddress: 5,
  perAccount: 10,
  perAddress: 100,
};

export const FIRST_WAIT_MS = 1_000;
export const LONGEST_WAIT_MS = 15 * 60_000;
export const FORGET_AFTER_MS = 15 * 60_000;
const MAX_COUNTERS = 100_000;

interface Counter {
  failures: number;
  lastFailureMs: number;
}

export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** The wait after `failures` failures when `free` of them cost nothing. */
export function backOffMs(failures: number, free: number): number {
  if (failures < free) return 0;
  const doublings = failures - free;
  // 2^14 s already exceeds the cap; stop there so the power never overflows.
  return Math.min(LONGEST_WAIT_MS, FIRST_WAIT_MS * 2 ** Math.min(doublings, 14));
}

export class LoginThrottle {
  private readonly counters = new Map<string, Counter>();

  constructor(
    private readonly limits: LoginThrottleLimits,
    private readonly now: () => Date,
  ) {}

  private keys(address: string, login: string): [string, number][] {
    return [
      [`pair\u0000${address}\u0000${login}`, this.limits.perAccountAndAddress],
      [`account\u0000${login}`, this.limits.perAccount],
      [`address\u0000${address}`, this.limits.perAddress],
    ];
  }

  /**
   * The counter, unless it is quiet for `FORGET_AFTER_MS` after its wait ended: counted from the
   * last failure alone, a wait as long as that window would end with the counter forgotten and
   * the free failures given back.
   */
  private counter(key: string, free: number, nowMs: number): Counter | undefined {
    const counter = this.counters.get(key);
    if (counter && nowMs - counter.lastFailureMs - backOffMs(counter.failures, free) >= FORGET_AFTER_MS) {
      this.counters.delete(key);
      return undefined;
    }
    return counter;
  }

  /** Whether an attempt to log in as `login` from `address` may go ahead now. */
  admit(address: string, login: string): ThrottleVerdict {
    const nowMs = this.now().getTime();
    let waitMs = 0;
    for (const [key, free] of this.keys(address, login)) {
      const counter = this.counter(key, free, nowMs);
      if (!counter) continue;
      const until = counter.lastFailureMs + backOffMs(counter.failures, free);
      waitMs = Math.max(waitMs, until - nowMs);
    }
    return waitMs > 0 ? { allowed: false, retryAfterSeconds: Math.ceil(waitMs / 1000) } : { allowed: true };
  }

  /** Counts a failed attempt against all three counters. */
  failed(address: string, login: string): void {
    const nowMs = this.now().getTime();
    for (const [key, free] of this.keys(address, login)) {
      const counter = this.counter(key, free, nowMs) ?? { failures: 0, lastFailureMs: nowMs };
      counter.failures++;
      counter.lastFailureMs = nowMs;
      // Re-inserted so the map's order is the order of last failures: the oldest go first.
      this.counters.delete(key);
      this.counters.set(key, counter);
    }
    while (this.counters.size > MAX_COUNTERS) {
      const oldest = this.counters.keys().next().value;
      if (oldest === undefined) break;
      this.counters.delete(oldest);
    }
  }

  /** A successful login clears its login name's counters; the address keeps its own. */
  succeeded(address: string, login: string): void {
    const [pair, account] = this.keys(address, login);
    this.counters.delete(pair![0]);
    this.counters.delete(account![0]);
  }
}
