/**
 * Comment commands in one process: deliveries through Probot into the jobs table, then the
 * RunCommands handler run by hand against GitHub mocked with nock.
 */
import nock from "nock";
import { pino } from "pino";
import { createRunCommandsHandler } from "../../src/command-job/create-run-commands-handler.ts";
import { registerHandlers } from "../../src/handlers/register-handlers.ts";
import { assertLease } from "../../src/jobs/assert-lease.ts";
import { completeJob } from "../../src/jobs/complete-job.ts";
import { failJob } from "../../src/jobs/fail-job.ts";
import { leaseJobs } from "../../src/jobs/lease-jobs.ts";
import { createTestProbot } from "../helpers/probot.ts";
import { type BackendName, openTestDb, type TestDatabase } from "../helpers/test-db.ts";
import { webhookExample } from "../helpers/webhook-examples.ts";
import { withFaults } from "./with-faults.ts";

export const REPO = "Codertocat/Hello-World";
export const REPO_ID = 186853002;
export const INSTALLATION_ID = 4242;
export const APP_SLUG = "reviewloop";
/** The REST path prefix of the repository. */
export const R = `/repos/${REPO}`;
export const CONFIG_PATH =
  /^\/repos\/Codertocat\/Hello-World\/contents\/\.github(%2F|\/)reviewloop\.yml/;
export const ORG_CONFIG_PATH =
  /^\/repos\/Codertocat\/\.github\/contents\/\.github(%2F|\/)reviewloop\.yml/;

/** A 40-character sha that reads as its label. */
export function sha(label: string): string {
  return label.padEnd(40, "0");
}

/** Who wrote a comment. */
export interface Commenter {
  login: string;
  type?: "User" | "Bot";
}

/** An `issue_comment` delivery from @octokit/webhooks-examples on a pull request. */
export function commentPayload(options: {
  pr: number;
  id: number;
  body: string;
  by?: Commenter;
  action?: "created" | "edited";
  plainIssue?: boolean;
}): Record<string, unknown> {
  const action = options.action ?? "created";
  const payload = webhookExample("issue_comment", action);
  const by = options.by ?? { login: "Codertocat" };
  const user = { login: by.login, type: by.type ?? "User" };
  const issue = payload.issue as Record<string, unknown>;
  issue.number = options.pr;
  // The examples are all on plain issues; a pull request's issue carries `pull_request`.
  if (!options.plainIssue)
    issue.pull_request = { url: `https://api.github.com${R}/pulls/${options.pr}` };
  const comment = payload.comment as Record<string, unknown>;
  comment.id = options.id;
  comment.body = options.body;
  comment.user = { ...(comment.user as object), ...user };
  payload.sender = { ...(payload.sender as object), ...user };
  payload.installation = { id: INSTALLATION_ID };
  return payload;
}

/** A `pull_request_review_comment.created` delivery: a reply in a review thread. */
export function reviewReplyPayload(options: {
  pr: number;
  id: number;
  body: string;
  inReplyTo: number | null;
  by?: Commenter;
}): Record<string, unknown> {
  const payload = webhookExample("pull_request_review_comment", "created");
  const by = options.by ?? { login: "Codertocat" };
  const user = { login: by.login, type: by.type ?? "User" };
  (payload.pull_request as Record<string, unknown>).number = options.pr;
  const comment = payload.comment as Record<string, unknown>;
  comment.id = options.id;
  comment.body = options.body;
  comment.in_reply_to_id = options.inReplyTo ?? undefined;
  payload.sender = { ...(payload.sender as object), ...user };
  payload.installation = { id: INSTALLATION_ID };
  return payload;
}

/** The GitHub API, for one test's interceptors. */
export function github(): nock.Scope {
  return nock("https://api.github.com");
}

