/** Tuning of `computeBackoff`. */
export interface BackoffOptions {
  /** Delay range of the first retry starts here (default 1 s). */
  baseMs?: number;
  /** No delay is longer (default 15 min). */
  maxMs?: number;
  /** Source of jitter in [0, 1) (tests pass a fixed one). */
  random?: () => number;
}

/**
 * Delay before retrying after failed attempt `attempt` (1-based): a random point in
 * [base·2^(n-1), base·2^n), capped at `maxMs`. The ranges of successive attempts touch but never
 * overlap, so every retry waits longer than the one before (until the cap), while jitter still
 * spreads retries of jobs that failed together.
 */
export function computeBackoff(attempt: number, options: BackoffOptions = {}): number {
  const baseMs = options.baseMs ?? 1000;
  const maxMs = options.maxMs ?? 15 * 60_000;
  const random = options.random ?? Math.random;
  const floor = baseMs * 2 ** (Math.max(1, attempt) - 1);
  return Math.min(maxMs, Math.floor(floor * (1 + random())));
}
