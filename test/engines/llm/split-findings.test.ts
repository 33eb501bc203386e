import { describe, expect, it } from "vitest";
import { makeChunk } from "../../../src/engines/llm/chunk-file.ts";
import { splitFindings } from "../../../src/engines/llm/split-findings.ts";
import { makeDiffFile } from "../builtin/make-diff.ts";
import { modelFinding } from "./llm-engine-fixtures.ts";

const file = makeDiffFile({
  path: "src/a.ts",
  hunks: [
    { oldStart: 3, newStart: 3, lines: [" keep", "-old", "+new", "+more"] },
    { oldStart: 20, newStart: 21, lines: [" tail", "+added", " end"] },
  ],
});
const hunks = file.hunks.map((hunk) => ({ chunk: makeChunk(file.path, [hunk], 1, 1) }));

describe("engines/llm/split-findings", () => {
  it("gives each finding to the hunk it is on, else the nearest hunk on its side", () => {
    const on = (line: number, side: "RIGHT" | "LEFT" = "RIGHT", path = "src/a.ts") =>
      modelFinding({ path, line, side, title: `${path}:${side}${line}` });
    const findings = [
      on(4),
      on(22),
      on(4, "LEFT"),
      // Between the hunks: 7 lines below the first, 13 above the second.
      on(12),
      on(19),
      on(90),
      on(1, "RIGHT", "other.ts"),
    ];

    const split = splitFindings(findings, hunks);

    expect(split.map((list) => list.map((f) => f.title))).toEqual([
      ["src/a.ts:RIGHT4", "src/a.ts:LEFT4", "src/a.ts:RIGHT12", "other.ts:RIGHT1"],
      ["src/a.ts:RIGHT22", "src/a.ts:RIGHT19", "src/a.ts:RIGHT90"],
    ]);
  });
});
