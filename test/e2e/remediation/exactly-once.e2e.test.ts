import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { testBackends } from "../../helpers/test-db.ts";
import { fix, type TinyFixer } from "../github-simulator/tiny-fixer.ts";
import type { AppProcess } from "../harness/app-process.ts";
import {
  deliverPullRequest,
  passFinished,
  postedFor,
  type Scenario,
  seedPullRequest,
  sha,
} from "../harness/scenario.ts";
import { fixerFor, startRemediationScenario } from "./remediation-kit.ts";
import {
  comment,
  dispatchesFor,
  gate,
  loopConfig,
  startRedeliveringProxy,
  WORKFLOW_DISPATCH,
  WORKFLOW_RUNS,
} from "./scenario-steps.ts";

// Child processes, a kill and a lease expiry per test; CI machines are shared.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

// Replicas share a database only on PostgreSQL (a PGlite data directory has one owner).
const SHARED = testBackends().filter((backend) => backend === "postgres");

/**
 * The dispatch is the one effect that costs money, and GitHub's dispatch endpoints take no
 * idempotency key: whatever goes wrong (a 5xx after GitHub stored it, kill -9 around the send,
 * a redelivered event, two replicas), GitHub runs the fixer once per round and the loop goes on.
 */
describe.each(testBackends())("e2e/remediation: one dispatch per round (%s)", (backend) => {
  let s: Scenario;
  const installed: TinyFixer[] = [];

  beforeAll(async () => {
    s = await startRemediationScenario(backend, loopConfig());
  });
  afterAll(() => s?.close());
  afterEach(() => {
    // A fixer left installed by a failed test would answer the next test's dispatches too.
    for (const fixer of installed.splice(0)) fixer.uninstall();
    expect(s.sim.violations.splice(0)).toEqual([]);
  });

  function fixerOf(behaviour: Parameters<typeof fixerFor>[1], appUrl?: () => string) {
    const fixer = appUrl
      ? fixerFor(
          {
            ...s,
            app: {
              ...s.app,
              get url() {
                return appUrl();
              },
            },
          },
          behaviour,
        )
      : fixerFor(s, behaviour);
    installed.push(fixer);
    return fixer;
  }

  /** PR `number` with one finding, opened; its head. */
  function open(number: number, findings = 1) {
    const head = sha(`${backend}-once-${number}`);
    seedPullRequest(s.sim, number, { head, findings });
    return head;
  }

  /** The round's push was reviewed and passed: what the PR's checks show. */
  async function expectPassedAt(app: AppProcess, number: number, head: string, from = 0) {
    await passFinished(app, number, head, from);
    const { reviews, checkRuns } = postedFor(s.sim, number, head);
    expect(reviews).toHaveLength(1);
    expect(checkRuns.map((run) => run.conclusion)).toEqual(["success"]);
  }

  it("adopts the run when GitHub answers 502 after it accepted the dispatch", async () => {
    s.sim.failNext({ method: "POST", path: WORKFLOW_DISPATCH, status: 502, afterStoring: true });
    const fixer = fixerOf([fix()]);
    open(21);
    const from = s.app.logs.length;
    await deliverPullRequest(s, s.app, 21, "opened");

    const [round] = await fixer.waitForRounds(1);
    await expectPassedAt(s.app, 21, round!.pushedSha!, from);
    expect(fixer.errors).toEqual([]);
    expect(dispatchesFor(s.sim, 21)).toHaveLength(1);
    // The 502 was seen, and the run found by its dispatch id instead of a second dispatch.
    const adopted = s.app.logs
      .slice(from)
      .filter((line) => line.msg === "GitHub had stored it: adopted, not sent again");
    expect(adopted).toHaveLength(1);
  });

  it("adopts the run after kill -9 while the dispatch was in flight and GitHub had stored it", async () => {
    const held = s.sim.hold({ method: "POST", path: WORKFLOW_DISPATCH, afterStoring: true });
    const restarted = gate();
    const fixer = fixerOf(async () => {
      // The run's events and the push go to the restarted app, not to a dead port.
      await restarted.wait;
      return fix();
    });
    open(22);
    await deliverPullRequest(s, s.app, 22, "opened");
    await held.arrived;
    await s.app.kill("SIGKILL");
    await held.hungUp;
    held.release();
    const from = s.app.logs.length;
    await s.app.restart();
    // Once the lease expired, the Dispatch job runs again and finds its row `sending`: it looks
    // for the run by its dispatch id. (Run events arriving first would settle it without a look.)
    const redone = await s.app.waitForLog(
      (line) => line.msg === "Dispatch job finished" && line.pr === 22,
      { from, what: "the Dispatch job to run again after the restart" },
    );
    restarted.open();

    expect(redone.outcome).toBe("accepted");
    expect(
      s.app.logs
        .slice(from)
        .filter(
          (line) =>
            line.msg === "The dispatch an earlier run sent was found: adopted, not sent again",
        ),
    ).toHaveLength(1);
    const [round] = await fixer.waitForRounds(1);
    await expectPassedAt(s.app, 22, round!.pushedSha!, from);
    expect(fixer.errors).toEqual([]);
    expect(dispatchesFor(s.sim, 22)).toHaveLength(1);
  });

  it("dispatches once after kill -9 while the dispatch was in flight and GitHub never got it", async () => {
    const held = s.sim.hold({ method: "POST", path: WORKFLOW_DISPATCH });
    const fixer = fixerOf([fix()]);
    open(23);
    await deliverPullRequest(s, s.app, 23, "opened");
    await held.arrived;
    await s.app.kill("SIGKILL");
    await held.hungUp;
    held.release();
    expect(dispatchesFor(s.sim, 23)).toHaveLength(0);
    const from = s.app.logs.length;
    await s.app.restart();

    const [round] = await fixer.waitForRounds(1);
    await expectPassedAt(s.app, 23, round!.pushedSha!, from);
    expect(fixer.errors).toEqual([]);
    expect(dispatchesFor(s.sim, 23)).toHaveLength(1);
  });

  it("follows the run of a dispatch whose job died after sending, and never sends it again", async () => {
    // GitHub stores the dispatch and answers 502; the look for its run is refused (403), so the
    // Dispatch job dies not knowing whether the fixer runs. The fixer's run is held meanwhile.
    s.sim.failNext({ method: "POST", path: WORKFLOW_DISPATCH, status: 502, afterStoring: true });
    s.sim.failNext({
      method: "GET",
      path: WORKFLOW_RUNS,
      status: 403,
      body: { message: "Resource not accessible by integration" },
    });
    const died = gate();
    const fixer = fixerOf(async () => {
      await died.wait;
      return fix();
    });
    open(26);
    const from = s.app.logs.length;
    await deliverPullRequest(s, s.app, 26, "opened");
    await s.app.waitForLog(
      (line) => line.msg === "job failure reported" && line.deadKind === "Dispatch",
      { from, what: "the dead Dispatch job to be reported" },
    );
    // The loop follows the attempt as if accepted: no second dispatch is queued.
    const status = await comment(s.sim, s.app, 26, "/reviewloop status");
    expect(status).toMatch(/whether the dispatch reached the fixer is unknown/);
    died.open();

    const [round] = await fixer.waitForRounds(1);
    await expectPassedAt(s.app, 26, round!.pushedSha!, from);
    expect(fixer.errors).toEqual([]);
    expect(dispatchesFor(s.sim, 26)).toHaveLength(1);
  });

  it("changes nothing when every delivery (pull_request, workflow_run) is delivered twice", async () => {
    const proxy = await startRedeliveringProxy(() => s.app.url);
    try {
      const fixer = fixerOf([fix(1), fix(1)], () => proxy.url);
      const head = open(24, 2);
      await deliverPullRequest(s, { url: proxy.url } as AppProcess, 24, "opened");

      const rounds = await fixer.waitForRounds(2);
      await expectPassedAt(s.app, 24, rounds[1]!.pushedSha!);
      expect(fixer.errors).toEqual([]);
      expect(dispatchesFor(s.sim, 24)).toHaveLength(2);
      expect(rounds.map((r) => r.received.payload?.round.number)).toEqual([1, 2]);
      // Every head reviewed once: the opened head, then each round's push.
      for (const reviewed of [head, rounds[0]!.pushedSha!]) {
        expect(postedFor(s.sim, 24, reviewed).reviews).toHaveLength(1);
      }
    } finally {
      await proxy.close();
    }
  });
});

