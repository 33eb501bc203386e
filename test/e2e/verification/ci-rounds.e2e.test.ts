import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { testBackends } from "../../helpers/test-db.ts";
import { fix, silent } from "../github-simulator/tiny-fixer.ts";
import {
  askStatus,
  deliverPullRequest,
  passFinished,
  REPO,
  type Scenario,
  sha,
  stateOf,
} from "../harness/scenario.ts";
import { startRemediationScenario } from "../remediation/remediation-kit.ts";
import {
  completeCheck,
  deliverCompleted,
  dispatchesOf,
  failingCheck,
  fixerOn,
  lastReviewAt,
  mentions,
  ownCheckRunAt,
  payloadOf,
  seedAppPullRequest,
  todo,
  uninstallFixers,
  verificationConfig,
  within,
} from "./verification-kit.ts";

/** What a failing eslint run reports (a non-Actions app with annotations). */
const LINT = {
  title: "1 problem",
  summary: "eslint found 1 problem (1 error)",
  annotation: {
    path: "src/app.ts",
    start_line: 2,
    end_line: 2,
    annotation_level: "failure" as const,
    title: "no-unused-vars",
    message: "'ready' is assigned a value but never used.",
  },
};

/** The log of a failing Actions test job; its tail names the failed assertion. */
const TEST_LOG = [
  "##[group]Run npm test",
  "> vitest run",
  " FAIL  test/app.test.ts > main > adds",
  "AssertionError: expected 3 to be 4",
  "##[error]Process completed with exit code 1.",
  "",
].join("\n");

/**
 * Issue 10, CI failures as rounds: failing checks of the head go into the next dispatch's
 * `failing_checks`, the loop waits for pending checks before dispatching (one dispatch carries
 * findings and failures), and our own check run is never an input.
 */