/** Answers the installation-token exchange for as long as the test runs. */
export function mockToken(): void {
  github()
    .persist()
    .post(`/app/installations/${INSTALLATION_ID}/access_tokens`)
    .reply(201, { token: "ghs_test", expires_at: "2099-01-01T00:00:00Z", permissions: {} });
}

/** `.github/reviewloop.yml` of the repository (raw text), or missing in both places. */
export function mockConfig(scope: nock.Scope, yaml: string | null): nock.Scope {
  if (yaml !== null) return scope.get(CONFIG_PATH).reply(200, yaml);
  return scope.get(CONFIG_PATH).reply(404, {}).get(ORG_CONFIG_PATH).reply(404, {});
}

/** `GET /pulls/{n}` with what commands read. */
export function pullJson(pr: {
  number: number;
  author?: string;
  head?: string;
  fromFork?: boolean;
  state?: "open" | "closed";
}) {
  return {
    number: pr.number,
    state: pr.state ?? "open",
    user: { login: pr.author ?? "Codertocat" },
    head: {
      sha: pr.head ?? sha("he4d"),
      ref: "feature",
      repo: { id: pr.fromFork ? 999 : REPO_ID },
    },
    base: { sha: sha("ba5e"), ref: "main", repo: { id: REPO_ID } },
    labels: [],
  };
}

/** `GET /collaborators/{user}/permission` as GitHub answers it. */
export function permissionJson(permission: string, roleName = permission) {
  return { permission, role_name: roleName, user: { login: "x", role_name: roleName } };
}

/** Records the reactions and replies sent to a comment. */
export interface Answers {
  reactions: string[];
  replies: string[];
}

/** Accepts any reactions to `commentId` and one reply on PR `pr` (issue comments), recording them. */
export function mockAnswers(
  scope: nock.Scope,
  commentId: number,
  pr: number,
  options: { reactions: number; reply: boolean; kind?: "issue" | "review" },
): Answers {
  const answers: Answers = { reactions: [], replies: [] };
  const reactionPath =
    options.kind === "review"
      ? `${R}/pulls/comments/${commentId}/reactions`
      : `${R}/issues/comments/${commentId}/reactions`;
  // nock may try a body matcher on a request to another path: record only the right shape.
  scope
    .post(reactionPath, (body: { content?: unknown }) => {
      if (typeof body.content === "string") answers.reactions.push(body.content);
      return typeof body.content === "string";
    })
    .times(options.reactions)
    .reply(201, { id: 1 });
  if (options.reply) {
    // Before posting, the job looks for a reply of its own (none yet).
    scope
      .get(options.kind === "review" ? `${R}/pulls/${pr}/comments` : `${R}/issues/${pr}/comments`)
      .query(true)
      .reply(200, []);
    const replyPath =
      options.kind === "review"
        ? `${R}/pulls/${pr}/comments/${commentId}/replies`
        : `${R}/issues/${pr}/comments`;
    scope
      .post(replyPath, (body: { body?: unknown }) => {
        if (typeof body.body === "string") answers.replies.push(body.body);
        return typeof body.body === "string";
      })
      .reply(201, { id: 777_000 + commentId, html_url: "https://github.com/reply" });
  }
  return answers;
}

/** What one run of the queue did. */
export interface RunReport {
  id: number;
  kind: string;
  outcome: "done" | "retry" | "dead" | "stale";
  error?: unknown;
}

/** A database, the webhook side and the job side, for one test file. */
export interface CommandKit {
  test: TestDatabase;
  /** Delivers a webhook through Probot (handlers → jobs). */
  receive(name: string, payload: Record<string, unknown>, id?: string): Promise<void>;
  /**
   * Leases and runs every runnable RunCommands job (other kinds are left queued), under
   * `signal` if given; with `retryAtOnce` a failed attempt is retried at once, not after its
   * backoff.
   */
  runJobs(options?: { signal?: AbortSignal; retryAtOnce?: boolean }): Promise<RunReport[]>;
  /**
   * The next statement of the job side matching `sql` fails, once, as if the process died
   * there: nothing of that statement is written (its transaction rolls back).
   */
  failQueryOnce(sql: RegExp): void;
  /** The clock the job sees. */
  clock: { now: Date };
  cleanup(): Promise<void>;
}

