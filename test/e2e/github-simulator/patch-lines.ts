/** One hunk of a GitHub `patch`, with the lines a review comment may anchor to on each side. */
export interface PatchHunk {
  /** Old-file line numbers shown in the hunk: deleted and context lines (`side: LEFT`). */
  left: Set<number>;
  /** New-file line numbers shown in the hunk: added and context lines (`side: RIGHT`). */
  right: Set<number>;
}

const HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/**
 * Reads the hunks of a GitHub `patch` (hunks only, no file header). Written independently of
 * the app's diff parser on purpose: the simulator must not share the app's mistakes.
 */
export function readPatchHunks(patch: string): PatchHunk[] {
  const hunks: PatchHunk[] = [];
  let current: PatchHunk | undefined;
  let oldLine = 0;
  let newLine = 0;
  let oldLeft = 0;
  let newLeft = 0;
  for (const text of patch.split("\n")) {
    const header = HEADER.exec(text);
    if (header) {
      current = { left: new Set(), right: new Set() };
      hunks.push(current);
      oldLine = Number(header[1]);
      oldLeft = header[2] === undefined ? 1 : Number(header[2]);
      newLine = Number(header[3]);
      newLeft = header[4] === undefined ? 1 : Number(header[4]);
      continue;
    }
    if (!current || (oldLeft <= 0 && newLeft <= 0)) continue;
    const marker = text[0];
    if (marker === "+") {
      current.right.add(newLine++);
      newLeft--;
    } else if (marker === "-") {
      current.left.add(oldLine++);
      oldLeft--;
    } else if (marker === " " || text === "") {
      current.left.add(oldLine++);
      current.right.add(newLine++);
      oldLeft--;
      newLeft--;
    }
    // "\ No newline at end of file" and anything else shows no line.
  }
  return hunks;
}

/** Number of lines below the first hunk header, as the legacy `position` counts them. */
export function countPositions(patch: string): number {
  const lines = patch.split("\n");
  const first = lines.findIndex((line) => line.startsWith("@@"));
  return first < 0 ? 0 : lines.length - first - 1;
}
