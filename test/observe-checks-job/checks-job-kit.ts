import nock from "nock";
import { createChecksWaitHandler } from "../../src/checks-wait-job/create-checks-wait-handler.ts";
import { assertLease } from "../../src/jobs/assert-lease.ts";
import { enqueueJob, type NewJob } from "../../src/jobs/enqueue-job.ts";
import type { JobHandler, LeasedJob } from "../../src/jobs/job-types.ts";
import { leaseJobs } from "../../src/jobs/lease-jobs.ts";
import type { LoopEvent } from "../../src/loop/types.ts";
import { createObserveChecksHandler } from "../../src/observe-checks-job/create-observe-checks-handler.ts";
import { applyEvent } from "../../src/spine/apply-event.ts";
import { createTestProbot } from "../helpers/probot.ts";
import type { TestDatabase } from "../helpers/test-db.ts";
import { silentLog } from "../jobs/job-test-kit.ts";

export const INSTALLATION_ID = 4242;
export const REPO_ID = 77001;
export const REPO = "acme/widgets";
export const API = "https://api.github.com";

/** The pull request `prNumber` of the test repository, as job payloads name it. */
export function prRef(prNumber: number) {
  return { installationId: INSTALLATION_ID, repoId: REPO_ID, repoFullName: REPO, prNumber };
}

/** Answers the installation-token exchange for as long as the test runs. */
export function mockToken(): void {
  nock(API)
    .persist()
    .post(`/app/installations/${INSTALLATION_ID}/access_tokens`)
    .reply(201, { token: "ghs_test", expires_at: "2099-01-01T00:00:00Z", permissions: {} });
}

/** Moves pull request `prNumber`'s loop to head `sha` (creating it), through the spine. */
export async function headAt(test: TestDatabase, prNumber: number, sha: string, id: string) {
  const event: LoopEvent = {
    type: "HeadUpdated",
    action: "opened",
    headSha: sha,
    baseSha: "b".repeat(40),
    baseRef: "main",
    draft: false,
    actor: { login: "octocat", type: "User" },
  };
  await applyEvent(test.db, {
    deliveryId: id,
    eventName: "pull_request",
    ...prRef(prNumber),
    event,
  });
  // Only the job under test runs: the pass this head asked for is not part of it.
  await test.db.query("DELETE FROM jobs WHERE kind = 'RunReview'");
}

/** The two CI jobs' handlers with a job client as the worker builds it (nock answers). */
export function checksHandlers(test: TestDatabase) {
  const probot = createTestProbot();
  const deps = {
    db: test.db,
    github: { forInstallation: (id: number) => probot.auth(id) },
    dryRun: false,
  };
  return {
    ObserveChecks: createObserveChecksHandler(deps),
    ChecksWaitTimer: createChecksWaitHandler(deps),
  } as Record<string, JobHandler>;
}

/** Enqueues `job` and leases it (the only runnable job of its kind). */
export async function enqueueAndLease(test: TestDatabase, job: NewJob): Promise<LeasedJob> {
  await test.db.query("UPDATE jobs SET run_at = now() WHERE status = 'queued'");
  const created = await enqueueJob(test.db, { ...job, runAt: new Date(0) });
  if (created === null) throw new Error("the job was a duplicate");
  const leased = await leaseJobs(test.db, { limit: 50, leaseMs: 60_000 });
  const mine = leased.find((candidate) => candidate.id === created.id);
  if (mine === undefined) throw new Error("the job was not leased");
  return mine;
}

/** Runs a leased job's handler as the worker would (its lease checked where it records). */
export function run(handlers: Record<string, JobHandler>, job: LeasedJob): Promise<void> {
  return handlers[job.kind]!(job, {
    log: silentLog,
    signal: new AbortController().signal,
    assertLease: (q) => assertLease(q, job),
  });
}
