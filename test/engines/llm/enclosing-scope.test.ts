import { describe, expect, it } from "vitest";
import { enclosingScope } from "../../../src/engines/llm/enclosing-scope.ts";

const file = [
  "import x from 'x';", // 1
  "", // 2
  "export class Cart {", // 3
  "  total = 0;", // 4
  "", // 5
  "  add(item: Item) {", // 6
  "    if (item.price > 0) {", // 7
  "      this.total += item.price;", // 8
  "    }", // 9
  "    for (const tag of item.tags) {", // 10
  "      this.tags.push(tag);", // 11
  "    }", // 12
  "  }", // 13
  "}", // 14
].join("\n");

describe("engines/llm/enclosing-scope", () => {
  it.each([
    [
      "a line inside a loop gets loop, method and class",
      11,
      ["      this.tags.push(tag);"],
      "",
      [
        { line: 3, text: "export class Cart {" },
        { line: 6, text: "  add(item: Item) {" },
        { line: 10, text: "    for (const tag of item.tags) {" },
      ],
    ],
    [
      "a closing brace above is skipped, the method found",
      10,
      ["    for (const tag of item.tags) {"],
      "",
      [
        { line: 3, text: "export class Cart {" },
        { line: 6, text: "  add(item: Item) {" },
      ],
    ],
    [
      "the hunk header's line is left out",
      8,
      ["      this.total += item.price;"],
      "  add(item: Item) {",
      [
        { line: 3, text: "export class Cart {" },
        { line: 7, text: "    if (item.price > 0) {" },
      ],
    ],
    [
      "a scope line already shown is left out",
      7,
      ["    if (item.price > 0) {", "      this.total += item.price;"],
      "",
      [
        { line: 3, text: "export class Cart {" },
        { line: 6, text: "  add(item: Item) {" },
      ],
    ],
    ["a line at indentation 0 needs nothing", 14, ["}"], "", []],
    [
      "blank shown lines are skipped to the first code",
      4,
      ["", "  total = 0;"],
      "",
      [{ line: 3, text: "export class Cart {" }],
    ],
    ["only blank lines shown need nothing", 5, [""], "", []],
  ])("%s", (_, firstNewLine, shown, header, expected) => {
    expect(enclosingScope(file, firstNewLine, shown, header)).toEqual(expected);
  });

  it("keeps the 3 innermost scopes of a deeper chain, outermost first", () => {
    const deep = ["a {", " b {", "  c {", "   d {", "    e;"].join("\n");

    expect(enclosingScope(deep, 5, ["    e;"], "").map((entry) => entry.line)).toEqual([2, 3, 4]);
  });

  it("counts a tab as deeper than two spaces and reads CRLF files", () => {
    const content = "def f():\r\n\tif x:\r\n\t\ty()\r\n";

    expect(enclosingScope(content, 3, ["\t\ty()"], "")).toEqual([
      { line: 1, text: "def f():" },
      { line: 2, text: "\tif x:" },
    ]);
  });
});
