import { parseDateFilter } from "../http/date-filter.ts";
import { paginate } from "../http/paginate.ts";
import {
  json,
  notFound,
  type RouteContext,
  type RouteHandler,
  unprocessable,
} from "../http/respond.ts";
import { renderRun, workflowNumber } from "../render-runs.ts";
import { repoKey } from "../state.ts";
import type { SimRepo, SimWorkflowRun } from "../types.ts";
import { findRun } from "./actions.ts";
import { withRepo } from "./lookup.ts";

/** GitHub's `status` filter takes a status or a conclusion. */
const STATUSES = new Set(["queued", "in_progress", "completed", "requested", "waiting", "pending"]);

/**
 * Lists the repository's runs (of one workflow when given), newest first, filtered by
 * `event`, `created`, `status`, `branch`, `head_sha` and `actor`, paginated as GitHub does.
 */
function listRuns(
  context: RouteContext,
  repo: SimRepo,
  ofWorkflow?: (run: SimWorkflowRun) => boolean,
) {
  const { query } = context;
  const created = query.get("created");
  const createdMatches = created === null ? () => true : parseDateFilter(created);
  if (!createdMatches) return unprocessable(`created: invalid date filter ${created}`);
  const status = query.get("status");
  const key = repoKey(repo.owner, repo.name);
  const runs = context.state.workflowRuns
    .filter(
      (run) =>
        run.repo === key &&
        (!ofWorkflow || ofWorkflow(run)) &&
        (!query.has("event") || run.event === query.get("event")) &&
        (!query.has("branch") || run.headBranch === query.get("branch")) &&
        (!query.has("head_sha") || run.headSha === query.get("head_sha")) &&
        (!query.has("actor") || run.actor.toLowerCase() === query.get("actor")?.toLowerCase()) &&
        (status === null ||
          (STATUSES.has(status) ? run.status === status : run.conclusion === status)) &&
        createdMatches(run.createdAt),
    )
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id);
  const excludePullRequests = query.get("exclude_pull_requests") === "true";
  return paginate(context, runs, {
    render: (run: SimWorkflowRun) =>
      renderRun(context.state, run, context.origin, { excludePullRequests }),
    wrap: (page, total) => ({ total_count: total, workflow_runs: page }),
  });
}

/** Reading workflow runs: one by id, a workflow's, the repository's. */
export const workflowRunRoutes: Record<string, RouteHandler> = {
  "actions/get-workflow-run": (context) =>
    withRepo(context, (repo) => {
      const run = findRun(context, repo);
      const excludePullRequests = context.query.get("exclude_pull_requests") === "true";
      return run
        ? json(200, renderRun(context.state, run, context.origin, { excludePullRequests }))
        : notFound();
    }),

  "actions/list-workflow-runs": (context) =>
    withRepo(context, (repo) => {
      const workflowId = context.params.workflow_id ?? "";
      const numeric = /^\d+$/.test(workflowId);
      if (!numeric && !repo.files.has(`.github/workflows/${workflowId}`)) return notFound();
      return listRuns(context, repo, (run) =>
        numeric
          ? workflowNumber(run.workflowId) === Number(workflowId)
          : run.workflowId === workflowId,
      );
    }),

  "actions/list-workflow-runs-for-repo": (context) =>
    withRepo(context, (repo) => listRuns(context, repo)),
};
