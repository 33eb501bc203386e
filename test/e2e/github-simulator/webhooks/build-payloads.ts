import defs from "@octokit/webhooks-examples" with { type: "json" };
import type { GitHubSimulator } from "../create-simulator.ts";
import {
  renderIssueComment,
  renderPullRequest,
  renderRepo,
  renderReviewComment,
  renderUser,
} from "../render.ts";
import { renderCheckRun } from "../render-checks.ts";
import { findSeededPullRequest } from "../seed.ts";
import type { SimCheckRun, SimIssueComment, SimRepo, SimReviewComment } from "../types.ts";

export {
  type WorkflowRunEventOptions,
  workflowRunCompletedPayload,
  workflowRunPayload,
} from "./workflow-run-payload.ts";

type Payload = Record<string, unknown>;

/** A copy of the first `@octokit/webhooks-examples` example of `event.action`: the base shape. */
export function example(event: string, action: string): Payload {
  const group = (defs as unknown as { name: string; examples: Payload[] }[]).find(
    (def) => def.name === event,
  );
  const found = group?.examples.find((candidate) => candidate.action === action);
  if (!found) throw new Error(`no ${event}.${action} example`);
  return structuredClone(found);
}

export function repoOf(sim: GitHubSimulator, fullName: string): SimRepo {
  const repo = sim.state.repos.get(fullName.toLowerCase());
  if (!repo) throw new Error(`seed ${fullName} first`);
  return repo;
}

/** Fields every delivery of an installed app carries, taken from the simulator's state. */
export function envelope(sim: GitHubSimulator, repo: SimRepo, sender: string) {
  return {
    repository: renderRepo(repo, sim.url),
    installation: {
      id: repo.installationId,
      node_id: `MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9u${repo.installationId}`,
    },
    sender: renderUser(sender),
  };
}

export function merge(base: unknown, override: Payload): Payload {
  return { ...(base as Payload), ...override };
}

export interface PullRequestEventOptions {
  repo: string;
  number: number;
  action: "opened" | "synchronize" | "closed" | "reopened" | "ready_for_review";
  /** Defaults to the PR's author. */
  sender?: string;
  /** For `synchronize`: the previous head (defaults to the last push's). */
  before?: string;
}

/** A `pull_request` delivery for a seeded PR, consistent with its current state. */
export function pullRequestPayload(
  sim: GitHubSimulator,
  options: PullRequestEventOptions,
): Payload {
  const pr = findSeededPullRequest(sim.state, options.repo, options.number);
  const repo = repoOf(sim, options.repo);
  // Only `synchronize`, `closed` and `reopened` have a first example with everything; any works as a shape.
  const base = example("pull_request", options.action === "reopened" ? "closed" : options.action);
  const payload: Payload = {
    ...base,
    action: options.action,
    number: pr.number,
    pull_request: merge(base.pull_request, renderPullRequest(pr, repo, sim.url)),
    ...envelope(sim, repo, options.sender ?? pr.author),
  };
  if (options.action === "synchronize") {
    payload.before = options.before ?? pr.pushes.at(-1)?.from ?? pr.base.sha;
    payload.after = pr.head.sha;
  } else {
    delete payload.before;
    delete payload.after;
  }
  return payload;
}

/** An `issue_comment` delivery for a comment on a seeded PR (`issue.pull_request` set). */
export function issueCommentPayload(
  sim: GitHubSimulator,
  options: {
    repo: string;
    number: number;
    comment: SimIssueComment;
    action?: "created" | "edited";
  },
): Payload {
  const pr = findSeededPullRequest(sim.state, options.repo, options.number);
  const repo = repoOf(sim, options.repo);
  const base = example("issue_comment", options.action ?? "created");
  const rendered = renderPullRequest(pr, repo, sim.url);
  return {
    ...base,
    action: options.action ?? "created",
    issue: merge(base.issue, {
      number: pr.number,
      title: pr.title,
      state: pr.state,
      user: rendered.user,
      labels: rendered.labels,
      draft: pr.draft,
      url: `${sim.apiUrl}/repos/${repo.owner}/${repo.name}/issues/${pr.number}`,
      html_url: rendered.html_url,
      pull_request: {
        url: rendered.url,
        html_url: rendered.html_url,
        diff_url: `${rendered.html_url}.diff`,
        patch_url: `${rendered.html_url}.patch`,
        merged_at: null,
      },
    }),
    comment: merge(base.comment, renderIssueComment(options.comment, sim.url)),
    ...envelope(sim, repo, options.comment.user),
  };
}

/** A `pull_request_review_comment` delivery for a stored review comment (a reply, usually). */
export function reviewCommentPayload(
  sim: GitHubSimulator,
  options: {
    repo: string;
    number: number;
    comment: SimReviewComment;
    action?: "created" | "edited";
  },
): Payload {
  const pr = findSeededPullRequest(sim.state, options.repo, options.number);
  const repo = repoOf(sim, options.repo);
  const base = example("pull_request_review_comment", options.action ?? "created");
  return {
    ...base,
    action: options.action ?? "created",
    comment: merge(base.comment, renderReviewComment(options.comment, sim.url)),
    pull_request: merge(base.pull_request, renderPullRequest(pr, repo, sim.url)),
    ...envelope(sim, repo, options.comment.user),
  };
}

/** `check_run.rerequested` for a check run the app created ("Re-run" clicked by `sender`). */
export function checkRunRerequestedPayload(
  sim: GitHubSimulator,
  options: { repo: string; checkRun: SimCheckRun; sender?: string },
): Payload {
  const repo = repoOf(sim, options.repo);
  const base = example("check_run", "rerequested");
  const run = options.checkRun;
  const pulls = [...sim.state.pullRequests.values()].filter(
    (pr) => pr.repo === run.repo && pr.head.sha === run.headSha,
  );
  const pullRequests = pulls.map((pr) => ({
    id: pr.id,
    number: pr.number,
    url: `${sim.apiUrl}/repos/${repo.owner}/${repo.name}/pulls/${pr.number}`,
    head: { ref: pr.head.ref, sha: pr.head.sha, repo: { id: repo.id, name: repo.name, url: "" } },
    base: { ref: pr.base.ref, sha: pr.base.sha, repo: { id: repo.id, name: repo.name, url: "" } },
  }));
  const rendered = renderCheckRun(sim.state, run, sim.url);
  const baseRun = base.check_run as Payload;
  return {
    ...base,
    action: "rerequested",
    check_run: merge(baseRun, {
      ...rendered,
      app: merge(baseRun.app, { id: sim.state.appId }),
      check_suite: merge(baseRun.check_suite, {
        head_sha: run.headSha,
        head_branch: pulls[0]?.head.ref ?? null,
        pull_requests: pullRequests,
        app: merge(baseRun.app, { id: sim.state.appId }),
      }),
      pull_requests: pullRequests,
    }),
    ...envelope(sim, repo, options.sender ?? "octocat"),
  };
}
