import { GitHubApiError, toGitHubApiError } from "../github/github-api-error.ts";

/**
 * The part of Octokit the GitHub dispatch targets use: `octokit.request(route, parameters)`.
 * The app passes its guarded installation client (`jobInstallationClient`), so mutations are
 * never resent by the retry plugin and every exchange has a timeout; reads keep retrying.
 */
export interface GitHubRequester {
  request(
    route: string,
    parameters?: Record<string, unknown>,
  ): Promise<{ status: number; data: unknown }>;
}

/** A dispatch GitHub refused: nothing started. */
export interface Refusal {
  ok: false;
  status: number;
  message: string;
}

/** GitHub's own words from an error answer: `message`, and the `errors` detail when given. */
function githubMessage(error: unknown, fallback: string): string {
  const data = (error as { response?: { data?: unknown } }).response?.data;
  if (typeof data !== "object" || data === null) return fallback;
  const { message, errors } = data as { message?: unknown; errors?: unknown };
  if (typeof message !== "string") return fallback;
  const details = Array.isArray(errors)
    ? errors
        .map((entry) =>
          typeof entry === "string" ? entry : (entry as { message?: unknown })?.message,
        )
        .filter((text): text is string => typeof text === "string")
    : [];
  const text = details.length > 0 ? `${message}: ${details.join("; ")}` : message;
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}

/**
 * Sends one dispatch mutation. A refusal (a 4xx other than a rate limit or 408) is a value with
 * GitHub's message; anything else is thrown as `GitHubApiError` (`isOutcomeUnknown` is true for
 * a 5xx, a timeout or a lost connection; a rate limit carries `retryAfterMs` for the job queue).
 * An abort by the caller's signal is rethrown as the AbortError it is.
 */
export async function sendDispatchRequest(
  github: GitHubRequester,
  route: string,
  parameters: Record<string, unknown>,
): Promise<{ ok: true; status: number; data: unknown } | Refusal> {
  try {
    const { status, data } = await github.request(route, parameters);
    return { ok: true, status, data };
  } catch (error) {
    // The caller's own abort (Octokit tags it with a status 500) stays an AbortError.
    if (error instanceof Error && error.name === "AbortError") throw error;
    const converted = toGitHubApiError(error);
    if (converted instanceof GitHubApiError && converted.permanent) {
      const message = githubMessage(error, converted.message);
      return { ok: false, status: converted.status, message };
    }
    throw converted;
  }
}
