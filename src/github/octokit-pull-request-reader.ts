import { z } from "zod";
import type { GithubFileEntry } from "../review/parse-github-patch.ts";
import { callGitHub } from "./call-github.ts";
import { GitHubApiError } from "./github-api-error.ts";
import type { InstallationOctokit } from "./github-clients.ts";
import type { Comparison, PullRequestReader } from "./pull-request-reader.ts";

const MAX_LISTED_FILES = 3000;
const MAX_COMPARED_FILES = 300;

export const pullSchema = z.object({
  number: z.number().int(),
  state: z.enum(["open", "closed"]),
  merged: z.boolean().nullish(),
  draft: z.boolean().nullish(),
  user: z.object({ login: z.string() }).nullable(),
  labels: z.array(z.object({ name: z.string() })),
  updated_at: z.string().optional(),
  title: z.string().optional(),
  body: z.string().nullish(),
  head: z.object({
    sha: z.string(),
    ref: z.string(),
    repo: z.object({ id: z.number() }).nullish(),
  }),
  base: z.object({
    sha: z.string(),
    ref: z.string(),
    repo: z.object({ id: z.number() }).nullish(),
  }),
});

export const fileSchema = z.object({
  filename: z.string(),
  previous_filename: z.string().optional(),
  status: z.string(),
  patch: z.string().nullish(),
  additions: z.number().optional(),
  deletions: z.number().optional(),
  changes: z.number().optional(),
});

export const compareSchema = z.object({
  status: z.enum(["ahead", "behind", "diverged", "identical"]),
  files: z.array(fileSchema).optional(),
});

function toEntries(files: unknown[]): GithubFileEntry[] {
  return files.map((file) => fileSchema.parse(file));
}

/** PullRequestReader over an installation Octokit; responses are validated where we depend on them. */
export function octokitPullRequestReader(octokit: InstallationOctokit): PullRequestReader {
  return {
    async getPullRequest({ owner, repo, pullNumber }) {
      const { data } = await callGitHub(() =>
        octokit.rest.pulls.get({ owner, repo, pull_number: pullNumber }),
      );
      const pr = pullSchema.parse(data);
      return {
        number: pr.number,
        state: pr.state,
        merged: pr.merged === true,
        draft: pr.draft === true,
        headSha: pr.head.sha,
        baseSha: pr.base.sha,
        baseRef: pr.base.ref,
        headRef: pr.head.ref,
        author: pr.user?.login ?? "",
        labels: pr.labels.map((label) => label.name),
        // A deleted fork leaves `head.repo` null: still not this repository.
        fromFork:
          pr.head.repo === null ||
          (pr.head.repo !== undefined && pr.head.repo.id !== pr.base.repo?.id),
        ...(pr.updated_at === undefined ? {} : { updatedAt: pr.updated_at }),
        ...(pr.title === undefined ? {} : { title: pr.title }),
        ...(typeof pr.body === "string" ? { body: pr.body } : {}),
      };
    },

    async listFiles({ owner, repo, pullNumber }) {
      const files = await callGitHub(() =>
        octokit.paginate(octokit.rest.pulls.listFiles, {
          owner,
          repo,
          pull_number: pullNumber,
          per_page: 100,
        }),
      );
      return { files: toEntries(files), truncated: files.length >= MAX_LISTED_FILES };
    },

    async compareCommits({ owner, repo }, base, head): Promise<Comparison | null> {
      try {
        const { data } = await callGitHub(() =>
          octokit.rest.repos.compareCommitsWithBasehead({
            owner,
            repo,
            basehead: `${base}...${head}`,
          }),
        );
        const comparison = compareSchema.parse(data);
        const files = toEntries(comparison.files ?? []);
        return {
          status: comparison.status,
          files,
          truncated: files.length >= MAX_COMPARED_FILES,
        };
      } catch (error) {
        // A force-push can leave the old head unknown to GitHub: that is an answer, not a failure.
        if (error instanceof GitHubApiError && error.isNotFound) return null;
        throw error;
      }
    },

    async readFile({ owner, repo }, path, ref): Promise<string | null> {
      try {
        const { data } = await callGitHub(() =>
          octokit.rest.repos.getContent({ owner, repo, path, ref }),
        );
        const file = contentSchema.safeParse(data);
        // A directory is an array; a file over 1 MB comes with encoding "none" and no content.
        if (!file.success || file.data.type !== "file" || file.data.encoding !== "base64") {
          return null;
        }
        return Buffer.from(file.data.content ?? "", "base64").toString("utf8");
      } catch (error) {
        if (error instanceof GitHubApiError && error.isNotFound) return null;
        throw error;
      }
    },
  };
}

/** The fields of a Contents API answer for one file. */
export const contentSchema = z.object({
  type: z.string(),
  encoding: z.string().optional(),
  content: z.string().optional(),
});
