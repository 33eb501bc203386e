import type { DeadJob } from "../jobs/list-dead-jobs.ts";

const MAX_ERROR_CHARS = 200;

/** One block per dead job: what it was, when it gave up, and why (the last error, one line). */
export function renderDeadJobs(jobs: readonly DeadJob[]): string {
  if (jobs.length === 0) return "No dead jobs.\n";
  const blocks = jobs.map((job) => {
    const error = (job.lastError ?? "(no error recorded)").replace(/\s+/g, " ").trim();
    const shown =
      error.length > MAX_ERROR_CHARS ? `${error.slice(0, MAX_ERROR_CHARS - 1)}…` : error;
    return [
      `#${job.id} ${job.kind}  repo ${job.repoId}${job.groupKey ? `  group ${job.groupKey}` : ""}`,
      `  gave up ${job.finishedAt?.toISOString() ?? "?"} after ${job.attempts} of ${job.maxAttempts} attempts (generation ${job.generation})`,
      `  last error: ${shown}`,
    ].join("\n");
  });
  return `${blocks.join("\n")}\n\nRe-queue one with \`reviewloop jobs requeue <id>\`.\n`;
}
