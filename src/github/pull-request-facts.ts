import type { PullRef } from "./refs.ts";

/** What commands need to know about a pull request, read fresh when they run. */
export interface PullRequestFacts {
  state: "open" | "closed";
  /** Login of the author. */
  author: string;
  headSha: string;
  baseSha: string;
  /** True when the head branch lives in another repository (or one that was deleted). */
  fromFork: boolean;
}

/** Reads a pull request for commands (port; `octokit-pull-request-facts.ts` is the adapter). */
export interface PullRequestFactsReader {
  /** `GET /repos/{o}/{r}/pulls/{n}`. */
  readFacts(pr: PullRef): Promise<PullRequestFacts>;
}
