import type {
  CheckRunAnnotation,
  CheckRunInfo,
  CheckRunsReader,
} from "../github/check-runs-reader.ts";
import type { RepoRef } from "../github/refs.ts";
import { readHeadChecks } from "../observe-checks-job/read-head-checks.ts";
import { ACTIONS_APP_SLUG } from "../remediation/classify-checks.ts";
import type { CheckAnnotation, FailingCheck } from "../remediation/dispatch-payload.ts";
import type { ActionsJobReader } from "../remediation/run-diagnostics.ts";
import { scrubSecrets } from "../remediation/scrub-secrets.ts";
import type { Queryable } from "../store/db.ts";

/** How many failing checks have their annotations and job logs read (the rest: name and output). */
export const MAX_DETAILED_CHECKS = 10;
/** How many annotations of one check are read and sent. */
export const MAX_CHECK_ANNOTATIONS = 50;
/** What gathering the failing checks needs. */
export interface FailingChecksDeps {
  db: Queryable;
  checkRuns: CheckRunsReader;
  actionsJobs: ActionsJobReader;
  /** Values no text taken from GitHub may carry into the payload (see `scrubSecrets`). */
  secrets: readonly string[];
  signal?: AbortSignal;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function toAnnotation(a: CheckRunAnnotation): CheckAnnotation {
  return {
    path: a.path,
    start_line: a.startLine,
    end_line: a.endLine,
    level: a.level,
    ...(a.title ? { title: a.title } : {}),
    message: a.message,
  };
}

/** One failing check with what could be read of it; a detail that fails is said in `read_error`. */
async function describeCheck(
  deps: FailingChecksDeps,
  repo: RepoRef,
  run: CheckRunInfo,
  detailed: boolean,
): Promise<FailingCheck> {
  const scrub = (text: string) => scrubSecrets(text, deps.secrets);
  const url = run.detailsUrl ?? run.htmlUrl;
  const check: FailingCheck = {
    name: run.name,
    conclusion: run.conclusion ?? "failure",
    ...(url ? { url } : {}),
    ...(run.output.title ? { title: scrub(run.output.title) } : {}),
    ...(run.output.summary ? { summary: scrub(run.output.summary) } : {}),
    annotations_count: run.output.annotationsCount,
    annotations: [],
  };
  if (!detailed) return check;
  const errors: string[] = [];
  if (run.output.annotationsCount > 0) {
    try {
      const annotations = await deps.checkRuns.listAnnotations(repo, run.id, MAX_CHECK_ANNOTATIONS);
      check.annotations = annotations.map(toAnnotation).map((a) => ({
        ...a,
        message: scrub(a.message),
        ...(a.title === undefined ? {} : { title: scrub(a.title) }),
      }));
    } catch (error) {
      if (deps.signal?.aborted) throw error;
      errors.push(`annotations: ${describe(error)}`);
    }
  }
  if (run.appSlug === ACTIONS_APP_SLUG) {
    try {
      const job = await deps.actionsJobs.readFailedJob({
        ...repo,
        jobId: run.id,
        ...(deps.signal === undefined ? {} : { signal: deps.signal }),
      });
      if (job.failedSteps.length > 0) check.failed_steps = job.failedSteps;
      if (job.logTail) check.log_tail = job.logTail;
      if (job.readError) errors.push(job.readError);
    } catch (error) {
      if (deps.signal?.aborted) throw error;
      errors.push(`job ${run.id}: ${describe(error)}`);
    }
  }
  if (errors.length > 0) check.read_error = scrub(errors.join("; "));
  return check;
}

/**
 * The failing checks of a pull request's head for the dispatch payload, by name: classified like
 * the loop counts them (`readHeadChecks`: never reviewloop's own check run, never the fixer's own
 * runs). For the first {@link MAX_DETAILED_CHECKS}: the first 50 annotations and, for GitHub
 * Actions jobs, the failed steps and the log tail (scrubbed). Listing the check runs throws (the
 * Dispatch job retries; reads are safe to repeat); a detail that cannot be read is said in the
 * check's `read_error` and the rest is kept.
 */
export async function gatherFailingChecks(
  deps: FailingChecksDeps,
  pr: RepoRef & { repoId: number; prNumber: number },
  headSha: string,
): Promise<FailingCheck[]> {
  const repo: RepoRef = { owner: pr.owner, repo: pr.repo };
  const { failingRuns } = await readHeadChecks(deps.checkRuns, deps.db, pr, headSha, {
    suites: false,
  });
  const checks: FailingCheck[] = [];
  for (const [index, run] of failingRuns.entries()) {
    checks.push(await describeCheck(deps, repo, run, index < MAX_DETAILED_CHECKS));
  }
  return checks;
}
