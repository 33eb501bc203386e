import type { RepoRef } from "./refs.ts";

/** One check-run annotation (at most 50 per request), in GitHub's field names. */
export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: "notice" | "warning" | "failure";
  message: string;
  title?: string;
}

/** A check run's output. `summary` and `text` ≤ 65,535 characters. */
export interface CheckRunOutput {
  title: string;
  summary: string;
  text?: string;
  annotations?: CheckAnnotation[];
}

export type CheckConclusionValue = "success" | "failure" | "neutral" | "cancelled" | "skipped";

/** `POST /repos/{o}/{r}/check-runs`. */
export interface CreateCheckRunRequest {
  name: string;
  head_sha: string;
  external_id: string;
  status: "in_progress" | "completed";
  started_at?: string;
  conclusion?: CheckConclusionValue;
  completed_at?: string;
  output?: CheckRunOutput;
}

/** `PATCH /repos/{o}/{r}/check-runs/{id}`: annotations of each request are appended. */
export interface UpdateCheckRunRequest {
  status?: "in_progress" | "completed";
  conclusion?: CheckConclusionValue;
  completed_at?: string;
  output?: CheckRunOutput;
}

/** A check run found on GitHub. */
export interface FoundCheckRun {
  id: number;
  status: string;
  conclusion: string | null;
  /** Annotations it holds already (an earlier attempt may have sent some chunks). */
  annotationsCount?: number;
}

/** Check runs (port; `octokit-check-run-publisher.ts` is the GitHub adapter). */
export interface CheckRunPublisher {
  /** Creates a check run (mutating); resolves to its id. */
  createCheckRun(repo: RepoRef, request: CreateCheckRunRequest): Promise<{ id: number }>;
  /** Updates a check run (mutating). */
  updateCheckRun(repo: RepoRef, checkRunId: number, request: UpdateCheckRunRequest): Promise<void>;
  /**
   * The newest check run named `name` on `headSha` with exactly this `external_id` (one intent's
   * identity), or null (`GET /repos/{o}/{r}/commits/{sha}/check-runs?check_name=…&filter=all`,
   * one page of 100). A read: safe to repeat.
   */
  findCheckRun(
    repo: RepoRef,
    query: { headSha: string; name: string; externalId: string },
  ): Promise<FoundCheckRun | null>;
}
