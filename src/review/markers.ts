/**
 * Hidden HTML-comment markers in every body the app posts. Before posting, the app looks for its
 * marker to make the post idempotent (a retried job must not post twice); later passes find their
 * earlier comments by fingerprint. User-controlled text is escaped by the renderers, so a finding
 * title can never forge a marker.
 */

/** Identifies one review pass: repository id, pull request number and head sha reviewed. */
export interface PassMarker {
  repoId: number;
  pr: number;
  sha: string;
}

/** Everything {@link parseMarkers} found in a body. */
export interface ParsedMarkers {
  passes: PassMarker[];
  fingerprints: string[];
}

const PASS_PATTERN = /<!-- reviewloop:pass (\d+)#(\d+)@([0-9a-f]{7,64}) -->/g;
const FINDING_PATTERN = /<!-- reviewloop:finding ([0-9a-f]{8,64}) -->/g;

/** `<!-- reviewloop:pass <repo-id>#<pr>@<sha> -->` */
export function passMarker(repoId: number, pr: number, sha: string): string {
  return `<!-- reviewloop:pass ${repoId}#${pr}@${sha} -->`;
}

/** `<!-- reviewloop:finding <fingerprint> -->` */
export function findingMarker(fingerprint: string): string {
  return `<!-- reviewloop:finding ${fingerprint} -->`;
}

/** Finds every pass and finding marker in a posted body (anything else is ignored). */
export function parseMarkers(body: string): ParsedMarkers {
  const passes: PassMarker[] = [];
  for (const m of body.matchAll(PASS_PATTERN)) {
    passes.push({ repoId: Number(m[1]), pr: Number(m[2]), sha: m[3] });
  }
  const fingerprints = [...body.matchAll(FINDING_PATTERN)].map((m) => m[1]);
  return { passes, fingerprints };
}
