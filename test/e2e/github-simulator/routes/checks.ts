import { paginate } from "../http/paginate.ts";
import { json, notFound, type RouteHandler, unprocessable } from "../http/respond.ts";
import { renderCheckRun } from "../render.ts";
import { now, type SimState } from "../state.ts";
import type { SimAnnotation, SimCheckRun, SimRepo } from "../types.ts";
import { withRepo } from "./lookup.ts";

interface CheckRunBody {
  name?: string;
  head_sha?: string;
  status?: string;
  conclusion?: string;
  details_url?: string;
  external_id?: string;
  started_at?: string;
  completed_at?: string;
  output?: { title?: string; summary?: string; text?: string; annotations?: SimAnnotation[] };
}

/** Every sha a seeded pull request of the repository ever had (bases, heads, commits). */
function knownShas(state: SimState, repo: SimRepo): Set<string> {
  const shas = new Set<string>();
  for (const pr of state.pullRequests.values()) {
    if (pr.repo !== `${repo.owner}/${repo.name}`.toLowerCase()) continue;
    shas.add(pr.base.sha);
    for (const sha of pr.filesBySha.keys()) shas.add(sha);
    for (const commits of pr.commitsBySha.values())
      for (const commit of commits) shas.add(commit.sha);
  }
  return shas;
}

/** Rules the schema cannot say: a completed run needs a conclusion, annotation titles ≤ 255. */
function checkRules(body: CheckRunBody): string | undefined {
  if (body.status === "completed" && !body.conclusion) return "Conclusion can't be blank";
  if (
    (body.output?.annotations ?? []).some((annotation) => (annotation.title ?? "").length > 255)
  ) {
    return "Title is too long (maximum is 255 characters)";
  }
  return undefined;
}

function applyUpdate(run: SimCheckRun, body: CheckRunBody): void {
  if (body.name !== undefined) run.name = body.name;
  if (body.details_url !== undefined) run.detailsUrl = body.details_url;
  if (body.external_id !== undefined) run.externalId = body.external_id;
  if (body.started_at !== undefined) run.startedAt = body.started_at;
  if (body.status !== undefined) run.status = body.status;
  if (body.conclusion !== undefined) {
    // Giving a conclusion completes the run, as on GitHub.
    run.conclusion = body.conclusion;
    run.status = "completed";
    run.completedAt = body.completed_at ?? now();
  }
  if (body.output) {
    if (body.output.title !== undefined) run.output.title = body.output.title;
    if (body.output.summary !== undefined) run.output.summary = body.output.summary;
    if (body.output.text !== undefined) run.output.text = body.output.text;
    // Annotations of each request are appended, never replaced.
    run.annotations.push(...(body.output.annotations ?? []));
  }
}

/** Check runs: create, update (annotations append), list for a ref, get. */
export const checkRoutes: Record<string, RouteHandler> = {
  "checks/create": (context) =>
    withRepo(context, (repo) => {
      const body = context.body as CheckRunBody;
      const headSha = body.head_sha ?? "";
      if (!knownShas(context.state, repo).has(headSha)) {
        return unprocessable(`No commit found for SHA: ${headSha}`);
      }
      const problem = checkRules(body);
      if (problem) return unprocessable(problem);
      const run: SimCheckRun = {
        id: context.state.nextId(),
        repo: `${repo.owner}/${repo.name}`.toLowerCase(),
        name: body.name ?? "",
        headSha,
        status: "queued",
        conclusion: null,
        detailsUrl: null,
        externalId: null,
        startedAt: now(),
        completedAt: null,
        output: { title: null, summary: null, text: null },
        annotations: [],
        appId: context.state.appId,
      };
      applyUpdate(run, body);
      context.state.checkRuns.push(run);
      return json(201, renderCheckRun(run, context.origin));
    }),

  "checks/update": (context) =>
    withRepo(context, (repo) => {
      const id = Number(context.params.check_run_id);
      const run = context.state.checkRuns.find(
        (candidate) =>
          candidate.id === id && candidate.repo === `${repo.owner}/${repo.name}`.toLowerCase(),
      );
      if (!run) return notFound();
      const body = context.body as CheckRunBody;
      const problem = checkRules(body);
      if (problem) return unprocessable(problem);
      applyUpdate(run, body);
      return json(200, renderCheckRun(run, context.origin));
    }),

  "checks/get": (context) => {
    const id = Number(context.params.check_run_id);
    const run = context.state.checkRuns.find((candidate) => candidate.id === id);
    return run ? json(200, renderCheckRun(run, context.origin)) : notFound();
  },

  "checks/list-for-ref": (context) =>
    withRepo(context, (repo) => {
      const ref = context.params.ref ?? "";
      const key = `${repo.owner}/${repo.name}`.toLowerCase();
      const pr = [...context.state.pullRequests.values()].find(
        (candidate) => candidate.repo === key && candidate.head.ref === ref,
      );
      const sha = pr ? pr.head.sha : ref;
      const name = context.query.get("check_name");
      const status = context.query.get("status");
      let runs = context.state.checkRuns.filter(
        (run) =>
          run.repo === key &&
          run.headSha === sha &&
          (name === null || run.name === name) &&
          (status === null || run.status === status),
      );
      if ((context.query.get("filter") ?? "latest") === "latest") {
        const newest = new Map<string, SimCheckRun>();
        for (const run of runs) newest.set(run.name, run);
        runs = [...newest.values()];
      }
      runs = [...runs].sort((a, b) => b.id - a.id);
      return paginate(
        context,
        runs.map((run) => renderCheckRun(run, context.origin)),
        { wrap: (page, total) => ({ total_count: total, check_runs: page }) },
      );
    }),
};
