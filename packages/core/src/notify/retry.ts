/**
 * When a failed delivery is tried again: exponential backoff with a ceiling, never sooner than
 * the platform asked (Retry-After), and a last attempt after which the message is failed for a
 * person to look at. No jitter: one server sends, so there is no herd to spread.
 */

export interface RetryPolicy {
  /** Wait after the first failed attempt; doubled after each further one. */
  firstDelayMs: number;
  maxDelayMs: number;
  /** Attempts in all, the first included. */
  maxAttempts: number;
}

/** 1, 2, 4, … 32 minutes, then hourly: ten attempts span about four hours. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  firstDelayMs: 60_000,
  maxDelayMs: 3_600_000,
  maxAttempts: 10,
};

/** The wait after `attempts` failed attempts (1 after the first). */
export function retryDelayMs(policy: RetryPolicy, attempts: number, retryAfterMs = 0): number {
  const doublings = Math.max(0, attempts - 1);
  // 2^doublings overflows nothing: the ceiling is reached long before.
  const backoff = Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** Math.min(doublings, 40));
  return Math.max(backoff, retryAfterMs);
}

/** When to try again after `attempts` failed attempts, or null when they are used up. */
export function nextAttemptAt(
  policy: RetryPolicy,
  attempts: number,
  now: Date,
  retryAfterMs?: number,
): Date | null {
  if (attempts >= policy.maxAttempts) return null;
  return new Date(now.getTime() + retryDelayMs(policy, attempts, retryAfterMs));
}
