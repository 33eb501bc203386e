import { describe, expect, it } from "vitest";
import { getCommentSyntax, splitComment } from "../../../src/engines/builtin/split-comment.ts";

describe("engines/builtin/split-comment", () => {
  it.each([
    ["a.ts", "const a = 1; // note", "const a = 1; ", "// note"],
    ["a.ts", 'const url = "http://x.y/z"; // c', 'const url = "http://x.y/z"; ', "// c"],
    ["a.ts", "const s = 'it''s'; /* c */", "const s = 'it''s'; ", "/* c */"],
    ["a.ts", "   * jsdoc line", "", "   * jsdoc line"],
    ["a.py", 'x = "#notacomment"  # real', 'x = "#notacomment"  ', "# real"],
    ["a.sql", "select 1 -- why", "select 1 ", "-- why"],
    ["a.md", "text <!-- hidden -->", "text ", "<!-- hidden -->"],
    ["Dockerfile", "RUN make # build", "RUN make ", "# build"],
    ["a.ts", "const a = 1;", "const a = 1;", null],
  ])("splits %s line `%s`", (path, line, code, comment) => {
    expect(splitComment(line, getCommentSyntax(path))).toEqual({ code, comment });
  });

  it("does not treat # as a comment in JavaScript or * as one in Python", () => {
    expect(splitComment("class A { #secret = 1; }", getCommentSyntax("a.js")).comment).toBeNull();
    expect(splitComment("* not a comment", getCommentSyntax("a.py")).comment).toBeNull();
  });
});
