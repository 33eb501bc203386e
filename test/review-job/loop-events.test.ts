import { describe, expect, it } from "vitest";
import { reviewDedupeKey } from "../../src/loop/effect-jobs.ts";
import { reduce } from "../../src/loop/reduce.ts";
import { INITIAL_LOOP_STATE, type LoopState } from "../../src/loop/types.ts";

const actor = { login: "octocat", type: "User" };
const reviewing: LoopState = { ...INITIAL_LOOP_STATE, status: "reviewing", headSha: "a1" };

describe("loop/reduce with review events", () => {
  describe("when a posted review finishes for the current head", () => {
    it.each([
      [false, "passed"],
      [true, "idle"],
    ])("with blocking %s keeps the head as last reviewed and moves to %s", (blocking, status) => {
      const { state, effects } = reduce(reviewing, {
        type: "ReviewFinished",
        headSha: "a1",
        outcome: "posted",
        blocking,
      });

      expect(state).toMatchObject({ lastReviewedSha: "a1", status });
      expect(effects).toEqual([]);
    });
  });

  describe("when a superseded pass finishes", () => {
    it("changes nothing", () => {
      const newer = { ...reviewing, headSha: "a2" };

      expect(
        reduce(newer, { type: "ReviewFinished", headSha: "a1", outcome: "superseded" }).state,
      ).toEqual(newer);
    });
  });

  describe("when a draft is marked ready", () => {
    it("asks for a review of the same head with its own request id", () => {
      const skipped = { ...reviewing, status: "idle" as const };

      const { effects } = reduce(skipped, {
        type: "HeadUpdated",
        action: "ready_for_review",
        headSha: "a1",
        baseSha: "b0",
        baseRef: "main",
        draft: false,
        actor,
      });

      expect(effects).toEqual([
        {
          kind: "RunReview",
          headSha: "a1",
          baseSha: "b0",
          trigger: "ready_for_review",
          requestId: "ready_for_review",
          seq: 1,
        },
      ]);
    });
  });

  describe("when a re-run is requested", () => {
    const request = (headSha: string) =>
      ({
        type: "ReviewRequested",
        headSha,
        baseSha: "b0",
        reason: "rerequested",
        requestId: "d-1",
        actor,
      }) as const;

    it("reviews the current head again", () => {
      const reviewed = { ...reviewing, status: "passed" as const, lastReviewedSha: "a1" };

      expect(reduce(reviewed, request("a1")).effects).toEqual([
        {
          kind: "RunReview",
          headSha: "a1",
          baseSha: "b0",
          trigger: "rerequested",
          requestId: "d-1",
          seq: 1,
        },
      ]);
    });

    it("ignores a re-run of an older head", () => {
      expect(reduce({ ...reviewing, headSha: "a2" }, request("a1")).effects).toEqual([]);
    });
  });

  describe("the dedupe key of a requested review", () => {
    it("differs from the automatic review of the same head", () => {
      const pr = { installationId: 1, repoId: 2, repoFullName: "o/r", prNumber: 3 };

      expect(reviewDedupeKey(pr, "a1")).toBe("review:2#3@a1");
      expect(reviewDedupeKey(pr, "a1", "d-1")).toBe("review:2#3@a1~d-1");
    });
  });
});
