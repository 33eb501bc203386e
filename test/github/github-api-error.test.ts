import { describe, expect, it } from "vitest";
import {
  GitHubApiError,
  rateLimitDelayMs,
  toGitHubApiError,
} from "../../src/github/github-api-error.ts";

function requestError(status: number, message: string, headers: Record<string, string> = {}) {
  return Object.assign(new Error(message), {
    status,
    request: { method: "POST", url: "https://api.github.com/repos/a/b/pulls/1/reviews" },
    response: { headers },
  });
}

describe("github/rateLimitDelayMs", () => {
  const now = Date.UTC(2026, 10, 21, 12, 0, 0);

  it.each([
    ["honours retry-after on a 403", 403, { "retry-after": "30" }, 30_000],
    ["honours retry-after on a 429", 429, { "retry-after": "5" }, 5_000],
    [
      "waits until the reset when nothing remains",
      403,
      { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(now / 1000 + 120) },
      120_000,
    ],
    ["waits a minute on a 429 without hints", 429, {}, 60_000],
    ["is not a rate limit on a plain 403", 403, {}, undefined],
    ["is not a rate limit on a 500", 500, { "retry-after": "3" }, undefined],
  ])("%s", (_name, status, headers, expected) => {
    expect(rateLimitDelayMs(status, headers, now)).toBe(expected);
  });
});

describe("github/toGitHubApiError", () => {
  it("marks a secondary rate limit as retryable after a minute", () => {
    const error = toGitHubApiError(requestError(403, "You have exceeded a secondary rate limit"));

    expect(error).toBeInstanceOf(GitHubApiError);
    expect(error).toMatchObject({ status: 403, retryAfterMs: 60_000, permanent: false });
  });

  it("marks a 422 as permanent and names the request", () => {
    const error = toGitHubApiError(requestError(422, "Unprocessable Entity")) as GitHubApiError;

    expect(error.permanent).toBe(true);
    expect(error.message).toContain("POST https://api.github.com/repos/a/b/pulls/1/reviews → 422");
  });

  it("knows a 404 means the pull request or repository is gone", () => {
    const error = toGitHubApiError(requestError(404, "Not Found")) as GitHubApiError;

    expect(error.isNotFound).toBe(true);
  });

  it("leaves 5xx retryable", () => {
    const error = toGitHubApiError(requestError(502, "Bad Gateway")) as GitHubApiError;

    expect(error.permanent).toBe(false);
  });

  it("passes other errors through unchanged", () => {
    const plain = new TypeError("boom");

    expect(toGitHubApiError(plain)).toBe(plain);
  });
});
