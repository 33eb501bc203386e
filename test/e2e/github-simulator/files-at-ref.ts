import type { PullFile, SimPullRequest, SimRepo } from "./types.ts";

/**
 * File contents at a pull request's commits. A commit's tree is the default branch's files
 * (`repo.files`) overlaid with what differs at that commit: `null` marks a file deleted there.
 */
export type TreeOverlay = Map<string, string | null>;

/** The whole content of an added file, which its patch holds (every line is `+`). */
function contentOfAddedFile(file: PullFile): string | undefined {
  if (file.status !== "added" || file.patch === undefined) return undefined;
  const lines = file.patch.split("\n");
  const body = lines.filter((line) => line.startsWith("+")).map((line) => line.slice(1));
  const noNewline = lines.at(-1)?.startsWith("\\ No newline") ?? false;
  return body.length === 0 ? "" : `${body.join("\n")}${noNewline ? "" : "\n"}`;
}

/**
 * The overlay of a head whose diff from the base is `files`: `contents` (given by the test) over
 * `previous` (the head before a push, for the paths `files` still lists), plus added files'
 * contents read from their patches and removed files as null. A modified file's content is
 * known only when given (or kept from `previous`).
 */
export function overlayFor(
  files: readonly PullFile[],
  contents: Record<string, string | null> | undefined,
  previous?: TreeOverlay,
): TreeOverlay {
  // A path the new diff no longer lists is as on the base again.
  const listed = new Set(files.flatMap((file) => [file.filename, file.previous_filename ?? ""]));
  const overlay: TreeOverlay = new Map([...(previous ?? [])].filter(([path]) => listed.has(path)));
  for (const file of files) {
    if (file.status === "removed") overlay.set(file.filename, null);
    const added = contentOfAddedFile(file);
    if (added !== undefined) overlay.set(file.filename, added);
    if (file.previous_filename && file.status === "renamed") {
      overlay.set(file.previous_filename, null);
    }
  }
  for (const [path, text] of Object.entries(contents ?? {})) overlay.set(path, text);
  return overlay;
}

/** What `contents/{path}?ref=` reads: the tree at a commit, or undefined for an unknown ref. */
export interface TreeAtRef {
  get(path: string): string | undefined;
  paths(): string[];
}

/**
 * The tree of `repo` at `ref`: the default branch (no ref, its name, or a PR's base sha), a PR's
 * head branch name, or any head sha a PR ever had. Undefined when the simulator knows no such
 * commit (GitHub answers 404 "No commit found for the ref").
 */
export function treeAtRef(
  repo: SimRepo,
  pulls: readonly SimPullRequest[],
  ref: string | null,
): TreeAtRef | undefined {
  const base: TreeAtRef = {
    get: (path) => repo.files.get(path),
    paths: () => [...repo.files.keys()],
  };
  if (
    ref === null ||
    ref === "" ||
    ref === repo.defaultBranch ||
    ref === `refs/heads/${repo.defaultBranch}`
  ) {
    return base;
  }
  const name = ref.replace(/^refs\/heads\//, "");
  const sha = pulls.find((pr) => pr.head.ref === name)?.head.sha ?? name;
  if (pulls.some((pr) => pr.base.sha === sha || pr.base.ref === name)) return base;
  const overlay = repo.filesAt.get(sha);
  if (!overlay) return undefined;
  return {
    get: (path) => (overlay.has(path) ? (overlay.get(path) ?? undefined) : repo.files.get(path)),
    paths: () => {
      const all = new Set([...repo.files.keys(), ...overlay.keys()]);
      return [...all].filter((path) => overlay.get(path) !== null);
    },
  };
}
