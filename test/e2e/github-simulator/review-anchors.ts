import { countPositions, readPatchHunks } from "./patch-lines.ts";
import type { PullFile } from "./types.ts";

/** A review comment as `POST /pulls/{n}/reviews` receives it. */
export interface ReviewCommentInput {
  path: string;
  body: string;
  line?: number;
  side?: string;
  start_line?: number;
  start_side?: string;
  position?: number;
}

/** GitHub's texts (`errors[]` of the 422); the whole review is rejected on any of them. */
export const ANCHOR_ERRORS = {
  path: "Pull request review thread path is invalid",
  blankHunk: "Pull request review thread diff hunk can't be blank",
  line: "Pull request review thread line must be part of the diff",
  sameHunk: "Pull request review thread start line must be part of the same hunk as the line.",
  precede: "Pull request review thread start line must precede the end line.",
  position: "Pull request review thread position is invalid",
  unresolved: "Line could not be resolved",
} as const;

function findHunk(patch: string, side: string, line: number): number {
  return readPatchHunks(patch).findIndex((hunk) =>
    (side === "LEFT" ? hunk.left : hunk.right).has(line),
  );
}

/** The problems of one comment's anchor against the diff it is posted on; empty when valid. */
export function checkAnchor(files: PullFile[], comment: ReviewCommentInput): string[] {
  const file = files.find((candidate) => candidate.filename === comment.path);
  if (!file) return [ANCHOR_ERRORS.path, ANCHOR_ERRORS.blankHunk];
  if (comment.line === undefined) {
    if (comment.position === undefined || !file.patch) return [ANCHOR_ERRORS.unresolved];
    const valid = comment.position >= 1 && comment.position <= countPositions(file.patch);
    return valid ? [] : [ANCHOR_ERRORS.position, ANCHOR_ERRORS.blankHunk];
  }
  const side = comment.side ?? "RIGHT";
  if (!file.patch || (side !== "LEFT" && side !== "RIGHT")) return [ANCHOR_ERRORS.unresolved];
  const hunk = findHunk(file.patch, side, comment.line);
  if (hunk < 0) return [ANCHOR_ERRORS.line, ANCHOR_ERRORS.blankHunk];
  if (comment.start_line === undefined) return [];
  const startSide = comment.start_side ?? side;
  if (startSide !== "LEFT" && startSide !== "RIGHT") return [ANCHOR_ERRORS.unresolved];
  if (startSide === side && comment.start_line >= comment.line) return [ANCHOR_ERRORS.precede];
  const startHunk = findHunk(file.patch, startSide, comment.start_line);
  return startHunk === hunk ? [] : [ANCHOR_ERRORS.sameHunk];
}

/** Rails' `to_sentence`, which GitHub uses to join validation messages into one string. */
export function toSentence(parts: string[]): string {
  if (parts.length <= 1) return parts.join("");
  if (parts.length === 2) return `${parts[0]} and ${parts[1]}`;
  return `${parts.slice(0, -1).join(", ")}, and ${parts.at(-1)}`;
}

/** The one `errors[]` entry GitHub answers for a review with bad anchors, or undefined. */
export function checkReviewAnchors(
  files: PullFile[],
  comments: ReviewCommentInput[],
): string | undefined {
  const problems = new Set<string>();
  for (const comment of comments)
    for (const problem of checkAnchor(files, comment)) problems.add(problem);
  if (problems.size === 0) return undefined;
  // GitHub lists the "blank hunk" consequence last.
  const ordered = [...problems].sort(
    (a, b) => Number(a === ANCHOR_ERRORS.blankHunk) - Number(b === ANCHOR_ERRORS.blankHunk),
  );
  return toSentence(ordered);
}
