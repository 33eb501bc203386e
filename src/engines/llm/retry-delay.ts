/** The longest wait a `retry-after` / `retry-after-ms` header is honoured for. */
export const MAX_RETRY_AFTER_MS = 60_000;
/** The first backoff step and the backoff's cap when the provider says nothing. */
export const BASE_DELAY_MS = 1_000;
export const MAX_BACKOFF_MS = 30_000;

/**
 * How long to wait before retry number `attempt` (1 for the first retry). The provider's
 * `retry-after-ms`, else `retry-after` (seconds or an HTTP date, measured from `now`), capped at
 * 60 s; without a usable header, 1 s, 2 s, 4 s … capped at 30 s. Deterministic (no jitter): the
 * requests of one pass are already spread by the concurrency limit.
 */
export function retryDelayMs(
  attempt: number,
  headers: Record<string, string> | undefined,
  now: number,
): number {
  const told = toldDelayMs(headers, now);
  if (told !== undefined) return Math.min(told, MAX_RETRY_AFTER_MS);
  const step = Math.max(1, Math.floor(attempt));
  return Math.min(BASE_DELAY_MS * 2 ** (step - 1), MAX_BACKOFF_MS);
}

function toldDelayMs(headers: Record<string, string> | undefined, now: number): number | undefined {
  if (headers === undefined) return undefined;
  const ms = header(headers, "retry-after-ms");
  if (ms !== undefined && /^\s*\d+(\.\d+)?\s*$/.test(ms)) return Math.ceil(Number(ms));
  const after = header(headers, "retry-after");
  if (after === undefined) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(after)) return Math.ceil(Number(after) * 1000);
  const date = Date.parse(after);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function header(headers: Record<string, string>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return value;
  }
  return undefined;
}
