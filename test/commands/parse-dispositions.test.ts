import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ParsedDisposition } from "../../src/commands/disposition-entry.ts";
import {
  carriesDispositions,
  MAX_DISPOSITIONS,
  parseDispositions,
} from "../../src/commands/parse-dispositions.ts";

const FENCE = "```reviewloop-dispositions";

/** Each item as `F1 fixed [note]` for a claim, `! message` for an error. */
function summary(body: string, threadFindingId?: string): string[] {
  const items = parseDispositions(body, threadFindingId === undefined ? {} : { threadFindingId });
  return items.map(show);
}

function show(item: ParsedDisposition): string {
  if (!item.ok) return `! ${item.message}`;
  return `${item.id} ${item.disposition}${item.note === undefined ? "" : ` [${item.note}]`}`;
}

function table(...rows: string[]): string {
  return ["| ID | disposition | note |", "| --- | --- | --- |", ...rows].join("\n");
}

describe("commands/parse-dispositions", () => {
  describe("a reviewloop-dispositions block", () => {
    it("reads each entry of the JSON array, as a comment claim with its line", () => {
      const body = [
        "Pushed the fixes.",
        "",
        FENCE,
        '[{"id":"F1","disposition":"fixed","note":"Handled the empty list."},',
        ' {"id":"F2","disposition":"disagree","note":"intended"},',
        ' {"id":"f3","disposition":"deferred"}]',
        "```",
      ].join("\n");

      const items = parseDispositions(body);

      expect(items.map(show)).toEqual([
        "F1 fixed [Handled the empty list.]",
        "F2 disagree [intended]",
        "F3 deferred",
      ]);
      expect(items[0]).toMatchObject({ source: "comment", label: "entry 1", line: 3 });
    });

    it.each([
      ["fixed-in-PR", "F1 fixed"],
      ["won't fix", "F1 disagree"],
      ["disagree: the caller checks", "F1 disagree [the caller checks]"],
      ["follow-up", "F1 deferred"],
    ])("accepts the variant %s in the disposition field", (written, expected) => {
      const body = `${FENCE}\n[{"id":"F1","disposition":${JSON.stringify(written)}}]\n\`\`\``;

      expect(summary(body)).toEqual([expected]);
    });

    it.each([
      ["[{", "! the reviewloop-dispositions block is not valid JSON: "],
      ['{"id":"F1"}', "! the reviewloop-dispositions block must hold a JSON array"],
      ['[{"id":"F1","disposition":"fixed"},{"disposition":"fixed"}]', "! entry 2: no `id`"],
      [
        '[{"id":"F1","disposition":"maybe"}]',
        "! entry 1: `maybe` is not a disposition (fixed, disagree or deferred)",
      ],
      ['[{"id":"F1"}]', "! entry 1: no `disposition` (fixed, disagree or deferred)"],
      [
        '[{"id":"B1","disposition":"fixed"}]',
        "! entry 1: `B1` is not a finding id; ids look like `F3`",
      ],
      ['[{"id":"F1","disposition":"fixed","note":{"a":1}}]', "! entry 1: `note` must be text"],
      ['["F1 fixed"]', "! entry 1: not an object with `id` and `disposition`"],
    ])("reports %s naming the entry and the problem", (json, expected) => {
      const items = summary(`${FENCE}\n${json}\n\`\`\``);

      expect(items.find((item) => item.startsWith("!"))).toContain(expected);
    });

    it("reads an unclosed block to the end of the comment", () => {
      expect(summary(`${FENCE}\n[{"id":"F4","disposition":"fixed"}]`)).toEqual(["F4 fixed"]);
    });

    it("names the block when a comment has several", () => {
      const body = `${FENCE}\n[{"id":"F1","disposition":"fixed"}]\n\`\`\`\n${FENCE}\n[{"id":"F2"}]\n\`\`\``;

      expect(summary(body)).toEqual([
        "F1 fixed",
        "! block 2, entry 1: no `disposition` (fixed, disagree or deferred)",
      ]);
    });

    it("ignores other code blocks, even holding the same JSON", () => {
      expect(summary('```json\n[{"id":"F1","disposition":"fixed"}]\n```')).toEqual([]);
    });
  });

  describe("a markdown table", () => {
    it("reads each row with its note", () => {
      const items = parseDispositions(
        table("| F1 | fixed | Handled the empty list. |", "| F2 | disagree | intended |"),
      );

      expect(items.map(show)).toEqual([
        "F1 fixed [Handled the empty list.]",
        "F2 disagree [intended]",
      ]);
      expect(items[1]).toMatchObject({
        label: "row 2",
        line: 4,
        raw: "| F2 | disagree | intended |",
      });
    });

    it.each([
      ["| F1 | fixed-in-PR | |", "F1 fixed"],
      ["| F1 | fixed in PR (commit 7b505f6) | |", "F1 fixed [commit 7b505f6]"],
      [
        "| F1 | Fixed-in-PR (commit 7b505f6) | tests added |",
        "F1 fixed [commit 7b505f6; tests added]",
      ],
      ["| F1 | won't fix | generated |", "F1 disagree [generated]"],
      ["| F1 | wontfix | |", "F1 disagree"],
      ["| F1 | Won’t fix | |", "F1 disagree"],
      ["| F1 | disagree: the caller checks | |", "F1 disagree [the caller checks]"],
      ["| F1 | deferred | #128 |", "F1 deferred [#128]"],
      ["| F1 | defer | |", "F1 deferred"],
      ["| F1 | follow-up | |", "F1 deferred"],
      ["| **F1** | **fixed** | |", "F1 fixed"],
      ["| `F1` | `fixed` | — |", "F1 fixed"],
      ["|F1|fixed|done|", "F1 fixed [done]"],
      ["|   F1   |   FIXED   |   done   |", "F1 fixed [done]"],
      ["| F1 | fixed | done", "F1 fixed [done]"],
      ["F1 | fixed | done", "F1 fixed [done]"],
      ["| #F1 | fixed | a \\| b |", "F1 fixed [a | b]"],
      ["| [F1](https://github.com/o/r/pull/1#r5) | fixed | |", "F1 fixed"],
    ])("accepts %s", (row, expected) => {
      expect(summary(table(row))).toEqual([expected]);
    });

    it("finds the columns by name, in any order and case, without a note column or outer pipes", () => {
      const body = "Disposition | Finding | **ID**\n--- | --- | ---\nfixed | Retry | F7";

      expect(summary(body)).toEqual(["F7 fixed"]);
    });

    it.each([
      ["| F1 | maybe | |", "! row 1: `maybe` is not a disposition (fixed, disagree or deferred)"],
      ["| F1 | | note |", "! row 1: no `disposition` (fixed, disagree or deferred)"],
      ["| | fixed | note |", "! row 1: no `id`"],
      ["| B1 | fixed | |", "! row 1: `B1` is not a finding id; ids look like `F3`"],
      [
        "| F1 | fixedly | |",
        "! row 1: `fixedly` is not a disposition (fixed, disagree or deferred)",
      ],
      [
        `| F1 | fixed | ${"x".repeat(1001)} |`,
        "! row 1: the note is 1001 characters long; at most 1000 are allowed",
      ],
    ])("reports %s naming the row", (row, expected) => {
      expect(summary(table(row))).toEqual([expected]);
    });

    it("numbers rows from the first under the header, and keeps going after a bad one", () => {
      expect(summary(table("| F1 | fixed | |", "| F2 | maybe | |", "| F3 | deferred | |"))).toEqual(
        [
          "F1 fixed",
          "! row 2: `maybe` is not a disposition (fixed, disagree or deferred)",
          "F3 deferred",
        ],
      );
    });

    it("skips empty rows and ends at a blank line", () => {
      expect(summary(`${table("| F1 | fixed | |", "| | | |")}\n\n| F2 | fixed | |`)).toEqual([
        "F1 fixed",
      ]);
    });

    it.each([
      [
        "a table without a disposition column",
        "| ID | severity |\n| --- | --- |\n| F1 | critical |",
      ],
      [
        "reviewloop's own disposition table",
        "| ID | severity | where | finding | claimed | verified |\n| --- | --- | --- | --- | --- | --- |\n| F1 | x | y | z | fixed | pending |",
      ],
      ["a quoted table", "> | ID | disposition |\n> | --- | --- |\n> | F1 | fixed |"],
      ["a table in a code block", `\`\`\`\n${table("| F1 | fixed | |")}\n\`\`\``],
      ["a table in an HTML comment", `<!--\n${table("| F1 | fixed | |")}\n-->`],
      ["a header without a delimiter row", "| ID | disposition |\n| F1 | fixed |"],
    ])("ignores %s", (_name, body) => {
      expect(summary(body)).toEqual([]);
      expect(carriesDispositions(body, { threadReply: false })).toBe(false);
    });

    it("names the table when a comment has several", () => {
      const body = `${table("| F1 | fixed | |")}\n\n${table("| F2 | maybe | |")}`;

      expect(summary(body)).toEqual([
        "F1 fixed",
        "! table 2, row 1: `maybe` is not a disposition (fixed, disagree or deferred)",
      ]);
    });
  });

  describe("a reply in a finding's review thread", () => {
    it.each([
      ["Fixed in 7b505f6", "F5 fixed [in 7b505f6]"],
      ["Disagree: intended", "F5 disagree [intended]"],
      ["Won't fix — the file is generated", "F5 disagree [the file is generated]"],
      ["Deferred to #12", "F5 deferred [to #12]"],
      ["**Fixed**. Added the check.\n\nThanks!", "F5 fixed [Added the check.]"],
      ["Fixed.\nAdded the check.", "F5 fixed [Added the check.]"],
      ["fixed", "F5 fixed"],
      ["\n  Follow-up: tracked in #40", "F5 deferred [tracked in #40]"],
    ])("reads %j as a claim on the thread's finding", (body, expected) => {
      const items = parseDispositions(body, { threadFindingId: "F5" });

      expect(items.map(show)).toEqual([expected]);
      expect(items[0]).toMatchObject({ source: "thread", label: "this reply" });
    });

    it.each([
      ["Thanks, fixed in 7b505f6"],
      ["> Fixed in 7b505f6\n\nNo, it is not."],
      ["/reviewloop dispose fixed"],
      ["Fixedness is overrated"],
      ["    fixed (indented code)"],
      [""],
    ])("does not read %j, which does not start with a disposition word", (body) => {
      expect(summary(body, "F5")).toEqual([]);
      expect(carriesDispositions(body, { threadReply: true })).toBe(false);
    });

    it("is not a disposition outside a finding's thread", () => {
      expect(summary("Fixed in 7b505f6")).toEqual([]);
    });

    it("cuts a long note at 1,000 characters", () => {
      const [item] = parseDispositions(`Disagree: ${"y".repeat(2000)}`, { threadFindingId: "F5" });

      expect(item?.ok && item.note?.length).toBe(1000);
    });
  });

  describe("the comment as a whole", () => {
    it("keeps the comment's order across blocks, tables and the thread reply", () => {
      const body = `Fixed.\n\n${table("| F2 | deferred | |")}\n\n${FENCE}\n[{"id":"F3","disposition":"fixed"}]\n\`\`\``;

      expect(summary(body, "F1")).toEqual(["F1 fixed", "F2 deferred", "F3 fixed"]);
    });

    it("reports a second claim on the same id; the first counts", () => {
      expect(summary(table("| F1 | fixed | |", "| F1 | disagree | |"))).toEqual([
        "F1 fixed",
        "! row 2: `F1` is already given in row 1; only the first counts",
      ]);
    });

    it(`reads at most ${MAX_DISPOSITIONS} and says how many were not read`, () => {
      const rows = Array.from(
        { length: MAX_DISPOSITIONS + 3 },
        (_, i) => `| F${i + 1} | fixed | |`,
      );

      const items = summary(table(...rows));

      expect(items).toHaveLength(MAX_DISPOSITIONS + 1);
      expect(items.at(-1)).toBe(
        `! Only the first ${MAX_DISPOSITIONS} dispositions of a comment are read; 3 more (from row ${MAX_DISPOSITIONS + 1} on) were not.`,
      );
    });

    it("finds nothing in a comment with only commands or prose", () => {
      expect(summary("/reviewloop dispose F1 fixed\nI fixed it.")).toEqual([]);
      expect(carriesDispositions("/reviewloop status", { threadReply: false })).toBe(false);
    });

    it("says a comment carries dispositions for a block, a table, or a thread reply", () => {
      expect(carriesDispositions(`${FENCE}\nnot json\n\`\`\``, { threadReply: false })).toBe(true);
      expect(carriesDispositions(table("| F1 | maybe | |"), { threadReply: false })).toBe(true);
      expect(carriesDispositions("Won't fix", { threadReply: true })).toBe(true);
      expect(carriesDispositions("Won't fix", { threadReply: false })).toBe(false);
    });
  });
});

describe("docs/commands.md › Filing dispositions", () => {
  const doc = readFileSync(new URL("../../docs/commands.md", import.meta.url), "utf8");
  const section = doc.slice(
    doc.indexOf("## Filing dispositions"),
    doc.indexOf("## Who may run what"),
  );
  const examples = [...section.matchAll(/^(`{3,4})markdown\n([\s\S]*?)^\1$/gm)].map((m) => m[2]);

  it("has a block, a table and thread replies, each read without an error", () => {
    expect(examples).toHaveLength(3);
    const [block, tableExample, replies] = examples as [string, string, string];

    expect(summary(block)).toEqual([
      "F1 fixed [Handled the empty list.]",
      "F2 disagree [the input is validated by the caller]",
    ]);
    expect(summary(tableExample)).toEqual([
      "F1 fixed [commit 7b505f6]",
      "F2 disagree [generated code]",
      "F3 disagree [the retry is bounded]",
      "F4 deferred [#128]",
    ]);
    for (const reply of replies.trim().split("\n")) {
      expect(summary(reply, "F5")).toHaveLength(1);
    }
  });
});
