/**
 * A failed GitHub request, in the terms the rest of the app branches on. The job queue reads
 * `retryAfterMs` (rate limits: wait as told) and `permanent` (retrying cannot help).
 */
export class GitHubApiError extends Error {
  override name = "GitHubApiError";
  readonly status: number;
  readonly method: string;
  readonly url: string;
  /** Set for rate limits: how long GitHub asked us to wait. */
  readonly retryAfterMs?: number;
  /** True when retrying the same request cannot succeed (4xx other than rate limits). */
  readonly permanent: boolean;

  constructor(init: {
    status: number;
    method: string;
    url: string;
    message: string;
    retryAfterMs?: number;
  }) {
    super(`${init.method} ${init.url} → ${init.status}: ${init.message}`);
    this.status = init.status;
    this.method = init.method;
    this.url = init.url;
    this.retryAfterMs = init.retryAfterMs;
    const rateLimited = init.retryAfterMs !== undefined;
    this.permanent = init.status >= 400 && init.status < 500 && !rateLimited && init.status !== 408;
  }

  /** The PR, repository or installation is gone: stop cleanly, nothing to retry. */
  get isNotFound(): boolean {
    return this.status === 404 || this.status === 410;
  }
}

interface OctokitRequestError {
  status: number;
  message: string;
  request?: { method?: string; url?: string };
  response?: { headers?: Record<string, string | number | undefined> };
}

function isRequestError(error: unknown): error is OctokitRequestError {
  return (
    typeof error === "object" &&
    error !== null &&
    typeof (error as { status?: unknown }).status === "number" &&
    typeof (error as { message?: unknown }).message === "string"
  );
}

/** GitHub's rate-limit answer → milliseconds to wait, per GitHub's documented rules. */
export function rateLimitDelayMs(
  status: number,
  headers: Record<string, string | number | undefined>,
  now = Date.now(),
): number | undefined {
  if (status !== 403 && status !== 429) return undefined;
  const retryAfter = Number(headers["retry-after"]);
  if (Number.isFinite(retryAfter) && retryAfter >= 0) return retryAfter * 1000;
  if (String(headers["x-ratelimit-remaining"]) === "0") {
    const reset = Number(headers["x-ratelimit-reset"]) * 1000;
    if (Number.isFinite(reset)) return Math.max(1000, reset - now);
  }
  // A 429, or a 403 that says it is a secondary limit, without a hint: wait at least a minute.
  return status === 429 ? 60_000 : undefined;
}

/** Converts Octokit's RequestError into a GitHubApiError; anything else is returned unchanged. */
export function toGitHubApiError(error: unknown): unknown {
  if (!isRequestError(error) || error instanceof GitHubApiError) return error;
  const headers = error.response?.headers ?? {};
  let retryAfterMs = rateLimitDelayMs(error.status, headers);
  if (
    retryAfterMs === undefined &&
    error.status === 403 &&
    /secondary rate limit/i.test(error.message)
  ) {
    retryAfterMs = 60_000;
  }
  return new GitHubApiError({
    status: error.status,
    method: error.request?.method ?? "?",
    url: error.request?.url ?? "?",
    message: error.message,
    retryAfterMs,
  });
}
