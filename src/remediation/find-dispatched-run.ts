import { z } from "zod";
import { callGitHub } from "../github/call-github.ts";
import type { DispatchedRun } from "./dispatcher.ts";
import type { GitHubRequester } from "./github-requester.ts";

/** The fields of a listed workflow run the lookup reads. */
export const workflowRunsSchema = z.object({
  workflow_runs: z.array(
    z.object({
      id: z.number().int(),
      name: z.string().nullish(),
      display_title: z.string(),
      html_url: z.string(),
    }),
  ),
});

const PER_PAGE = 100;
/** Pages read at most: 1,000 runs of one event since the dispatch is far beyond any real repo. */
const MAX_PAGES = 10;
/**
 * Runs are listed from this long before `since`: GitHub's clock and ours may disagree, and a
 * wider window costs nothing since runs are matched by the dispatch id.
 */
export const CLOCK_SKEW_MS = 5 * 60_000;

/** GitHub's `created` filter takes whole seconds (`2026-11-21T12:00:00Z`). */
function createdSince(since: Date): string {
  const from = new Date(since.getTime() - CLOCK_SKEW_MS);
  return `>=${from.toISOString().replace(/\.\d{3}Z$/, "Z")}`;
}

/**
 * Looks for the run a dispatch started, by its dispatch id in the run's name: the fixer's
 * workflow sets `run-name` to include it, which GitHub shows as `display_title` (`name` is the
 * workflow's name, accepted too for a workflow that puts the id there). A read: it may retry.
 */
export async function findDispatchedRun(
  github: GitHubRequester,
  request: {
    route: string;
    parameters: Record<string, unknown>;
    dispatchId: string;
    since: Date;
    signal?: AbortSignal;
  },
): Promise<DispatchedRun | null> {
  for (let page = 1; page <= MAX_PAGES; page++) {
    const { data } = await callGitHub(() =>
      github.request(request.route, {
        ...request.parameters,
        created: createdSince(request.since),
        per_page: PER_PAGE,
        page,
        ...(request.signal ? { request: { signal: request.signal } } : {}),
      }),
    );
    const runs = workflowRunsSchema.parse(data).workflow_runs;
    const run = runs.find(
      (candidate) =>
        candidate.display_title.includes(request.dispatchId) ||
        (candidate.name ?? "").includes(request.dispatchId),
    );
    if (run) return { runId: run.id, runUrl: run.html_url };
    if (runs.length < PER_PAGE) return null;
  }
  return null;
}
