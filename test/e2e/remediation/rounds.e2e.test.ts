import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testBackends } from "../../helpers/test-db.ts";
import { fix } from "../github-simulator/tiny-fixer.ts";
import {
  askStatus,
  deliverPullRequest,
  postedFor,
  REPO,
  type Scenario,
  seedPullRequest,
  sha,
  stateOf,
} from "../harness/scenario.ts";
import { fixerFor, labelsOf, startRemediationScenario } from "./remediation-kit.ts";

describe.each(testBackends())("e2e/remediation rounds on the running app (%s)", (backend) => {
  let s: Scenario;

  beforeAll(async () => {
    s = await startRemediationScenario(backend);
  }, 120_000);
  afterAll(() => s?.close());

  it("two blocking findings → round 1 fixes one → round 2 fixes the other → passed", async () => {
    const head = sha(`${backend}-rounds-1`);
    seedPullRequest(s.sim, 1, { head, findings: 2 });
    const fixer = fixerFor(s, [fix(1), fix(1)]);
    await deliverPullRequest(s, s.app, 1, "opened");

    const rounds = await fixer.waitForRounds(2);
    expect(fixer.errors).toEqual([]);
    await s.app.waitForLog(
      (line) =>
        line.msg === "Review pass finished" &&
        line.pr === 1 &&
        line.sha === rounds[1]?.pushedSha?.slice(0, 7),
      { what: "the review of round 2's push", timeoutMs: 60_000 },
    );
    const status = await askStatus(s, s.app, 1);
    expect(stateOf(status)).toBe("passed: nothing blocking");
    expect(status).toContain("after 2 rounds");
    // One dispatch per round, each for the head it was asked for.
    const dispatches = s.sim.state.dispatches.filter((d) => d.repo.toLowerCase() === REPO);
    expect(dispatches).toHaveLength(2);
    expect(rounds.map((r) => r.received.payload?.round.number)).toEqual([1, 2]);
    expect(rounds[0]?.received.payload?.findings).toHaveLength(2);
    expect(rounds[1]?.received.payload?.findings).toHaveLength(1);
    expect(postedFor(s.sim, 1, rounds[1]?.pushedSha ?? "").reviews).toHaveLength(1);
    expect(labelsOf(s.sim, 1)).not.toContain("reviewloop:needs-human");
    fixer.uninstall();
  }, 120_000);
});
