import type { RepoRef } from "./refs.ts";

/** One check run on a commit, as the CI flow and the checks engine read it. */
export interface CheckRunInfo {
  id: number;
  name: string;
  /** The GitHub App that created it (`github-actions` for Actions jobs), null when unknown. */
  appSlug: string | null;
  /** `queued`, `in_progress`, `completed`, `waiting`, `requested`, `pending`. */
  status: string;
  /** `success`, `failure`, `neutral`, `cancelled`, `skipped`, `timed_out`, `action_required`, `stale`, or null. */
  conclusion: string | null;
  headSha: string;
  externalId: string | null;
  detailsUrl: string | null;
  htmlUrl: string | null;
  startedAt: string | null;
  completedAt: string | null;
  output: { title: string | null; summary: string | null; annotationsCount: number };
}

/** One annotation of a check run (`GET /check-runs/{id}/annotations`). */
export interface CheckRunAnnotation {
  path: string;
  startLine: number;
  endLine: number;
  level: "notice" | "warning" | "failure";
  title: string | null;
  message: string;
  rawDetails: string | null;
}

/** One check suite on a commit: one app's checks (for GitHub Actions, one workflow run's jobs). */
export interface CheckSuiteInfo {
  id: number;
  /** The GitHub App the suite belongs to (`github-actions` for workflow runs), null when unknown. */
  appSlug: string | null;
  appName: string | null;
  /** `queued`, `in_progress`, `completed`, `requested`, `waiting`, `pending`; null when unknown. */
  status: string | null;
  conclusion: string | null;
  /** How many check runs the suite has (the latest of each name); 0 before any is created. */
  latestCheckRunsCount: number;
}

/** Reads other check runs of a commit (port; `octokit-check-runs-reader.ts` is the adapter). */
export interface CheckRunsReader {
  /**
   * The latest check run of each name on `sha` (`GET /commits/{sha}/check-runs`, every page up
   * to `max`, default 300), newest first.
   */
  listCheckRuns(repo: RepoRef, sha: string, max?: number): Promise<CheckRunInfo[]>;
  /**
   * The check suites of `sha` (`GET /commits/{sha}/check-suites`, every page up to `max`,
   * default 300).
   */
  listCheckSuites(repo: RepoRef, sha: string, max?: number): Promise<CheckSuiteInfo[]>;
  /** The first `max` (default 50) annotations of a check run, in GitHub's order. */
  listAnnotations(repo: RepoRef, checkRunId: number, max?: number): Promise<CheckRunAnnotation[]>;
}
