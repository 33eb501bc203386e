import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HeadUpdated, LoopEvent } from "../../src/loop/types.ts";
import { applyEvent, type EventEnvelope } from "../../src/spine/apply-event.ts";
import { purgeRepository } from "../../src/store/purge-repository.ts";
import { openTestDb, type TestDatabase, testBackends } from "../helpers/test-db.ts";

const actor = { login: "octocat", type: "User" };
let nextDelivery = 0;
let nextPr = 0;

function envelope(
  prNumber: number,
  event: LoopEvent,
  deliveryId = `d-${++nextDelivery}`,
): EventEnvelope {
  return {
    deliveryId,
    eventName: "pull_request",
    installationId: 7,
    repoId: 1001,
    repoFullName: "acme/widgets",
    prNumber,
    event,
  };
}

function head(
  sha: string,
  action: "opened" | "synchronize" | "reopened" = "synchronize",
): HeadUpdated {
  return {
    type: "HeadUpdated",
    action,
    headSha: sha,
    baseSha: "base0",
    baseRef: "main",
    draft: false,
    actor,
  };
}

describe.each(testBackends())("spine/applyEvent on %s", (backend) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await openTestDb(backend);
  });
  afterAll(async () => {
    await test.cleanup();
  });

  async function jobsOf(pr: number) {
    const { rows } = await test.db.query<{
      kind: string;
      status: string;
      payload: { headSha: string };
    }>(
      "SELECT kind, status, payload FROM jobs WHERE repo_id = 1001 AND group_key = $1 ORDER BY id",
      [`pr:1001#${pr}`],
    );
    return rows.map((row) => `${row.kind}@${row.payload.headSha}:${row.status}`);
  }

  it("records an opened pull request and queues one review of its head", async () => {
    const pr = ++nextPr;

    const outcome = await applyEvent(test.db, envelope(pr, head("aaa", "opened")));

    expect(outcome).toMatchObject({ applied: true, enqueued: 1, state: { status: "reviewing" } });
    expect(await jobsOf(pr)).toEqual(["RunReview@aaa:queued"]);
    const { rows } = await test.db.query(
      "SELECT status, head_sha FROM loops WHERE pr_number = $1",
      [pr],
    );
    expect(rows).toEqual([{ status: "reviewing", head_sha: "aaa" }]);
  });

  it("ignores a redelivered webhook: same delivery id, nothing changes", async () => {
    const pr = ++nextPr;
    const first = envelope(pr, head("aaa", "opened"));
    await applyEvent(test.db, first);
    const before = await test.db.query("SELECT version FROM loops WHERE pr_number = $1", [pr]);

    const again = await applyEvent(test.db, { ...first });

    expect(again).toEqual({ applied: false, reason: "duplicate_delivery" });
    expect(await jobsOf(pr)).toEqual(["RunReview@aaa:queued"]);
    const after = await test.db.query("SELECT version FROM loops WHERE pr_number = $1", [pr]);
    expect(after.rows).toEqual(before.rows);
  });

  it("keeps one queued review of the newest sha after a burst of pushes", async () => {
    const pr = ++nextPr;

    for (let i = 0; i < 10; i++) await applyEvent(test.db, envelope(pr, head(`sha${i}`)));

    const jobs = await jobsOf(pr);
    expect(jobs.filter((job) => job.endsWith(":queued"))).toEqual(["RunReview@sha9:queued"]);
    expect(jobs.filter((job) => job.endsWith(":cancelled"))).toHaveLength(9);
  });

  it("serializes concurrent events of one pull request on its loop row", async () => {
    const pr = ++nextPr;
    const other = await test.openAnother();

    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        applyEvent(i % 2 ? other : test.db, envelope(pr, head(`c${i}`))),
      ),
    );

    const { rows } = await test.db.query<{ version: number }>(
      "SELECT version FROM loops WHERE pr_number = $1",
      [pr],
    );
    expect(rows[0]!.version).toBe(8);
    const queued = (await jobsOf(pr)).filter((job) => job.endsWith(":queued"));
    expect(queued).toHaveLength(1);
  });

  it("cancels queued work when the pull request closes, and reviews again when it reopens", async () => {
    const pr = ++nextPr;
    await applyEvent(test.db, envelope(pr, head("aaa", "opened")));

    await applyEvent(test.db, envelope(pr, { type: "PullRequestClosed", merged: false, actor }));
    expect(await jobsOf(pr)).toEqual(["RunReview@aaa:cancelled"]);

    await applyEvent(test.db, envelope(pr, head("aaa", "reopened")));
    expect(await jobsOf(pr)).toEqual(["RunReview@aaa:cancelled", "RunReview@aaa:queued"]);
  });

  it("reviews a reopened pull request again even when its head was reviewed before", async () => {
    const pr = ++nextPr;
    await applyEvent(test.db, envelope(pr, head("aaa", "opened")));
    await test.db.query("UPDATE jobs SET status = 'done' WHERE group_key = $1", [`pr:1001#${pr}`]);
    await applyEvent(test.db, envelope(pr, { type: "PullRequestClosed", merged: false, actor }));

    const reopened = await applyEvent(test.db, envelope(pr, head("aaa", "reopened")));

    expect(reopened).toMatchObject({ applied: true, enqueued: 1, state: { status: "reviewing" } });
    expect(await jobsOf(pr)).toEqual(["RunReview@aaa:done", "RunReview@aaa:queued"]);
  });

  it("purges one repository's rows and leaves other repositories alone", async () => {
    const pr = ++nextPr;
    await applyEvent(test.db, envelope(pr, head("aaa", "opened")));
    await applyEvent(test.db, { ...envelope(pr, head("bbb", "opened")), repoId: 2002 });

    const counts = await purgeRepository(test.db, 7, 1001);

    expect(counts.loops).toBeGreaterThan(0);
    const left = await test.db.query<{ repo_id: number }>("SELECT DISTINCT repo_id FROM loops");
    expect(left.rows).toEqual([{ repo_id: 2002 }]);
    const leftJobs = await test.db.query("SELECT 1 FROM jobs WHERE repo_id = 1001");
    expect(leftJobs.rows).toHaveLength(0);
  });

  it("runs the guard first: a guard that throws records nothing, not even the loop row", async () => {
    const pr = ++nextPr;
    const opened = envelope(pr, head("aaa", "opened"));

    const refused = applyEvent(test.db, opened, {
      guard: async () => {
        throw new Error("lease lost");
      },
    });

    await expect(refused).rejects.toThrow("lease lost");
    const loops = await test.db.query("SELECT 1 FROM loops WHERE pr_number = $1", [pr]);
    expect(loops.rows).toEqual([]);
    const deliveries = await test.db.query("SELECT 1 FROM deliveries WHERE delivery_id = $1", [
      opened.deliveryId,
    ]);
    expect(deliveries.rows).toEqual([]);
  });

  it("queues a reopen's review behind the pass of the same head that is still running", async () => {
    const pr = ++nextPr;
    await applyEvent(test.db, envelope(pr, head("aaa", "opened")));
    await test.db.query("UPDATE jobs SET status = 'running' WHERE group_key = $1", [
      `pr:1001#${pr}`,
    ]);
    await applyEvent(test.db, envelope(pr, { type: "PullRequestClosed", merged: false, actor }));

    const reopened = await applyEvent(test.db, envelope(pr, head("aaa", "reopened")));

    expect(reopened).toMatchObject({ applied: true, enqueued: 1 });
    expect(await jobsOf(pr)).toEqual(["RunReview@aaa:running", "RunReview@aaa:queued"]);
  });

  it("queues a review of a head force-pushed back while that head's pass still runs", async () => {
    const pr = ++nextPr;
    const at = (second: number) => `2026-12-02T10:00:0${second}Z`;
    await applyEvent(test.db, envelope(pr, { ...head("aaa", "opened"), updatedAt: at(1) }));
    await test.db.query("UPDATE jobs SET status = 'running' WHERE group_key = $1", [
      `pr:1001#${pr}`,
    ]);
    await applyEvent(test.db, envelope(pr, { ...head("bbb"), updatedAt: at(2), before: "aaa" }));

    const back = await applyEvent(
      test.db,
      envelope(pr, { ...head("aaa"), updatedAt: at(3), before: "bbb" }),
    );

    expect(back).toMatchObject({ applied: true, enqueued: 1, state: { status: "reviewing" } });
    expect(await jobsOf(pr)).toEqual([
      "RunReview@aaa:running",
      "RunReview@bbb:cancelled",
      "RunReview@aaa:queued",
    ]);
  });

  it("queues a re-read of GitHub for later, not now", async () => {
    const pr = ++nextPr;
    await applyEvent(
      test.db,
      envelope(pr, { ...head("bbb"), updatedAt: "2026-12-02T10:00:05Z" } as LoopEvent),
    );
    const stale: LoopEvent = {
      type: "ReviewFinished",
      headSha: "bbb",
      seq: 1,
      outcome: "superseded",
      github: {
        headSha: "aaa",
        baseSha: "base0",
        state: "open",
        updatedAt: "2026-12-02T10:00:01Z",
      },
    };

    const outcome = await applyEvent(test.db, envelope(pr, stale));

    expect(outcome).toMatchObject({ applied: true, enqueued: 1, state: { status: "reviewing" } });
    const { rows } = await test.db.query<{ later: boolean; trigger: string }>(
      `SELECT run_at > now() + interval '3 seconds' AS later, payload->>'trigger' AS trigger
       FROM jobs WHERE group_key = $1 AND status = 'queued'`,
      [`pr:1001#${pr}`],
    );
    expect(rows).toEqual([{ later: true, trigger: "recheck" }]);
  });
});
