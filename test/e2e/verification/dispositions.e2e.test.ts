import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { testBackends } from "../../helpers/test-db.ts";
import { fixAndClaim, silent } from "../github-simulator/tiny-fixer.ts";
import {
  askStatus,
  deliverPullRequest,
  passFinished,
  type Scenario,
  sha,
} from "../harness/scenario.ts";
import { startRemediationScenario } from "../remediation/remediation-kit.ts";
import {
  dispatchesOf,
  dispositionRow,
  dispositionTable,
  fixerOn,
  inlineCommentsAt,
  lastReviewAt,
  ownCheckRunAt,
  payloadOf,
  pushAndReview,
  seedAppPullRequest,
  todo,
  uninstallFixers,
  verificationConfig,
  within,
} from "./verification-kit.ts";

/**
 * Issue 10, verified dispositions: what the fixer (or the author) claims is checked against the
 * next review, and a dispute is remembered. The fixer answers with a `reviewloop-dispositions`
 * comment before it pushes (`fixAndClaim`), and pushes once the app has handled that comment
 * (a `/reviewloop status` asked after it has been answered: comments run in order), so the pass
 * of its push verifies the claims.
 */
describe.each(testBackends())(
  "e2e/verification dispositions on the running app (%s)",
  (backend) => {
    let s: Scenario;

    beforeAll(async () => {
      s = await startRemediationScenario(backend, verificationConfig());
    }, 120_000);
    afterAll(() => s?.close());
    afterEach(uninstallFixers);

    it("a false 'fixed' claim → the next review says F1 is still present and still requests changes", async () => {
      const number = 101;
      seedAppPullRequest(s.sim, number, sha(`${backend}-false-claim`), [todo(1), todo(2)]);
      // Round 1: claims F1 and F2 fixed, but removes only F2's line. Round 2: stays silent.
      const fixer = fixerOn(s, number, [
        fixAndClaim({
          fix: ["F2"],
          claims: [
            { id: "F1", disposition: "fixed", note: "removed the TODO" },
            { id: "F2", disposition: "fixed" },
          ],
          afterClaim: () => askStatus(s, s.app, number),
        }),
        silent,
      ]);
      await deliverPullRequest(s, s.app, number, "opened");

      const [round1] = await within(fixer.waitForRounds(1), 60_000, "round 1's dispatch");
      const pushed = round1?.pushedSha ?? "";
      expect(round1?.fixed, "the fixer removed F2's line only").toEqual(["F2"]);
      await passFinished(s.app, number, pushed);

      const review = lastReviewAt(s.sim, number, pushed);
      expect(review.state, `review at the fixer's push:\n${review.body}`).toBe("CHANGES_REQUESTED");
      expect(dispositionRow(review.body, "F1")).toContain("❌ **still present**");
      expect(dispositionRow(review.body, "F1")).toContain("fixed");
      expect(dispositionRow(review.body, "F2")).toContain("✅ verified fixed");
      const check = ownCheckRunAt(s.sim, number, pushed);
      expect(check.conclusion, "the reviewloop check still fails").toBe("failure");
      expect(dispositionRow(check.output.summary ?? "", "F1")).toContain("❌ **still present**");

      // F1 still blocks as before: the next round carries it again.
      const rounds = await within(fixer.waitForRounds(2), 60_000, "round 2's dispatch");
      expect(rounds[1]?.received.payload?.findings.map((f) => f.id)).toEqual(["F1"]);
      expect(fixer.errors).toEqual([]);
    }, 120_000);

    it("round 1 without any claim → the review and /reviewloop status show the same table, open and fixed (unclaimed)", async () => {
      const number = 103;
      seedAppPullRequest(s.sim, number, sha(`${backend}-unclaimed`), [todo(1), todo(2)]);
      // Round 1 removes F2's line and says nothing; round 2 stays silent.
      const fixer = fixerOn(s, number, [{ kind: "fix", ids: ["F2"] }, silent]);
      await deliverPullRequest(s, s.app, number, "opened");
      const [round1] = await within(fixer.waitForRounds(1), 60_000, "round 1's dispatch");
      const pushed = round1?.pushedSha ?? "";
      await passFinished(s.app, number, pushed);
      await within(fixer.waitForRounds(2), 60_000, "round 2's dispatch");

      const review = lastReviewAt(s.sim, number, pushed);
      const status = await askStatus(s, s.app, number);

      expect(dispositionRow(review.body, "F1")).toContain("| — | open |");
      expect(dispositionRow(review.body, "F2")).toContain("| — | ✅ fixed (unclaimed) |");
      expect(dispositionTable(status), `status:\n${status}`).toEqual(dispositionTable(review.body));
      expect(fixer.errors).toEqual([]);
    }, 120_000);

    it("a dispute → the finding is not raised again, nor blocking, on the next pushes", async () => {
      const number = 102;
      seedAppPullRequest(s.sim, number, sha(`${backend}-dispute`), [todo(1), todo(2)]);
      // The fixer disputes F1 and fixes F2: nothing else blocks, so the loop passes.
      const fixer = fixerOn(s, number, [
        fixAndClaim({
          fix: ["F2"],
          claims: [
            { id: "F1", disposition: "disagree", note: "tracked in #12, not this PR" },
            { id: "F2", disposition: "fixed" },
          ],
          afterClaim: () => askStatus(s, s.app, number),
        }),
      ]);
      await deliverPullRequest(s, s.app, number, "opened");
      const [round1] = await within(fixer.waitForRounds(1), 60_000, "round 1's dispatch");
      const pushed = round1?.pushedSha ?? "";
      await passFinished(s.app, number, pushed);

      const firstReview = lastReviewAt(s.sim, number, pushed);
      expect(dispositionRow(firstReview.body, "F1")).toContain("💬 disputed");

      // Two more pushes by the author: F1's line moves down, its code stays the same.
      const later = [sha(`${backend}-dispute-2`), sha(`${backend}-dispute-3`)];
      await pushAndReview(s, number, later[0] ?? "", ["  const ready = true;", todo(1)]);
      await pushAndReview(s, number, later[1] ?? "", [
        "  const ready = true;",
        todo(1),
        "  const done = ready;",
      ]);

      for (const head of [pushed, ...later]) {
        const at = head.slice(0, 7);
        expect(inlineCommentsAt(s.sim, number, head), `new inline comments at ${at}`).toEqual([]);
        const check = ownCheckRunAt(s.sim, number, head);
        expect(check.conclusion, `reviewloop check at ${at}: ${check.output.summary}`).not.toBe(
          "failure",
        );
        for (const review of s.sim.reviewsOf("acme/app", number).reviews) {
          if (review.commitId !== head || review.user !== "reviewloop[bot]") continue;
          expect(review.state, `review at ${at}:\n${review.body}`).not.toBe("CHANGES_REQUESTED");
        }
      }
      // The disputed finding never started a round of its own.
      expect(dispatchesOf(s.sim, number)).toHaveLength(1);
      expect(payloadOf(dispatchesOf(s.sim, number)[0]).findings.map((f) => f.id)).toEqual([
        "F1",
        "F2",
      ]);
      expect(fixer.errors).toEqual([]);
    }, 180_000);
  },
);
