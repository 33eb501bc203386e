import nock from "nock";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { checksWaitTimerJob, observeChecksJob } from "../../src/loop/checks-jobs.ts";
import { type ApplyOutcome, applyEvent } from "../../src/spine/apply-event.ts";
import { useMockedGitHub } from "../helpers/mocked-github.ts";
import { openTestDb, type TestDatabase, testBackends } from "../helpers/test-db.ts";
import {
  checkRunInfo,
  checkRunJson,
  checkSuiteInfo,
  checkSuiteJson,
} from "../remediation/check-run-fixtures.ts";
import {
  API,
  checksHandlers,
  enqueueAndLease,
  headAt,
  mockToken,
  prRef,
  REPO,
  REPO_ID,
  run,
} from "./checks-job-kit.ts";

// Every loop event still goes through the real spine; the spy tells which events were applied.
vi.mock("../../src/spine/apply-event.ts", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../src/spine/apply-event.ts")>();
  return { ...original, applyEvent: vi.fn(original.applyEvent) };
});

/** The loop events the jobs under test applied, and whether each was new. */
async function applied(type: string) {
  const spy = vi.mocked(applyEvent);
  const out: Array<{ event: unknown; deliveryId: string; outcome: ApplyOutcome }> = [];
  for (const [index, [, envelope]] of spy.mock.calls.entries()) {
    if (envelope.event.type !== type) continue;
    out.push({
      event: envelope.event,
      deliveryId: envelope.deliveryId,
      outcome: await (spy.mock.results[index]!.value as Promise<ApplyOutcome>),
    });
  }
  return out;
}

