import type { InstallationOctokit } from "./github-clients.ts";

/** Default of `REVIEWLOOP_GITHUB_TIMEOUT_MS`. */
export const DEFAULT_GITHUB_TIMEOUT_MS = 30_000;

/** How the per-job client's requests are bounded. */
export interface GuardOptions {
  /** The job's signal: once aborted, no request starts and those in flight are aborted. */
  signal: AbortSignal;
  /** Longest wait for one HTTP exchange with GitHub, in ms (`REVIEWLOOP_GITHUB_TIMEOUT_MS`). */
  timeoutMs: number;
}

/** Requests a generic retry may resend: reads, the token exchange, and our GraphQL calls. */
function mayRetry(method: string, url: string): boolean {
  if (method === "GET" || method === "HEAD") return true;
  // The installation-token exchange stores nothing anyone sees; a second token is harmless.
  if (url.startsWith("/app/")) return true;
  // GraphQL: the pass sends reviewThreads queries (reads) and resolveReviewThread, which is
  // idempotent (resolving a resolved thread changes nothing). A new GraphQL mutation that is
  // not idempotent must not be sent through a client guarded only by this.
  return url === "/graphql";
}

function jobAborted(signal: AbortSignal): DOMException {
  const reason = signal.reason instanceof Error ? signal.reason.message : String(signal.reason);
  return new DOMException(`The job was aborted (${reason})`, "AbortError");
}

/**
 * Guards one job's installation client (apply it right after the client is made, before any
 * request):
 * - `@octokit/plugin-retry` resends any failed request on a 5xx, POST included; GitHub may have
 *   stored a review or check run and still answered 502, so a blind resend stores it twice.
 *   Mutations get `request.retries = 0` (the plugin reads it per request); the caller decides,
 *   with `sendOnce`, after looking whether GitHub stored it. Reads keep retrying. The throttling
 *   plugin stays on: a 403/429 rate-limit answer stored nothing, so waiting and resending is safe.
 * - Every HTTP exchange gets a timeout (a timed-out mutation is an unknown outcome, a timed-out
 *   read is retried like a 5xx), and the job's signal: an aborted job starts no request and its
 *   requests in flight are aborted.
 */
export function guardRequests(octokit: InstallationOctokit, options: GuardOptions): void {
  const { signal, timeoutMs } = options;
  octokit.hook.wrap("request", async (request, endpoint) => {
    if (signal.aborted) throw jobAborted(signal);
    const method = (endpoint.method ?? "GET").toUpperCase();
    const settings = endpoint.request ?? {};
    const fetchOnce = settings.fetch ?? ((url: string, init: RequestInit) => fetch(url, init));
    // Wrapping fetch (not the whole request) times each exchange on its own: a read the retry
    // plugin resends gets a fresh timeout, and the throttling plugin's waits are not cut short.
    const guardedFetch = async (url: string, init: RequestInit = {}) => {
      try {
        if (signal.aborted) throw signal.reason;
        return await fetchOnce(url, {
          ...init,
          signal: AbortSignal.any([
            ...(init.signal ? [init.signal] : []),
            signal,
            AbortSignal.timeout(timeoutMs),
          ]),
        });
      } catch (error) {
        // Octokit passes an AbortError through untouched (no retry); anything else would become
        // a 500 that the retry plugin resends to a job that is already gone.
        if (signal.aborted) throw jobAborted(signal);
        throw error;
      }
    };
    endpoint.request = {
      ...settings,
      fetch: guardedFetch,
      ...(mayRetry(method, String(endpoint.url)) ? {} : { retries: 0 }),
    };
    return request(endpoint);
  });
}
