import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { DRY_RUN_ID, withDryRun } from "../../src/github/dry-run-ports.ts";
import type { GitHubPorts } from "../../src/github/github-ports.ts";

function failingPorts(reads: string[]): GitHubPorts {
  const mutate = () => Promise.reject(new Error("a dry run must not mutate"));
  return {
    pulls: {
      getPullRequest: async () => {
        reads.push("pulls.get");
        return {} as never;
      },
      listFiles: async () => ({ files: [], truncated: false }),
      compareCommits: async () => null,
    },
    config: { readConfig: async () => ({ ok: true, raw: {} }) },
    reviews: { createReview: mutate, listReviewComments: mutate, findReview: async () => null },
    checks: { createCheckRun: mutate, updateCheckRun: mutate, findCheckRun: async () => null },
    threads: { findThreads: async () => new Map(), resolveThread: mutate },
    checkRuns: {
      listCheckRuns: async () => [],
      listCheckSuites: async () => [],
      listAnnotations: async () => [],
    },
  };
}

describe("github/withDryRun", () => {
  it("logs every mutation as Would … with its full request and still reads", async () => {
    const lines: Record<string, unknown>[] = [];
    const log = pino(
      { level: "info" },
      { write: (line: string) => void lines.push(JSON.parse(line)) },
    );
    const reads: string[] = [];
    const ports = withDryRun(failingPorts(reads), log);
    const repo = { owner: "o", repo: "r" };
    const pr = { ...repo, pullNumber: 1 };
    const review = { commit_id: "h", event: "COMMENT" as const, body: "b", comments: [] };

    await ports.pulls.getPullRequest(pr);
    const posted = await ports.reviews.createReview(pr, review);
    const created = await ports.checks.createCheckRun(repo, {
      name: "reviewloop",
      head_sha: "h",
      external_id: "x",
      status: "in_progress",
    });
    await ports.checks.updateCheckRun(repo, created.id, {
      status: "completed",
      conclusion: "success",
    });
    await ports.threads.resolveThread("PRRT_1");
    const comments = await ports.reviews.listReviewComments(pr, posted.id, 1);

    expect(reads).toEqual(["pulls.get"]);
    expect([posted.id, created.id, comments]).toEqual([DRY_RUN_ID, DRY_RUN_ID, []]);
    expect(lines.map((l) => l.msg)).toEqual([
      "Would post review",
      "Would create check run",
      "Would update check run",
      "Would resolve review thread",
    ]);
    expect(lines[0]!.request).toEqual(review);
  });
});
