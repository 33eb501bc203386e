/**
 * The pure half of the remediation-rounds benchmark (`bench/loop.ts`): turns one run's timeline —
 * the requests the simulator answered, stamped, and the app's own milestones — into per-round
 * figures, and several runs into medians.
 */

/** One request GitHub (the simulator) answered, with the time it answered. */
export interface TimedRequest {
  /** `Date.now()` when the simulator sent its answer. */
  at: number;
  method: string;
  path: string;
  /** The OpenAPI operation (`pulls/create-review`), `graphql`, or undefined. */
  operationId?: string;
  body: unknown;
}

/** What one run of the scenario left behind. Times are `Date.now()` on the one machine. */
export interface RunTimeline {
  /** When the `pull_request.opened` delivery was sent. */
  opened: number;
  /** Head 0 (opened) and the head each round's fix pushed. */
  heads: string[];
  /** Every installation request answered from `opened` to the last pass's end, in order. */
  requests: TimedRequest[];
  /** The app's "Review pass finished" time for each head. */
  passFinished: number[];
  /** The app's "Applied loop event" (HeadUpdated) time for each round's push, round 1 first. */
  pushApplied: number[];
}

/** Requests of one part of the loop, counted. */
export interface Tally {
  total: number;
  byMethod: Record<string, number>;
  /** `METHOD operation` → count; GraphQL as `POST graphql query|mutation`. */
  byOperation: Record<string, number>;
}

export interface RoundFigures {
  round: number;
  /** The review that requested changes → the review of this round's push. */
  wallMs: number;
  /** That review posted → the fixer's dispatch answered (= `passWrapUpMs + dispatchJobMs`). */
  dispatchLatencyMs: number;
  /** The previous pass's end after its review: thread resolution, check run completed. */
  passWrapUpMs: number;
  /** Pass finished → dispatch answered: the loop's reducer, the Dispatch job, its requests. */
  dispatchJobMs: number;
  /** Dispatch answered → the fixer's push applied by the app (the simulated fixer: runs, push). */
  fixerMs: number;
  /** Push applied → the review of the push posted. */
  reviewOfPushMs: number;
  /** Writes (non-GET) the app made in the round; each waits ≥ 1 s after the previous one. */
  writes: number;
  /** `writes × 1 s`: how long Octokit's write pacing alone makes the round last. */
  writePacingMs: number;
  requests: { total: number; loop: Tally; reviewPass: Tally };
}

export interface RunFigures {
  /** Delivery of `opened` → the first review (which requests changes). */
  firstReviewMs: number;
  rounds: RoundFigures[];
  /** The last review posted → its pass finished (check run completed): the loop has passed. */
  finalWrapUpMs: number;
  /** The first review posted → the last pass finished. */
  loopMs: number;
  /** Requests from the first review (excluded) to the last pass's end. */
  loopRequests: number;
  /** Gaps between consecutive writes' answers over the whole run, ms. */
  writeGapsMs: { median: number; min: number };
}

const REVIEW_PATH = /^\/repos\/[^/]+\/[^/]+\/pulls\/\d+\/reviews$/;
const DISPATCH_PATH = /\/dispatches$/;

/** Requests that only the remediation loop makes, wherever they fall in time. */
function isLoopOperation(request: TimedRequest): boolean {
  const op = request.operationId ?? "";
  return op.startsWith("actions/") || op.includes("label") || DISPATCH_PATH.test(request.path);
}

function operationOf(request: TimedRequest): string {
  if (request.operationId === "graphql") {
    const query = (request.body as { query?: unknown } | undefined)?.query;
    const kind = typeof query === "string" && /^\s*mutation\b/.test(query) ? "mutation" : "query";
    return `POST graphql ${kind}`;
  }
  return `${request.method} ${request.operationId ?? request.path.split("?")[0]}`;
}

export function tally(requests: readonly TimedRequest[]): Tally {
  const t: Tally = { total: 0, byMethod: {}, byOperation: {} };
  for (const request of requests) {
    t.total++;
    t.byMethod[request.method] = (t.byMethod[request.method] ?? 0) + 1;
    const op = operationOf(request);
    t.byOperation[op] = (t.byOperation[op] ?? 0) + 1;
  }
  return t;
}

/** When the app's review of `head` was answered. */
function reviewPosted(requests: readonly TimedRequest[], head: string): number {
  const review = requests.find(
    (r) =>
      r.method === "POST" &&
      REVIEW_PATH.test(r.path) &&
      (r.body as { commit_id?: unknown } | undefined)?.commit_id === head,
  );
  if (!review) throw new Error(`no review of ${head.slice(0, 7)} was posted`);
  return review.at;
}

