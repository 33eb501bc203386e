import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NEEDS_HUMAN_LABEL } from "../../../src/remediation/render-hand-off.ts";
import { testBackends } from "../../helpers/test-db.ts";
import { fail, fix, silent } from "../github-simulator/tiny-fixer.ts";
import {
  askStatus,
  deliverPullRequest,
  passFinished,
  REPO,
  type Scenario,
  seedPullRequest,
  sha,
  stateOf,
} from "../harness/scenario.ts";
import { labelsOf, remediationConfig, startRemediationScenario } from "./remediation-kit.ts";
import { WORKFLOW_DISPATCH } from "./scenario-steps.ts";
import {
  checkRunSummary,
  dispatchesFor,
  fixerForPr,
  handedOff,
  handOffComments,
  pastAnotherDispatch,
  payloadOf,
  pushFixAsPerson,
  withDispatchTimeout,
} from "./stop-rules-kit.ts";

/** Two rounds at most, three attempts per round. */
const LIMITS = remediationConfig({ max_rounds: "2", max_attempts: "3", no_progress_rounds: "1" });
/** The fixer's runs get 30 "minutes" (18 s here): only a fixer that fails, fails. */
const CONFIG = withDispatchTimeout(LIMITS, 30);
/** One "minute" (0.6 s here) for a run to start and finish. */
const SHORT_TIMEOUT = withDispatchTimeout(LIMITS, 1);

// A distinctive line of the failing fixer's log, and a token that must never be shown.
const LOG_LINE = "agent: patch for F1 rejected by the formatter (exit 17)";
const TOKEN = `ghp_${"A1b2C3d4E5".repeat(3)}f6G7h8`;
// What GitHub says when the workflow cannot be dispatched (its words, kept and shown).
const REFUSAL = "Unexpected inputs provided: payload";

const FAILING_LOG = [
  "Installing the agent",
  `Using token ${TOKEN} to push`,
  "Running the agent on 2 findings",
  LOG_LINE,
  "",
].join("\n");

