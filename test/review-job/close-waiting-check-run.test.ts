import { describe, expect, it } from "vitest";
import type { CheckRunPublisher } from "../../src/github/check-run-publisher.ts";
import {
  closeWaitingCheckRun,
  earlyEndOutput,
} from "../../src/review-job/close-waiting-check-run.ts";
import { passIdentity } from "../../src/review-job/pass-identity.ts";

const HEAD = "a".repeat(40);
const NEWER = "b".repeat(40);

describe("review-job/earlyEndOutput", () => {
  it.each([
    [{ outcome: "superseded", reason: "newer head", newerSha: NEWER }, "Superseded by bbbbbbb"],
    [{ outcome: "stopped", reason: "pull request is closed", closed: true }, "Pull request closed"],
    [{ outcome: "stopped", reason: "loop is paused", held: true }, "Review not posted"],
    [
      { outcome: "superseded", reason: "a later review of this head is queued", newerSha: HEAD },
      "Not reviewed by this pass",
    ],
  ] as const)("%o → %s", (end, title) => {
    expect(earlyEndOutput(HEAD, end).title).toBe(title);
  });

  it("says why in the generic case", () => {
    const output = earlyEndOutput(HEAD, { outcome: "skipped", reason: "pull request is a draft" });
    expect(output.summary).toContain("pull request is a draft");
  });
});

describe("review-job/closeWaitingCheckRun", () => {
  const identity = passIdentity({
    repoId: 1,
    prNumber: 2,
    headSha: HEAD,
    jobId: 3,
    generation: 0,
  });

  function checks(found: { id: number; status: string } | null) {
    const updates: { id: number; status: string | undefined; title: string | undefined }[] = [];
    const port = {
      findCheckRun: async () => (found === null ? null : { ...found, conclusion: null }),
      updateCheckRun: async (_repo, id, request) => {
        updates.push({ id, status: request.status, title: request.output?.title });
      },
      createCheckRun: async () => ({ id: 0 }),
    } satisfies CheckRunPublisher;
    return { port, updates };
  }
  const repo = { owner: "o", repo: "r" };
  const end = { outcome: "superseded", reason: "newer head", newerSha: NEWER } as const;

  it("completes the pass's check run when it is still in progress", async () => {
    const { port, updates } = checks({ id: 44, status: "in_progress" });

    expect(await closeWaitingCheckRun(port, repo, identity, end)).toBe(true);
    expect(updates).toEqual([{ id: 44, status: "completed", title: "Superseded by bbbbbbb" }]);
  });

  it("changes nothing when there is none, or it is completed already", async () => {
    for (const found of [null, { id: 45, status: "completed" }]) {
      const { port, updates } = checks(found);
      expect(await closeWaitingCheckRun(port, repo, identity, end)).toBe(false);
      expect(updates).toEqual([]);
    }
  });
});
