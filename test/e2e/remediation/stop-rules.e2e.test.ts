import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testBackends } from "../../helpers/test-db.ts";
import { filesFromDiff } from "../github-simulator/index.ts";
import {
  type FixerBehaviour,
  fix,
  silent,
  succeedWithoutPush,
} from "../github-simulator/tiny-fixer.ts";
import {
  askStatus,
  deliverPullRequest,
  diffWithFindings,
  passFinished,
  postedFor,
  REPO,
  type Scenario,
  seedPullRequest,
  sha,
  stateOf,
} from "../harness/scenario.ts";
import { remediationConfig, startRemediationScenario } from "./remediation-kit.ts";
import {
  dispatchesFor,
  fixerForPr,
  handedOff,
  handOffComments,
  pastAnotherDispatch,
  withDispatchTimeout,
} from "./stop-rules-kit.ts";

/**
 * Three rounds, two rounds without progress, and a dispatch timeout of 30 "minutes" (18 s here):
 * a round stays in flight while a test pushes as a person, whatever the machine's load.
 */
function config(onHumanPush: "pause" | "continue"): string {
  return withDispatchTimeout(
    remediationConfig({ max_rounds: "3", no_progress_rounds: "2", on_human_push: onHumanPush }),
    30,
  );
}

/** A person's push that leaves the findings as they are and edits the README. */
const HUMAN_DIFF = [
  diffWithFindings(2).trimEnd(),
  "diff --git a/README.md b/README.md",
  "index 3333333..4444444 100644",
  "--- a/README.md",
  "+++ b/README.md",
  "@@ -1,1 +1,2 @@",
  " # app",
  "+Notes by a person.",
  "",
].join("\n");

/** A fixer step that tells the test it has the dispatch, then waits for `release`. */
function heldStep(then: FixerBehaviour) {
  let received!: () => void;
  let release!: () => void;
  const dispatched = new Promise<void>((resolve) => {
    received = resolve;
  });
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const step = async () => {
    received();
    await released;
    return then;
  };
  return { step, dispatched, release };
}

describe.each(testBackends())("e2e/remediation stop rules on the running app (%s)", (backend) => {
  let s: Scenario;

  beforeAll(async () => {
    s = await startRemediationScenario(backend, config("pause"));
  }, 120_000);
  afterAll(() => s?.close());

  it("no progress: the fixer succeeds twice without pushing → hand-off with the no-progress reason", async () => {
    s.sim.seedConfig(REPO, config("pause"));
    const pr = 21;
    seedPullRequest(s.sim, pr, { head: sha(`${backend}-no-progress`), findings: 2 });
    const fixer = fixerForPr(s, pr, [succeedWithoutPush, succeedWithoutPush]);
    const from = s.app.logs.length;
    await deliverPullRequest(s, s.app, pr, "opened");
    await handedOff(s.app, pr, from);
    expect(fixer.errors).toEqual([]);

    const handOffs = handOffComments(s.sim, pr);
    expect(handOffs).toHaveLength(1);
    const comment = handOffs[0]?.body ?? "";
    expect(comment).toContain("The loop made no progress");
    expect(comment).toContain("did not shrink for 2 rounds in a row");
    expect(comment).toContain("Still open: 2 (2 blocking)");
    const status = await askStatus(s, s.app, pr);
    expect(stateOf(status)).toBe("handed off to a human");
    expect(status).toContain("Handed off (no progress) at round 2");
    await pastAnotherDispatch();
    expect(dispatchesFor(s.sim, pr)).toHaveLength(2);
    fixer.uninstall();
  }, 120_000);

  it("a person's push while round 1 is in flight pauses the loop (on_human_push: pause)", async () => {
    s.sim.seedConfig(REPO, config("pause"));
    const pr = 22;
    seedPullRequest(s.sim, pr, { head: sha(`${backend}-human-pause`), findings: 2 });
    const held = heldStep(silent);
    const fixer = fixerForPr(s, pr, [held.step]);
    await deliverPullRequest(s, s.app, pr, "opened");
    await held.dispatched;

    const human = sha(`${backend}-human-pause-push`);
    s.sim.pushCommits(REPO, pr, { newHeadSha: human, files: filesFromDiff(HUMAN_DIFF) });
    await deliverPullRequest(s, s.app, pr, "synchronize");
    const status = await askStatus(s, s.app, pr);
    expect(stateOf(status)).toBe("paused: new commits are not reviewed until `resume`");
    expect(status).toContain(`pushed ${human.slice(0, 7)} while round 1 was in flight`);
    expect(status).toContain("alice");
    expect(status).toContain("on_human_push: pause");

    // The fixer's run comes and goes: the paused loop neither reviews nor dispatches again.
    held.release();
    await fixer.settled();
    await pastAnotherDispatch();
    expect(dispatchesFor(s.sim, pr)).toHaveLength(1);
    expect(postedFor(s.sim, pr, human).reviews).toHaveLength(0);
    expect(handOffComments(s.sim, pr)).toHaveLength(0);
    expect(stateOf(await askStatus(s, s.app, pr))).toBe(
      "paused: new commits are not reviewed until `resume`",
    );
    fixer.uninstall();
  }, 120_000);

  it("a person's push while round 1 is in flight is reviewed and the round goes on (on_human_push: continue)", async () => {
    s.sim.seedConfig(REPO, config("continue"));
    const pr = 23;
    seedPullRequest(s.sim, pr, { head: sha(`${backend}-human-continue`), findings: 2 });
    const held = heldStep(fix());
    const fixer = fixerForPr(s, pr, [held.step]);
    await deliverPullRequest(s, s.app, pr, "opened");
    await held.dispatched;

    const human = sha(`${backend}-human-continue-push`);
    s.sim.pushCommits(REPO, pr, { newHeadSha: human, files: filesFromDiff(HUMAN_DIFF) });
    const beforePush = s.app.logs.length;
    await deliverPullRequest(s, s.app, pr, "synchronize");
    await passFinished(s.app, pr, human, beforePush);
    expect(postedFor(s.sim, pr, human).reviews).toHaveLength(1);
    const during = await askStatus(s, s.app, pr);
    expect(stateOf(during)).toBe("awaiting a fix");
    expect(during).toContain("round 1 is still in flight");

    // The fixer of round 1 finishes on top of the person's commit: its push is reviewed and passes.
    held.release();
    const [round] = await fixer.waitForRounds(1);
    expect(fixer.errors).toEqual([]);
    const pushed = round?.pushedSha ?? "";
    expect(pushed).not.toBe("");
    await passFinished(s.app, pr, pushed, beforePush);
    const status = await askStatus(s, s.app, pr);
    expect(stateOf(status)).toBe("passed: nothing blocking");
    expect(status).toContain("after 1 round");
    expect(dispatchesFor(s.sim, pr)).toHaveLength(1);
    fixer.uninstall();
  }, 120_000);
});
