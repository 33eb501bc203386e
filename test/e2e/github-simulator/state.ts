import type {
  SimCheckRun,
  SimCheckSuite,
  SimDispatch,
  SimIssueComment,
  SimPermission,
  SimPullRequest,
  SimReaction,
  SimRepo,
  SimReview,
  SimReviewComment,
  SimThread,
  SimToken,
  SimWorkflowRun,
} from "./types.ts";

/** Everything the simulated GitHub knows. Tests read it directly to assert what the app did. */
export interface SimState {
  /** Keyed by `owner/name` (lower case, as GitHub treats names case-insensitively). */
  repos: Map<string, SimRepo>;
  /** Repository labels (`POST /repos/{o}/{r}/labels`), by `owner/name` lower-cased. */
  repoLabels: Map<string, Array<{ name: string; color: string; description: string; id: number }>>;
  /** Keyed by `owner/name#number`. */
  pullRequests: Map<string, SimPullRequest>;
  reviews: SimReview[];
  reviewComments: SimReviewComment[];
  threads: SimThread[];
  issueComments: SimIssueComment[];
  reactions: SimReaction[];
  checkRuns: SimCheckRun[];
  checkSuites: SimCheckSuite[];
  dispatches: SimDispatch[];
  workflowRuns: SimWorkflowRun[];
  /** Keyed by `owner/name`, then login (lower case). */
  permissions: Map<string, Map<string, SimPermission>>;
  tokens: SimToken[];
  /** The app's bot login, the author of everything the app posts. */
  botLogin: string;
  appId: number;
  nextId(): number;
}

/** A fresh, empty state; ids count up from 1000 so they never look like PR numbers. */
export function createState(options: { botLogin?: string; appId?: number } = {}): SimState {
  let id = 1000;
  return {
    repos: new Map(),
    repoLabels: new Map(),
    pullRequests: new Map(),
    reviews: [],
    reviewComments: [],
    threads: [],
    issueComments: [],
    reactions: [],
    checkRuns: [],
    checkSuites: [],
    dispatches: [],
    workflowRuns: [],
    permissions: new Map(),
    tokens: [],
    botLogin: options.botLogin ?? "reviewloop[bot]",
    appId: options.appId ?? 123,
    nextId: () => ++id,
  };
}

/** `owner/name` as the state's key. */
export function repoKey(owner: string, name: string): string {
  return `${owner}/${name}`.toLowerCase();
}

export function prKey(repo: string, number: number): string {
  return `${repo.toLowerCase()}#${number}`;
}

/** A GraphQL-style node id, unique per kind and database id. */
export function nodeId(prefix: string, id: number | string): string {
  return `${prefix}_${Buffer.from(String(id)).toString("base64url")}`;
}

export function findRepo(state: SimState, owner: string, name: string): SimRepo | undefined {
  return state.repos.get(repoKey(owner, name));
}

export function findPullRequest(
  state: SimState,
  owner: string,
  name: string,
  number: number,
): SimPullRequest | undefined {
  return state.pullRequests.get(prKey(repoKey(owner, name), number));
}

/** The comment a thread starts with, or the thread a review comment belongs to. */
export function findThreadOfComment(state: SimState, commentId: number): SimThread | undefined {
  return state.threads.find((thread) => thread.commentIds.includes(commentId));
}

export function now(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
}
