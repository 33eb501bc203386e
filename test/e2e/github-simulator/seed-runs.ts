import { requireRepo } from "./seed.ts";
import { now, type SimState } from "./state.ts";
import type { SimJob, SimStep, SimWorkflowRun } from "./types.ts";

export interface SeedStepOptions {
  name: string;
  /** Default `success`. */
  conclusion?: string | null;
}

export interface SeedJobOptions {
  /** The job's id (default: the next id); an Actions check run shares its job's id. */
  id?: number;
  name: string;
  /** Defaults to the run's. */
  conclusion?: string | null;
  status?: SimJob["status"];
  /** The log text the logs endpoint serves (default `<name>: done`). */
  log?: string;
  /**
   * The job's steps; by default `Set up job`, `Run <name>` (with the job's conclusion) and
   * `Complete job` for a completed job, none for a queued one.
   */
  steps?: SeedStepOptions[];
}

export interface SeedRunOptions {
  repo: string;
  /** The workflow file (default `reviewloop-fix.yml`) or its numeric id. */
  workflowId?: string;
  /** The workflow's name (default `reviewloop fix`). */
  name?: string;
  /** The run's name (default: the workflow's name, as GitHub shows a run without `run-name`). */
  displayTitle?: string;
  /** Who started the run (default: the app's bot). */
  actor?: string;
  headSha: string;
  headBranch?: string;
  event?: string;
  status?: SimWorkflowRun["status"];
  conclusion?: string | null;
  createdAt?: string;
  jobs?: SeedJobOptions[];
}

function defaultSteps(job: SimJob): SeedStepOptions[] {
  if (job.status === "queued" || job.conclusion === "skipped") return [];
  return [
    { name: "Set up job", conclusion: "success" },
    { name: `Run ${job.name}`, conclusion: job.status === "completed" ? job.conclusion : null },
    ...(job.status === "completed" ? [{ name: "Complete job", conclusion: "success" }] : []),
  ];
}

function buildSteps(job: SimJob, steps: SeedStepOptions[] | undefined): SimStep[] {
  return (steps ?? defaultSteps(job)).map((step, index) => {
    const conclusion = step.conclusion === undefined ? "success" : step.conclusion;
    return {
      number: index + 1,
      name: step.name,
      status: conclusion === null ? job.status : "completed",
      conclusion,
    };
  });
}

/** Replaces a run's jobs (new ids), each defaulting to the run's status and conclusion. */
export function setRunJobs(state: SimState, run: SimWorkflowRun, jobs: SeedJobOptions[]): void {
  const at = now();
  run.jobs = jobs.map((options) => {
    const status = options.status ?? run.status;
    const job: SimJob = {
      id: options.id ?? state.nextId(),
      runId: run.id,
      name: options.name,
      status,
      conclusion:
        options.conclusion === undefined
          ? status === "completed"
            ? run.conclusion
            : null
          : options.conclusion,
      steps: [],
      log: options.log ?? `${options.name}: done\n`,
      startedAt: at,
      completedAt: status === "completed" ? at : null,
    };
    job.steps = buildSteps(job, options.steps);
    return job;
  });
}

/** Moves a run on (`in_progress`, `completed` with a conclusion); its `updated_at` follows. */
export function setRunStatus(
  run: SimWorkflowRun,
  status: SimWorkflowRun["status"],
  conclusion: string | null = null,
): void {
  run.status = status;
  run.conclusion = status === "completed" ? conclusion : null;
  run.updatedAt = now();
}

/** A workflow run with jobs, steps and logs (a fixer run the app inspects). */
export function seedWorkflowRun(state: SimState, options: SeedRunOptions): SimWorkflowRun {
  requireRepo(state, options.repo);
  const repo = options.repo.toLowerCase();
  const workflowId = options.workflowId ?? "reviewloop-fix.yml";
  const name = options.name ?? "reviewloop fix";
  const createdAt = options.createdAt ?? now();
  const status = options.status ?? "completed";
  const run: SimWorkflowRun = {
    id: state.nextId(),
    repo,
    workflowId,
    name,
    displayTitle: options.displayTitle ?? name,
    actor: options.actor ?? state.botLogin,
    runNumber:
      state.workflowRuns.filter((other) => other.repo === repo && other.workflowId === workflowId)
        .length + 1,
    runAttempt: 1,
    createdAt,
    updatedAt: createdAt,
    headSha: options.headSha,
    headBranch: options.headBranch ?? "main",
    event: options.event ?? "workflow_dispatch",
    status,
    conclusion:
      status !== "completed"
        ? null
        : options.conclusion === undefined
          ? "success"
          : options.conclusion,
    jobs: [],
  };
  setRunJobs(state, run, options.jobs ?? [{ name: "fix" }]);
  state.workflowRuns.push(run);
  return run;
}
