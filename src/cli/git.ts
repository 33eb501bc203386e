import { spawn } from "node:child_process";
import { UsageError } from "./usage-error.ts";

/** What one git invocation printed. */
export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `git -C <repo> <args>` without a shell and collects its output. Settings that would change
 * the diff text our parser reads (quoting, prefixes, colours, external tools) are pinned by the
 * callers' arguments, not left to the user's git config.
 */
export function runGit(repo: string, args: readonly string[]): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", ["-C", repo, ...args], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, GIT_TERMINAL_PROMPT: "0", LC_ALL: "C" },
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", (error) => reject(new UsageError(`cannot run git: ${error.message}`)));
    child.on("close", (code) =>
      resolve({
        code: code ?? 1,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
      }),
    );
  });
}

/** Fails with a usage error unless `repo` is inside a git repository. */
export async function assertGitRepository(repo: string): Promise<void> {
  const result = await runGit(repo, ["rev-parse", "--git-dir"]);
  if (result.code !== 0) throw new UsageError(`not a git repository: ${repo}`);
}

/** The full sha of the commit `rev` names, or a usage error naming `rev`. */
export async function resolveCommit(repo: string, rev: string): Promise<string> {
  const result = await runGit(repo, [
    "rev-parse",
    "--verify",
    "--quiet",
    "--end-of-options",
    `${rev}^{commit}`,
  ]);
  const sha = result.stdout.trim();
  if (result.code !== 0 || !/^[0-9a-f]{40,64}$/.test(sha)) {
    throw new UsageError(`unknown revision: ${rev}`);
  }
  return sha;
}

/**
 * `git diff base...head` (changes on head since the merge base, as a pull request shows them),
 * in the exact text format `parseGitDiff` reads.
 */
export async function readDiff(repo: string, base: string, head: string): Promise<string> {
  const result = await runGit(repo, [
    "-c",
    "core.quotePath=true",
    "diff",
    "--no-color",
    "--no-ext-diff",
    "--no-textconv",
    "--no-relative",
    "--src-prefix=a/",
    "--dst-prefix=b/",
    "--unified=3",
    "-M",
    `${base}...${head}`,
    "--",
  ]);
  if (result.code !== 0) {
    const reason =
      result.stderr
        .trim()
        .split("\n")[0]
        .replace(/^fatal:\s*/, "")
        .replace(`${base}...${head}: `, "") || `git diff exited with ${result.code}`;
    throw new UsageError(`cannot diff ${base}...${head}: ${reason}`);
  }
  return result.stdout;
}

/** Size in bytes of every file in `commit`'s tree, by path (for the large-file rule). */
export async function readFileSizes(repo: string, commit: string): Promise<Record<string, number>> {
  const result = await runGit(repo, [
    "-c",
    "core.quotePath=false",
    "ls-tree",
    "-r",
    "-l",
    "-z",
    commit,
  ]);
  if (result.code !== 0) return {};
  const sizes: Record<string, number> = {};
  for (const entry of result.stdout.split("\0")) {
    // "<mode> <type> <object> <size>\t<path>"; size is "-" for submodules.
    const tab = entry.indexOf("\t");
    if (tab === -1) continue;
    const size = Number(entry.slice(0, tab).trim().split(/\s+/)[3]);
    if (Number.isFinite(size)) sizes[entry.slice(tab + 1)] = size;
  }
  return sizes;
}
