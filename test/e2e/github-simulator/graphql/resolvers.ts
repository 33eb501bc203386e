import { renderUser } from "../render.ts";
import { findPullRequest, findRepo, type SimState } from "../state.ts";
import type { SimIssueComment, SimReviewComment, SimThread } from "../types.ts";
import { GqlFieldError, type GqlObject } from "./execute.ts";

type Args = Record<string, unknown>;

const CLASSIFIERS = ["SPAM", "ABUSE", "OFF_TOPIC", "OUTDATED", "DUPLICATE", "RESOLVED"];

const cursorOf = (index: number) => Buffer.from(`cursor:v2:${index}`).toString("base64");
const indexOf = (cursor: string) =>
  Number(Buffer.from(cursor, "base64").toString("utf8").replace("cursor:v2:", ""));

/** A Relay connection with GitHub's rules: `first` or `last` required, at most 100. */
function connection<T>(
  type: string,
  field: string,
  items: T[],
  args: Args,
  node: (item: T) => GqlObject,
): GqlObject {
  const first = args.first as number | undefined;
  const last = args.last as number | undefined;
  if (first === undefined && last === undefined) {
    throw new GqlFieldError(
      `You must provide a \`first\` or \`last\` value to properly paginate the \`${field}\` connection.`,
      "MISSING_PAGINATION_BOUNDARIES",
    );
  }
  for (const [name, count] of [
    ["first", first],
    ["last", last],
  ] as const) {
    if (count !== undefined && count > 100) {
      throw new GqlFieldError(
        `Requesting ${count} records on the \`${field}\` connection exceeds the \`${name}\` limit of 100 records.`,
        "EXCESSIVE_PAGINATION",
      );
    }
  }
  const start = typeof args.after === "string" ? indexOf(args.after) + 1 : 0;
  const end = typeof args.before === "string" ? indexOf(args.before) : items.length;
  let from = start;
  let to = end;
  if (first !== undefined) to = Math.min(to, from + first);
  if (last !== undefined) from = Math.max(from, to - last);
  const slice = items.slice(from, to).map((item, offset) => ({ item, index: from + offset }));
  return {
    __typename: `${type}Connection`,
    totalCount: items.length,
    nodes: slice.map(({ item }) => node(item)),
    edges: slice.map(({ item, index }) => ({
      __typename: `${type}Edge`,
      cursor: cursorOf(index),
      node: node(item),
    })),
    pageInfo: {
      __typename: "PageInfo",
      hasNextPage: to < end,
      hasPreviousPage: from > start,
      startCursor: slice.length ? cursorOf(from) : null,
      endCursor: slice.length ? cursorOf(to - 1) : null,
    },
  };
}

function actor(login: string): GqlObject {
  return {
    __typename: login.endsWith("[bot]") ? "Bot" : "User",
    login: login.replace(/\[bot\]$/, ""),
    url: renderUser(login).html_url,
  };
}

function reviewCommentNode(state: SimState, comment: SimReviewComment): GqlObject {
  return {
    __typename: "PullRequestReviewComment",
    id: comment.nodeId,
    databaseId: comment.id,
    body: comment.body,
    path: comment.path,
    line: comment.line,
    author: actor(comment.user),
    createdAt: comment.createdAt,
    isMinimized: comment.minimizedReason !== null,
    minimizedReason: comment.minimizedReason?.toLowerCase() ?? null,
    replyTo: () => {
      const parent = state.reviewComments.find((c) => c.id === comment.inReplyToId);
      return parent ? reviewCommentNode(state, parent) : null;
    },
  };
}

function issueCommentNode(comment: SimIssueComment): GqlObject {
  return {
    __typename: "IssueComment",
    id: comment.nodeId,
    databaseId: comment.id,
    body: comment.body,
    author: actor(comment.user),
    isMinimized: comment.minimizedReason !== null,
    minimizedReason: comment.minimizedReason?.toLowerCase() ?? null,
  };
}

function threadNode(state: SimState, thread: SimThread): GqlObject {
  const comments = thread.commentIds
    .map((id) => state.reviewComments.find((comment) => comment.id === id))
    .filter((comment): comment is SimReviewComment => comment !== undefined);
  const first = comments[0];
  return {
    __typename: "PullRequestReviewThread",
    id: thread.id,
    isResolved: thread.isResolved,
    isOutdated: false,
    path: first?.path ?? null,
    line: first?.line ?? null,
    startLine: first?.startLine ?? null,
    diffSide: first?.side ?? "RIGHT",
    viewerCanResolve: true,
    comments: (args: Args) =>
      connection("PullRequestReviewComment", "comments", comments, args, (c) =>
        reviewCommentNode(state, c),
      ),
  };
}

