/** The name of the app's one check run per head commit (a public contract: branch protection uses it). */
export const CHECK_RUN_NAME = "reviewloop";

const EXTERNAL_ID_PREFIX = "reviewloop:";

/** Who a check run belongs to: the pull request and head it reviews, and the job that made it. */
export interface CheckRunIdentity {
  repoId: number;
  prNumber: number;
  headSha: string;
  /** The RunReview job; absent in ids written before job ids were added. */
  jobId?: number;
  /** The job's generation (a dead job re-queued by hand is a new run with a new check run). */
  generation?: number;
}

/**
 * The check run's `external_id`: `reviewloop:<repo-id>#<pr>@<sha>/<job-id>.<generation>`. The
 * job part makes it one intent's identity (a Re-run is a new job, so a new check run); the pull
 * request part lets "Re-run" find the pull request when GitHub lists none (a fork's head).
 */
export function checkRunExternalId(identity: Required<CheckRunIdentity>): string {
  const { repoId, prNumber, headSha, jobId, generation } = identity;
  return `${EXTERNAL_ID_PREFIX}${repoId}#${prNumber}@${headSha}/${jobId}.${generation}`;
}

const EXTERNAL_ID_PATTERN = /^reviewloop:(\d+)#(\d+)@([0-9a-f]{7,64})(?:\/(\d+)\.(\d+))?$/;

/**
 * Reads an `external_id` this app wrote (with or without the job part); null for anything else,
 * malformed ids included.
 */
export function parseExternalId(externalId: string | null | undefined): CheckRunIdentity | null {
  const m = typeof externalId === "string" ? EXTERNAL_ID_PATTERN.exec(externalId) : null;
  if (m === null) return null;
  const numbers = [m[1], m[2], m[4], m[5]].map((n) => (n === undefined ? undefined : Number(n)));
  if (numbers.some((n) => n !== undefined && !Number.isSafeInteger(n))) return null;
  const [repoId, prNumber, jobId, generation] = numbers;
  return {
    repoId: repoId!,
    prNumber: prNumber!,
    headSha: m[3]!,
    ...(jobId === undefined ? {} : { jobId, generation: generation! }),
  };
}

/** True for an `external_id` this app gave a check run. */
export function isOwnExternalId(externalId: string | null | undefined): boolean {
  return typeof externalId === "string" && externalId.startsWith(EXTERNAL_ID_PREFIX);
}
