import { z } from "zod";
import { WORKFLOW_INPUTS_MAX_CHARS } from "./dispatch-limits.ts";
import type { Dispatcher, DispatchTarget } from "./dispatcher.ts";
import { findDispatchedRun } from "./find-dispatched-run.ts";
import { type GitHubRequester, sendDispatchRequest } from "./github-requester.ts";

/** GitHub's answer to a dispatch with `return_run_details: true`. */
export const workflowDispatchRunSchema = z.object({
  workflow_run_id: z.number().int(),
  run_url: z.string(),
  html_url: z.string(),
});

type WorkflowTarget = Extract<DispatchTarget, { type: "workflow_dispatch" }>;

function workflowTarget(target: DispatchTarget): WorkflowTarget {
  if (target.type !== "workflow_dispatch") {
    throw new TypeError(`workflowDispatcher was given a ${target.type} target`);
  }
  return target;
}

/**
 * The `workflow_dispatch` target: runs the configured workflow on the PR's head branch with the
 * inputs `pr`, `round`, `dispatch_id` and `payload` (the payload as a JSON string). GitHub
 * answers the run's id when asked (`return_run_details`), or 204 (older GitHub Enterprise
 * Server): then the run is matched later by the dispatch id in its name.
 */
export function workflowDispatcher(github: GitHubRequester): Dispatcher {
  return {
    async send({ owner, repo, target, payload, signal }) {
      const { workflow, ref } = workflowTarget(target);
      const inputs = {
        pr: String(payload.pull_request.number),
        round: String(payload.round.number),
        dispatch_id: payload.dispatch_id,
        payload: JSON.stringify(payload),
      };
      const size = Object.values(inputs).reduce((sum, value) => sum + value.length, 0);
      if (size > WORKFLOW_INPUTS_MAX_CHARS) {
        // Not sent: GitHub would refuse it. The payload was built for another limit.
        return {
          ok: false,
          status: 413,
          message: `The workflow inputs are ${size} characters; GitHub accepts at most ${WORKFLOW_INPUTS_MAX_CHARS}`,
        };
      }
      const answer = await sendDispatchRequest(
        github,
        "POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches",
        {
          owner,
          repo,
          workflow_id: workflow,
          ref,
          inputs,
          return_run_details: true,
          ...(signal ? { request: { signal } } : {}),
        },
      );
      if (!answer.ok) return answer;
      const details = workflowDispatchRunSchema.safeParse(answer.data);
      // Accepted either way; without details the run is found by its name.
      if (answer.status !== 200 || !details.success) return { ok: true, run: null };
      return {
        ok: true,
        run: { runId: details.data.workflow_run_id, runUrl: details.data.html_url },
      };
    },

    async findRun({ owner, repo, target, dispatchId, since, signal }) {
      const { workflow } = workflowTarget(target);
      return findDispatchedRun(github, {
        route: "GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs",
        parameters: { owner, repo, workflow_id: workflow, event: "workflow_dispatch" },
        dispatchId,
        since,
        signal,
      });
    },
  };
}
