/** Shapes of the simulator's state. Everything is plain data so tests can read and assert it. */

export interface SimRepo {
  id: number;
  nodeId: string;
  owner: string;
  name: string;
  /** `owner/name`, the key of `state.repos`. */
  fullName: string;
  installationId: number;
  defaultBranch: string;
  private: boolean;
  /** File contents on the default branch (what the Contents API serves). */
  files: Map<string, string>;
  /**
   * What differs from `files` at each PR head sha (`contents/{path}?ref=<sha>`): a path's text,
   * or null when the file is deleted there. See `files-at-ref.ts`.
   */
  filesAt: Map<string, Map<string, string | null>>;
}

/** One entry of `pulls.listFiles` / a compare's `files[]`, in GitHub's field names. */
export interface PullFile {
  filename: string;
  status: "added" | "removed" | "modified" | "renamed" | "copied" | "changed" | "unchanged";
  /** Only the hunks (`@@ … @@` onwards); absent for binary or very large files. */
  patch?: string;
  additions: number;
  deletions: number;
  previous_filename?: string;
}

export interface SimCommit {
  sha: string;
  message: string;
  author: string;
}

/** One push to a PR branch: what `compare/{from}...{to}` answers. */
export interface SimPush {
  from: string;
  to: string;
  /** The files changed between the two heads. */
  files: PullFile[];
  commits: SimCommit[];
  forcePush: boolean;
}

export interface SimPullRequest {
  id: number;
  nodeId: string;
  repo: string;
  number: number;
  title: string;
  body: string;
  author: string;
  state: "open" | "closed";
  merged: boolean;
  draft: boolean;
  fromFork: boolean;
  base: { ref: string; sha: string };
  head: { ref: string; sha: string };
  /** Files changed between base and the current head. */
  files: PullFile[];
  /** Commits on the branch, oldest first. */
  commits: SimCommit[];
  /** The diff per head sha the PR ever had: reviews anchor against the commit they name. */
  filesBySha: Map<string, PullFile[]>;
  /** The branch's commits as of each head sha (a force push replaces them). */
  commitsBySha: Map<string, SimCommit[]>;
  /** Every push after the first head, for `compare/{old}...{new}`. */
  pushes: SimPush[];
  labels: string[];
}

export interface SimReview {
  id: number;
  nodeId: string;
  repo: string;
  prNumber: number;
  user: string;
  body: string;
  state: "APPROVED" | "CHANGES_REQUESTED" | "COMMENTED" | "PENDING";
  commitId: string;
  submittedAt: string;
}

export interface SimReviewComment {
  id: number;
  nodeId: string;
  repo: string;
  prNumber: number;
  reviewId: number;
  /** The top-level comment this one answers (replies share its thread). */
  inReplyToId?: number;
  threadId: string;
  user: string;
  body: string;
  path: string;
  line: number | null;
  side: "LEFT" | "RIGHT";
  startLine: number | null;
  startSide: "LEFT" | "RIGHT" | null;
  commitId: string;
  createdAt: string;
  minimizedReason: string | null;
}

export interface SimThread {
  /** GraphQL node id (`PRRT_…`). */
  id: string;
  repo: string;
  prNumber: number;
  isResolved: boolean;
  commentIds: number[];
}

export interface SimIssueComment {
  id: number;
  nodeId: string;
  repo: string;
  issueNumber: number;
  user: string;
  body: string;
  createdAt: string;
  updatedAt: string;
  minimizedReason: string | null;
}

export interface SimReaction {
  id: number;
  repo: string;
  subject: "issue_comment" | "review_comment";
  commentId: number;
  content: string;
  user: string;
}

export interface SimAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: "notice" | "warning" | "failure";
  message: string;
  title?: string;
  start_column?: number;
  end_column?: number;
  raw_details?: string;
}

export interface SimCheckRun {
  id: number;
  repo: string;
  name: string;
  headSha: string;
  status: string;
  conclusion: string | null;
  detailsUrl: string | null;
  externalId: string | null;
  startedAt: string;
  completedAt: string | null;
  output: { title: string | null; summary: string | null; text: string | null };
  annotations: SimAnnotation[];
  appId: number;
  /** The app that created it: the app's own slug, `github-actions` for Actions jobs, … */
  appSlug: string;
  /** Its check suite (one per app and head sha; one per workflow run for Actions). */
  checkSuiteId: number;
  /** For an Actions job: the workflow run holding the job (the job's id is the run's id). */
  workflowRunId?: number;
}

/** A check suite: one app's check runs on one head sha (or one workflow run's jobs). */
export interface SimCheckSuite {
  id: number;
  repo: string;
  headSha: string;
  /** The branch the sha was pushed to (the PR's head ref), null when none is known. */
  headBranch: string | null;
  appSlug: string;
  appId: number;
  createdAt: string;
}

export interface SimDispatch {
  kind: "workflow_dispatch" | "repository_dispatch";
  repo: string;
  workflowId?: string;
  ref?: string;
  inputs?: Record<string, unknown>;
  eventType?: string;
  clientPayload?: Record<string, unknown>;
  /**
   * The run the dispatch started: always for a workflow dispatch; for a repository dispatch,
   * the first run of a workflow on the default branch that listens to `repository_dispatch`.
   */
  runId?: number;
}

/** One step of a job, as `steps[]` of the jobs listing shows it. */
export interface SimStep {
  number: number;
  name: string;
  status: "queued" | "in_progress" | "completed";
  conclusion: string | null;
}

export interface SimJob {
  id: number;
  runId: number;
  name: string;
  status: "queued" | "in_progress" | "completed";
  conclusion: string | null;
  steps: SimStep[];
  log: string;
  startedAt: string;
  completedAt: string | null;
}

export interface SimWorkflowRun {
  id: number;
  repo: string;
  /** The workflow file name (`reviewloop-fix.yml`) or its numeric id, as dispatched. */
  workflowId: string;
  /** The workflow's name. */
  name: string;
  /** The run's name (`run-name`): `reviewloop fix <dispatch_id>` for a fixer run. */
  displayTitle: string;
  /** Who started it (the app's bot for a dispatch). */
  actor: string;
  runNumber: number;
  runAttempt: number;
  createdAt: string;
  updatedAt: string;
  headSha: string;
  headBranch: string;
  event: string;
  status: "queued" | "in_progress" | "completed";
  conclusion: string | null;
  jobs: SimJob[];
}

export interface SimPermission {
  permission: "admin" | "write" | "read" | "none";
  roleName: string;
}

export interface SimToken {
  token: string;
  installationId: number;
  expiresAt: string;
}
