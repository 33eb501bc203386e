import { knownShas, suiteFor } from "../check-suites.ts";
import { paginate } from "../http/paginate.ts";
import { json, notFound, type RouteHandler, unprocessable } from "../http/respond.ts";
import {
  appIdOf,
  ownSlug,
  renderAnnotation,
  renderCheckRun,
  renderCheckSuite,
} from "../render-checks.ts";
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

/** The repository's key and the commit a `{ref}` names: a pull request's head branch, or a sha. */
function resolveRef(
  context: { params: Record<string, string | undefined>; state: SimState },
  repo: { owner: string; name: string },
): { key: string; sha: string } {
  const ref = context.params.ref ?? "";
  const key = `${repo.owner}/${repo.name}`.toLowerCase();
  const pr = [...context.state.pullRequests.values()].find(
    (candidate) => candidate.repo === key && candidate.head.ref === ref,
  );
  return { key, sha: pr ? pr.head.sha : ref };
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

/**
 * The runs a listing answers: `check_name`, `status`, `app_id`, and `filter=latest` (the
 * default: the newest run of each name); newest first.
 */
function filterRuns(runs: SimCheckRun[], query: URLSearchParams): SimCheckRun[] {
  const name = query.get("check_name");
  const status = query.get("status");
  const appId = query.get("app_id");
  let kept = runs.filter(
    (run) =>
      (name === null || run.name === name) &&
      (status === null || run.status === status) &&
      (appId === null || run.appId === Number(appId)),
  );
  if ((query.get("filter") ?? "latest") === "latest") {
    const newest = new Map<string, SimCheckRun>();
    for (const run of kept) newest.set(run.name, run);
    kept = [...newest.values()];
  }
  return kept.sort((a, b) => b.id - a.id);
}

function findCheckRun(runs: SimCheckRun[], repo: SimRepo, id: number): SimCheckRun | undefined {
  const key = `${repo.owner}/${repo.name}`.toLowerCase();
  return runs.find((run) => run.id === id && run.repo === key);
}

/** Check runs: create, update (annotations append), list for a ref or a suite, get, annotations; suites (get, list for a ref). */
export const checkRoutes: Record<string, RouteHandler> = {
  "checks/create": (context) =>
    withRepo(context, (repo) => {
      const body = context.body as CheckRunBody;
      const headSha = body.head_sha ?? "";
      const key = `${repo.owner}/${repo.name}`.toLowerCase();
      if (!knownShas(context.state, key).has(headSha)) {
        return unprocessable(`No commit found for SHA: ${headSha}`);
      }
      const problem = checkRules(body);
      if (problem) return unprocessable(problem);
      const slug = ownSlug(context.state);
      const run: SimCheckRun = {
        id: context.state.nextId(),
        repo: key,
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
        appSlug: slug,
        checkSuiteId: suiteFor(
          context.state,
          key,
          { slug, id: appIdOf(context.state, slug) },
          headSha,
        ).id,
      };
      applyUpdate(run, body);
      context.state.checkRuns.push(run);
      return json(201, renderCheckRun(context.state, run, context.origin));
    }),

  "checks/update": (context) =>
    withRepo(context, (repo) => {
      const run = findCheckRun(context.state.checkRuns, repo, Number(context.params.check_run_id));
      if (!run) return notFound();
      const body = context.body as CheckRunBody;
      const problem = checkRules(body);
      if (problem) return unprocessable(problem);
      applyUpdate(run, body);
      return json(200, renderCheckRun(context.state, run, context.origin));
    }),

  "checks/get": (context) => {
    const id = Number(context.params.check_run_id);
    const run = context.state.checkRuns.find((candidate) => candidate.id === id);
    return run ? json(200, renderCheckRun(context.state, run, context.origin)) : notFound();
  },

  "checks/list-for-ref": (context) =>
    withRepo(context, (repo) => {
      const { key, sha } = resolveRef(context, repo);
      const runs = filterRuns(
        context.state.checkRuns.filter((run) => run.repo === key && run.headSha === sha),
        context.query,
      );
      return paginate(
        context,
        runs.map((run) => renderCheckRun(context.state, run, context.origin)),
        { wrap: (page, total) => ({ total_count: total, check_runs: page }) },
      );
    }),

  "checks/list-annotations": (context) =>
    withRepo(context, (repo) => {
      const run = findCheckRun(context.state.checkRuns, repo, Number(context.params.check_run_id));
      if (!run) return notFound();
      return paginate(
        context,
        run.annotations.map((annotation) => renderAnnotation(run, annotation)),
      );
    }),

  "checks/list-suites-for-ref": (context) =>
    withRepo(context, (repo) => {
      const { key, sha } = resolveRef(context, repo);
      const appId = context.query.get("app_id");
      const name = context.query.get("check_name");
      const suites = context.state.checkSuites.filter(
        (suite) =>
          suite.repo === key &&
          suite.headSha === sha &&
          (appId === null || suite.appId === Number(appId)) &&
          (name === null ||
            context.state.checkRuns.some(
              (run) => run.checkSuiteId === suite.id && run.name === name,
            )),
      );
      return paginate(
        context,
        suites.map((suite) => renderCheckSuite(context.state, suite, context.origin)),
        { wrap: (page, total) => ({ total_count: total, check_suites: page }) },
      );
    }),

  "checks/get-suite": (context) =>
    withRepo(context, (repo) => {
      const suite = context.state.checkSuites.find(
        (candidate) =>
          candidate.id === Number(context.params.check_suite_id) &&
          candidate.repo === `${repo.owner}/${repo.name}`.toLowerCase(),
      );
      return suite ? json(200, renderCheckSuite(context.state, suite, context.origin)) : notFound();
    }),

  "checks/list-for-suite": (context) =>
    withRepo(context, (repo) => {
      const key = `${repo.owner}/${repo.name}`.toLowerCase();
      const id = Number(context.params.check_suite_id);
      if (!context.state.checkSuites.some((suite) => suite.id === id && suite.repo === key)) {
        return notFound();
      }
      const runs = filterRuns(
        context.state.checkRuns.filter((run) => run.checkSuiteId === id),
        context.query,
      );
      return paginate(
        context,
        runs.map((run) => renderCheckRun(context.state, run, context.origin)),
        { wrap: (page, total) => ({ total_count: total, check_runs: page }) },
      );
    }),
};
