import nock from "nock";
import { Probot, ProbotOctokit } from "probot";
import { guardRequests } from "../../src/github/guard-requests.ts";
import type { GitHubRequester } from "../../src/remediation/github-requester.ts";
import { testPrivateKey } from "../helpers/probot.ts";

export const API = "https://api.github.com";

/**
 * An installation client as a job gets it: Probot's Octokit with the retry plugin on (its waits
 * shortened to 1 ms) and guarded like `jobInstallationClient`, so mutations are sent once and
 * reads retry. Throttling is off: it paces writes a second apart.
 */
export async function jobLikeClient(): Promise<GitHubRequester> {
  nock(API)
    .post("/app/installations/5/access_tokens")
    .reply(201, { token: "ghs_test", expires_at: "2099-01-01T00:00:00Z" });
  const probot = new Probot({
    appId: 123,
    privateKey: testPrivateKey,
    logLevel: "fatal",
    Octokit: ProbotOctokit.defaults((defaults: Record<string, unknown>) => ({
      ...defaults,
      retry: { retryAfterBaseValue: 1 },
      throttle: { enabled: false },
    })),
  });
  const octokit = await probot.auth(5);
  guardRequests(octokit, { signal: new AbortController().signal, timeoutMs: 5_000 });
  // The app passes its installation client as is: this assignment is the type check.
  const requester: GitHubRequester = octokit;
  return requester;
}
