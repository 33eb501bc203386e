import { randomBytes } from "node:crypto";
import { createFaults, type Fault, type HeldRequest, type HoldMatch } from "./fault-injection.ts";
import {
  findSeededPullRequest,
  type PushOptions,
  pushCommits,
  type SeedPullRequestOptions,
  type SeedRepoOptions,
  type SeedRunOptions,
  seedConfig,
  seedPermission,
  seedPullRequest,
  seedRepo,
  seedWorkflowRun,
} from "./seed.ts";
import {
  type AddCheckRunOptions,
  type AddQueuedWorkflowOptions,
  addCheckRun,
  addQueuedWorkflow,
  completeCheckRun,
} from "./seed-check-runs.ts";
import { addIssueComment, addReview, addReviewComment } from "./seed-comments.ts";
import { createHandler, listen, type RecordedRequest } from "./server.ts";
import { createState, type SimState } from "./state.ts";
import type {
  SimAnnotation,
  SimCheckRun,
  SimDispatch,
  SimIssueComment,
  SimPermission,
  SimPullRequest,
  SimRepo,
  SimReviewComment,
  SimWorkflowRun,
} from "./types.ts";

export interface SimulatorOptions {
  /** The app's bot login, author of what the app posts (default `reviewloop[bot]`). */
  botLogin?: string;
  appId?: number;
  /** Require a JWT on `/app/…` and an issued installation token elsewhere (default true). */
  checkAuth?: boolean;
  /** Reject body keys the OpenAPI operation does not describe (default true). */
  rejectUnknownBodyKeys?: boolean;
}

export interface GitHubSimulator {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** `http://127.0.0.1:<port>/api/v3`, Octokit's `baseUrl`. */
  apiUrl: string;
  /** `127.0.0.1:<port>`, the app's `GHE_HOST` (with `GHE_PROTOCOL=http`). */
  gheHost: string;
  state: SimState;
  /** Every request answered, in order. */
  requests: RecordedRequest[];
  /** Requests GitHub would not accept as sent (no operation, schema errors, GraphQL errors). */
  violations: string[];
  close(): Promise<void>;
  /**
   * Faults the next matching request(s): answers `status` instead (502, 403 + retry-after, 422),
   * before storing or `afterStoring`, and/or after `delayMs`. See docs/testing.md.
   */
  failNext(fault: Fault): void;
  /**
   * Holds the next matching request open (before or `afterStoring`) until `release()`; its
   * `arrived` promise tells the test it is in flight (time to kill the app).
   */
  hold(match: HoldMatch): HeldRequest;
  /**
   * Calls `listener` for every dispatch stored from now on (workflow or repository dispatch),
   * once the dispatch request was answered; returns the unsubscribe function. A fixer uses it
   * (see `installFixer`). A held request notifies when released.
   */
  onDispatch(listener: (dispatch: SimDispatch) => void): () => void;
  /** Delays every response by `ms`. */
  setLatency(ms: number): void;
  /** An installation token as `POST /app/installations/{id}/access_tokens` would issue. */
  createToken(installationId?: number): string;
  seedRepo(options: SeedRepoOptions): SimRepo;
  seedPullRequest(options: SeedPullRequestOptions): SimPullRequest;
  pushCommits(repo: string, number: number, options: PushOptions): SimPullRequest;
  seedConfig(repo: string, yamlText: string): void;
  seedPermission(
    repo: string,
    login: string,
    permission: SimPermission["permission"],
    roleName?: string,
  ): void;
  seedWorkflowRun(options: SeedRunOptions): SimWorkflowRun;
  /**
   * Another app's check run on a PR's commit (CI, a linter): queued, in progress or completed,
   * with output and annotations. `appSlug: "github-actions"` (the default) makes it an Actions
   * job with steps and a log. Deliver its events with `deliverCheckCompleted`.
   */
  addCheckRun(options: AddCheckRunOptions): SimCheckRun;
  /** A queued Actions workflow run with no job yet, and its suite (no check runs); see seed-check-runs.ts. */
  addQueuedWorkflow(options: AddQueuedWorkflowOptions): {
    workflowRunId: number;
    checkSuiteId: number;
  };
  /** Completes a check run (and its Actions job and run) with `conclusion`. */
  completeCheckRun(
    id: number,
    conclusion: string,
    output?: { title?: string; summary?: string; annotations?: SimAnnotation[] },
  ): SimCheckRun;
  /** A human's comment on the PR conversation (what an `issue_comment` webhook carries). */
  seedIssueComment(
    repo: string,
    number: number,
    comment: { user: string; body: string },
  ): SimIssueComment;
  /** A human's reply to a review comment (what a `pull_request_review_comment` webhook carries). */
  seedReviewReply(
    repo: string,
    number: number,
    reply: { inReplyTo: number; user: string; body: string },
  ): SimReviewComment;
  /** The review comments and the reviews stored for one PR. */
  reviewsOf(
    repo: string,
    number: number,
  ): { reviews: SimState["reviews"]; comments: SimReviewComment[] };
}

