import { CHECK_RUN_NAME, isOwnExternalId } from "../github/check-run-identity.ts";
import type { CheckRunInfo, CheckSuiteInfo } from "../github/check-runs-reader.ts";
import type { ChecksSeen } from "../loop/types.ts";

/** GitHub Actions' app slug: its check suites are workflow runs, its check runs their jobs. */
export const ACTIONS_APP_SLUG = "github-actions";

/** Conclusions that make a completed check a CI failure the fixer is asked to address. */
export const FAILING_CONCLUSIONS: ReadonlySet<string> = new Set([
  "failure",
  "timed_out",
  "cancelled",
  "action_required",
]);

/** What is not CI of the head: reviewloop's own check run and the fixer's own workflow runs. */
export interface CheckExclusions {
  /** Run ids of the pull request's fixer runs (`dispatches.run_id`). */
  fixerRunIds: ReadonlySet<number>;
  /** The app's slug, when known: a `reviewloop` check run of this app is ours whatever its id. */
  ownAppSlug?: string;
}

/** The head's checks sorted into what holds a round and what failed, with the failing runs. */
export interface ClassifiedChecks extends ChecksSeen {
  /** The failing check runs themselves (one per name, in `failing`'s order). */
  failingRuns: CheckRunInfo[];
}

const RUN_IN_URL = /\/actions\/runs\/(\d+)(?:[/?#]|$)/;

/**
 * The workflow run a GitHub Actions check run belongs to, read from its `details_url` or
 * `html_url` (`…/actions/runs/<run id>/job/<job id>`); null for any other check run.
 */
export function workflowRunIdOf(run: Pick<CheckRunInfo, "detailsUrl" | "htmlUrl">): number | null {
  for (const url of [run.detailsUrl, run.htmlUrl]) {
    const match = url === null ? null : RUN_IN_URL.exec(url);
    if (match) {
      const id = Number(match[1]);
      if (Number.isSafeInteger(id)) return id;
    }
  }
  return null;
}

/**
 * True for reviewloop's own check run: an `external_id` this app wrote, or the `reviewloop`
 * name created by this app (when its slug is known).
 */
export function isOwnCheckRun(
  run: Pick<CheckRunInfo, "name" | "externalId" | "appSlug">,
  ownAppSlug?: string,
): boolean {
  if (isOwnExternalId(run.externalId)) return true;
  return run.name === CHECK_RUN_NAME && ownAppSlug !== undefined && run.appSlug === ownAppSlug;
}

/** True for a check run that is a job of one of the fixer's own workflow runs. */
export function isFixerCheckRun(
  run: Pick<CheckRunInfo, "detailsUrl" | "htmlUrl">,
  fixerRunIds: ReadonlySet<number>,
): boolean {
  const runId = workflowRunIdOf(run);
  return runId !== null && fixerRunIds.has(runId);
}

/**
 * The name a pending suite without check runs goes by (it has no check name yet): e.g.
 * `GitHub Actions suite 4411 (no jobs yet)`.
 */
export function unstartedSuiteName(suite: Pick<CheckSuiteInfo, "id">): string {
  return `GitHub Actions suite ${suite.id} (no jobs yet)`;
}

/**
 * True for a check suite that will create check runs the listing does not show yet: a GitHub
 * Actions suite (a workflow run) that is not completed and has no check runs. GitHub creates a
 * workflow run's suite before its jobs' check runs, so a head can look as if it had no CI, or
 * only finished CI, while a workflow is still queued. Suites of other apps are not counted: GitHub
 * creates a suite for every app with the Checks permission on each push, and an app that never
 * creates check runs leaves its suite `queued` forever (reviewloop's own suite is one of them
 * until its check run exists). Their check runs count once they exist.
 */
export function isUnstartedSuite(suite: CheckSuiteInfo): boolean {
  return (
    suite.appSlug === ACTIONS_APP_SLUG &&
    suite.status !== null &&
    suite.status !== "completed" &&
    suite.latestCheckRunsCount === 0
  );
}

/**
 * Sorts a head's check runs into `pending` (status not `completed`) and `failing` (completed
 * with a {@link FAILING_CONCLUSIONS} conclusion), by name (sorted, unique), leaving out
 * reviewloop's own check run and the fixer's own workflow runs: neither is CI of the head.
 * Anything else (success, neutral, skipped, stale) is neither. Each of `suites` that has not
 * created its check runs yet ({@link isUnstartedSuite}) is pending too, by
 * {@link unstartedSuiteName}.
 */
export function classifyChecks(
  runs: readonly CheckRunInfo[],
  exclusions: CheckExclusions,
  suites: readonly CheckSuiteInfo[] = [],
): ClassifiedChecks {
  const pending = new Set<string>(suites.filter(isUnstartedSuite).map(unstartedSuiteName));
  const failing = new Map<string, CheckRunInfo>();
  for (const run of runs) {
    if (isOwnCheckRun(run, exclusions.ownAppSlug)) continue;
    if (isFixerCheckRun(run, exclusions.fixerRunIds)) continue;
    if (run.status !== "completed") pending.add(run.name);
    else if (run.conclusion !== null && FAILING_CONCLUSIONS.has(run.conclusion)) {
      if (!failing.has(run.name)) failing.set(run.name, run);
    }
  }
  const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const failingNames = [...failing.keys()].sort(byName);
  return {
    pending: [...pending].sort(byName),
    failing: failingNames,
    failingRuns: failingNames.map((name) => failing.get(name)!),
  };
}