function findNode(
  state: SimState,
  id: string,
):
  | { kind: "thread"; thread: SimThread }
  | { kind: "review"; comment: SimReviewComment }
  | { kind: "issue"; comment: SimIssueComment }
  | undefined {
  const thread = state.threads.find((candidate) => candidate.id === id);
  if (thread) return { kind: "thread", thread };
  const review = state.reviewComments.find((candidate) => candidate.nodeId === id);
  if (review) return { kind: "review", comment: review };
  const issue = state.issueComments.find((candidate) => candidate.nodeId === id);
  return issue ? { kind: "issue", comment: issue } : undefined;
}

function notFound(id: string): never {
  throw new GqlFieldError(`Could not resolve to a node with the global id of '${id}'`, "NOT_FOUND");
}

function setResolved(state: SimState, args: Args, isResolved: boolean): GqlObject {
  const input = (args.input ?? {}) as { threadId?: string; clientMutationId?: string };
  const found = findNode(state, input.threadId ?? "");
  if (found?.kind !== "thread") return notFound(input.threadId ?? "");
  found.thread.isResolved = isResolved;
  return {
    __typename: "ResolveReviewThreadPayload",
    clientMutationId: input.clientMutationId ?? null,
    thread: threadNode(state, found.thread),
  };
}

/** The query and mutation roots over the simulator's state. */
export function createRoot(state: SimState, type: "query" | "mutation"): GqlObject {
  if (type === "mutation") {
    return {
      __typename: "Mutation",
      resolveReviewThread: (args: Args) => setResolved(state, args, true),
      unresolveReviewThread: (args: Args) => setResolved(state, args, false),
      minimizeComment: (args: Args) => {
        const input = (args.input ?? {}) as {
          subjectId?: string;
          classifier?: string;
          clientMutationId?: string;
        };
        if (!CLASSIFIERS.includes(input.classifier ?? "")) {
          throw new GqlFieldError(
            `Argument 'classifier' on InputObject 'MinimizeCommentInput' has an invalid value (${input.classifier}). Expected type 'ReportedContentClassifiers!'.`,
            "argumentLiteralsIncompatible",
          );
        }
        const found = findNode(state, input.subjectId ?? "");
        if (!found || found.kind === "thread") return notFound(input.subjectId ?? "");
        found.comment.minimizedReason = input.classifier ?? null;
        const node =
          found.kind === "review"
            ? reviewCommentNode(state, found.comment)
            : issueCommentNode(found.comment);
        return {
          __typename: "MinimizeCommentPayload",
          clientMutationId: input.clientMutationId ?? null,
          minimizedComment: node,
        };
      },
    };
  }
  return {
    __typename: "Query",
    viewer: actor(state.botLogin),
    node: (args: Args) => {
      const found = findNode(state, String(args.id));
      if (!found) return null;
      if (found.kind === "thread") return threadNode(state, found.thread);
      return found.kind === "review"
        ? reviewCommentNode(state, found.comment)
        : issueCommentNode(found.comment);
    },
    repository: (args: Args) => {
      const repo = findRepo(state, String(args.owner), String(args.name));
      if (!repo)
        throw new GqlFieldError(
          `Could not resolve to a Repository with the name '${args.owner}/${args.name}'.`,
          "NOT_FOUND",
        );
      return {
        __typename: "Repository",
        id: repo.nodeId,
        databaseId: repo.id,
        name: repo.name,
        nameWithOwner: `${repo.owner}/${repo.name}`,
        owner: actor(repo.owner),
        pullRequest: (prArgs: Args) => {
          const pr = findPullRequest(state, repo.owner, repo.name, Number(prArgs.number));
          if (!pr)
            throw new GqlFieldError(
              `Could not resolve to a PullRequest with the number of ${prArgs.number}.`,
              "NOT_FOUND",
            );
          return {
            __typename: "PullRequest",
            id: pr.nodeId,
            databaseId: pr.id,
            number: pr.number,
            title: pr.title,
            state: pr.merged ? "MERGED" : pr.state.toUpperCase(),
            isDraft: pr.draft,
            headRefOid: pr.head.sha,
            baseRefOid: pr.base.sha,
            headRefName: pr.head.ref,
            baseRefName: pr.base.ref,
            author: actor(pr.author),
            reviewThreads: (threadArgs: Args) =>
              connection(
                "PullRequestReviewThread",
                "reviewThreads",
                state.threads.filter(
                  (thread) => thread.repo === pr.repo && thread.prNumber === pr.number,
                ),
                threadArgs,
                (thread) => threadNode(state, thread),
              ),
          };
        },
      };
    },
  };
}
