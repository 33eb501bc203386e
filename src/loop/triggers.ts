/**
 * Triggers nobody asked for by hand: a paused or stopped loop drops their passes, and a review
 * of the same head posted by another pass makes them redundant.
 */
const AUTOMATIC_TRIGGERS = new Set([
  "opened",
  "synchronize",
  "reopened",
  "ready_for_review",
  /** A re-read of GitHub after a pass saw an older view of the pull request (replica lag). */
  "recheck",
  /** GitHub's head was newer than the loop's when a pass read it. */
  "github_head",
]);

/** Whether a pass with this trigger was asked for by an event rather than by a person. */
export function isAutomaticTrigger(trigger: string): boolean {
  return AUTOMATIC_TRIGGERS.has(trigger);
}

/** A sha as people read it in replies and reasons. */
export function shortSha(sha: string): string {
  return sha.slice(0, 7);
}
