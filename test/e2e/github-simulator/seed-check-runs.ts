import { addSuite, knownShas, pullRequestsWithHead, suiteFor } from "./check-suites.ts";
import { appIdOf } from "./render-checks.ts";
import { requireRepo } from "./seed.ts";
import {
  type SeedJobOptions,
  type SeedRunOptions,
  type SeedStepOptions,
  seedWorkflowRun,
  setRunJobs,
  setRunStatus,
} from "./seed-runs.ts";
import { now, type SimState } from "./state.ts";
import type { SimAnnotation, SimCheckRun, SimWorkflowRun } from "./types.ts";

/** Another app's check run on a commit (CI, a linter), as `sim.addCheckRun` seeds it. */
export interface AddCheckRunOptions {
  /** `owner/name` of a seeded repository. */
  repo: string;
  /** A sha a seeded pull request of the repository had. */
  headSha: string;
  name: string;
  /**
   * The app that created it (default `github-actions`). `github-actions` makes the run an
   * Actions job: a workflow run holds it, the job's id is the check run's id, and its steps and
   * log are served by `/actions/jobs/{id}` and `/actions/jobs/{id}/logs`.
   */
  appSlug?: string;
  /** Default `completed` when a conclusion is given, else `queued`. */
  status?: "queued" | "in_progress" | "completed";
  conclusion?: string | null;
  output?: { title?: string; summary?: string; text?: string };
  annotations?: SimAnnotation[];
  /** Not for Actions jobs (theirs is the job's page). */
  detailsUrl?: string;
  /** Actions only: the workflow's name (default `CI`) and file (default `ci.yml`). */
  workflowName?: string;
  workflowFile?: string;
  /**
   * Actions only: the job's steps. By default `Set up job`, `Run <name>` (with the run's
   * conclusion) and `Complete job`.
   */
  steps?: SeedStepOptions[];
  /** Actions only: the job's log text. */
  log?: string;
  /**
   * Actions only: a workflow run seeded by `addQueuedWorkflow` that gets this job (its suite
   * gets the check run) instead of a workflow run of its own.
   */
  workflowRunId?: number;
}

/** The Actions job a check run of `options` is (its name, state, log and steps). */
function jobOf(
  options: Pick<AddCheckRunOptions, "name" | "log" | "steps">,
  status: SeedJobOptions["status"],
  conclusion: string | null,
): SeedJobOptions {
  return {
    name: options.name,
    status,
    conclusion,
    ...(options.log !== undefined ? { log: options.log } : {}),
    ...(options.steps ? { steps: options.steps } : {}),
  };
}

/**
 * A CI workflow run (event `pull_request`) on `options.headSha`, named after the pull request
 * whose head it is: what GitHub Actions creates for a push.
 */
function seedCiRun(
  state: SimState,
  key: string,
  options: { headSha: string; workflowName?: string; workflowFile?: string },
  run: Pick<SeedRunOptions, "status" | "conclusion" | "jobs">,
): SimWorkflowRun {
  const pr = pullRequestsWithHead(state, key, options.headSha)[0];
  return seedWorkflowRun(state, {
    repo: key,
    workflowId: options.workflowFile ?? "ci.yml",
    name: options.workflowName ?? "CI",
    displayTitle: pr?.title ?? "CI",
    actor: pr?.author ?? "octocat",
    headSha: options.headSha,
    headBranch: pr?.head.ref ?? "main",
    event: "pull_request",
    ...run,
  });
}

/** A workflow GitHub Actions queued for a commit, as `sim.addQueuedWorkflow` seeds it. */
export interface AddQueuedWorkflowOptions {
  repo: string;
  headSha: string;
  /** The workflow's name (default `CI`) and file (default `ci.yml`). */
  workflowName?: string;
  workflowFile?: string;
}

/**
 * Seeds a queued GitHub Actions workflow run on `headSha` with no job yet, and its check suite
 * (`queued`, no check runs): what GitHub shows between a push and the creation of the workflow's
 * jobs. `addCheckRun({ workflowRunId })` adds its jobs later. Returns the workflow run and suite ids.
 */
export function addQueuedWorkflow(
  state: SimState,
  options: AddQueuedWorkflowOptions,
): { workflowRunId: number; checkSuiteId: number } {
  const repo = requireRepo(state, options.repo);
  const key = repo.fullName.toLowerCase();
  if (!knownShas(state, key).has(options.headSha)) {
    throw new Error(`no pull request of ${key} has the commit ${options.headSha}`);
  }
  const workflowRun = seedCiRun(state, key, options, { status: "queued", jobs: [] });
  // A workflow run's suite is `run.id + 1` (render-runs.ts).
  const suite = addSuite(state, {
    id: workflowRun.id + 1,
    repo: key,
    headSha: options.headSha,
    appSlug: "github-actions",
    appId: appIdOf(state, "github-actions"),
  });
  return { workflowRunId: workflowRun.id, checkSuiteId: suite.id };
}

/**
 * Seeds another app's check run on `headSha` (its suite is that app's suite of the sha; an
 * Actions job gets a workflow run of its own). Throws for an unknown repository or sha.
 */
