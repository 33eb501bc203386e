/**
 * The review pass end to end in one process: webhooks through Probot and the spine into the
 * jobs table, then the RunReview handler run by hand against GitHub mocked with nock.
 */
import nock from "nock";
import { pino } from "pino";
import type { ReviewEngine } from "../../src/engines/review-engine.ts";
import { createReportFailureHandler } from "../../src/failure-report-job/create-report-failure-handler.ts";
import { registerHandlers } from "../../src/handlers/register-handlers.ts";
import { assertLease } from "../../src/jobs/assert-lease.ts";
import { completeJob } from "../../src/jobs/complete-job.ts";
import { deferJob } from "../../src/jobs/defer-job.ts";
import { isDeferral } from "../../src/jobs/defer-job-error.ts";
import { REPORT_FAILURE_KIND } from "../../src/jobs/enqueue-failure-report-sql.ts";
import { failJob } from "../../src/jobs/fail-job.ts";
import { leaseJobs } from "../../src/jobs/lease-jobs.ts";
import {
  createFailureReporters,
  createJobHandlers,
} from "../../src/jobs-handlers/create-job-handlers.ts";
import { createTestProbot } from "../helpers/probot.ts";
import { type BackendName, openTestDb, type TestDatabase } from "../helpers/test-db.ts";
import { webhookExample } from "../helpers/webhook-examples.ts";

export const REPO = "Codertocat/Hello-World";
export const REPO_ID = 186853002;
export const INSTALLATION_ID = 4242;
/** The REST path prefix of the repository. */
export const R = `/repos/${REPO}`;
export const CONFIG_PATH =
  /^\/repos\/Codertocat\/Hello-World\/contents\/\.github(%2F|\/)reviewloop\.yml/;
export const ORG_CONFIG_PATH =
  /^\/repos\/Codertocat\/\.github\/contents\/\.github(%2F|\/)reviewloop\.yml/;

/** The query of the comment-id read (newest first, 100 per page). */
export const COMMENTS_QUERY = { sort: "created", direction: "desc", per_page: "100" };

/** A 40-character sha that reads as its label: sha("a1") → "a1000…". */
export function sha(label: string): string {
  return label.padEnd(40, "0");
}

/** A pull request as a test describes it. */
export interface PrFixture {
  number: number;
  head: string;
  base?: string;
  baseRef?: string;
  draft?: boolean;
  author?: string;
  labels?: string[];
  state?: "open" | "closed";
}

/** `GET /pulls/{n}` for a fixture (the fields the pass reads, plus a few GitHub always sends). */
export function pullJson(pr: PrFixture) {
  return {
    number: pr.number,
    state: pr.state ?? "open",
    merged: false,
    draft: pr.draft ?? false,
    user: { login: pr.author ?? "Codertocat" },
    labels: (pr.labels ?? []).map((name) => ({ name })),
    head: { sha: pr.head, ref: "feature" },
    base: { sha: pr.base ?? sha("ba5e"), ref: pr.baseRef ?? "main" },
  };
}

/** Seconds of the fixtures' clock: every delivery is one second newer than the last. */
let clock = 0;

/** The `updated_at` of the next delivery: later than every earlier one, as on GitHub. */
export function nextUpdatedAt(): string {
  return new Date(Date.UTC(2026, 0, 1) + ++clock * 1000).toISOString().replace(".000", "");
}

/**
 * A `pull_request` delivery from @octokit/webhooks-examples moved to the fixture's PR, with an
 * `updated_at` later than the previous delivery's (the examples' own times are not in order).
 */
export function prPayload(action: string, pr: PrFixture): Record<string, unknown> {
  const example = action === "opened" ? 1 : 0;
  const payload = webhookExample("pull_request", action, example);
  const p = payload.pull_request as Record<string, unknown> & {
    head: { sha: string };
    base: { sha: string; ref: string };
  };
  p.number = pr.number;
  p.draft = pr.draft ?? false;
  p.head.sha = pr.head;
  p.base.sha = pr.base ?? sha("ba5e");
  p.base.ref = pr.baseRef ?? "main";
  p.updated_at = nextUpdatedAt();
  payload.number = pr.number;
  payload.installation = { id: INSTALLATION_ID };
  return payload;
}

/** Answers the installation-token exchange for as long as the test runs. */
export function mockToken(): void {
  nock("https://api.github.com")
    .persist()
    .post(`/app/installations/${INSTALLATION_ID}/access_tokens`)
    .reply(201, { token: "ghs_test", expires_at: "2099-01-01T00:00:00Z", permissions: {} });
}

