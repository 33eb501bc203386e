import type { PullRequestInfo, PullRequestReader } from "../github/pull-request-reader.ts";
import type { PullRef } from "../github/refs.ts";
import type { DiffFile } from "../review/diff-types.ts";
import { parseGithubPatch } from "../review/parse-github-patch.ts";
import type { SkippedFile } from "../review/render-summary.ts";

/** What a pass reviews. */
export interface PassDiff {
  mode: "full" | "incremental";
  /** The first commit of the range reviewed: the PR's base (full) or the last reviewed head. */
  base: string;
  /** Why a pass that could have been incremental is full (logged). */
  fullReason?: string;
  /** Every file of the pull request (base...head): anchors are checked against these. */
  prFiles: DiffFile[];
  /** The files the engines look at: all of them (full) or what changed since the last pass. */
  reviewFiles: DiffFile[];
  /** Incremental only: `compare/{last}...{head}`, to carry open findings to their new lines. */
  changes: DiffFile[];
  /** Incremental only: PR files that did not change since the last pass. */
  unchanged: SkippedFile[];
  truncatedAt3000: boolean;
}

/**
 * Lists the pull request's files and decides the mode. Incremental when the last reviewed head
 * is an ancestor of this one (`compare` says `ahead`); full on the first pass, after a
 * force-push (`diverged`/`behind`, or the old sha unknown: 404), on a re-run of the same head,
 * and when the comparison lists 300 files (GitHub's cap: it may be incomplete).
 */
export async function gatherDiff(
  pulls: PullRequestReader,
  ref: PullRef,
  pr: Pick<PullRequestInfo, "headSha" | "baseSha">,
  lastReviewedSha: string | null,
): Promise<PassDiff> {
  let fullReason = "first pass";
  let changes: DiffFile[] | null = null;
  if (lastReviewedSha !== null && lastReviewedSha === pr.headSha) {
    fullReason = "this head was reviewed before (re-run)";
  } else if (lastReviewedSha !== null) {
    const comparison = await pulls.compareCommits(ref, lastReviewedSha, pr.headSha);
    if (comparison === null) fullReason = "the last reviewed commit is gone (force-push)";
    else if (comparison.status !== "ahead") fullReason = `force-push (${comparison.status})`;
    else if (comparison.truncated) fullReason = "too many changes to compare (300 files)";
    else changes = comparison.files.map(parseGithubPatch);
  }

  const listed = await pulls.listFiles(ref);
  const prFiles = listed.files.map(parseGithubPatch);
  if (changes === null || lastReviewedSha === null) {
    return {
      mode: "full",
      base: pr.baseSha,
      fullReason,
      prFiles,
      reviewFiles: prFiles,
      changes: [],
      unchanged: [],
      truncatedAt3000: listed.truncated,
    };
  }
  // Files that changed since the last pass but are not in the PR (a merge of the base) are
  // not the PR's: nothing could be commented there.
  const inPr = new Set(prFiles.map((f) => f.path));
  const changed = new Set(changes.map((f) => f.path));
  const since = lastReviewedSha.slice(0, 7);
  return {
    mode: "incremental",
    base: lastReviewedSha,
    prFiles,
    reviewFiles: changes.filter((f) => inPr.has(f.path)),
    changes,
    unchanged: prFiles
      .filter((f) => !changed.has(f.path))
      .map((f) => ({ path: f.path, reason: `unchanged since ${since} (incremental pass)` })),
    truncatedAt3000: listed.truncated,
  };
}
