/**
 * A throwaway git repository for tests and benches that need real commits and real `git diff`
 * output (the economy bench, the LLM e2e scenarios): commit file contents, get real shas, diff
 * any two commits.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** A git repository in a temporary directory. */
export interface GitFixture {
  dir: string;
  /**
   * Writes `files` (null deletes one) over the working tree and commits everything; returns the
   * commit's sha.
   */
  commit(files: Record<string, string | null>, message?: string): string;
  /** `git diff <from> <to>` (unified, 3 lines of context): what GitHub's patches are cut from. */
  diff(from: string, to: string): string;
  /** The file at `path` in commit `sha`, or null when it is not there. */
  show(sha: string, path: string): string | null;
  /** Deletes the directory. */
  cleanup(): void;
}

// Fixed identities and dates: the same contents give the same shas on every run.
const GIT_ENV = {
  GIT_AUTHOR_NAME: "Alice",
  GIT_AUTHOR_EMAIL: "alice@example.com",
  GIT_COMMITTER_NAME: "Alice",
  GIT_COMMITTER_EMAIL: "alice@example.com",
  GIT_AUTHOR_DATE: "2026-01-01T00:00:00Z",
  GIT_COMMITTER_DATE: "2026-01-01T00:00:00Z",
  GIT_CONFIG_NOSYSTEM: "1",
  HOME: tmpdir(),
};

/** Creates an empty repository (branch `main`) in a new temporary directory. */
export function createGitFixture(): GitFixture {
  const dir = mkdtempSync(join(tmpdir(), "reviewloop-git-"));
  const git = (...args: string[]) =>
    execFileSync("git", args, {
      cwd: dir,
      env: { ...GIT_ENV, PATH: process.env.PATH ?? "" },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      maxBuffer: 64 * 1024 * 1024,
    });
  git("init", "-q", "-b", "main");
  git("config", "core.autocrlf", "false");
  let count = 0;
  return {
    dir,
    commit(files, message) {
      for (const [path, text] of Object.entries(files)) {
        const full = join(dir, path);
        if (text === null) {
          rmSync(full, { force: true });
        } else {
          mkdirSync(dirname(full), { recursive: true });
          writeFileSync(full, text);
        }
      }
      git("add", "-A");
      git("commit", "-q", "--allow-empty", "-m", message ?? `commit ${++count}`);
      return git("rev-parse", "HEAD").trim();
    },
    diff: (from, to) => git("diff", "--no-color", "--no-ext-diff", from, to),
    show(sha, path) {
      try {
        return git("show", `${sha}:${path}`);
      } catch {
        return null;
      }
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
