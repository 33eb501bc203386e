import nock from "nock";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { registerHandlers } from "../../src/handlers/register-handlers.ts";
import { createTestProbot } from "../helpers/probot.ts";
import { openTestDb, type TestDatabase } from "../helpers/test-db.ts";
import { webhookExample } from "../helpers/webhook-examples.ts";

describe("handlers/registerHandlers", () => {
  let test: TestDatabase;
  let wakes: number;
  let deliveryCounter = 0;
  const probot = createTestProbot();

  beforeAll(async () => {
    test = await openTestDb("pglite");
    probot.load((app) =>
      registerHandlers(app, {
        db: test.db,
        onEnqueued: () => {
          wakes++;
        },
      }),
    );
  });
  afterAll(async () => {
    await test.cleanup();
  });
  beforeEach(() => {
    wakes = 0;
    nock.disableNetConnect();
  });
  afterEach(() => {
    // Handlers must only record and enqueue: any GitHub call here would be a bug.
    expect(nock.pendingMocks()).toEqual([]);
    nock.cleanAll();
    nock.enableNetConnect();
  });

  let prCounter = 9000;
  /** A pull_request example moved to a PR number and head sha no other test uses. */
  function prPayload(action: string, index = 0) {
    const payload = webhookExample("pull_request", action, index);
    const pr = payload.pull_request as { number: number; head: { sha: string } };
    pr.number = ++prCounter;
    pr.head.sha = prCounter.toString(16).padStart(40, "0");
    return payload;
  }

  function receive(
    name: string,
    payload: Record<string, unknown>,
    id = `delivery-${++deliveryCounter}`,
  ) {
    return probot.receive({ id, name, payload } as never);
  }

  async function count(table: string, where = "true", params: unknown[] = []): Promise<number> {
    const { rows } = await test.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${table} WHERE ${where}`,
      params,
    );
    return rows[0]!.n;
  }

  it("turns pull_request.opened into a queued review job and wakes the worker", async () => {
    const payload = prPayload("opened", 1);
    const pr = payload.pull_request as { number: number; head: { sha: string } };

    await receive("pull_request", payload);

    const { rows } = await test.db.query<{ kind: string; payload: { headSha: string } }>(
      "SELECT kind, payload FROM jobs WHERE group_key LIKE $1",
      [`%#${pr.number}`],
    );
    expect(rows).toEqual([
      { kind: "RunReview", payload: expect.objectContaining({ headSha: pr.head.sha }) },
    ]);
    expect(wakes).toBe(1);
  });

  it("does nothing for a redelivered webhook", async () => {
    const payload = prPayload("synchronize");
    await receive("pull_request", payload, "redelivered-1");
    const jobs = await count("jobs");

    await receive("pull_request", payload, "redelivered-1");

    expect(await count("jobs")).toBe(jobs);
    expect(await count("deliveries", "delivery_id = $1", ["redelivered-1"])).toBe(1);
    expect(wakes).toBe(1);
  });

  it("keeps the newer head when two pushes are delivered out of order (B, then the older A)", async () => {
    const a = prPayload("synchronize");
    const pr = a.pull_request as { number: number; head: { sha: string }; updated_at: string };
    const shaA = pr.head.sha;
    pr.updated_at = "2026-12-02T10:00:01Z";
    a.after = shaA;
    const b = structuredClone(a);
    const prB = b.pull_request as typeof pr;
    prB.head.sha = "b".repeat(40);
    prB.updated_at = "2026-12-02T10:00:02Z";
    b.before = shaA;
    b.after = prB.head.sha;

    await receive("pull_request", b);
    await receive("pull_request", a);

    const { rows } = await test.db.query<{ head_sha: string }>(
      "SELECT head_sha FROM loops WHERE pr_number = $1",
      [pr.number],
    );
    expect(rows).toEqual([{ head_sha: prB.head.sha }]);
    const queued = await test.db.query<{ sha: string }>(
      "SELECT payload->>'headSha' AS sha FROM jobs WHERE group_key LIKE $1 AND status = 'queued'",
      [`%#${pr.number}`],
    );
    expect(queued.rows).toEqual([{ sha: prB.head.sha }]);
  });

  it("ignores pull_request actions the loop does not use, storing nothing", async () => {
    const deliveries = await count("deliveries");

    await receive("pull_request", webhookExample("pull_request", "labeled"));

    expect(await count("deliveries")).toBe(deliveries);
  });

  it("cancels queued reviews when the pull request closes", async () => {
    const opened = prPayload("reopened");
    const closed = structuredClone(opened);
    closed.action = "closed";
    await receive("pull_request", opened);

    await receive("pull_request", closed);

    const pr = (opened.pull_request as { number: number }).number;
    const repoId = (opened.repository as { id: number }).id;
    const { rows } = await test.db.query<{ status: string }>(
      "SELECT status FROM jobs WHERE group_key = $1",
      [`pr:${repoId}#${pr}`],
    );
    expect(rows.map((row) => row.status)).toEqual(["cancelled"]);
  });

  it("purges a repository removed from the installation", async () => {
    const removed = webhookExample("installation_repositories", "removed");
    const installationId = (removed.installation as { id: number }).id;
    const repo = (removed.repositories_removed as { id: number }[])[0]!;
    const opened = prPayload("opened", 1);
    opened.installation = { id: installationId };
    opened.repository = { ...(opened.repository as object), id: repo.id };
    await receive("pull_request", opened);
    expect(await count("loops", "repo_id = $1", [repo.id])).toBe(1);

    await receive("installation_repositories", removed);

    expect(await count("loops", "repo_id = $1", [repo.id])).toBe(0);
    expect(await count("jobs", "repo_id = $1", [repo.id])).toBe(0);
  });

  it("purges everything of an uninstalled installation", async () => {
    const deleted = webhookExample("installation", "deleted");
    const installationId = (deleted.installation as { id: number }).id;
    const opened = prPayload("opened", 1);
    opened.installation = { id: installationId };
    await receive("pull_request", opened);

    await receive("installation", deleted);

    expect(await count("loops", "installation_id = $1", [installationId])).toBe(0);
    expect(await count("deliveries", "installation_id = $1", [installationId])).toBe(0);
  });
});
