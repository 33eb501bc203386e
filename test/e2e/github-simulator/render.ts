import type {
  SimIssueComment,
  SimPullRequest,
  SimRepo,
  SimReview,
  SimReviewComment,
} from "./types.ts";

/** GitHub's JSON for the objects the app reads, with the fields it may depend on. */

let userIds = 5000;
const knownUsers = new Map<string, number>();

/** A user (or bot, when the login ends in `[bot]`) with a stable id per login. */
export function renderUser(login: string) {
  let id = knownUsers.get(login);
  if (id === undefined) {
    id = ++userIds;
    knownUsers.set(login, id);
  }
  return {
    login,
    id,
    node_id: `U_${id}`,
    type: login.endsWith("[bot]") ? "Bot" : "User",
    site_admin: false,
    html_url: `https://github.com/${login}`,
  };
}

export function renderRepo(repo: SimRepo, origin: string) {
  return {
    id: repo.id,
    node_id: repo.nodeId,
    name: repo.name,
    full_name: `${repo.owner}/${repo.name}`,
    owner: renderUser(repo.owner),
    private: repo.private,
    html_url: `${origin}/${repo.owner}/${repo.name}`,
    url: `${origin}/api/v3/repos/${repo.owner}/${repo.name}`,
    default_branch: repo.defaultBranch,
    fork: false,
  };
}

export function renderPullRequest(pr: SimPullRequest, repo: SimRepo, origin: string) {
  const base = renderRepo(repo, origin);
  const headRepo = pr.fromFork
    ? {
        ...base,
        id: repo.id + 1,
        full_name: `${pr.author}/${repo.name}`,
        owner: renderUser(pr.author),
        fork: true,
      }
    : base;
  const additions = pr.files.reduce((sum, file) => sum + file.additions, 0);
  const deletions = pr.files.reduce((sum, file) => sum + file.deletions, 0);
  return {
    id: pr.id,
    node_id: pr.nodeId,
    number: pr.number,
    state: pr.state,
    locked: false,
    title: pr.title,
    body: pr.body,
    user: renderUser(pr.author),
    draft: pr.draft,
    merged: pr.merged,
    mergeable: pr.state === "open" ? true : null,
    labels: pr.labels.map((name, index) => ({ id: index + 1, name, color: "ededed" })),
    html_url: `${origin}/${repo.owner}/${repo.name}/pull/${pr.number}`,
    url: `${base.url}/pulls/${pr.number}`,
    head: {
      label: `${headRepo.owner.login}:${pr.head.ref}`,
      ref: pr.head.ref,
      sha: pr.head.sha,
      user: headRepo.owner,
      repo: headRepo,
    },
    base: {
      label: `${repo.owner}:${pr.base.ref}`,
      ref: pr.base.ref,
      sha: pr.base.sha,
      user: base.owner,
      repo: base,
    },
    commits: pr.commits.length,
    additions,
    deletions,
    changed_files: pr.files.length,
    author_association: "CONTRIBUTOR",
  };
}

const REVIEW_STATES = {
  APPROVE: "APPROVED",
  REQUEST_CHANGES: "CHANGES_REQUESTED",
  COMMENT: "COMMENTED",
} as const;

/** The stored state of a review posted with `event` (no event → PENDING). */
export function reviewStateOf(event: string | undefined): SimReview["state"] {
  return event ? (REVIEW_STATES[event as keyof typeof REVIEW_STATES] ?? "PENDING") : "PENDING";
}

export function renderReview(review: SimReview, origin: string) {
  const pull = `${origin}/${review.repo}/pull/${review.prNumber}`;
  return {
    id: review.id,
    node_id: review.nodeId,
    user: renderUser(review.user),
    body: review.body,
    state: review.state,
    commit_id: review.commitId,
    submitted_at: review.state === "PENDING" ? undefined : review.submittedAt,
    html_url: `${pull}#pullrequestreview-${review.id}`,
    pull_request_url: `${origin}/api/v3/repos/${review.repo}/pulls/${review.prNumber}`,
    author_association: "NONE",
  };
}

export function renderReviewComment(comment: SimReviewComment, origin: string) {
  return {
    id: comment.id,
    node_id: comment.nodeId,
    pull_request_review_id: comment.reviewId,
    ...(comment.inReplyToId !== undefined ? { in_reply_to_id: comment.inReplyToId } : {}),
    user: renderUser(comment.user),
    body: comment.body,
    path: comment.path,
    line: comment.line,
    original_line: comment.line,
    side: comment.side,
    start_line: comment.startLine,
    original_start_line: comment.startLine,
    start_side: comment.startSide,
    commit_id: comment.commitId,
    original_commit_id: comment.commitId,
    diff_hunk: "",
    subject_type: "line",
    created_at: comment.createdAt,
    updated_at: comment.createdAt,
    html_url: `${origin}/${comment.repo}/pull/${comment.prNumber}#discussion_r${comment.id}`,
    url: `${origin}/api/v3/repos/${comment.repo}/pulls/comments/${comment.id}`,
    pull_request_url: `${origin}/api/v3/repos/${comment.repo}/pulls/${comment.prNumber}`,
    author_association: "NONE",
  };
}

export function renderIssueComment(comment: SimIssueComment, origin: string) {
  return {
    id: comment.id,
    node_id: comment.nodeId,
    user: renderUser(comment.user),
    body: comment.body,
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    html_url: `${origin}/${comment.repo}/pull/${comment.issueNumber}#issuecomment-${comment.id}`,
    url: `${origin}/api/v3/repos/${comment.repo}/issues/comments/${comment.id}`,
    issue_url: `${origin}/api/v3/repos/${comment.repo}/issues/${comment.issueNumber}`,
    author_association: "NONE",
  };
}
