import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { testBackends } from "../helpers/test-db.ts";
import type { AppProcess } from "./harness/app-process.ts";
import {
  deliverPullRequest,
  passFinished,
  postedFor,
  type Scenario,
  seedPullRequest,
  sha,
  startScenario,
} from "./harness/scenario.ts";

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

// Replicas share a database only on PostgreSQL (a PGlite data directory has one owner).
const SHARED = testBackends().filter((backend) => backend === "postgres");

/**
 * Two app processes on one PostgreSQL database, as two replicas behind a load balancer:
 * deliveries split between them, and one delivery sent to both (GitHub's redelivery racing
 * the original), still review every head exactly once.
 */
describe.each(SHARED)("e2e/two app processes on one database (%s)", (backend) => {
  let s: Scenario;
  let replica: AppProcess;

  beforeAll(async () => {
    s = await startScenario(backend);
    replica = await s.startReplica();
  });
  afterAll(() => s?.close());
  afterEach(() => {
    expect(s.sim.violations.splice(0)).toEqual([]);
  });

  /** The pass of `number` at `head` finished in either process. */
  const finishedAnywhere = (number: number, head: string) =>
    Promise.any([passFinished(s.app, number, head), passFinished(replica, number, head)]);

  it("reviews every head exactly once when deliveries are split and one is sent to both", async () => {
    const numbers = [1, 2, 3, 4, 5, 6];
    const heads = new Map(numbers.map((n) => [n, sha(`${backend}-replica-${n}`)]));
    for (const [number, head] of heads) seedPullRequest(s.sim, number, { head, findings: 3 });

    await Promise.all([
      ...numbers
        .filter((n) => n !== 6)
        .map((n) => deliverPullRequest(s, n % 2 === 0 ? s.app : replica, n, "opened")),
      // One delivery (one X-GitHub-Delivery id) reaching both replicas at once.
      deliverPullRequest(s, s.app, 6, "opened", "same-delivery-6"),
      deliverPullRequest(s, replica, 6, "opened", "same-delivery-6"),
    ]);
    await Promise.all(numbers.map((n) => finishedAnywhere(n, heads.get(n)!)));

    for (const [number, head] of heads) {
      const { reviews, checkRuns } = postedFor(s.sim, number, head);
      expect({ number, reviews: reviews.length, checkRuns: checkRuns.length }).toEqual({
        number,
        reviews: 1,
        checkRuns: 1,
      });
      expect(checkRuns[0]!.status).toBe("completed");
      expect(checkRuns[0]!.annotations).toHaveLength(3);
    }
  });
});
