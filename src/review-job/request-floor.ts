/** What the number of requests of a pass depends on. */
export interface FloorInput {
  /** Files of the pull request (`pulls.listFiles`, 100 per page, at least one page). */
  files: number;
  /** Check-run annotations (findings on the new side), 50 per request. */
  annotations: number;
  /** Inline comments posted by this pass (their ids are read back, 100 per page). */
  newInlineComments: number;
  /** 1, or 2 when the repository has no config file and the org `.github` one is read. */
  configReads: 1 | 2;
  /** An incremental pass asks `compare` once. */
  incremental: boolean;
  /** Threads to resolve: one GraphQL query per 100 threads of the PR, one mutation per thread. */
  resolve?: { threadsOnPr: number; threads: number };
  /**
   * A retried attempt first looks for what it posted (1 check-run list + one page per 100
   * reviews) and does not create again what it found.
   */
  retry?: { reviewsOnPr: number; foundCheckRun: boolean; foundReview: boolean };
}

const pages = (n: number, size: number) => Math.ceil(n / size);

/**
 * The GitHub requests of one review pass that posts, exactly as the job makes them (the
 * installation-token exchange, cached for an hour, is not counted):
 *
 *   1 pulls.get + configReads + [1 compare] + max(1, ⌈files/100⌉) list
 *   + 1 check create (in_progress) + 1 review + ⌈newInline/100⌉ comment-id reads
 *   + max(1, ⌈annotations/50⌉) check updates (the last one completes the run)
 *   [+ ⌈threadsOnPr/100⌉ thread lookups + 1 resolve per thread, only when something is resolved]
 *   [+ 1 check-run lookup + max(1, ⌈reviews/100⌉) review lookups, only on a retried attempt,
 *      which then skips creating the check run or the review it found]
 */
export function requestFloor(input: FloorInput): number {
  let n = 1 + input.configReads + (input.incremental ? 1 : 0);
  n += Math.max(1, pages(input.files, 100));
  n += 1 + 1 + pages(input.newInlineComments, 100);
  n += Math.max(1, pages(input.annotations, 50));
  if (input.resolve && input.resolve.threads > 0) {
    n += Math.max(1, pages(input.resolve.threadsOnPr, 100)) + input.resolve.threads;
  }
  if (input.retry) {
    n += 1 + Math.max(1, pages(input.retry.reviewsOnPr, 100));
    if (input.retry.foundCheckRun) n -= 1;
    if (input.retry.foundReview) n -= 1;
  }
  return n;
}
