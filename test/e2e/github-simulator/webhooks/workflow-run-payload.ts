import type { GitHubSimulator } from "../create-simulator.ts";
import { renderRun } from "../render-runs.ts";
import type { SimWorkflowRun } from "../types.ts";
import { envelope, example, merge, repoOf } from "./build-payloads.ts";

export interface WorkflowRunEventOptions {
  repo: string;
  run: SimWorkflowRun;
  /** `requested` (created), `in_progress` (started) or `completed`. */
  action: "requested" | "in_progress" | "completed";
  /** Defaults to the run's actor (the app's bot for a run it dispatched). */
  sender?: string;
}

/**
 * A `workflow_run` delivery for a run the simulator holds, as the run is now (its status,
 * conclusion, `display_title`, `updated_at`); the `workflow` object names its file.
 */
export function workflowRunPayload(
  sim: GitHubSimulator,
  options: WorkflowRunEventOptions,
): Record<string, unknown> {
  const repo = repoOf(sim, options.repo);
  // `in_progress` has no example; the completed one has every field a run carries.
  const base = example("workflow_run", options.action === "requested" ? "requested" : "completed");
  const run = options.run;
  const rendered = renderRun(sim.state, run, sim.url);
  return {
    ...base,
    action: options.action,
    workflow_run: merge(base.workflow_run, rendered),
    workflow: merge(base.workflow, {
      id: rendered.workflow_id,
      name: run.name,
      path: rendered.path,
      url: rendered.workflow_url,
    }),
    ...envelope(sim, repo, options.sender ?? run.actor),
  };
}

/** `workflow_run.completed` for a run the simulator holds (a fixer run). */
export function workflowRunCompletedPayload(
  sim: GitHubSimulator,
  options: { repo: string; run: SimWorkflowRun; sender?: string },
): Record<string, unknown> {
  const payload = workflowRunPayload(sim, { ...options, action: "completed" });
  const run = payload.workflow_run as { conclusion: string | null };
  // A seeded run may still say queued; a completed delivery always has a conclusion.
  return {
    ...payload,
    workflow_run: { ...run, status: "completed", conclusion: run.conclusion ?? "success" },
  };
}
