import { paginate } from "../http/paginate.ts";
import {
  json,
  noContent,
  notFound,
  type RouteContext,
  type RouteHandler,
  unprocessable,
} from "../http/respond.ts";
import { seedWorkflowRun } from "../seed.ts";
import type { SimJob, SimWorkflowRun } from "../types.ts";
import { withRepo } from "./lookup.ts";

/** Where the simulator serves a job's log text (the target of the logs redirect). */
export const LOG_PATH = "/_simulator/job-logs/";

function renderRun(run: SimWorkflowRun, context: RouteContext) {
  return {
    id: run.id,
    name: run.name,
    workflow_id: run.workflowId,
    head_sha: run.headSha,
    head_branch: run.headBranch,
    event: run.event,
    status: run.status,
    conclusion: run.conclusion,
    run_attempt: 1,
    html_url: `https://github.com/${run.repo}/actions/runs/${run.id}`,
    url: `${context.apiUrl}/repos/${run.repo}/actions/runs/${run.id}`,
    jobs_url: `${context.apiUrl}/repos/${run.repo}/actions/runs/${run.id}/jobs`,
  };
}

function renderJob(job: SimJob, run: SimWorkflowRun, context: RouteContext) {
  return {
    id: job.id,
    run_id: run.id,
    name: job.name,
    status: job.status,
    conclusion: job.conclusion,
    head_sha: run.headSha,
    html_url: `https://github.com/${run.repo}/actions/runs/${run.id}/job/${job.id}`,
    url: `${context.apiUrl}/repos/${run.repo}/actions/jobs/${job.id}`,
    steps: [],
  };
}

function findRun(context: RouteContext, repo: string): SimWorkflowRun | undefined {
  const id = Number(context.params.run_id);
  return context.state.workflowRuns.find((run) => run.id === id && run.repo === repo);
}

/** Dispatching fixers and reading their runs, jobs and logs. */
export const actionRoutes: Record<string, RouteHandler> = {
  "actions/create-workflow-dispatch": (context) =>
    withRepo(context, (repo) => {
      const workflowId = context.params.workflow_id ?? "";
      const isFile = !/^\d+$/.test(workflowId);
      if (isFile && !repo.files.has(`.github/workflows/${workflowId}`)) return notFound();
      const body = context.body as {
        ref: string;
        inputs?: Record<string, unknown>;
        return_run_details?: boolean;
      };
      if (JSON.stringify(body.inputs ?? {}).length > 65_535) {
        return unprocessable("inputs are too large (maximum is 65535 characters)");
      }
      const key = `${repo.owner}/${repo.name}`.toLowerCase();
      const run = seedWorkflowRun(context.state, {
        repo: key,
        workflowId,
        headSha: "0".repeat(40),
        headBranch: body.ref.replace(/^refs\/heads\//, ""),
        status: "queued",
        conclusion: null,
      });
      context.state.dispatches.push({
        kind: "workflow_dispatch",
        repo: key,
        workflowId,
        ref: body.ref,
        inputs: body.inputs ?? {},
        runId: run.id,
      });
      if (!body.return_run_details) return noContent();
      return json(200, {
        workflow_run_id: run.id,
        run_url: `${context.apiUrl}/repos/${key}/actions/runs/${run.id}`,
        html_url: `https://github.com/${key}/actions/runs/${run.id}`,
      });
    }),

  "repos/create-dispatch-event": (context) =>
    withRepo(context, (repo) => {
      const body = context.body as { event_type: string; client_payload?: Record<string, unknown> };
      if (JSON.stringify(body.client_payload ?? {}).length >= 64 * 1024) {
        return unprocessable("client_payload is too large");
      }
      context.state.dispatches.push({
        kind: "repository_dispatch",
        repo: `${repo.owner}/${repo.name}`.toLowerCase(),
        eventType: body.event_type,
        clientPayload: body.client_payload ?? {},
      });
      return noContent();
    }),

  "actions/get-workflow-run": (context) =>
    withRepo(context, (repo) => {
      const run = findRun(context, `${repo.owner}/${repo.name}`.toLowerCase());
      return run ? json(200, renderRun(run, context)) : notFound();
    }),

  "actions/list-jobs-for-workflow-run": (context) =>
    withRepo(context, (repo) => {
      const run = findRun(context, `${repo.owner}/${repo.name}`.toLowerCase());
      if (!run) return notFound();
      return paginate(
        context,
        run.jobs.map((job) => renderJob(job, run, context)),
        { wrap: (page, total) => ({ total_count: total, jobs: page }) },
      );
    }),

  "actions/download-job-logs-for-workflow-run": (context) =>
    withRepo(context, (repo) => {
      const id = Number(context.params.job_id);
      const key = `${repo.owner}/${repo.name}`.toLowerCase();
      const found = context.state.workflowRuns.some(
        (run) => run.repo === key && run.jobs.some((job) => job.id === id),
      );
      if (!found) return notFound();
      return { status: 302, headers: { location: `${context.origin}${LOG_PATH}${id}` } };
    }),
};
