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
  /** Reviews on the pull request before this pass (its review lookup reads one page per 100). */
  reviewsOnPr?: number;
  /**
   * What the lookups found of an earlier run of the same job (a retry, a run after a crash):
   * it is adopted, not created again.
   */
  found?: { checkRun: boolean; review: boolean };
}

const pages = (n: number, size: number) => Math.ceil(n / size);

/**
 * The GitHub requests of one review pass that posts, exactly as the job makes them (the
 * installation-token exchange, cached for an hour, is not counted):
 *
 *   1 pulls.get + configReads + 1 check-run lookup (concurrent with the config read)
 *   + [1 compare] + max(1, ⌈files/100⌉) list + max(1, ⌈reviews/100⌉) review lookups (concurrent
 *   with the list) + 1 check create (in_progress) + 1 review + ⌈newInline/100⌉ comment-id reads
 *   + max(1, ⌈annotations/50⌉) check updates (the last one completes the run)
 *   [+ ⌈threadsOnPr/100⌉ thread lookups + 1 resolve per thread, only when something is resolved]
 *   [− the check create and/or the review an earlier run of the job posted, found by the lookups]
 */
export function requestFloor(input: FloorInput): number {
  let n = 1 + input.configReads + 1 + (input.incremental ? 1 : 0);
  n += Math.max(1, pages(input.files, 100)) + Math.max(1, pages(input.reviewsOnPr ?? 0, 100));
  n += 1 + 1 + pages(input.newInlineComments, 100);
  n += Math.max(1, pages(input.annotations, 50));
  if (input.resolve && input.resolve.threads > 0) {
    n += Math.max(1, pages(input.resolve.threadsOnPr, 100)) + input.resolve.threads;
  }
  if (input.found?.checkRun) n -= 1;
  if (input.found?.review) n -= 1;
  return n;
}