/** The GitHub API, for one test's interceptors. */
export function github(): nock.Scope {
  return nock("https://api.github.com");
}

/** The query of the check-run lookup by `external_id`. */
export const CHECK_RUNS_QUERY = { check_name: "reviewloop", filter: "all", per_page: "100" };

/**
 * The two lookups every pass makes before it posts (found nothing, unless given): its check run
 * by `external_id` (while the config is read) and its review by marker (while the files are
 * listed). Added to `scope`.
 */
export function withLookups(
  scope: nock.Scope,
  pr: { number: number; head: string },
  found: { checkRuns?: unknown[]; reviews?: () => unknown[] } = {},
): nock.Scope {
  return withCheckRunLookup(scope, pr, found.checkRuns)
    .get(`${R}/pulls/${pr.number}/reviews`)
    .query({ per_page: "100" })
    .reply(200, found.reviews ?? (() => []));
}

/** Only the check-run lookup: a pass that ends before it posts a review (invalid config, filtered). */
export function withCheckRunLookup(
  scope: nock.Scope,
  pr: { head: string },
  checkRuns: unknown[] = [],
): nock.Scope {
  return scope
    .get(`${R}/commits/${pr.head}/check-runs`)
    .query(CHECK_RUNS_QUERY)
    .reply(200, { total_count: checkRuns.length, check_runs: checkRuns });
}

/** The `external_id` of the check run of job `jobId` (generation 0) on `pr`'s head. */
export function externalIdOf(pr: { number: number; head: string }, jobId: number): string {
  return `reviewloop:${REPO_ID}#${pr.number}@${pr.head}/${jobId}.0`;
}

/** A posted body with its pass marker's job id replaced by `<id>` (ids depend on test order). */
export function withoutJobId(body: string): string {
  return body.replace(/( reviewloop:pass \S+) job:\d+ -->/g, "$1 job:<id> -->");
}

/** Records every JSON body sent to an interceptor: `.post(path, capture(bodies))`. */
export function capture(into: unknown[]) {
  return (body: unknown) => {
    into.push(body);
    return true;
  };
}

/** What one run of the queue did. */
export interface RunReport {
  id: number;
  outcome: "done" | "retry" | "dead" | "stale" | "deferred";
  error?: unknown;
}

/** A database, the webhook side and the job side, for one test file. */
export interface ReviewKit {
  test: TestDatabase;
  /** Delivers a webhook through Probot (handlers → spine → jobs). */
  receive(name: string, payload: Record<string, unknown>, id?: string): Promise<void>;
  /** Leases and runs every runnable job until none is left (retries made runnable at once). */
  runJobs(options?: { retryNow?: boolean; maxRounds?: number }): Promise<RunReport[]>;
  /** Log lines of the worker side (dry run, warnings). */
  logs: Record<string, unknown>[];
  /** The signal controller of the job running now (tests abort it: a lost lease, a hand-back). */
  running: AbortController | null;
  cleanup(): Promise<void>;
}

let deliveries = 0;

