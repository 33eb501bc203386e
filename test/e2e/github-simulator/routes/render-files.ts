import { createHash } from "node:crypto";
import { renderUser } from "../render.ts";
import type { PullFile, SimCommit } from "../types.ts";

/** A `files[]` entry with the URL and sha fields GitHub adds. */
export function renderFile(file: PullFile, repo: string, sha: string, apiUrl: string) {
  const blob = createHash("sha1").update(`${sha}:${file.filename}`).digest("hex");
  return {
    sha: blob,
    filename: file.filename,
    status: file.status,
    additions: file.additions,
    deletions: file.deletions,
    changes: file.additions + file.deletions,
    blob_url: `https://github.com/${repo}/blob/${sha}/${file.filename}`,
    raw_url: `https://github.com/${repo}/raw/${sha}/${file.filename}`,
    contents_url: `${apiUrl}/repos/${repo}/contents/${encodeURIComponent(file.filename)}?ref=${sha}`,
    ...(file.patch !== undefined ? { patch: file.patch } : {}),
    ...(file.previous_filename !== undefined ? { previous_filename: file.previous_filename } : {}),
  };
}

/** A commit as pulls.listCommits and compare list them. */
export function renderCommit(commit: SimCommit, parent: string | undefined, repo: string) {
  const date = "2026-01-01T00:00:00Z";
  return {
    sha: commit.sha,
    node_id: `C_${commit.sha.slice(0, 12)}`,
    commit: {
      message: commit.message,
      author: { name: commit.author, email: `${commit.author}@example.com`, date },
      committer: { name: commit.author, email: `${commit.author}@example.com`, date },
    },
    author: renderUser(commit.author),
    committer: renderUser(commit.author),
    parents: parent ? [{ sha: parent }] : [],
    html_url: `https://github.com/${repo}/commit/${commit.sha}`,
  };
}

/** The unified diff GitHub serves for `Accept: application/vnd.github.diff`. */
export function renderDiff(files: PullFile[]): string {
  return files
    .map((file) => {
      const from = file.previous_filename ?? file.filename;
      const header = [`diff --git a/${from} b/${file.filename}`];
      if (file.status === "added") header.push("new file mode 100644");
      if (file.status === "removed") header.push("deleted file mode 100644");
      if (file.status === "renamed")
        header.push(`rename from ${from}`, `rename to ${file.filename}`);
      if (file.patch === undefined)
        return [...header, `Binary files a/${from} and b/${file.filename} differ`].join("\n");
      const oldName = file.status === "added" ? "/dev/null" : `a/${from}`;
      const newName = file.status === "removed" ? "/dev/null" : `b/${file.filename}`;
      return [...header, `--- ${oldName}`, `+++ ${newName}`, file.patch].join("\n");
    })
    .map((text) => `${text}\n`)
    .join("");
}
