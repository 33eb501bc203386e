import {
  REPOSITORY_DISPATCH_MAX_BYTES,
  REPOSITORY_DISPATCH_MAX_KEYS,
  repositoryClientPayload,
  utf8Length,
} from "./dispatch-limits.ts";
import type { Dispatcher, DispatchTarget } from "./dispatcher.ts";
import { findDispatchedRun } from "./find-dispatched-run.ts";
import { type GitHubRequester, sendDispatchRequest } from "./github-requester.ts";

type RepositoryTarget = Extract<DispatchTarget, { type: "repository_dispatch" }>;

function repositoryTarget(target: DispatchTarget): RepositoryTarget {
  if (target.type !== "repository_dispatch") {
    throw new TypeError(`repositoryDispatcher was given a ${target.type} target`);
  }
  return target;
}

/**
 * The `repository_dispatch` target: a `repository_dispatch` event of the configured type whose
 * `client_payload` is `{ dispatch_id, pr, round, payload }` (the payload as an object). GitHub
 * answers 204 and never names the run, so the run is matched by the dispatch id in its name.
 */
export function repositoryDispatcher(github: GitHubRequester): Dispatcher {
  return {
    async send({ owner, repo, target, payload, signal }) {
      const { eventType } = repositoryTarget(target);
      const clientPayload = repositoryClientPayload(
        {
          dispatchId: payload.dispatch_id,
          pr: payload.pull_request.number,
          round: payload.round.number,
        },
        payload,
      );
      const bytes = utf8Length(JSON.stringify(clientPayload));
      const keys = Object.keys(clientPayload).length;
      if (bytes > REPOSITORY_DISPATCH_MAX_BYTES || keys > REPOSITORY_DISPATCH_MAX_KEYS) {
        // Not sent: GitHub would refuse it. The payload was built for another limit.
        return {
          ok: false,
          status: 413,
          message: `The client_payload is ${bytes} bytes with ${keys} keys; GitHub accepts less than 64 KB and at most ${REPOSITORY_DISPATCH_MAX_KEYS} keys`,
        };
      }
      const answer = await sendDispatchRequest(github, "POST /repos/{owner}/{repo}/dispatches", {
        owner,
        repo,
        event_type: eventType,
        client_payload: clientPayload,
        ...(signal ? { request: { signal } } : {}),
      });
      return answer.ok ? { ok: true, run: null } : answer;
    },

    async findRun({ owner, repo, target, dispatchId, since, signal }) {
      repositoryTarget(target);
      return findDispatchedRun(github, {
        route: "GET /repos/{owner}/{repo}/actions/runs",
        parameters: { owner, repo, event: "repository_dispatch" },
        dispatchId,
        since,
        signal,
      });
    },
  };
}
