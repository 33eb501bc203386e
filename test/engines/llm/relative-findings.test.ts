import { describe, expect, it } from "vitest";
import { chunkFile } from "../../../src/engines/llm/chunk-file.ts";
import type { ModelFinding } from "../../../src/engines/llm/llm-types.ts";
import { fromRelative, toRelative } from "../../../src/engines/llm/relative-findings.ts";
import { toFindings } from "../../../src/engines/llm/to-findings.ts";
import { makeDiffFile } from "../builtin/make-diff.ts";

function model(overrides: Partial<ModelFinding>): ModelFinding {
  return {
    path: "a.ts",
    line: 1,
    start_line: null,
    side: "RIGHT",
    severity: "info",
    category: "bugs",
    title: "t",
    body: "",
    suggestion: null,
    ...overrides,
  };
}

const lines = [" ctx", "-old 1", "-old 2", "+new 1", "+new 2"];
const chunkAt = (oldStart: number, newStart: number) =>
  chunkFile(makeDiffFile({ path: "a.ts", hunks: [{ oldStart, newStart, lines }] }), 10_000)[0];

describe("engines/llm/relative-findings", () => {
  const original = chunkAt(20, 30); // RIGHT 30..32, LEFT 21..22
  const findings = [
    model({ line: 32, start_line: 31 }),
    model({ side: "LEFT", line: 22 }),
    model({ line: 30 }),
  ];

  it("stores lines as offsets from the chunk's first shown line on their side", () => {
    expect(
      toRelative(findings, original.origin).map((finding) => [
        finding.side,
        finding.start_line,
        finding.line,
      ]),
    ).toEqual([
      ["RIGHT", 1, 2],
      ["LEFT", null, 1],
      ["RIGHT", null, 0],
    ]);
  });

  it.each([
    ["at the same place", 20, 30, [0, 0]],
    ["moved down 7 lines", 27, 37, [7, 7]],
    ["moved 7 lines on the new side only", 20, 37, [0, 7]],
  ])("re-anchors findings of a chunk %s", (_, oldStart, newStart, [leftBy, rightBy]) => {
    const moved = chunkAt(oldStart, newStart);
    expect(moved.contentHash).toBe(original.contentHash);

    const restored = fromRelative(toRelative(findings, original.origin), moved.origin);

    expect(restored).toEqual([
      model({ line: 32 + rightBy, start_line: 31 + rightBy }),
      model({ side: "LEFT", line: 22 + leftBy }),
      model({ line: 30 + rightBy }),
    ]);
    expect(toFindings(restored, moved)).toMatchObject({ movedToSummary: 0, dropped: 0 });
  });

  it("keeps a side without shown lines at offset 0", () => {
    const added = chunkFile(makeDiffFile({ path: "a.ts", lines: ["+x"] }), 10_000)[0];
    const left = [model({ side: "LEFT", line: 4 })];

    expect(added.origin.LEFT).toBe(0);
    expect(fromRelative(toRelative(left, added.origin), added.origin)).toEqual(left);
  });
});
