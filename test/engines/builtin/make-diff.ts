import type { DiffFile, DiffLine, FileStatus, Hunk } from "../../../src/review/diff-types.ts";

/** One hunk written like a patch body: each line starts with `+`, `-` or a space. */
export interface HunkSpec {
  oldStart?: number;
  newStart?: number;
  lines: string[];
}

export interface FileSpec {
  path: string;
  status?: FileStatus;
  oldPath?: string | null;
  binary?: boolean;
  patchMissing?: boolean;
  /** Shorthand for a single hunk starting at line 1 on both sides. */
  lines?: string[];
  hunks?: HunkSpec[];
}

/** Builds a DiffFile the way a parser would, from patch-style lines (`+added`, ` context`, `-deleted`). */
export function makeDiffFile(spec: FileSpec): DiffFile {
  const specs = spec.hunks ?? (spec.lines === undefined ? [] : [{ lines: spec.lines }]);
  const hunks = specs.map(makeHunk);
  const all = hunks.flatMap((hunk) => hunk.lines);
  return {
    path: spec.path,
    oldPath: spec.oldPath ?? null,
    status: spec.status ?? "modified",
    binary: spec.binary ?? false,
    patchMissing: spec.patchMissing ?? false,
    oldMode: null,
    newMode: null,
    hunks,
    additions: all.filter((line) => line.kind === "add").length,
    deletions: all.filter((line) => line.kind === "del").length,
  };
}

function makeHunk(spec: HunkSpec): Hunk {
  let oldLine = spec.oldStart ?? 1;
  let newLine = spec.newStart ?? 1;
  const lines: DiffLine[] = spec.lines.map((raw) => {
    const marker = raw[0];
    const content = raw.slice(1);
    if (marker === "+") return { kind: "add", content, oldLine: null, newLine: newLine++ };
    if (marker === "-") return { kind: "del", content, oldLine: oldLine++, newLine: null };
    if (marker === " ") return { kind: "context", content, oldLine: oldLine++, newLine: newLine++ };
    throw new Error(`hunk line must start with "+", "-" or " ": ${JSON.stringify(raw)}`);
  });
  const oldCount = lines.filter((line) => line.kind !== "add").length;
  const newCount = lines.filter((line) => line.kind !== "del").length;
  return {
    oldStart: spec.oldStart ?? 1,
    oldLines: oldCount,
    newStart: spec.newStart ?? 1,
    newLines: newCount,
    header: "",
    lines,
  };
}

/** A new file whose every line is added. */
export function makeAddedFile(path: string, contentLines: string[]): DiffFile {
  return makeDiffFile({ path, status: "added", lines: contentLines.map((line) => `+${line}`) });
}

/** A modified file with one hunk of added lines starting at `newStart`. */
export function makeModifiedFile(path: string, addedLines: string[], newStart = 10): DiffFile {
  return makeDiffFile({
    path,
    hunks: [{ oldStart: newStart, newStart, lines: addedLines.map((line) => `+${line}`) }],
  });
}
