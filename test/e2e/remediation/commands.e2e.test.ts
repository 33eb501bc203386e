import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { testBackends } from "../../helpers/test-db.ts";
import { fail, fix, type TinyFixer } from "../github-simulator/tiny-fixer.ts";
import {
  askStatus,
  deliverPullRequest,
  passFinished,
  postedFor,
  REPO,
  type Scenario,
  seedPullRequest,
  sha,
  stateOf,
} from "../harness/scenario.ts";
import { appComments, fixerFor, startRemediationScenario } from "./remediation-kit.ts";
import { comment, dispatchesFor, gate, loopConfig } from "./scenario-steps.ts";

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

/**
 * `/reviewloop fix`, `stop`, `resume`, `retry` and `status` on the running app against the
 * simulator's tiny fixer: what a person sees in the replies, and what GitHub is asked to run.
 */
describe.each(testBackends())("e2e/remediation commands on the running app (%s)", (backend) => {
  let s: Scenario;

  beforeAll(async () => {
    s = await startRemediationScenario(backend, loopConfig());
  });
  afterAll(() => s?.close());
  // A fixer left installed by a failed test would answer the next test's dispatches too.
  const installed: TinyFixer[] = [];
  const fixerOf = (behaviour: Parameters<typeof fixerFor>[1]) => {
    const fixer = fixerFor(s, behaviour);
    installed.push(fixer);
    return fixer;
  };
  afterEach(() => {
    for (const fixer of installed.splice(0)) fixer.uninstall();
    expect(s.sim.violations.splice(0)).toEqual([]);
  });

  /** The conclusion of the `reviewloop` check run on `head`: what the PR's checks show. */
  const checkRunOf = (number: number, head: string) =>
    postedFor(s.sim, number, head)
      .checkRuns.map((run) => run.conclusion)
      .join(",");

  /** Opens PR `number` with `findings` TODO lines and waits for its first review. */
  async function openReviewed(number: number, findings: number) {
    const head = sha(`${backend}-commands-${number}`);
    seedPullRequest(s.sim, number, { head, findings });
    const from = s.app.logs.length;
    await deliverPullRequest(s, s.app, number, "opened");
    await passFinished(s.app, number, head, from);
    return head;
  }

  it("fix with remediation off dispatches one round for every open finding; a second fix is refused while it is in flight; status shows the round", async () => {
    s.sim.seedConfig(REPO, loopConfig({ enabled: false }));
    await openReviewed(11, 2);
    expect(dispatchesFor(s.sim, 11)).toHaveLength(0);
    const go = gate();
    const fixer = fixerOf(async () => {
      await go.wait;
      return fix();
    });

    const first = await comment(s.sim, s.app, 11, "/reviewloop fix");
    expect(first).toContain("Round 1/5: dispatching the fixer for 2 open findings.");
    await vi.waitFor(() => expect(dispatchesFor(s.sim, 11)).toHaveLength(1), { timeout: 30_000 });

    // One comment, one reply: the refusal, then the status with the remediation section.
    const status = await comment(s.sim, s.app, 11, "/reviewloop fix\n/reviewloop status");
    expect(status).toContain("Round 1 is already in flight");
    expect(stateOf(status ?? "")).toBe("awaiting a fix");
    expect(status).toMatch(
      /- In flight: round 1, attempt 1\/3: .*\(dispatch `[^`]+`, \[run\]\(http/,
    );
    expect(status).toContain("- Round: ");

    go.open();
    const [round] = await fixer.waitForRounds(1);
    expect(fixer.errors).toEqual([]);
    await passFinished(s.app, 11, round!.pushedSha!);
    expect(dispatchesFor(s.sim, 11)).toHaveLength(1);
    expect(round!.received.payload?.scope).toBe("all");
    expect(round!.received.payload?.findings).toHaveLength(2);
    expect(round!.received.payload?.round.number).toBe(1);
    expect(checkRunOf(11, round!.pushedSha!)).toBe("success");
  });

  it("stop during a round: the fixer's push is not reviewed and nothing more is dispatched; resume reviews it and the loop goes on", async () => {
    s.sim.seedConfig(REPO, loopConfig());
    const go = gate();
    let dispatched = 0;
    const fixer = fixerOf(async () => {
      // Round 1 waits for the stop; round 2 fixes at once.
      if (dispatched++ === 0) await go.wait;
      return fix(1);
    });
    await openReviewed(12, 2);
    await vi.waitFor(() => expect(dispatchesFor(s.sim, 12)).toHaveLength(1), { timeout: 30_000 });

    const stopping = await comment(s.sim, s.app, 12, "/reviewloop stop\n/reviewloop status");
    expect(stateOf(stopping ?? "")).toMatch(/^stopped/);
    go.open();
    const [round1] = await fixer.waitForRounds(1);
    expect(round1!.pushedSha).toBeDefined();
    // The push was delivered (and answered); the loop only remembers it.
    const stopped = await askStatus(s, s.app, 12);
    expect(stateOf(stopped)).toMatch(/^stopped/);
    expect(postedFor(s.sim, 12, round1!.pushedSha!).reviews).toHaveLength(0);
    expect(dispatchesFor(s.sim, 12)).toHaveLength(1);

    const from = s.app.logs.length;
    await comment(s.sim, s.app, 12, "/reviewloop resume");
    await passFinished(s.app, 12, round1!.pushedSha!, from);
    const [, round2] = await fixer.waitForRounds(2);
    await passFinished(s.app, 12, round2!.pushedSha!, from);
    expect(fixer.errors).toEqual([]);
    expect(postedFor(s.sim, 12, round1!.pushedSha!).reviews).toHaveLength(1);
    expect(dispatchesFor(s.sim, 12)).toHaveLength(2);
    expect(checkRunOf(12, round2!.pushedSha!)).toBe("success");
  });

  it("retry after a dispatch-failing hand-off dispatches now, with failures counted from 0", async () => {
    s.sim.seedConfig(REPO, loopConfig({ maxAttempts: 2, timeoutMinutes: 1 }));
    const broken = fail({ step: "Run agent", log: "agent: out of credits" });
    // Two failures hand off; after the retry one failure is retried (counted from 0), then fixed.
    const fixer = fixerOf([broken, broken, broken, fix()]);
    await openReviewed(13, 1);
    await vi.waitFor(() => expect(appComments(s.sim, 13, "could not be run")).toHaveLength(1), {
      timeout: 60_000,
    });
    await fixer.waitForRounds(2);
    expect(dispatchesFor(s.sim, 13)).toHaveLength(2);

    const reply = await comment(s.sim, s.app, 13, "/reviewloop retry");
    expect(reply).toContain("Retrying round 1 now (attempt 3; failures counted from 0).");
    const rounds = await fixer.waitForRounds(4);
    await passFinished(s.app, 13, rounds[3]!.pushedSha!);
    expect(fixer.errors).toEqual([]);
    expect(dispatchesFor(s.sim, 13)).toHaveLength(4);
    expect(rounds.map((r) => r.received.payload?.round.number)).toEqual([1, 1, 1, 1]);
    expect(appComments(s.sim, 13, "could not be run")).toHaveLength(1);
    expect(checkRunOf(13, rounds[3]!.pushedSha!)).toBe("success");
  });
});