export function addCheckRun(state: SimState, options: AddCheckRunOptions): SimCheckRun {
  const repo = requireRepo(state, options.repo);
  const key = repo.fullName.toLowerCase();
  if (!knownShas(state, key).has(options.headSha)) {
    throw new Error(`no pull request of ${key} has the commit ${options.headSha}`);
  }
  const appSlug = options.appSlug ?? "github-actions";
  const conclusion = options.conclusion ?? null;
  const status = options.status ?? (conclusion === null ? "queued" : "completed");
  if (status === "completed" && conclusion === null) {
    throw new Error(`check run ${options.name}: a completed run needs a conclusion`);
  }
  const at = now();
  const run: SimCheckRun = {
    id: 0,
    repo: key,
    name: options.name,
    headSha: options.headSha,
    status,
    conclusion: status === "completed" ? conclusion : null,
    detailsUrl: options.detailsUrl ?? null,
    externalId: null,
    startedAt: at,
    completedAt: status === "completed" ? at : null,
    output: {
      title: options.output?.title ?? null,
      summary: options.output?.summary ?? null,
      text: options.output?.text ?? null,
    },
    annotations: [...(options.annotations ?? [])],
    appId: appIdOf(state, appSlug),
    appSlug,
    checkSuiteId: 0,
  };
  if (appSlug === "github-actions" && options.workflowRunId !== undefined) {
    const workflowRun = state.workflowRuns.find((c) => c.id === options.workflowRunId);
    if (!workflowRun) throw new Error(`no workflow run ${options.workflowRunId}`);
    const jobs = workflowRun.jobs;
    setRunJobs(state, workflowRun, [jobOf(options, status, run.conclusion)]);
    const job = workflowRun.jobs[0];
    if (!job) throw new Error("the workflow run has no job");
    workflowRun.jobs = [...jobs, job];
    if (workflowRun.status === "queued" && status !== "queued") {
      setRunStatus(workflowRun, "in_progress");
    }
    run.id = job.id;
    run.workflowRunId = workflowRun.id;
    run.detailsUrl = `https://github.com/${key}/actions/runs/${workflowRun.id}/job/${job.id}`;
    run.checkSuiteId = workflowRun.id + 1;
  } else if (appSlug === "github-actions") {
    const workflowRun = seedCiRun(state, key, options, {
      status,
      conclusion: run.conclusion,
      jobs: [jobOf(options, status, run.conclusion)],
    });
    const job = workflowRun.jobs[0];
    if (!job) throw new Error("the workflow run has no job");
    // An Actions job is a check run: same id; the run's suite is `run.id + 1` (render-runs.ts).
    run.id = job.id;
    run.workflowRunId = workflowRun.id;
    run.detailsUrl = `https://github.com/${key}/actions/runs/${workflowRun.id}/job/${job.id}`;
    run.checkSuiteId = addSuite(state, {
      id: workflowRun.id + 1,
      repo: key,
      headSha: options.headSha,
      appSlug,
      appId: run.appId,
    }).id;
  } else {
    run.id = state.nextId();
    run.checkSuiteId = suiteFor(state, key, { slug: appSlug, id: run.appId }, options.headSha).id;
  }
  state.checkRuns.push(run);
  return run;
}

/**
 * Completes a seeded check run with `conclusion` (its Actions job and workflow run too: the
 * steps still running take that conclusion). Returns the run.
 */
export function completeCheckRun(
  state: SimState,
  id: number,
  conclusion: string,
  output?: { title?: string; summary?: string; annotations?: SimAnnotation[] },
): SimCheckRun {
  const run = state.checkRuns.find((candidate) => candidate.id === id);
  if (!run) throw new Error(`no check run ${id}`);
  run.status = "completed";
  run.conclusion = conclusion;
  run.completedAt = now();
  if (output?.title !== undefined) run.output.title = output.title;
  if (output?.summary !== undefined) run.output.summary = output.summary;
  run.annotations.push(...(output?.annotations ?? []));
  const workflowRun = state.workflowRuns.find((candidate) => candidate.id === run.workflowRunId);
  const job = workflowRun?.jobs.find((candidate) => candidate.id === run.id);
  if (workflowRun && job) {
    job.status = "completed";
    job.conclusion = conclusion;
    job.completedAt = run.completedAt;
    if (job.steps.length === 0) {
      // A job seeded queued had no steps yet: the usual three, the middle one decides.
      const names = ["Set up job", `Run ${job.name}`, "Complete job"];
      job.steps = names.map((name, index) => ({
        number: index + 1,
        name,
        status: "completed" as const,
        conclusion: index === 1 ? conclusion : "success",
      }));
    }
    for (const step of job.steps) {
      if (step.status === "completed") continue;
      step.status = "completed";
      step.conclusion = conclusion;
    }
    if (workflowRun.jobs.every((candidate) => candidate.status === "completed")) {
      setRunStatus(workflowRun, "completed", conclusion);
    }
  }
  return run;
}
