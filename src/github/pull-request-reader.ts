import type { GithubFileEntry } from "../review/parse-github-patch.ts";
import type { PullRef, RepoRef } from "./refs.ts";

/** The fields of a pull request a review pass depends on, read fresh from GitHub. */
export interface PullRequestInfo {
  number: number;
  state: "open" | "closed";
  merged: boolean;
  draft: boolean;
  headSha: string;
  baseSha: string;
  baseRef: string;
  /** The head branch's name (in the fork, for a fork's pull request). */
  headRef: string;
  /** Login of the author. */
  author: string;
  /** Label names. */
  labels: string[];
  /** True when the head branch lives in another repository (or in a fork that was deleted). */
  fromFork: boolean;
  /** `updated_at` (ISO 8601): tells a stale read from a newer head (see docs/loop.md). */
  updatedAt?: string;
  /** Title and description (untrusted: the LLM engine fences them as data). */
  title?: string;
  body?: string;
}

/** The changed files of a pull request. */
export interface ListedFiles {
  files: GithubFileEntry[];
  /** GitHub lists at most 3,000 files; true when the pull request reached that cap. */
  truncated: boolean;
}

/** `compare/{base}...{head}`: how head relates to base and what changed. */
export interface Comparison {
  status: "ahead" | "behind" | "diverged" | "identical";
  files: GithubFileEntry[];
  /** A comparison lists at most 300 files; true when it reached that cap. */
  truncated: boolean;
}

/** Reads pull requests (port; `octokit-pull-request-reader.ts` is the GitHub adapter). */
export interface PullRequestReader {
  /** `GET /repos/{o}/{r}/pulls/{n}`. */
  getPullRequest(pr: PullRef): Promise<PullRequestInfo>;
  /** `GET /repos/{o}/{r}/pulls/{n}/files`, 100 per page, every page. */
  listFiles(pr: PullRef): Promise<ListedFiles>;
  /** `GET /repos/{o}/{r}/compare/{base}...{head}`; null when GitHub does not know `base` (404). */
  compareCommits(repo: RepoRef, base: string, head: string): Promise<Comparison | null>;
  /**
   * `GET /repos/{o}/{r}/contents/{path}?ref=` as text; null when GitHub has no such file there,
   * it is not a file, or it is too large to be served inline (over 1 MB). Optional in fakes.
   */
  readFile?(repo: RepoRef, path: string, ref: string): Promise<string | null>;
}
