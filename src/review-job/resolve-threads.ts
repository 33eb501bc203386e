import type { PullRef } from "../github/refs.ts";
import type { ReviewThreads } from "../github/review-threads.ts";
import type { StoredFinding } from "../store/finding-repository.ts";

/**
 * Resolves the review threads of findings that were resolved in this pass. Threads are looked
 * up by the stored comment id (one GraphQL query per 100 threads) only when there is something
 * to resolve; a thread a human resolved already is left alone. Returns the fingerprints whose
 * threads are now resolved.
 */
export async function resolveThreads(
  threads: ReviewThreads,
  pr: PullRef,
  resolved: readonly StoredFinding[],
): Promise<string[]> {
  const pending = resolved.filter((f) => f.commentId !== null && !f.threadResolved);
  if (pending.length === 0) return [];
  const found = await threads.findThreads(
    pr,
    pending.map((f) => f.commentId!),
  );
  const done: string[] = [];
  for (const finding of pending) {
    const thread = found.get(finding.commentId!);
    if (thread === undefined) continue;
    if (!thread.isResolved) await threads.resolveThread(thread.threadId);
    done.push(finding.fingerprint);
  }
  return done;
}