/**
 * Starts a stateful GitHub on 127.0.0.1 (random port). Every REST request is matched to an
 * operation of GitHub's OpenAPI description and validated (path, query, JSON body); requests
 * GitHub would reject are answered 422 and listed in `violations`.
 */
export async function createGitHubSimulator(
  options: SimulatorOptions = {},
): Promise<GitHubSimulator> {
  const state = createState(options);
  const requests: RecordedRequest[] = [];
  const violations: string[] = [];
  const faults = createFaults();
  let latency = 0;
  let origin = "";
  const dispatchListeners = new Set<(dispatch: SimDispatch) => void>();
  const handler = createHandler({
    state,
    requests,
    violations,
    faults,
    latency: () => latency,
    checkAuth: options.checkAuth ?? true,
    rejectUnknownBodyKeys: options.rejectUnknownBodyKeys ?? true,
    origin: () => origin,
    onDispatch: (dispatch) => {
      for (const listener of dispatchListeners) listener(dispatch);
    },
  });
  const { server, port } = await listen(handler);
  origin = `http://127.0.0.1:${port}`;

  return {
    url: origin,
    apiUrl: `${origin}/api/v3`,
    gheHost: `127.0.0.1:${port}`,
    state,
    requests,
    violations,
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
    failNext: (fault) => faults.add(fault),
    hold: (match) => faults.hold(match),
    onDispatch(listener) {
      dispatchListeners.add(listener);
      return () => dispatchListeners.delete(listener);
    },
    setLatency: (ms) => {
      latency = ms;
    },
    createToken(installationId) {
      const token = `ghs_sim${randomBytes(16).toString("hex")}`;
      const id = installationId ?? [...state.repos.values()][0]?.installationId ?? 4242;
      state.tokens.push({
        token,
        installationId: id,
        expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
      });
      return token;
    },
    seedRepo: (seed) => seedRepo(state, seed),
    seedPullRequest: (seed) => seedPullRequest(state, seed),
    pushCommits: (repo, number, push) => pushCommits(state, repo, number, push),
    seedConfig: (repo, yamlText) => seedConfig(state, repo, yamlText),
    seedPermission: (repo, login, permission, roleName) =>
      seedPermission(state, repo, login, permission, roleName),
    seedWorkflowRun: (seed) => seedWorkflowRun(state, seed),
    addCheckRun: (seed) => addCheckRun(state, seed),
    addQueuedWorkflow: (seed) => addQueuedWorkflow(state, seed),
    completeCheckRun: (id, conclusion, output) => completeCheckRun(state, id, conclusion, output),
    seedIssueComment(repo, number, comment) {
      const pr = findSeededPullRequest(state, repo, number);
      return addIssueComment(state, pr.repo, pr.number, comment.user, comment.body);
    },
    seedReviewReply(repo, number, reply) {
      const pr = findSeededPullRequest(state, repo, number);
      const parent = state.reviewComments.find((comment) => comment.id === reply.inReplyTo);
      if (!parent) throw new Error(`no review comment ${reply.inReplyTo}`);
      const review = addReview(state, pr, {
        user: reply.user,
        body: "",
        state: "COMMENTED",
        commitId: parent.commitId,
      });
      return addReviewComment(state, pr, {
        path: parent.path,
        line: parent.line,
        side: parent.side,
        startLine: parent.startLine,
        startSide: parent.startSide,
        commitId: parent.commitId,
        reviewId: review.id,
        inReplyToId: parent.inReplyToId ?? parent.id,
        user: reply.user,
        body: reply.body,
      });
    },
    reviewsOf(repo, number) {
      const pr = findSeededPullRequest(state, repo, number);
      const mine = <T extends { repo: string; prNumber: number }>(item: T) =>
        item.repo === pr.repo && item.prNumber === pr.number;
      return { reviews: state.reviews.filter(mine), comments: state.reviewComments.filter(mine) };
    },
  };
}