describe.each(testBackends())("e2e/verification CI failures as rounds (%s)", (backend) => {
  let s: Scenario;

  beforeAll(async () => {
    s = await startRemediationScenario(backend, verificationConfig());
  }, 120_000);
  afterAll(() => s?.close());
  afterEach(uninstallFixers);

  it("two failing checks plus one blocking finding → exactly one dispatch carrying all three", async () => {
    const number = 201;
    const head = sha(`${backend}-ci-and-finding`);
    seedAppPullRequest(s.sim, number, head, ["  const ready = true;", todo(1)]);
    const lint = s.sim.addCheckRun({
      repo: REPO,
      headSha: head,
      name: "lint",
      appSlug: "eslint-bot",
    });
    const test = s.sim.addCheckRun({ repo: REPO, headSha: head, name: "test", log: TEST_LOG });
    const fixer = fixerOn(s, number, [silent]);
    await deliverPullRequest(s, s.app, number, "opened");
    await passFinished(s.app, number, head);
    expect(
      dispatchesOf(s.sim, number),
      "no dispatch while the head's checks are pending (wait_for_checks)",
    ).toEqual([]);

    await completeCheck(s, lint.id, "failure", {
      title: LINT.title,
      summary: LINT.summary,
      annotations: [LINT.annotation],
    });
    await completeCheck(s, test.id, "failure", { title: "Process completed with exit code 1." });

    const [round] = await within(fixer.waitForRounds(1), 60_000, "the round's dispatch");
    await askStatus(s, s.app, number); // a command round trip later: still one dispatch
    expect(dispatchesOf(s.sim, number), "exactly one dispatch").toHaveLength(1);
    const payload = round?.received.payload ?? payloadOf(dispatchesOf(s.sim, number)[0]);
    expect(payload.round.number).toBe(1);
    expect(payload.findings.map((f) => [f.id, f.blocking])).toEqual([["F1", true]]);
    expect(payload.failing_checks.map((c) => c.name).sort()).toEqual(["lint", "test"]);
    const lintEntry = failingCheck(payload, "lint");
    expect(lintEntry).toMatchObject({ conclusion: "failure", title: LINT.title });
    expect(mentions(lintEntry, LINT.summary), JSON.stringify(lintEntry)).toBe(true);
    expect(mentions(lintEntry, LINT.annotation.message), "lint's annotation").toBe(true);
    const testEntry = failingCheck(payload, "test");
    expect(testEntry).toMatchObject({ conclusion: "failure" });
    expect(mentions(testEntry, "Run test"), `the failed step in ${JSON.stringify(testEntry)}`).toBe(
      true,
    );
    expect(mentions(testEntry, "AssertionError: expected 3 to be 4"), "the log's tail").toBe(true);
    expect(fixer.errors).toEqual([]);
  }, 120_000);

  it("a workflow queued without jobs when the pass ends → no dispatch until its job completes, then one carrying finding and failure", async () => {
    const number = 204;
    const head = sha(`${backend}-queued-workflow`);
    seedAppPullRequest(s.sim, number, head, [todo(1)]);
    // GitHub Actions created the workflow's suite, not yet its job's check run.
    const workflow = s.sim.addQueuedWorkflow({ repo: REPO, headSha: head });
    const fixer = fixerOn(s, number, [silent]);
    await deliverPullRequest(s, s.app, number, "opened");
    await passFinished(s.app, number, head);

    const waiting = await askStatus(s, s.app, number);
    expect(stateOf(waiting), waiting).toBe(
      "waiting for the head's checks before dispatching the fixer",
    );
    expect(waiting).toContain(`GitHub Actions suite ${workflow.checkSuiteId} (no jobs yet)`);
    expect(dispatchesOf(s.sim, number), "no dispatch while the workflow is queued").toEqual([]);

    const test = s.sim.addCheckRun({
      repo: REPO,
      headSha: head,
      name: "test",
      log: TEST_LOG,
      workflowRunId: workflow.workflowRunId,
    });
    await completeCheck(s, test.id, "failure", { title: "Process completed with exit code 1." });

    const [round] = await within(fixer.waitForRounds(1), 60_000, "the round's dispatch");
    await askStatus(s, s.app, number);
    expect(dispatchesOf(s.sim, number), "exactly one dispatch").toHaveLength(1);
    const payload = round?.received.payload ?? payloadOf(dispatchesOf(s.sim, number)[0]);
    expect(payload.findings.map((f) => [f.id, f.blocking])).toEqual([["F1", true]]);
    expect(payload.failing_checks.map((c) => [c.name, c.conclusion])).toEqual([
      ["test", "failure"],
    ]);
    expect(fixer.errors).toEqual([]);
  }, 120_000);

  it("a review that passes with red CI → a CI-only round (no findings, the failing check)", async () => {
    const number = 202;
    const head = sha(`${backend}-ci-only`);
    seedAppPullRequest(s.sim, number, head, ["  const ready = true;"]);
    const test = s.sim.addCheckRun({ repo: REPO, headSha: head, name: "test", log: TEST_LOG });
    const fixer = fixerOn(s, number, [silent]);
    await deliverPullRequest(s, s.app, number, "opened");
    await passFinished(s.app, number, head);
    const review = lastReviewAt(s.sim, number, head);
    expect(review.state, `the review passes:\n${review.body}`).not.toBe("CHANGES_REQUESTED");

    await completeCheck(s, test.id, "failure", { title: "Process completed with exit code 1." });

    const [round] = await within(fixer.waitForRounds(1), 60_000, "the CI round's dispatch");
    await askStatus(s, s.app, number);
    expect(dispatchesOf(s.sim, number), "exactly one dispatch").toHaveLength(1);
    const payload = round?.received.payload ?? payloadOf(dispatchesOf(s.sim, number)[0]);
    expect(payload.findings).toEqual([]);
    expect(payload.failing_checks.map((c) => [c.name, c.conclusion])).toEqual([
      ["test", "failure"],
    ]);
    expect(mentions(failingCheck(payload, "test"), "AssertionError: expected 3 to be 4")).toBe(
      true,
    );
    expect(fixer.errors).toEqual([]);
  }, 120_000);

  it("our own failing check run is neither waited for nor a failing check of the round", async () => {
    const number = 203;
    const head = sha(`${backend}-own-check`);
    seedAppPullRequest(s.sim, number, head, [todo(1)]);
    const fixer = fixerOn(s, number, [fix()]);
    await deliverPullRequest(s, s.app, number, "opened");
    await passFinished(s.app, number, head);
    // GitHub tells the app about its own check run too.
    const own = ownCheckRunAt(s.sim, number, head);
    expect(own.conclusion, "the blocking finding fails our check run").toBe("failure");
    await deliverCompleted(s, own.id);

    // Nothing else runs on the head: the round goes out at once, without our check in it.
    const [round] = await within(fixer.waitForRounds(1), 30_000, "the round's dispatch");
    const payload = round?.received.payload ?? payloadOf(dispatchesOf(s.sim, number)[0]);
    expect(payload.failing_checks, "reviewloop's own check is not CI").toEqual([]);
    expect(payload.findings.map((f) => f.id)).toEqual(["F1"]);

    const pushed = round?.pushedSha ?? "";
    await passFinished(s.app, number, pushed);
    const passed = ownCheckRunAt(s.sim, number, pushed);
    await deliverCompleted(s, passed.id);
    const status = await askStatus(s, s.app, number);
    expect(stateOf(status)).toBe("passed: nothing blocking");
    expect(dispatchesOf(s.sim, number), "no CI round from our own check").toHaveLength(1);
    expect(fixer.errors).toEqual([]);
  }, 120_000);
});
