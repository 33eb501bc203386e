import { paginate } from "../http/paginate.ts";
import {
  fail,
  json,
  notFound,
  type RouteContext,
  type RouteHandler,
  unprocessable,
} from "../http/respond.ts";
import { renderIssueComment, renderUser } from "../render.ts";
import { addIssueComment } from "../seed-comments.ts";
import { now } from "../state.ts";
import type { SimReaction } from "../types.ts";
import { withPullRequest, withRepo } from "./lookup.ts";
import { BODY_TOO_LONG, MAX_BODY } from "./reviews.ts";

function renderLabels(names: string[]) {
  return names.map((name, index) => ({ id: index + 1, name, color: "ededed", default: false }));
}

function react(context: RouteContext, subject: SimReaction["subject"]) {
  return withRepo(context, (repo) => {
    const { state } = context;
    const key = `${repo.owner}/${repo.name}`.toLowerCase();
    const commentId = Number(context.params.comment_id);
    const exists =
      subject === "issue_comment"
        ? state.issueComments.some((comment) => comment.id === commentId && comment.repo === key)
        : state.reviewComments.some((comment) => comment.id === commentId && comment.repo === key);
    if (!exists) return notFound();
    const content = String(context.body.content);
    const render = (reaction: SimReaction) => ({
      id: reaction.id,
      content: reaction.content,
      user: renderUser(reaction.user),
      created_at: now(),
    });
    // The same reaction twice answers 200 with the existing one instead of adding another.
    const existing = state.reactions.find(
      (reaction) =>
        reaction.subject === subject &&
        reaction.commentId === commentId &&
        reaction.content === content &&
        reaction.user === state.botLogin,
    );
    if (existing) return json(200, render(existing));
    const reaction: SimReaction = {
      id: state.nextId(),
      repo: key,
      subject,
      commentId,
      content,
      user: state.botLogin,
    };
    state.reactions.push(reaction);
    return json(201, render(reaction));
  });
}

/** Conversation comments, reactions and labels on pull requests (issues API). */
export const issueRoutes: Record<string, RouteHandler> = {
  "issues/create-comment": (context) =>
    withPullRequest(context, (pr) => {
      const body = String(context.body.body ?? "");
      if (body.length > MAX_BODY) return unprocessable(BODY_TOO_LONG);
      const comment = addIssueComment(
        context.state,
        pr.repo,
        pr.number,
        context.state.botLogin,
        body,
      );
      return json(201, renderIssueComment(comment, context.origin));
    }),

  "issues/list-comments": (context) =>
    withPullRequest(context, (pr) =>
      paginate(
        context,
        context.state.issueComments
          .filter((comment) => comment.repo === pr.repo && comment.issueNumber === pr.number)
          .map((comment) => renderIssueComment(comment, context.origin)),
      ),
    ),

  "issues/get-comment": (context) =>
    withRepo(context, (repo) => {
      const id = Number(context.params.comment_id);
      const comment = context.state.issueComments.find(
        (candidate) =>
          candidate.id === id && candidate.repo === `${repo.owner}/${repo.name}`.toLowerCase(),
      );
      return comment ? json(200, renderIssueComment(comment, context.origin)) : notFound();
    }),

  "issues/update-comment": (context) =>
    withRepo(context, (repo) => {
      const id = Number(context.params.comment_id);
      const comment = context.state.issueComments.find(
        (candidate) =>
          candidate.id === id && candidate.repo === `${repo.owner}/${repo.name}`.toLowerCase(),
      );
      if (!comment) return notFound();
      const body = String(context.body.body ?? "");
      if (body.length > MAX_BODY) return unprocessable(BODY_TOO_LONG);
      comment.body = body;
      comment.updatedAt = now();
      return json(200, renderIssueComment(comment, context.origin));
    }),

  "reactions/create-for-issue-comment": (context) => react(context, "issue_comment"),
  "reactions/create-for-pull-request-review-comment": (context) => react(context, "review_comment"),

  // Repository labels: creating one that exists is GitHub's 422 `already_exists`.
  "issues/create-label": (context) =>
    withRepo(context, (repo) => {
      const name = String(context.body.name ?? "");
      const key = `${repo.owner}/${repo.name}`.toLowerCase();
      const labels = context.state.repoLabels.get(key) ?? [];
      if (labels.some((label) => label.name.toLowerCase() === name.toLowerCase())) {
        return json(422, {
          message: "Validation Failed",
          errors: [{ resource: "Label", code: "already_exists", field: "name" }],
          documentation_url: "https://docs.github.com/rest/issues/labels#create-a-label",
        });
      }
      const label = {
        id: labels.length + 1,
        node_id: `LA_${labels.length + 1}`,
        url: `${context.apiUrl}/repos/${key}/labels/${encodeURIComponent(name)}`,
        name,
        description: String(context.body.description ?? ""),
        color: String(context.body.color ?? "ededed"),
        default: false,
      };
      context.state.repoLabels.set(key, [...labels, label]);
      return json(201, label);
    }),

  "issues/add-labels": (context) =>
    withPullRequest(context, (pr) => {
      const labels = (context.body.labels ?? []) as (string | { name: string })[];
      for (const label of labels) {
        const name = typeof label === "string" ? label : label.name;
        if (!pr.labels.includes(name)) pr.labels.push(name);
      }
      return json(200, renderLabels(pr.labels));
    }),

  "issues/remove-label": (context) =>
    withPullRequest(context, (pr) => {
      const name = context.params.name ?? "";
      if (!pr.labels.includes(name)) return fail(404, "Label does not exist");
      pr.labels = pr.labels.filter((label) => label !== name);
      return json(200, renderLabels(pr.labels));
    }),

  "issues/list-labels-on-issue": (context) =>
    withPullRequest(context, (pr) => paginate(context, renderLabels(pr.labels))),
};