describe.each(testBackends())("e2e/remediation hand-off on the running app (%s)", (backend) => {
  let s: Scenario;

  beforeAll(async () => {
    s = await startRemediationScenario(backend, CONFIG);
  }, 120_000);
  afterAll(() => s?.close());

  it("max rounds reached → one hand-off comment, the label, no further dispatch; a passing push removes the label", async () => {
    s.sim.seedConfig(REPO, CONFIG);
    const pr = 11;
    seedPullRequest(s.sim, pr, { head: sha(`${backend}-max-rounds`), findings: 3 });
    // Each round fixes one of three findings: progress every round, never a pass.
    const fixer = fixerForPr(s, pr, [fix(1), fix(1)]);
    const from = s.app.logs.length;
    await deliverPullRequest(s, s.app, pr, "opened");
    await handedOff(s.app, pr, from);
    const rounds = await fixer.waitForRounds(2);
    expect(fixer.errors).toEqual([]);
    const lastHead = rounds[1]?.pushedSha ?? "";
    expect(lastHead).not.toBe("");

    const handOffs = handOffComments(s.sim, pr);
    expect(handOffs).toHaveLength(1);
    const comment = handOffs[0]?.body ?? "";
    expect(comment).toContain("reached its limit of 2 remediation rounds");
    expect(comment).toContain("Rounds used: **2/2**");
    expect(comment).toContain("Still open: 1 (1 blocking)");
    expect(comment).toContain("/reviewloop resume");
    expect(labelsOf(s.sim, pr)).toContain(NEEDS_HUMAN_LABEL);
    const repoLabels = s.sim.state.repoLabels.get(REPO) ?? [];
    expect(repoLabels.filter((l) => l.name === NEEDS_HUMAN_LABEL)).toHaveLength(1);
    const summary = checkRunSummary(s.sim, lastHead);
    expect(summary).toContain("## Remediation");
    expect(summary).toContain("Handed off (round limit reached) at round 2");

    const status = await askStatus(s, s.app, pr);
    expect(stateOf(status)).toBe("handed off to a human");
    await pastAnotherDispatch();
    expect(dispatchesFor(s.sim, pr)).toHaveLength(2);
    expect(handOffComments(s.sim, pr)).toHaveLength(1);
    fixer.uninstall();

    // A person fixes the last finding: the review passes and the label goes.
    const human = sha(`${backend}-max-rounds-human`);
    pushFixAsPerson(s.sim, pr, human);
    const beforePush = s.app.logs.length;
    await deliverPullRequest(s, s.app, pr, "synchronize");
    await passFinished(s.app, pr, human, beforePush);
    await s.app.waitForLog(
      (line) => line.msg === `Label ${NEEDS_HUMAN_LABEL}: remove` && line.pr === pr,
      { from: beforePush, what: "the label's removal" },
    );
    expect(labelsOf(s.sim, pr)).not.toContain(NEEDS_HUMAN_LABEL);
    expect(stateOf(await askStatus(s, s.app, pr))).toBe("passed: nothing blocking");
    expect(dispatchesFor(s.sim, pr)).toHaveLength(2);
    expect(handOffComments(s.sim, pr)).toHaveLength(1);
  }, 120_000);

  it("the fixer's run fails three times → retried with what went wrong, then one hand-off with the failed job, step and log", async () => {
    s.sim.seedConfig(REPO, CONFIG);
    const pr = 12;
    const head = sha(`${backend}-failing`);
    seedPullRequest(s.sim, pr, { head, findings: 2 });
    const failing = fail({ job: "agent", step: "Run the agent", log: FAILING_LOG });
    const fixer = fixerForPr(s, pr, [failing, failing, failing]);
    const from = s.app.logs.length;
    await deliverPullRequest(s, s.app, pr, "opened");
    await handedOff(s.app, pr, from);
    await fixer.waitForRounds(3);
    expect(fixer.errors).toEqual([]);

    const comment = handOffComments(s.sim, pr)[0]?.body ?? "";
    expect(handOffComments(s.sim, pr)).toHaveLength(1);
    expect(comment).toContain("could not be run");
    expect(comment).toContain("failed 3 attempts in a row in round 1");
    expect(comment).toContain("`agent`");
    expect(comment).toContain("`Run the agent`");
    expect(comment).toContain(LOG_LINE);
    expect(comment).toContain("/reviewloop retry");
    expect(comment).not.toContain(TOKEN);
    expect(comment).not.toContain("ghp_");
    expect(labelsOf(s.sim, pr)).toContain(NEEDS_HUMAN_LABEL);
    const summary = checkRunSummary(s.sim, head);
    expect(summary).toContain("Handed off (dispatch failing) at round 1");
    expect(summary).toContain(LOG_LINE);
    expect(summary).not.toContain(TOKEN);

    // One round, three attempts; each retry carries the failures before it, token scrubbed.
    await pastAnotherDispatch();
    const dispatches = dispatchesFor(s.sim, pr);
    expect(dispatches).toHaveLength(3);
    const payloads = dispatches.map(payloadOf);
    expect(payloads.map((p) => [p.round.number, p.round.attempt])).toEqual([
      [1, 1],
      [1, 2],
      [1, 3],
    ]);
    expect(payloads.map((p) => p.previous_attempts.length)).toEqual([0, 1, 2]);
    const third = payloads[2]?.previous_attempts ?? [];
    expect(third.map((a) => a.dispatch_id)).toEqual([
      payloads[0]?.dispatch_id,
      payloads[1]?.dispatch_id,
    ]);
    for (const attempt of third) {
      expect(attempt.conclusion).toBe("failure");
      expect(attempt.failed_jobs).toEqual([
        expect.objectContaining({ name: "agent", failed_step: "Run the agent" }),
      ]);
      expect(attempt.failed_jobs[0]?.log_tail).toContain(LOG_LINE);
    }
    expect(JSON.stringify(payloads)).not.toContain(TOKEN);

    const status = await askStatus(s, s.app, pr);
    expect(stateOf(status)).toBe("handed off to a human");
    expect(status).toContain("dispatch failing");
    expect(status).not.toContain(TOKEN);
    fixer.uninstall();
  }, 120_000);

  it("no run within the dispatch timeout → retried → hand-off saying no run started", async () => {
    // The app reads the configuration per pass: PR 13's pass reads this one.
    s.sim.seedConfig(REPO, SHORT_TIMEOUT);
    const pr = 13;
    seedPullRequest(s.sim, pr, { head: sha(`${backend}-silent`), findings: 2 });
    const fixer = fixerForPr(s, pr, [silent, silent, silent]);
    const from = s.app.logs.length;
    await deliverPullRequest(s, s.app, pr, "opened");
    await handedOff(s.app, pr, from);

    const handOffs = handOffComments(s.sim, pr);
    expect(handOffs).toHaveLength(1);
    const comment = handOffs[0]?.body ?? "";
    expect(comment).toContain("failed 3 attempts in a row in round 1");
    expect(comment).toContain("no run started within 1 min");
    expect(labelsOf(s.sim, pr)).toContain(NEEDS_HUMAN_LABEL);

    // One dispatch per attempt, each its own dispatch id; none after the hand-off.
    await pastAnotherDispatch();
    const dispatches = dispatchesFor(s.sim, pr);
    expect(dispatches).toHaveLength(3);
    const ids = dispatches.map((d) => payloadOf(d).dispatch_id);
    expect(new Set(ids).size).toBe(3);
    expect(payloadOf(dispatches[2] ?? {}).previous_attempts.map((a) => a.conclusion)).toEqual([
      "no_run",
      "no_run",
    ]);
    const status = await askStatus(s, s.app, pr);
    expect(stateOf(status)).toBe("handed off to a human");
    expect(status).toContain("no run started within 1 min");
    fixer.uninstall();
  }, 120_000);

  /** The workflow's dispatch POSTs the app sent for PR `number` (refused ones included). */
  function dispatchPosts(pr: number) {
    return s.sim.requests.filter(
      (r) =>
        r.method === "POST" &&
        WORKFLOW_DISPATCH.test(r.path) &&
        String((r.body as { inputs?: { pr?: unknown } } | null)?.inputs?.pr) === String(pr),
    );
  }

  it("every dispatch refused (HTTP 422) → one hand-off comment, status and the check run show the status and GitHub's message", async () => {
    s.sim.seedConfig(REPO, CONFIG);
    const pr = 14;
    const head = sha(`${backend}-refused`);
    seedPullRequest(s.sim, pr, { head, findings: 2 });
    s.sim.failNext({
      method: "POST",
      path: WORKFLOW_DISPATCH,
      status: 422,
      body: { message: REFUSAL },
      times: 3,
    });
    const from = s.app.logs.length;
    await deliverPullRequest(s, s.app, pr, "opened");
    await handedOff(s.app, pr, from);

    const handOffs = handOffComments(s.sim, pr);
    expect(handOffs).toHaveLength(1);
    const comment = handOffs[0]?.body ?? "";
    expect(comment).toContain("failed 3 attempts in a row in round 1");
    // The reason names the last refusal; the kept diagnostics show it under "Last attempt".
    expect(comment).toContain(`dispatch refused: HTTP 422: ${REFUSAL}`);
    expect(comment).toContain(
      `#### Last attempt\n\nconclusion \`refused\`; refused: HTTP 422 — ${REFUSAL}`,
    );
    expect(labelsOf(s.sim, pr)).toContain(NEEDS_HUMAN_LABEL);
    const summary = checkRunSummary(s.sim, head);
    expect(summary).toContain(`refused: HTTP 422 — ${REFUSAL}`);

    const status = await askStatus(s, s.app, pr);
    expect(stateOf(status)).toBe("handed off to a human");
    expect(status).toContain(
      `Last failed attempt: conclusion \`refused\`; refused: HTTP 422 — ${REFUSAL}`,
    );
    // Three attempts, each refused (GitHub stored none); nothing after the hand-off.
    await pastAnotherDispatch();
    expect(dispatchPosts(pr).map((r) => r.status)).toEqual([422, 422, 422]);
    expect(dispatchesFor(s.sim, pr)).toHaveLength(0);
  }, 120_000);

  it("GitHub stores the hand-off comment but answers 502 → it is found by its marker, not posted twice", async () => {
    s.sim.seedConfig(REPO, CONFIG);
    const pr = 15;
    seedPullRequest(s.sim, pr, { head: sha(`${backend}-lost-hand-off`), findings: 2 });
    // The dispatch is refused every time, so the hand-off is the only comment the app posts on
    // this pull request before the test asks for status; its answer is lost after storing.
    s.sim.failNext({
      method: "POST",
      path: WORKFLOW_DISPATCH,
      status: 422,
      body: { message: REFUSAL },
      times: 3,
    });
    const comments = new RegExp(`^/repos/${REPO}/issues/${pr}/comments$`);
    s.sim.failNext({ method: "POST", path: comments, status: 502, afterStoring: true });
    const from = s.app.logs.length;
    await deliverPullRequest(s, s.app, pr, "opened");
    await handedOff(s.app, pr, from);

    const posts = s.sim.requests.filter((r) => r.method === "POST" && comments.test(r.path));
    expect(posts[0]?.status).toBe(502);
    expect(handOffComments(s.sim, pr)).toHaveLength(1);
    expect(labelsOf(s.sim, pr)).toContain(NEEDS_HUMAN_LABEL);
    await pastAnotherDispatch();
    expect(handOffComments(s.sim, pr)).toHaveLength(1);
  }, 120_000);
});
