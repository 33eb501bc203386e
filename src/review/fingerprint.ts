import { createHash } from "node:crypto";
import type { DiffFile } from "./diff-types.ts";
import type { Finding } from "./finding.ts";

/** Hex characters kept from the sha256: 64 bits, plenty for the findings of one pull request. */
const FINGERPRINT_LENGTH = 16;

/**
 * The parts of a finding its fingerprint depends on. Line numbers are deliberately absent.
 * `engine` and `body` matter only for findings of the checks engine (see {@link fingerprint});
 * stored findings carry both, so fingerprinting one again gives the same value.
 */
export type FingerprintSubject = Pick<Finding, "ruleId" | "path" | "title"> &
  Partial<Pick<Finding, "engine" | "body">>;

/** The engine whose findings come from other check runs' annotations. */
export const CHECKS_ENGINE = "checks";

/** The parts of a finding needed to look up the lines it is anchored to. */
export type AnchorSubject = Pick<Finding, "path" | "side" | "line" | "startLine">;

/**
 * Normalizes one source line so that re-indentation, CRLF and trailing spaces do not change a
 * fingerprint: strips `\r`, trims, and collapses runs of whitespace to one space.
 */
export function normalizeLine(text: string): string {
  return text.replaceAll("\r", "").trim().replace(/\s+/g, " ");
}

/**
 * A finding's stable identity across pushes: sha256 of rule id, path and the normalized text of
 * the lines it is anchored to, so it survives lines moving up or down. Findings without anchored
 * text (file-level findings, lines outside the diff) hash rule id, path and title instead.
 * Findings of the checks engine (a CI annotation, re-reported on every push wherever its line
 * moved) hash rule id, path, normalized title and body, never their lines: the same lint error is
 * the same finding on the next push, a different message is a different one.
 * Returns the first 16 hex characters.
 */
export function fingerprint(finding: FingerprintSubject, anchoredLines: readonly string[]): string {
  const hash = createHash("sha256");
  hash.update(finding.ruleId);
  hash.update("\0");
  hash.update(finding.path);
  hash.update("\0");
  if (finding.engine === CHECKS_ENGINE) {
    // "annotation:" keeps these apart from the title-only hash of other engines.
    hash.update(`annotation:${normalizeLine(finding.title)}\0${normalizeLine(finding.body ?? "")}`);
  } else if (anchoredLines.length === 0) {
    // "title:" keeps a title from ever hashing like a line of code.
    hash.update(`title:${normalizeLine(finding.title)}`);
  } else {
    hash.update(`lines:${anchoredLines.map(normalizeLine).join("\n")}`);
  }
  return hash.digest("hex").slice(0, FINGERPRINT_LENGTH);
}

/**
 * Returns a reader that picks the text of the lines a finding is anchored to (`startLine..line`
 * on its side) from the diff model. Build it once per pass: it indexes the files by path.
 * Lines that are not in the diff are simply absent, so a finding outside the diff yields `[]`.
 */
export function createAnchoredTextReader(
  files: readonly DiffFile[],
): (finding: AnchorSubject) => string[] {
  const byPath = new Map<string, DiffFile>();
  for (const file of files) {
    byPath.set(file.path, file);
  }
  for (const file of files) {
    // A LEFT-side finding on a renamed file may name the old path.
    if (file.oldPath !== null && !byPath.has(file.oldPath)) byPath.set(file.oldPath, file);
  }
  return (finding) => {
    const file = byPath.get(finding.path);
    if (file === undefined) return [];
    const last = finding.line;
    const first = Math.min(finding.startLine ?? last, last);
    const right = finding.side === "RIGHT";
    const text: string[] = [];
    // Indexed loops: this runs a few hundred times per pass, mostly before the JIT optimizes
    // it, and unoptimized for-of allocates an iterator result per line.
    const hunks = file.hunks;
    for (let h = 0; h < hunks.length; h++) {
      const hunk = hunks[h]!;
      const start = right ? hunk.newStart : hunk.oldStart;
      const count = right ? hunk.newLines : hunk.oldLines;
      if (start > last || start + count - 1 < first) continue;
      const lines = hunk.lines;
      for (let i = 0; i < lines.length; i++) {
        const line = lines[i]!;
        const n = right
          ? line.kind === "del"
            ? null
            : line.newLine
          : line.kind === "add"
            ? null
            : line.oldLine;
        if (n !== null && n >= first && n <= last) text.push(line.content);
      }
    }
    return text;
  };
}

/** The text of the diff lines `finding` is anchored to; see {@link createAnchoredTextReader}. */
export function anchoredText(files: readonly DiffFile[], finding: AnchorSubject): string[] {
  return createAnchoredTextReader(files)(finding);
}
