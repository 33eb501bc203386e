import { now, type SimState } from "./state.ts";
import type { SimCheckRun, SimCheckSuite, SimPullRequest } from "./types.ts";

/** Conclusions that make a check (and its suite) red, worst first, as GitHub ranks them. */
const RANKED = [
  "action_required",
  "cancelled",
  "timed_out",
  "failure",
  "stale",
  "neutral",
  "success",
  "skipped",
];

/** Every sha a seeded pull request of `repo` (`owner/name`) ever had: bases, heads, commits. */
export function knownShas(state: SimState, repo: string): Set<string> {
  const shas = new Set<string>();
  for (const pr of state.pullRequests.values()) {
    if (pr.repo !== repo.toLowerCase()) continue;
    shas.add(pr.base.sha);
    for (const sha of pr.filesBySha.keys()) shas.add(sha);
    for (const commits of pr.commitsBySha.values())
      for (const commit of commits) shas.add(commit.sha);
  }
  return shas;
}

/** The open pull requests of `repo` that ever had `sha` as their head (any, forks included). */
export function pullRequestsWithHead(state: SimState, repo: string, sha: string): SimPullRequest[] {
  return [...state.pullRequests.values()].filter(
    (pr) => pr.repo === repo.toLowerCase() && pr.state === "open" && pr.filesBySha.has(sha),
  );
}

/**
 * The check suite of `appSlug` on `headSha`, created on first use (GitHub makes one per app and
 * commit). Its `head_branch` is the branch of a pull request whose head the sha was.
 */
export function suiteFor(
  state: SimState,
  repo: string,
  app: { slug: string; id: number },
  headSha: string,
): SimCheckSuite {
  const key = repo.toLowerCase();
  const found = state.checkSuites.find(
    (suite) => suite.repo === key && suite.appSlug === app.slug && suite.headSha === headSha,
  );
  if (found) return found;
  return addSuite(state, {
    id: state.nextId(),
    repo: key,
    headSha,
    appSlug: app.slug,
    appId: app.id,
  });
}

/** Stores a suite with a given id (an Actions run's suite); its branch from the PR. */
export function addSuite(
  state: SimState,
  suite: Omit<SimCheckSuite, "headBranch" | "createdAt">,
): SimCheckSuite {
  const stored: SimCheckSuite = {
    ...suite,
    headBranch: pullRequestsWithHead(state, suite.repo, suite.headSha)[0]?.head.ref ?? null,
    createdAt: now(),
  };
  state.checkSuites.push(stored);
  return stored;
}

export function runsOfSuite(state: SimState, suite: SimCheckSuite): SimCheckRun[] {
  return state.checkRuns.filter((run) => run.checkSuiteId === suite.id);
}

/**
 * A suite's status and conclusion from its runs: `completed` once every run is, with the worst
 * conclusion (`action_required` > `cancelled` > `timed_out` > `failure` > … > `success`).
 */
export function suiteOutcome(
  state: SimState,
  suite: SimCheckSuite,
): { status: "queued" | "in_progress" | "completed"; conclusion: string | null } {
  const runs = runsOfSuite(state, suite);
  if (runs.length === 0 || runs.every((run) => run.status === "queued")) {
    return { status: "queued", conclusion: null };
  }
  if (runs.some((run) => run.status !== "completed")) {
    return { status: "in_progress", conclusion: null };
  }
  const rank = (conclusion: string | null) => {
    const index = RANKED.indexOf(conclusion ?? "");
    return index === -1 ? RANKED.length : index;
  };
  const worst = runs.map((run) => run.conclusion).sort((a, b) => rank(a) - rank(b))[0] ?? null;
  return { status: "completed", conclusion: worst };
}