let deliveries = 0;

/** Opens a kit with its own database (PGlite unless told). */
export async function createCommandKit(backend: BackendName = "pglite"): Promise<CommandKit> {
  const test = await openTestDb(backend);
  const webhooks = createTestProbot();
  webhooks.load((app) =>
    registerHandlers(app, { db: test.db, onEnqueued: () => {}, appSlug: APP_SLUG }),
  );
  const jobProbot = createTestProbot();
  const clock = { now: new Date("2026-11-21T12:00:00Z") };
  const faults: RegExp[] = [];
  const handler = createRunCommandsHandler({
    db: withFaults(test.db, faults),
    github: { forInstallation: (id) => jobProbot.auth(id) },
    dryRun: false,
    now: () => clock.now,
    pauseMs: 0,
  });
  const log = pino({ level: "silent" });
  return {
    test,
    clock,
    async receive(name, payload, id = `cmd-delivery-${++deliveries}`) {
      await webhooks.receive({ id, name, payload } as never);
    },
    failQueryOnce(sql) {
      faults.push(sql);
    },
    async runJobs(options = {}) {
      const reports: RunReport[] = [];
      for (;;) {
        // Reviews the commands enqueue stay queued: only RunCommands runs here.
        await test.db.query(
          "UPDATE jobs SET run_at = now() + interval '1 hour' WHERE status = 'queued' AND kind <> 'RunCommands'",
        );
        if (options.retryAtOnce) {
          await test.db.query(
            "UPDATE jobs SET run_at = now() WHERE status = 'queued' AND kind = 'RunCommands' AND attempts > 0",
          );
        }
        const jobs = await leaseJobs(test.db, { limit: 10, leaseMs: 60_000 });
        if (jobs.length === 0) break;
        for (const job of jobs) {
          try {
            await handler(job, {
              log,
              signal: options.signal ?? new AbortController().signal,
              assertLease: (q) => assertLease(q, job),
            });
            await completeJob(test.db, job);
            reports.push({ id: job.id, kind: job.kind, outcome: "done" });
          } catch (error) {
            reports.push({
              id: job.id,
              kind: job.kind,
              outcome: await failJob(test.db, job, error),
              error,
            });
          }
        }
      }
      return reports;
    },
    cleanup: () => test.cleanup(),
  };
}

/** Rows of a query, for assertions. */
export async function rows<T>(kit: CommandKit, sql: string, params: unknown[] = []): Promise<T[]> {
  return (await kit.test.db.query<T>(sql, params)).rows;
}

/** Inserts an open finding for a PR, as a review pass would have recorded it. */
export async function seedFinding(
  kit: CommandKit,
  pr: number,
  finding: {
    id: string;
    severity?: string;
    path?: string;
    line?: number;
    title?: string;
    status?: string;
    commentId?: number;
  },
): Promise<void> {
  await kit.test.db.query(
    `INSERT INTO findings (installation_id, repo_id, pr_number, short_id, fingerprint, rule_id,
       engine, severity, category, path, line, side, title, body, status, comment_id)
     VALUES ($1, $2, $3, $4, $5, 'todo-comment', 'builtin', $6, 'maintainability', $7, $8, 'RIGHT',
       $9, 'body', $10, $11)`,
    [
      INSTALLATION_ID,
      REPO_ID,
      pr,
      finding.id,
      `fp-${pr}-${finding.id}`,
      finding.severity ?? "critical",
      finding.path ?? "src/app.ts",
      finding.line ?? 10,
      finding.title ?? `Finding ${finding.id}`,
      finding.status ?? "open",
      finding.commentId ?? null,
    ],
  );
}
