import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_WEBHOOK_SECRET } from "../../helpers/start-test-app.ts";
import { testBackends } from "../../helpers/test-db.ts";
import { checkRunRerequestedPayload, sendWebhook } from "../github-simulator/index.ts";
import {
  deliverPullRequest,
  passFinished,
  postedFor,
  REPO,
  type Scenario,
  sha,
} from "../harness/scenario.ts";
import { startRemediationScenario } from "../remediation/remediation-kit.ts";
import {
  allInlineComments,
  completeCheck,
  inlineCommentsAt,
  lastReviewAt,
  listedChecksOf,
  ownCheckRunAt,
  pushAndReview,
  seedAppPullRequest,
  todo,
  verificationConfig,
} from "./verification-kit.ts";

/** src/app.ts as these PRs change it: lines 2–3 are added, so only they are in the diff. */
const LINES = ["  const unused = compute();", "  const total = unused + 1;"];

const INSIDE = {
  path: "src/app.ts",
  start_line: 2,
  end_line: 2,
  annotation_level: "failure" as const,
  title: "no-unused-vars",
  message: "'unused' is reassigned but its first value is never read.",
};
const OUTSIDE_SAME_FILE = {
  path: "src/app.ts",
  start_line: 40,
  end_line: 40,
  annotation_level: "warning" as const,
  title: "complexity",
  message: "Function 'helper' has a complexity of 12. Maximum allowed is 10.",
};
const OUTSIDE_OTHER_FILE = {
  path: "src/util.ts",
  start_line: 7,
  end_line: 7,
  annotation_level: "failure" as const,
  title: "no-undef",
  message: "'process' is not defined.",
};

/**
 * Issue 10, the checks engine (`engines.checks`): annotations of other check runs on the head
 * become findings — inline when their line is in the diff, in the review body otherwise — and
 * the pass waits for those checks (re-queued, never held open). Our own check run is never an
 * input. Remediation is off here: only review passes run.
 */
describe.each(testBackends())("e2e/verification the checks engine (%s)", (backend) => {
  let s: Scenario;

  beforeAll(async () => {
    s = await startRemediationScenario(
      backend,
      verificationConfig({ remediation: false, checksEngine: { wait: true } }),
    );
  }, 120_000);
  afterAll(() => s?.close());

  it("waits for eslint, then comments its in-diff annotation inline and the others in the body", async () => {
    const number = 301;
    const head = sha(`${backend}-checks-engine`);
    seedAppPullRequest(s.sim, number, head, LINES);
    const eslint = s.sim.addCheckRun({
      repo: REPO,
      headSha: head,
      name: "eslint",
      appSlug: "eslint-bot",
      status: "in_progress",
    });
    await deliverPullRequest(s, s.app, number, "opened");

    // The pass looked at the head's checks and found eslint still running: it must wait.
    await listedChecksOf(s.sim, head);
    await completeCheck(s, eslint.id, "failure", {
      title: "3 problems",
      summary: "eslint found 3 problems",
      annotations: [INSIDE, OUTSIDE_SAME_FILE, OUTSIDE_OTHER_FILE],
    });
    await passFinished(s.app, number, head);

    const posted = postedFor(s.sim, number, head);
    expect(posted.reviews, "one review, posted after eslint completed").toHaveLength(1);
    const review = lastReviewAt(s.sim, number, head);
    const inline = inlineCommentsAt(s.sim, number, head);
    expect(
      inline.map((c) => [c.path, c.line]),
      `inline comments:\n${inline.map((c) => c.body).join("\n---\n")}\nreview body:\n${review.body}`,
    ).toEqual([["src/app.ts", 2]]);
    expect(inline[0]?.body).toContain(INSIDE.message);
    for (const outside of [OUTSIDE_SAME_FILE, OUTSIDE_OTHER_FILE]) {
      expect(review.body, `the review body names ${outside.path}:${outside.start_line}`).toContain(
        outside.message,
      );
    }
  }, 120_000);

  it("completes the waiting check run of a pass a newer push replaced, and reviews the newer head", async () => {
    const number = 303;
    const older = sha(`${backend}-checks-wait-older`);
    const newer = sha(`${backend}-checks-wait-newer`);
    seedAppPullRequest(s.sim, number, older, LINES);
    s.sim.addCheckRun({
      repo: REPO,
      headSha: older,
      name: "eslint",
      appSlug: "eslint-bot",
      status: "in_progress",
    });
    const from = s.app.logs.length;
    await deliverPullRequest(s, s.app, number, "opened");
    // The pass showed "Waiting for eslint …" on the older commit and was queued again.
    await s.app.waitForLog((line) => line.msg === "job deferred" && line.kind === "RunReview", {
      from,
      what: "the pass of the older head to wait for eslint",
    });
    expect(ownCheckRunAt(s.sim, number, older).status).toBe("in_progress");

    await pushAndReview(s, number, newer, [...LINES, "  const more = total;"]);

    // The newer push woke the waiting pass (queued before the newer one): it ended without a
    // review and completed its check run, instead of leaving it in progress on that commit.
    const waiting = ownCheckRunAt(s.sim, number, older);
    expect(waiting.status).toBe("completed");
    expect(waiting.conclusion).toBe("neutral");
    expect(waiting.output.title).toBe(`Superseded by ${newer.slice(0, 7)}`);
    expect(postedFor(s.sim, number, older).reviews).toHaveLength(0);
    expect(postedFor(s.sim, number, newer).reviews).toHaveLength(1);
  }, 120_000);

  it("never reads our own check run: a Re-run of a failing pass adds no finding from it", async () => {
    const number = 302;
    const head = sha(`${backend}-checks-own`);
    seedAppPullRequest(s.sim, number, head, [todo(1)]);
    await deliverPullRequest(s, s.app, number, "opened");
    // Our own in-progress check run is the only one: the pass must not wait for it.
    await passFinished(s.app, number, head);
    const own = ownCheckRunAt(s.sim, number, head);
    expect(own.conclusion).toBe("failure");
    expect(own.annotations.length, "our check run annotates F1").toBeGreaterThan(0);
    expect(allInlineComments(s.sim, number)).toHaveLength(1);

    // "Re-run" on our failing check: the pass runs again on the same head, where our completed
    // check run with its annotation now is.
    const from = s.app.logs.length;
    const rerun = await sendWebhook(s.app.url, {
      name: "check_run",
      payload: checkRunRerequestedPayload(s.sim, { repo: REPO, checkRun: own, sender: "alice" }),
      secret: TEST_WEBHOOK_SECRET,
    });
    expect(rerun.status).toBeLessThan(300);
    await passFinished(s.app, number, head, from);

    const comments = allInlineComments(s.sim, number);
    expect(
      comments.map((c) => [c.path, c.line]),
      `inline comments:\n${comments.map((c) => c.body).join("\n---\n")}`,
    ).toEqual([["src/app.ts", 2]]);
    const latest = ownCheckRunAt(s.sim, number, head);
    expect(latest.output.title, `our check run after the Re-run: ${latest.output.summary}`).toMatch(
      /^1 blocking finding/,
    );
  }, 120_000);
});
