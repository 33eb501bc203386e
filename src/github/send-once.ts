import type { Logger } from "pino";
import { GitHubApiError } from "./github-api-error.ts";

/**
 * True when a mutation's outcome is unknown: GitHub may have stored it and still answered
 * 5xx, or the answer never arrived (a timeout, a reset connection). A 4xx is a refusal: nothing
 * was stored. Octokit reports network failures and timeouts as status 500 (or throws a non-HTTP
 * error), so both count as unknown.
 */
export function isOutcomeUnknown(error: unknown): boolean {
  if (error instanceof GitHubApiError) return error.status >= 500 || error.status === 408;
  if (error instanceof Error && error.name === "AbortError") return false;
  return error instanceof Error;
}

export interface SendOnceOptions<T> {
  /** What is being sent, for logs ("review", "check run", "reply"). */
  what: string;
  /** Sends the mutation once. */
  send: () => Promise<T>;
  /**
   * Looks the effect up by its identity (a hidden marker, an `external_id`); null when GitHub
   * does not have it. Must be a read: it may run after every unknown outcome.
   */
  find: () => Promise<T | null>;
  /** Sends at most this many times in all (default 3). */
  attempts?: number;
  /** Pause before looking after an unknown outcome, in ms (default 1000; tests use 0). */
  pauseMs?: number;
  log: Logger;
  /** Stops between attempts (the job's lease was lost or the worker hands the job back). */
  signal?: AbortSignal;
}

/**
 * Sends a non-idempotent mutation at most once per intent. GitHub's POST endpoints take no
 * idempotency key, so after an unknown outcome (5xx, timeout) the effect is looked up by its
 * identity before anything is sent again: found → adopted, not found → sent again (GitHub did
 * not store it). When the outcome stays unknown after `attempts` sends, the last error is
 * thrown; the job's retry looks again before sending (callers look first on every attempt).
 */
export async function sendOnce<T>(options: SendOnceOptions<T>): Promise<T> {
  const attempts = options.attempts ?? 3;
  const pauseMs = options.pauseMs ?? 1000;
  for (let attempt = 1; ; attempt++) {
    options.signal?.throwIfAborted();
    try {
      return await options.send();
    } catch (error) {
      if (!isOutcomeUnknown(error)) throw error;
      options.log.warn(
        { err: error, what: options.what, attempt },
        "GitHub's answer to a mutation was lost; looking for it before sending again",
      );
      if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs * attempt));
      options.signal?.throwIfAborted();
      const found = await options.find();
      if (found !== null) {
        options.log.info({ what: options.what }, "GitHub had stored it: adopted, not sent again");
        return found;
      }
      if (attempt >= attempts) throw error;
    }
  }
}