describe.each(SHARED)("e2e/remediation: two replicas, one dispatch per round (%s)", (backend) => {
  let s: Scenario;
  let replica: AppProcess;
  let fixer: TinyFixer | undefined;

  beforeAll(async () => {
    s = await startRemediationScenario(backend, loopConfig());
    replica = await s.startReplica();
  });
  afterAll(async () => {
    fixer?.uninstall();
    await s?.close();
  });
  afterEach(() => {
    expect(s.sim.violations.splice(0)).toEqual([]);
  });

  it("runs two rounds with deliveries alternating between the replicas and the opened event sent to both", async () => {
    const head = sha(`${backend}-replicas-25`);
    seedPullRequest(s.sim, 25, { head, findings: 2 });
    let deliveries = 0;
    const next = () => (deliveries++ % 2 === 0 ? replica.url : s.app.url);
    fixer = fixerFor(
      {
        ...s,
        app: {
          ...s.app,
          get url() {
            return next();
          },
        },
      },
      [fix(1), fix(1)],
    );

    // One delivery (one X-GitHub-Delivery id) reaching both replicas at once.
    await Promise.all([
      deliverPullRequest(s, s.app, 25, "opened", "replicas-25-opened"),
      deliverPullRequest(s, replica, 25, "opened", "replicas-25-opened"),
    ]);
    const rounds = await fixer.waitForRounds(2);
    const last = rounds[1]!.pushedSha!;
    await Promise.any([passFinished(s.app, 25, last), passFinished(replica, 25, last)]);

    expect(fixer.errors).toEqual([]);
    expect(dispatchesFor(s.sim, 25)).toHaveLength(2);
    expect(rounds.map((r) => r.received.payload?.round.number)).toEqual([1, 2]);
    for (const reviewed of [head, rounds[0]!.pushedSha!, last]) {
      expect(postedFor(s.sim, 25, reviewed).reviews).toHaveLength(1);
    }
    expect(postedFor(s.sim, 25, last).checkRuns.map((run) => run.conclusion)).toEqual(["success"]);
  });
});
