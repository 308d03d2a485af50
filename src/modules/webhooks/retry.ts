/** When failed deliveries are tried again. */
export interface RetryPolicy {
  /** Step after the first failure; doubles after each further one. */
  baseMs: number;
  /** No step is longer than this. */
  capMs: number;
  /** No attempt is scheduled later than this after the first attempt; then the delivery is dead. */
  windowMs: number;
  /** Floor of a jittered delay, so a retry never follows immediately. */
  minMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  baseMs: 60_000,
  capMs: 60 * 60_000,
  windowMs: 72 * 60 * 60_000,
  minMs: 1_000,
};

/**
 * Delay after the `failedAttempts`-th failed attempt (1, 2, …): "full jitter" over the
 * exponential step min(cap, base · 2^(n−1)) — 1 min, 2, 4, 8, 16, 32, then 1 h — so receivers
 * that come back after an outage are not hit by every sender at the same instant.
 */
export function retryDelayMs(failedAttempts: number, policy: RetryPolicy, random: () => number): number {
  const exponent = Math.min(Math.max(failedAttempts - 1, 0), 30);
  const step = Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
  return Math.max(policy.minMs, Math.round(step * Math.min(Math.max(random(), 0), 1)));
}

/** When to try again after a failed attempt, or null when the retry window is used up (dead). */
export function nextAttemptAt(
  failedAttempts: number,
  firstAttemptAt: Date,
  now: Date,
  policy: RetryPolicy,
  random: () => number,
): Date | null {
  const at = now.getTime() + retryDelayMs(failedAttempts, policy, random);
  return at - firstAttemptAt.getTime() > policy.windowMs ? null : new Date(at);
}