describe.each(testBackends())("CI jobs: ObserveChecks and ChecksWaitTimer (%s)", (backend) => {
  let test: TestDatabase;
  let handlers: ReturnType<typeof checksHandlers>;
  let prs = 0;
  const sha = (n: number) => n.toString(16).padStart(40, "d");

  beforeAll(async () => {
    test = await openTestDb(backend);
    handlers = checksHandlers(test);
  });
  afterAll(() => test.cleanup());
  useMockedGitHub(mockToken);
  beforeEach(() => {
    vi.mocked(applyEvent).mockClear();
  });

  async function newPullRequest(head: string) {
    const prNumber = ++prs;
    await headAt(test, prNumber, head, `seed-${backend}-${prNumber}-${head}`);
    return prNumber;
  }

  function listing(
    head: string,
    runs: ReturnType<typeof checkRunInfo>[],
    suites: ReturnType<typeof checkSuiteInfo>[] = [],
  ) {
    return nock(API)
      .get(`/repos/${REPO}/commits/${head}/check-runs`)
      .query({ filter: "latest", per_page: "100", page: "1" })
      .reply(200, { total_count: runs.length, check_runs: runs.map(checkRunJson) })
      .get(`/repos/${REPO}/commits/${head}/check-suites`)
      .query({ per_page: "100", page: "1" })
      .reply(200, { total_count: suites.length, check_suites: suites.map(checkSuiteJson) });
  }

  it("reads the head's checks and applies ChecksObserved once, even when the job runs again", async () => {
    const head = sha(1);
    const pr = await newPullRequest(head);
    // The fixer's run 777 of this pull request: its jobs are not CI of the head.
    await test.db.query(
      `INSERT INTO dispatches (installation_id, repo_id, pr_number, round, attempt, dispatch_id,
         target, status, head_sha, run_id)
       VALUES (4242, $1, $2, 1, 1, $3, 'workflow_dispatch', 'failed', $4, 777)`,
      [REPO_ID, pr, `rl-${backend}-${pr}-r1.1.0`, head],
    );
    const scope = listing(head, [
      checkRunInfo({ name: "lint", conclusion: "failure", headSha: head }),
      checkRunInfo({ name: "test", status: "in_progress", conclusion: null, headSha: head }),
      checkRunInfo({ name: "build", conclusion: "success", headSha: head }),
      checkRunInfo({
        name: "reviewloop",
        conclusion: "failure",
        headSha: head,
        externalId: `reviewloop:${REPO_ID}#${pr}@${head}/1.0`,
      }),
      checkRunInfo({
        name: "fix",
        appSlug: "github-actions",
        conclusion: "failure",
        headSha: head,
        detailsUrl: `https://github.com/${REPO}/actions/runs/777/job/5`,
      }),
    ]);
    const job = await enqueueAndLease(test, observeChecksJob(prRef(pr), head, "delivery-1"));

    await run(handlers, job);
    listing(head, []);
    await run(handlers, job);

    expect(scope.isDone()).toBe(true);
    const events = await applied("ChecksObserved");
    expect(events.map((e) => e.event)).toEqual([
      { type: "ChecksObserved", headSha: head, pending: ["test"], failing: ["lint"] },
      { type: "ChecksObserved", headSha: head, pending: [], failing: [] },
    ]);
    expect(events.map((e) => e.outcome.applied)).toEqual([true, false]);
    expect(events[0]!.deliveryId).toBe(`observe-checks:${job.id}`);
  });

  it("counts a queued GitHub Actions suite without check runs yet as pending", async () => {
    const head = sha(9);
    const pr = await newPullRequest(head);
    const scope = listing(
      head,
      [checkRunInfo({ name: "lint", conclusion: "failure", headSha: head })],
      [
        checkSuiteInfo({ id: 901, status: "queued", conclusion: null, latestCheckRunsCount: 0 }),
        // Another app's suite that never creates check runs: not waited for.
        checkSuiteInfo({
          appSlug: "some-app",
          status: "queued",
          conclusion: null,
          latestCheckRunsCount: 0,
        }),
      ],
    );
    const job = await enqueueAndLease(test, observeChecksJob(prRef(pr), head, "delivery-9"));

    await run(handlers, job);

    expect(scope.isDone()).toBe(true);
    expect((await applied("ChecksObserved")).map((e) => e.event)).toContainEqual({
      type: "ChecksObserved",
      headSha: head,
      pending: ["GitHub Actions suite 901 (no jobs yet)"],
      failing: ["lint"],
    });
  });

  it("reads nothing and applies nothing for a head the loop moved past", async () => {
    const old = sha(2);
    const pr = await newPullRequest(old);
    await headAt(test, pr, sha(3), `push-${backend}-${pr}`);
    const job = await enqueueAndLease(test, observeChecksJob(prRef(pr), old, "delivery-2"));

    // No interceptor: any GitHub read would fail the job.
    await run(handlers, job);

    expect(await applied("ChecksObserved")).toEqual([]);
  });

  it("reads nothing for a loop that does not act on CI (remediation off by its last pass)", async () => {
    const head = sha(8);
    const pr = await newPullRequest(head);
    await test.db.query(
      `UPDATE loops SET state = jsonb_set(state, '{settings}', $3::jsonb)
       WHERE repo_id = $1 AND pr_number = $2`,
      [REPO_ID, pr, JSON.stringify({ enabled: false, onCiFailure: true })],
    );
    const job = await enqueueAndLease(test, observeChecksJob(prRef(pr), head, "delivery-4"));

    // No interceptor: any GitHub read would fail the job.
    await run(handlers, job);

    expect(await applied("ChecksObserved")).toEqual([]);
  });

  it("fails (to retry) when the check runs cannot be read, applying nothing", async () => {
    const head = sha(4);
    const pr = await newPullRequest(head);
    nock(API)
      .get(`/repos/${REPO}/commits/${head}/check-runs`)
      .query(true)
      .reply(404, { message: "Not Found" });
    const job = await enqueueAndLease(test, observeChecksJob(prRef(pr), head, "delivery-3"));

    await expect(run(handlers, job)).rejects.toThrow();
    expect(await applied("ChecksObserved")).toEqual([]);
  });

  it("the wait timer applies ChecksWaitExpired once for the loop's head, nothing for an old one", async () => {
    const head = sha(5);
    const pr = await newPullRequest(head);
    const effect = { kind: "ScheduleChecksWait" as const, headSha: head, delayMs: 0 };
    const job = await enqueueAndLease(test, checksWaitTimerJob(prRef(pr), effect));

    await run(handlers, job);
    await run(handlers, job);

    const events = await applied("ChecksWaitExpired");
    expect(events.map((e) => [e.event, e.outcome.applied])).toEqual([
      [{ type: "ChecksWaitExpired", headSha: head }, true],
      [{ type: "ChecksWaitExpired", headSha: head }, false],
    ]);

    vi.mocked(applyEvent).mockClear();
    const moved = await newPullRequest(sha(6));
    await headAt(test, moved, sha(7), `push-${backend}-${moved}`);
    const stale = await enqueueAndLease(
      test,
      checksWaitTimerJob(prRef(moved), { ...effect, headSha: sha(6) }),
    );
    await run(handlers, stale);
    expect(await applied("ChecksWaitExpired")).toEqual([]);
  });
});
