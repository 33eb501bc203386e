import type { Db, Queryable } from "../store/db.ts";
import {
  type FindingToSave,
  markThreadResolved,
  resolveFindings,
  saveFindings,
} from "../store/finding-repository.ts";
import { type ReviewRecord, recordReview } from "../store/review-repository.ts";
import { recordVerifications } from "../store/verification-repository.ts";
import type { PassPlan } from "./plan-pass.ts";

/** A posted comment, by the fingerprint in its hidden marker. */
export interface CommentRef {
  id: number;
  url: string;
}

/**
 * Records the pass and its findings in one transaction: the `reviews` row (with what the LLM
 * engine did, `plan.llmCoverage`, and the disposition table's rows), every finding of the pass
 * as open, quiet ones included (with the comment that shows it, when this pass posted one), the
 * findings the pass resolved, and what it verified for each claim. `assertLease` (the job's)
 * runs first in that transaction: a job that lost its lease, or whose repository was purged
 * meanwhile, writes nothing.
 */
export async function persistPass(
  db: Db,
  record: ReviewRecord,
  plan: PassPlan,
  comments: ReadonlyMap<string, CommentRef>,
  threadsResolved: readonly string[],
  assertLease?: (q: Queryable) => Promise<void>,
): Promise<number> {
  return db.transaction(async (tx) => {
    await assertLease?.(tx);
    const reviewRowId = await recordReview(tx, {
      ...record,
      ...(plan.llmCoverage === undefined ? {} : { llmCoverage: plan.llmCoverage }),
      dispositionRows: plan.result.dispositionRows,
    });
    const findings: FindingToSave[] = [...plan.result.placed, ...plan.result.quiet].map(
      (placed) => {
        const comment = comments.get(placed.fingerprint);
        return { placed, commentId: comment?.id ?? null, commentUrl: comment?.url ?? null };
      },
    );
    const scope = {
      installationId: record.installationId,
      repoId: record.repoId,
      prNumber: record.prNumber,
    };
    await saveFindings(tx, scope, reviewRowId, findings);
    await resolveFindings(
      tx,
      scope,
      reviewRowId,
      plan.resolved.map((f) => f.fingerprint),
    );
    await markThreadResolved(tx, scope, threadsResolved);
    await recordVerifications(
      tx,
      scope,
      { reviewRowId, headSha: record.headSha },
      plan.result.verifications,
    );
    return reviewRowId;
  });
}