const between = (requests: readonly TimedRequest[], from: number, to: number) =>
  requests.filter((r) => r.at > from && r.at <= to);

export const median = (xs: readonly number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

/**
 * Splits a run into rounds. Round k runs from the review of head k−1 (which requested changes)
 * to the review of head k, so rounds tile the loop. A request belongs to the loop when its
 * operation is the loop's (Actions, labels, dispatches) or when it falls between a pass's end
 * and the fixer's push reaching the app (the Dispatch job's reads, a check-run section PATCH);
 * everything else is the review passes' (the previous pass's wrap-up included).
 */
export function splitRounds(run: RunTimeline): RunFigures {
  const { requests, heads, passFinished, pushApplied } = run;
  const posted = heads.map((head) => reviewPosted(requests, head));
  const dispatches = requests.filter((r) => r.method === "POST" && DISPATCH_PATH.test(r.path));
  const rounds: RoundFigures[] = [];
  for (let k = 1; k < heads.length; k++) {
    const start = posted[k - 1]!;
    const end = posted[k]!;
    const finished = passFinished[k - 1]!;
    const dispatched = dispatches[k - 1]?.at;
    const pushed = pushApplied[k - 1]!;
    if (dispatched === undefined) throw new Error(`round ${k} sent no dispatch`);
    const inRound = between(requests, start, end);
    const isLoop = (r: TimedRequest) => isLoopOperation(r) || (r.at > finished && r.at <= pushed);
    const writes = inRound.filter((r) => r.method !== "GET").length;
    rounds.push({
      round: k,
      wallMs: end - start,
      dispatchLatencyMs: dispatched - start,
      passWrapUpMs: finished - start,
      dispatchJobMs: dispatched - finished,
      fixerMs: pushed - dispatched,
      reviewOfPushMs: end - pushed,
      writes,
      writePacingMs: writes * 1000,
      requests: {
        total: inRound.length,
        loop: tally(inRound.filter(isLoop)),
        reviewPass: tally(inRound.filter((r) => !isLoop(r))),
      },
    });
  }
  const last = heads.length - 1;
  const writeTimes = requests.filter((r) => r.method !== "GET").map((r) => r.at);
  const gaps = writeTimes.slice(1).map((at, i) => at - writeTimes[i]!);
  return {
    firstReviewMs: posted[0]! - run.opened,
    rounds,
    finalWrapUpMs: passFinished[last]! - posted[last]!,
    loopMs: passFinished[last]! - posted[0]!,
    loopRequests: between(requests, posted[0]!, passFinished[last]!).length,
    writeGapsMs: { median: median(gaps), min: Math.min(...gaps) },
  };
}

/** Medians over runs, per round; request counts from the first run and whether all agree. */
export function summarizeRuns(runs: readonly RunFigures[]) {
  const m = (pick: (run: RunFigures) => number) => Math.round(median(runs.map(pick)));
  const first = runs[0]!;
  const countsOf = (run: RunFigures) =>
    JSON.stringify(run.rounds.map((r) => r.requests)) + JSON.stringify(run.loopRequests);
  return {
    runs: runs.length,
    firstReviewMs: m((run) => run.firstReviewMs),
    loopMs: m((run) => run.loopMs),
    finalWrapUpMs: m((run) => run.finalWrapUpMs),
    writeGapMedianMs: m((run) => run.writeGapsMs.median),
    writeGapMinMs: Math.min(...runs.map((run) => run.writeGapsMs.min)),
    rounds: first.rounds.map((round, i) => {
      const r = (pick: (round: RoundFigures) => number) => m((run) => pick(run.rounds[i]!));
      return {
        round: round.round,
        wallMs: r((x) => x.wallMs),
        dispatchLatencyMs: r((x) => x.dispatchLatencyMs),
        passWrapUpMs: r((x) => x.passWrapUpMs),
        dispatchJobMs: r((x) => x.dispatchJobMs),
        fixerMs: r((x) => x.fixerMs),
        reviewOfPushMs: r((x) => x.reviewOfPushMs),
        writes: r((x) => x.writes),
        writePacingMs: r((x) => x.writePacingMs),
        requests: round.requests,
      };
    }),
    loopRequests: first.loopRequests,
    sameRequestsEveryRun: runs.every((run) => countsOf(run) === countsOf(first)),
  };
}
