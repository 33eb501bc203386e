import type { Probot } from "probot";
import { enqueueJob } from "../jobs/enqueue-job.ts";
import { wakeDeferredReviews } from "../jobs/wake-deferred-reviews.ts";
import { observeChecksJob } from "../loop/checks-jobs.ts";
import { hasQueuedObservation, listLoopsForChecks } from "../store/checks-repository.ts";
import type { Db } from "../store/db.ts";
import { parseCheckCompletedEvent } from "./parse-check-completed-event.ts";
import type { SlugSource } from "./slug-source.ts";

/**
 * CI of a head moved: on `check_run.completed` and `check_suite.completed`, one `ObserveChecks`
 * job per pull request in the loop whose head it may be (listed by GitHub, or a fork's head
 * found by its sha), keyed by the delivery (a redelivery enqueues nothing) — none while one of
 * that head is still queued (it will read after this completion anyway) — and the review
 * passes of that head waiting for checks run now. One transaction, no GitHub request: the
 * delivery is acknowledged at once; reading the check runs is the job's.
 */
export function registerCheckCompletedHandler(
  app: Probot,
  deps: { db: Db; onEnqueued(): void },
  slug: SlugSource,
): void {
  app.on(["check_run.completed", "check_suite.completed"], async (context) => {
    const parsed = parseCheckCompletedEvent(context.name, context.payload, slug.peek(context.log));
    if (!parsed.ok) {
      context.log.debug({ reason: parsed.reason }, `Ignoring ${context.name} delivery`);
      return;
    }
    const { check } = parsed;
    const { woken, observations } = await deps.db.transaction(async (tx) => {
      const woken = await wakeDeferredReviews(tx, check.repoId, check.headSha);
      const prNumbers = await listLoopsForChecks(tx, check.repoId, check.headSha, check.prNumbers);
      let observations = 0;
      for (const prNumber of prNumbers) {
        const pr = {
          installationId: check.installationId,
          repoId: check.repoId,
          repoFullName: check.repoFullName,
          prNumber,
        };
        const job = observeChecksJob(pr, check.headSha, context.id);
        if (await hasQueuedObservation(tx, job.groupKey, check.headSha)) continue;
        if ((await enqueueJob(tx, job)) !== null) observations++;
      }
      return { woken, observations };
    });
    if (woken + observations === 0) return;
    context.log.info(
      { repo: check.repoFullName, sha: check.headSha, observations, woken },
      "Checks of a head completed",
    );
    deps.onEnqueued();
  });
}
