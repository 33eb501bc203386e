import { z } from "zod";
import type {
  ActionsJobFailure,
  ActionsJobReader,
  AttemptDiagnostics,
  FailedJob,
  FixerRunReader,
} from "../remediation/run-diagnostics.ts";
import { scrubSecrets } from "../remediation/scrub-secrets.ts";
import { stripLogTimestamps } from "../remediation/strip-log-timestamps.ts";
import { tailLines } from "../remediation/tail-lines.ts";
import { callGitHub } from "./call-github.ts";
import type { InstallationOctokit } from "./github-clients.ts";

/** How many failed jobs have their logs read: a matrix of 40 failures says no more than 5 do. */
export const MAX_FAILED_JOBS = 5;
/** How much of each failed job's log is kept. */
export const LOG_TAIL_LINES = 100;

export const runSchema = z.object({
  html_url: z.string(),
  status: z.string().nullable(),
  conclusion: z.string().nullable(),
});

export const jobSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  html_url: z.string().nullable(),
  conclusion: z.string().nullable(),
  steps: z
    .array(z.object({ name: z.string(), conclusion: z.string().nullable(), number: z.number() }))
    .optional(),
});

export const jobsSchema = z.object({ jobs: z.array(jobSchema) });

type Job = z.infer<typeof jobSchema>;

/** Conclusions that are not a failure of the job or step itself. */
const PASSED: ReadonlySet<string> = new Set(["success", "skipped", "neutral"]);

function failed(conclusion: string | null): boolean {
  return conclusion !== null && !PASSED.has(conclusion);
}

/**
 * The log endpoint redirects to a plain-text file; Octokit follows and hands back text or
 * bytes, by the file's content type. A ZIP archive (what the run-level endpoint serves) is
 * refused rather than kept as garbled text.
 */
function logText(data: unknown): string {
  let text: string;
  if (typeof data === "string") text = data;
  else if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) {
    const bytes =
      data instanceof ArrayBuffer
        ? new Uint8Array(data)
        : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    text = new TextDecoder().decode(bytes);
  } else {
    throw new Error(`the log answer was ${data === null ? "null" : typeof data}, not text`);
  }
  if (text.startsWith("PK\u0003\u0004")) throw new Error("the log came as a ZIP archive, not text");
  return text;
}

/** The names of a job's failed steps, in order. */
function failedSteps(job: Job): string[] {
  return (job.steps ?? []).filter((step) => failed(step.conclusion)).map((step) => step.name);
}

/**
 * The last {@link LOG_TAIL_LINES} lines of an Actions job's log, timestamps stripped, scrubbed
 * whole before the cut (a key block across the cut is still masked). Throws when the log cannot
 * be read.
 */
async function readJobLogTail(
  octokit: InstallationOctokit,
  job: { owner: string; repo: string; jobId: number; signal?: AbortSignal | undefined },
  scrub: (text: string) => string,
): Promise<string> {
  const { data } = await callGitHub(() =>
    octokit.rest.actions.downloadJobLogsForWorkflowRun({
      owner: job.owner,
      repo: job.repo,
      job_id: job.jobId,
      request: job.signal ? { signal: job.signal } : {},
    }),
  );
  return tailLines(scrub(stripLogTimestamps(logText(data))), LOG_TAIL_LINES);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export interface RunReaderOptions {
  /**
   * Values that must never appear in what is kept (the operator's private key, the webhook
   * secret, the fixer webhook's secret); known token shapes are masked as well.
   */
  secrets: readonly string[];
}

/**
 * FixerRunReader over an installation Octokit: the run (its URL and conclusion), its jobs and
 * their steps, and the log tail of the first {@link MAX_FAILED_JOBS} failed jobs, stripped of
 * timestamps and scrubbed of secrets. Reading the run itself throws (`GitHubApiError`): without
 * it there is nothing to keep. Reading its jobs or a log may fail on its own; that is said in
 * `readError` and the rest is still returned. An aborted read throws.
 */
export function octokitRunReader(
  octokit: InstallationOctokit,
  options: RunReaderOptions,
): FixerRunReader {
  const scrub = (text: string) => scrubSecrets(text, options.secrets);

  return {
    async readFailedRun({ owner, repo, runId, signal }): Promise<AttemptDiagnostics> {
      const request = signal ? { signal } : {};
      const { data: runData } = await callGitHub(() =>
        octokit.rest.actions.getWorkflowRun({ owner, repo, run_id: runId, request }),
      );
      const run = runSchema.parse(runData);
      const diagnostics: AttemptDiagnostics = {
        conclusion: run.conclusion ?? run.status ?? "unknown",
        runUrl: run.html_url,
        failedJobs: [],
      };
      const errors: string[] = [];

      let jobs: Job[] = [];
      try {
        const { data } = await callGitHub(() =>
          octokit.rest.actions.listJobsForWorkflowRun({
            owner,
            repo,
            run_id: runId,
            per_page: 100,
            request,
          }),
        );
        jobs = jobsSchema.parse(data).jobs;
      } catch (error) {
        if (signal?.aborted) throw error;
        errors.push(`jobs of run ${runId}: ${describe(error)}`);
      }

      for (const job of jobs.filter((candidate) => failed(candidate.conclusion))) {
        if (diagnostics.failedJobs.length === MAX_FAILED_JOBS) break;
        const entry: FailedJob = {
          name: job.name,
          conclusion: job.conclusion,
          failedSteps: failedSteps(job),
          logTail: "",
          ...(job.html_url ? { url: job.html_url } : {}),
        };
        try {
          entry.logTail = await readJobLogTail(
            octokit,
            { owner, repo, jobId: job.id, signal },
            scrub,
          );
        } catch (error) {
          if (signal?.aborted) throw error;
          errors.push(`log of job "${job.name}" (${job.id}): ${describe(error)}`);
        }
        diagnostics.failedJobs.push(entry);
      }

      if (errors.length > 0) diagnostics.readError = scrub(errors.join("; "));
      return diagnostics;
    },
  };
}

/**
 * ActionsJobReader over an installation Octokit: a GitHub Actions job (`GET /actions/jobs/{id}`;
 * a check run of the `github-actions` app has the job's id) with its failed steps and the tail of
 * its log, read and scrubbed like a fixer run's ({@link octokitRunReader}). Reading the job
 * throws; a log that cannot be read is said in `readError`. An aborted read throws.
 */
export function octokitActionsJobReader(
  octokit: InstallationOctokit,
  options: RunReaderOptions,
): ActionsJobReader {
  const scrub = (text: string) => scrubSecrets(text, options.secrets);
  return {
    async readFailedJob({ owner, repo, jobId, signal }): Promise<ActionsJobFailure> {
      const request = signal ? { signal } : {};
      const { data } = await callGitHub(() =>
        octokit.rest.actions.getJobForWorkflowRun({ owner, repo, job_id: jobId, request }),
      );
      const job = jobSchema.parse(data);
      const found: ActionsJobFailure = { failedSteps: failedSteps(job), logTail: "" };
      try {
        found.logTail = await readJobLogTail(octokit, { owner, repo, jobId, signal }, scrub);
      } catch (error) {
        if (signal?.aborted) throw error;
        found.readError = scrub(`log of job "${job.name}" (${jobId}): ${describe(error)}`);
      }
      return found;
    },
  };
}