/** Opens a kit on `backend`; `dryRun` and `engines` go to the job handlers. */
export async function createReviewKit(
  backend: BackendName = "pglite",
  options: {
    dryRun?: boolean;
    engines?: readonly ReviewEngine[];
    /** Run dead jobs' ReportFailure jobs with the app's reporters (default: none). */
    reporters?: boolean;
  } = {},
): Promise<ReviewKit> {
  const test = await openTestDb(backend);
  const webhooks = createTestProbot();
  webhooks.load((app) =>
    registerHandlers(app, { db: test.db, onEnqueued: () => {}, appSlug: "reviewloop" }),
  );
  const logs: Record<string, unknown>[] = [];
  const log = pino(
    { level: "info" },
    { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) },
  );
  // One client cache per kit, as one worker process has.
  const jobProbot = createTestProbot();
  const deps = {
    db: test.db,
    github: { forInstallation: (id: number) => jobProbot.auth(id) },
    dryRun: options.dryRun ?? false,
    unknownOutcomePauseMs: 0,
    ...(options.engines ? { engines: options.engines } : {}),
  };
  const handlers = createJobHandlers(deps);

  // Dead jobs' ReportFailure jobs run with no reporter unless asked: report-review-failure.test.ts
  // tests the review's reporter alone, test/jobs the mechanism.
  const reportFailure = createReportFailureHandler({
    db: test.db,
    reporters: options.reporters ? createFailureReporters(deps) : {},
  });

  const kit: ReviewKit = {
    test,
    logs,
    running: null,
    async receive(name, payload, id = `kit-delivery-${++deliveries}`) {
      await webhooks.receive({ id, name, payload } as never);
    },
    async runJobs({ retryNow = true, maxRounds = 10 } = {}) {
      const reports: RunReport[] = [];
      for (let round = 0; round < maxRounds; round++) {
        if (retryNow) await test.db.query("UPDATE jobs SET run_at = now() WHERE status = 'queued'");
        const jobs = await leaseJobs(test.db, { limit: 10, leaseMs: 60_000 });
        if (jobs.length === 0) break;
        for (const job of jobs) {
          // A death's ReportFailure job (enqueued with it) runs, but is not a review outcome.
          const reportOnly = job.kind === REPORT_FAILURE_KIND;
          const handler = reportOnly ? reportFailure : handlers[job.kind]!;
          const controller = new AbortController();
          kit.running = controller;
          try {
            await handler(job, {
              log: log.child({ jobId: job.id }),
              signal: controller.signal,
              assertLease: (q) => assertLease(q, job),
            });
            await completeJob(test.db, job);
            if (!reportOnly) reports.push({ id: job.id, outcome: "done" });
          } catch (error) {
            // As the worker does (run-job.ts): a deferral is queued again, not a failure.
            if (isDeferral(error)) {
              await deferJob(test.db, job, error.runAt);
              reports.push({ id: job.id, outcome: "deferred", error });
              continue;
            }
            const outcome = await failJob(test.db, job, error);
            if (!reportOnly) reports.push({ id: job.id, outcome, error });
          }
        }
      }
      return reports;
    },
    cleanup: () => test.cleanup(),
  };
  return kit;
}

/** The id of the (newest) RunReview job of pull request `prNumber`. */
export async function jobIdOf(kit: ReviewKit, prNumber: number): Promise<number> {
  const [job] = await rows<{ id: number }>(
    kit,
    "SELECT id FROM jobs WHERE kind = 'RunReview' AND payload->>'prNumber' = $1 ORDER BY id DESC LIMIT 1",
    [String(prNumber)],
  );
  return job!.id;
}

/** Rows of a query, for assertions. */
export async function rows<T>(kit: ReviewKit, sql: string, params: unknown[] = []): Promise<T[]> {
  return (await kit.test.db.query<T>(sql, params)).rows;
}

/** What `mockPass` captured. */
export interface MockedPass {
  scope: nock.Scope;
  checkCreates: unknown[];
  reviews: { commit_id: string; event: string; body: string; comments: { body: string }[] }[];
  checkUpdates: unknown[];
}

/**
 * Interceptors for one full pass that posts: pulls.get, config and the check-run lookup, check
 * create, files and the review lookup, review, comment ids (when `files` produce inline
 * comments), check completion.
 */
export function mockPass(
  pr: PrFixture,
  options: {
    files: unknown[];
    config?: string;
    checkRunId: number;
    reviewId: number;
    comments?: boolean;
    /** What the lookups find (default: nothing). */
    found?: Parameters<typeof withLookups>[2];
  },
): MockedPass {
  const mocked: MockedPass = { scope: github(), checkCreates: [], reviews: [], checkUpdates: [] };
  mocked.scope = withLookups(github(), pr, options.found)
    .get(`${R}/pulls/${pr.number}`)
    .reply(200, pullJson(pr))
    .get(CONFIG_PATH)
    .reply(200, options.config ?? "")
    .post(`${R}/check-runs`, capture(mocked.checkCreates))
    .reply(201, { id: options.checkRunId })
    .get(`${R}/pulls/${pr.number}/files`)
    .query(true)
    .reply(200, options.files)
    .post(`${R}/pulls/${pr.number}/reviews`, capture(mocked.reviews))
    .reply(200, { id: options.reviewId, html_url: "u" })
    .patch(`${R}/check-runs/${options.checkRunId}`, capture(mocked.checkUpdates))
    .reply(200, {});
  if (options.comments) {
    mocked.scope
      .get(`${R}/pulls/${pr.number}/comments`)
      .query(COMMENTS_QUERY)
      .reply(200, () =>
        mocked.reviews[0]!.comments.map((c, i) => ({
          id: options.reviewId * 10 + i,
          pull_request_review_id: options.reviewId,
          html_url: "c",
          body: c.body,
        })),
      );
  }
  return mocked;
}
