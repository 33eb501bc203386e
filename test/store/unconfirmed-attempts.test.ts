import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { attemptOfRun } from "../../src/handlers/register-workflow-run-handler.ts";
import {
  listUnconfirmedAttempts,
  noteUnknownOutcome,
  readAttempt,
  recordFoundRun,
} from "../../src/store/dispatch-repository.ts";
import { openTestDb, type TestDatabase, testBackends } from "../helpers/test-db.ts";

const REPO = 7101;

describe.each(testBackends())("dispatch attempts whose run is unconfirmed (%s)", (backend) => {
  let test: TestDatabase;

  beforeAll(async () => {
    test = await openTestDb(backend);
  });
  afterAll(() => test.cleanup());
  beforeEach(async () => {
    await test.db.query("DELETE FROM dispatches");
  });

  async function attempt(
    id: string,
    n: number,
    status: string,
    options: {
      conclusion?: string;
      sent?: boolean;
      runId?: number;
      round?: number;
      repoId?: number;
    } = {},
  ) {
    await test.db.query(
      `INSERT INTO dispatches (installation_id, repo_id, pr_number, round, attempt, dispatch_id,
         target, status, conclusion, run_id, sent_at)
       VALUES (1, $1, 5, $2, $3, $4, 'workflow_dispatch', $5, $6, $7, $8)`,
      [
        options.repoId ?? REPO,
        options.round ?? 1,
        n,
        id,
        status,
        options.conclusion ?? null,
        options.runId ?? null,
        options.sent === false ? null : new Date(),
      ],
    );
  }

  it("lists the round's sent attempts with no run known that may have started one, newest first", async () => {
    await attempt("rl-died", 1, "failed", { conclusion: "dispatch_error" });
    await attempt("rl-no-run", 2, "failed", { conclusion: "no_run" });
    await attempt("rl-sending", 3, "sending");
    // A run seen, a refusal, a failed run, an attempt never sent, another round: not listed.
    await attempt("rl-ran", 4, "failed", { conclusion: "failure", runId: 12 });
    await attempt("rl-refused", 5, "refused", { conclusion: "refused" });
    await attempt("rl-unsent", 6, "failed", { conclusion: "dispatch_error", sent: false });
    await attempt("rl-round-2", 1, "failed", { conclusion: "no_run", round: 2 });
    await attempt("rl-now", 7, "intended", { sent: false });

    const listed = await listUnconfirmedAttempts(test.db, {
      repoId: REPO,
      prNumber: 5,
      round: 1,
      dispatchId: "rl-now",
    });

    expect(listed.map((a) => a.dispatchId)).toEqual(["rl-sending", "rl-no-run", "rl-died"]);
  });

  it("stops listing an attempt once its run was found, and keeps why an outcome is unknown", async () => {
    await attempt("rl-a", 1, "sending");
    await noteUnknownOutcome(test.db, "rl-a", "outcome unknown: the job died");
    expect((await readAttempt(test.db, "rl-a"))?.diagnostics?.message).toBe(
      "outcome unknown: the job died",
    );

    await recordFoundRun(test.db, "rl-a", { runId: 31, runUrl: "https://run/31" });

    const listed = await listUnconfirmedAttempts(test.db, {
      repoId: REPO,
      prNumber: 5,
      round: 1,
      dispatchId: "rl-b",
    });
    expect(listed).toEqual([]);
    expect(await readAttempt(test.db, "rl-a")).toMatchObject({ runId: 31, status: "sending" });
  });

  describe("handlers/attemptOfRun", () => {
    it("gives a run an attempt adopted to that attempt, though its name carries the earlier one", async () => {
      await attempt("rl-1", 1, "accepted", { runId: 41 });
      await attempt("rl-2", 2, "accepted", { runId: 41 });

      const found = await attemptOfRun(test.db, {
        repoId: REPO,
        runId: 41,
        named: { publicId: "rl-1" },
      });

      expect(found?.dispatchId).toBe("rl-2");
    });

    it("falls back to the dispatch id in the name, and ignores another repository's attempt", async () => {
      await attempt("rl-1", 1, "accepted");
      await attempt("rl-other", 1, "accepted", { repoId: REPO + 1 });

      expect(
        (await attemptOfRun(test.db, { repoId: REPO, runId: 7, named: { publicId: "rl-1" } }))
          ?.dispatchId,
      ).toBe("rl-1");
      expect(
        await attemptOfRun(test.db, { repoId: REPO, runId: 7, named: { publicId: "rl-other" } }),
      ).toBeNull();
      expect(await attemptOfRun(test.db, { repoId: REPO, runId: 8, named: null })).toBeNull();
    });
  });
});
