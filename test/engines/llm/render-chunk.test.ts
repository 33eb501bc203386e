import { describe, expect, it } from "vitest";
import { chunkFile } from "../../../src/engines/llm/chunk-file.ts";
import { renderChunk } from "../../../src/engines/llm/render-chunk.ts";
import { makeDiffFile } from "../builtin/make-diff.ts";

describe("engines/llm/render-chunk", () => {
  it("numbers added and context lines by the new file, deleted lines by the old file", () => {
    const file = makeDiffFile({
      path: "a.ts",
      hunks: [
        { oldStart: 8, newStart: 11, lines: [" keep", "-9old", "+new", " end"] },
        { oldStart: 40, newStart: 44, lines: ["+x"] },
      ],
    });
    file.hunks[0].header = "function f() {";

    const text = renderChunk(chunkFile(file, 1000)[0]);

    expect(text).toBe(
      [
        "@@ -8,3 +11,3 @@ function f() {",
        "11 keep",
        "9-9old",
        "12+new",
        "13 end",
        "@@ -40,0 +44,1 @@",
        "44+x",
        "",
      ].join("\n"),
    );
  });

  it("adds only the line numbers' digits to the unified diff's bytes", () => {
    const lines = Array.from({ length: 99 }, (_, i) => `+const a${i} = ${i};`);
    const [chunk] = chunkFile(makeDiffFile({ path: "a.ts", lines }), 100_000);

    const text = renderChunk(chunk);
    const header = text.slice(0, text.indexOf("\n") + 1);

    // 9 one-digit and 90 two-digit line numbers.
    expect(Buffer.byteLength(text) - Buffer.byteLength(header)).toBe(chunk.diffBytes + 9 + 180);
  });
});
