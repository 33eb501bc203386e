/**
 * Hidden HTML-comment markers in every body the app posts. Before posting, the app looks for its
 * marker to make the post idempotent (a retried job must not post twice); later passes find their
 * earlier comments by fingerprint. User-controlled text is escaped by the renderers, so a finding
 * title can never forge a marker.
 */

/**
 * Identifies one review pass: repository id, pull request number, head sha reviewed, and the
 * RunReview job that posted it (absent in markers written before job ids were added).
 */
export interface PassMarker {
  repoId: number;
  pr: number;
  sha: string;
  jobId?: number;
}

/** Everything {@link parseMarkers} found in a body. */
export interface ParsedMarkers {
  passes: PassMarker[];
  fingerprints: string[];
}

const PASS_PATTERN = /<!-- reviewloop:pass (\d+)#(\d+)@([0-9a-f]{7,64})(?: job:(\d+))? -->/g;
const FINDING_PATTERN = /<!-- reviewloop:finding ([0-9a-f]{8,64}) -->/g;

/**
 * `<!-- reviewloop:pass <repo-id>#<pr>@<sha> job:<job-id> -->`: one intent's identity. A retry
 * of the same job finds its own review by it; a Re-run (a new job) never adopts an earlier one.
 * Without `jobId`, the format of earlier versions (`… <repo-id>#<pr>@<sha> -->`).
 */
export function passMarker(repoId: number, pr: number, sha: string, jobId?: number): string {
  const job = jobId === undefined ? "" : ` job:${jobId}`;
  return `<!-- reviewloop:pass ${repoId}#${pr}@${sha}${job} -->`;
}

/** `<!-- reviewloop:finding <fingerprint> -->` */
export function findingMarker(fingerprint: string): string {
  return `<!-- reviewloop:finding ${fingerprint} -->`;
}

/** Finds every pass and finding marker in a posted body (anything else is ignored). */
export function parseMarkers(body: string): ParsedMarkers {
  const passes: PassMarker[] = [];
  for (const m of body.matchAll(PASS_PATTERN)) {
    const pass: PassMarker = { repoId: Number(m[1]), pr: Number(m[2]), sha: m[3]! };
    if (m[4] !== undefined) pass.jobId = Number(m[4]);
    passes.push(pass);
  }
  const fingerprints = [...body.matchAll(FINDING_PATTERN)].map((m) => m[1]);
  return { passes, fingerprints };
}
