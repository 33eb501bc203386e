/** The name of the app's one check run per head commit (a public contract: branch protection uses it). */
export const CHECK_RUN_NAME = "reviewloop";

const EXTERNAL_ID_PREFIX = "reviewloop:";

/**
 * The check run's `external_id`: `reviewloop:<repo-id>#<pr>@<sha>`, the same identity as the
 * pass marker in the review body. A retried pass finds its check run by it.
 */
export function checkRunExternalId(repoId: number, prNumber: number, headSha: string): string {
  return `${EXTERNAL_ID_PREFIX}${repoId}#${prNumber}@${headSha}`;
}

/** True for an `external_id` this app gave a check run. */
export function isOwnExternalId(externalId: string | null | undefined): boolean {
  return typeof externalId === "string" && externalId.startsWith(EXTERNAL_ID_PREFIX);
}
