import { paginate } from "../http/paginate.ts";
import {
  json,
  noContent,
  notFound,
  type RouteContext,
  type RouteHandler,
  unprocessable,
} from "../http/respond.ts";
import { renderJob } from "../render-runs.ts";
import { seedWorkflowRun } from "../seed-runs.ts";
import { repoKey, type SimState } from "../state.ts";
import type { SimRepo, SimWorkflowRun } from "../types.ts";
import {
  listensToRepositoryDispatch,
  type RunEvent,
  runDisplayTitle,
  workflowName,
} from "../workflow-file.ts";
import { withRepo } from "./lookup.ts";

/** Where the simulator serves a job's log text (the target of the logs redirect). */
export const LOG_PATH = "/_simulator/job-logs/";

const ZERO_SHA = "0".repeat(40);

/** The sha a branch of the repository points at, as far as its pull requests tell. */
function branchSha(state: SimState, repo: string, ref: string): string {
  const branch = ref.replace(/^refs\/heads\//, "");
  for (const pr of state.pullRequests.values()) {
    if (pr.repo !== repo) continue;
    if (pr.head.ref === branch && !pr.fromFork) return pr.head.sha;
    if (pr.base.ref === branch) return pr.base.sha;
  }
  return ZERO_SHA;
}

/** A queued run of `.github/workflows/<file>` for `event`, named as the workflow names it. */
function startRun(
  state: SimState,
  repo: SimRepo,
  file: string,
  ref: string,
  event: RunEvent,
): SimWorkflowRun {
  const key = repoKey(repo.owner, repo.name);
  const text = repo.files.get(`.github/workflows/${file}`);
  const name = workflowName(text, `.github/workflows/${file}`);
  return seedWorkflowRun(state, {
    repo: key,
    workflowId: file,
    name,
    displayTitle: runDisplayTitle(text, name, event),
    headSha: branchSha(state, key, ref),
    headBranch: ref.replace(/^refs\/heads\//, ""),
    event: event.eventName,
    status: "queued",
  });
}

export function findRun(context: RouteContext, repo: SimRepo): SimWorkflowRun | undefined {
  const id = Number(context.params.run_id);
  const key = repoKey(repo.owner, repo.name);
  return context.state.workflowRuns.find((run) => run.id === id && run.repo === key);
}

/** Dispatching fixers and reading runs' jobs (one by id too) and their logs. */
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
      const key = repoKey(repo.owner, repo.name);
      const inputs = body.inputs ?? {};
      const run = startRun(context.state, repo, workflowId, body.ref, {
        inputs,
        eventName: "workflow_dispatch",
      });
      const dispatch = {
        kind: "workflow_dispatch" as const,
        repo: key,
        workflowId,
        ref: body.ref,
        inputs,
        runId: run.id,
      };
      context.state.dispatches.push(dispatch);
      context.dispatched(dispatch);
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
      const clientPayload = body.client_payload ?? {};
      if (JSON.stringify(clientPayload).length >= 64 * 1024) {
        return unprocessable("client_payload is too large");
      }
      // GitHub starts a run of every workflow on the default branch that listens to it.
      const runs = [...repo.files]
        .filter(
          ([path, text]) =>
            /^\.github\/workflows\/[^/]+\.ya?ml$/.test(path) && listensToRepositoryDispatch(text),
        )
        .map(([path]) =>
          startRun(
            context.state,
            repo,
            path.slice(".github/workflows/".length),
            repo.defaultBranch,
            {
              clientPayload,
              eventName: "repository_dispatch",
            },
          ),
        );
      const dispatch = {
        kind: "repository_dispatch" as const,
        repo: repoKey(repo.owner, repo.name),
        eventType: body.event_type,
        clientPayload,
        ...(runs[0] ? { runId: runs[0].id } : {}),
      };
      context.state.dispatches.push(dispatch);
      context.dispatched(dispatch);
      return noContent();
    }),

  "actions/list-jobs-for-workflow-run": (context) =>
    withRepo(context, (repo) => {
      const run = findRun(context, repo);
      if (!run) return notFound();
      return paginate(
        context,
        run.jobs.map((job) => renderJob(run, job, context.origin)),
        { wrap: (page, total) => ({ total_count: total, jobs: page }) },
      );
    }),

  "actions/get-job-for-workflow-run": (context) =>
    withRepo(context, (repo) => {
      const id = Number(context.params.job_id);
      const key = repoKey(repo.owner, repo.name);
      const run = context.state.workflowRuns.find(
        (candidate) => candidate.repo === key && candidate.jobs.some((job) => job.id === id),
      );
      const job = run?.jobs.find((candidate) => candidate.id === id);
      return run && job ? json(200, renderJob(run, job, context.origin)) : notFound();
    }),

  "actions/download-job-logs-for-workflow-run": (context) =>
    withRepo(context, (repo) => {
      const id = Number(context.params.job_id);
      const key = repoKey(repo.owner, repo.name);
      const found = context.state.workflowRuns.some(
        (run) => run.repo === key && run.jobs.some((job) => job.id === id),
      );
      if (!found) return notFound();
      return { status: 302, headers: { location: `${context.origin}${LOG_PATH}${id}` } };
    }),
};
