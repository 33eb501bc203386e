import { z } from "zod";
import { callGitHub } from "./call-github.ts";
import type { InstallationOctokit } from "./github-clients.ts";
import type { PullRequestFactsReader } from "./pull-request-facts.ts";

const pullSchema = z.object({
  state: z.enum(["open", "closed"]),
  user: z.object({ login: z.string() }).nullable(),
  head: z.object({ sha: z.string(), repo: z.object({ id: z.number() }).nullable() }),
  base: z.object({ sha: z.string(), repo: z.object({ id: z.number() }) }),
});

/** PullRequestFactsReader over an installation Octokit; the response is validated. */
export function octokitPullRequestFacts(octokit: InstallationOctokit): PullRequestFactsReader {
  return {
    async readFacts({ owner, repo, pullNumber }) {
      const { data } = await callGitHub(() =>
        octokit.rest.pulls.get({ owner, repo, pull_number: pullNumber }),
      );
      const pr = pullSchema.parse(data);
      return {
        state: pr.state,
        author: pr.user?.login ?? "",
        headSha: pr.head.sha,
        baseSha: pr.base.sha,
        // A deleted fork leaves `head.repo` null: still not this repository.
        fromFork: pr.head.repo?.id !== pr.base.repo.id,
      };
    },
  };
}
