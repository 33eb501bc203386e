import { describe, expect, it } from "vitest";
import { renderDispositionTable } from "../../../src/review/render-disposition-table.ts";
import { filesFromDiff } from "../github-simulator/index.ts";
import { dispositionRow, dispositionTable, pushDiff, todo } from "./verification-kit.ts";

describe("e2e/verification kit", () => {
  describe("dispositionTable", () => {
    it("reads the rows of the table the review renders, by finding id", () => {
      const table = renderDispositionTable([
        {
          id: "F1",
          severity: "warning",
          where: "src/app.ts:2",
          title: "TODO left in",
          claimed: "fixed",
          note: "removed | it",
          verified: "still_present",
        },
        {
          id: "F2",
          severity: "info",
          where: "src/app.ts:3",
          title: "TODO left in",
          claimed: "disagree",
          verified: "disputed",
        },
      ]);
      const body = `### reviewloop\n\n| ID | severity | other table |\n| --- | --- | --- |\n| F1 | x | y |\n\n${table}\n\nmore text`;

      expect([...dispositionTable(body).keys()]).toEqual(["F1", "F2"]);
      expect(dispositionRow(body, "F1")).toContain("❌ **still present**");
      expect(dispositionRow(body, "F2")).toContain("💬 disputed");
      expect(dispositionRow("no table here", "F1")).toMatch(/^\(no disposition table row for F1/);
    });
  });

  describe("pushDiff", () => {
    it("shows only what a push changed: a moved line stays context", () => {
      const [file] = filesFromDiff(pushDiff([todo(1)], ["  const ready = true;", todo(1)]));

      expect(file).toMatchObject({ filename: "src/app.ts", additions: 1, deletions: 0 });
      expect(file?.patch).toBe(
        "@@ -1,3 +1,4 @@\n export function main() {\n+  const ready = true;\n   // TODO: item 1\n }",
      );
    });

    it("shows removed lines as deletions", () => {
      const [file] = filesFromDiff(pushDiff([todo(1), todo(2)], [todo(1)]));

      expect([file?.additions, file?.deletions]).toEqual([0, 1]);
      expect(file?.patch).toContain("-  // TODO: item 2");
    });
  });
});
