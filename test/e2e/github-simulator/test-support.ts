import { Probot, ProbotOctokit } from "probot";
import { testPrivateKey } from "../../helpers/probot.ts";
import { createGitHubSimulator, type GitHubSimulator } from "./create-simulator.ts";
import { filesFromDiff } from "./diff-to-files.ts";
import { BASE_SHA, HEAD_SHA, SAMPLE_DIFF } from "./fixtures.ts";

/** Probot's Octokit without retries or throttling, so injected faults reach the test. */
export const TestOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  retry: { enabled: false },
  throttle: { enabled: false },
}));
export type Client = InstanceType<typeof TestOctokit>;

export const owner = "acme";
export const repo = "widgets";
export const full = `${owner}/${repo}`;
export const INSTALLATION = 77;

/**
 * A simulator holding `acme/widgets` (config and fixer workflow on main) with PR #1 built from
 * `SAMPLE_DIFF`, and an installation client obtained the way the app gets one (`probot.auth`).
 */
export async function startSeededSimulator(): Promise<{ sim: GitHubSimulator; octokit: Client }> {
  const sim = await createGitHubSimulator();
  sim.seedRepo({
    owner,
    name: repo,
    installationId: INSTALLATION,
    files: {
      ".github/reviewloop.yml": "review:\n  drafts: true\n",
      ".github/workflows/reviewloop-fix.yml": "on: workflow_dispatch\n",
    },
  });
  sim.seedPullRequest({
    repo: full,
    number: 1,
    author: "alice",
    base: { ref: "main", sha: BASE_SHA },
    head: { ref: "feature", sha: HEAD_SHA },
    files: filesFromDiff(SAMPLE_DIFF),
  });
  const probot = new Probot({
    appId: 1,
    privateKey: testPrivateKey,
    baseUrl: sim.apiUrl,
    Octokit: TestOctokit,
    logLevel: "fatal",
  });
  const octokit = (await probot.auth(INSTALLATION)) as unknown as Client;
  return { sim, octokit };
}

export interface HttpFailure {
  status: number;
  response?: { data: { message: string; errors?: unknown[] }; headers: Record<string, string> };
}

/** The HTTP error an Octokit call rejects with (fails the test when it succeeds). */
export function failure(promise: Promise<unknown>): Promise<HttpFailure> {
  return promise.then(
    () => {
      throw new Error("expected the request to fail");
    },
    (error: HttpFailure) => error,
  );
}
