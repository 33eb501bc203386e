import { describe, expect, it } from "vitest";
import {
  type DispositionRow,
  renderDispositionTable,
} from "../../src/review/render-disposition-table.ts";

const row = (overrides: Partial<DispositionRow> = {}): DispositionRow => ({
  id: "F1",
  severity: "critical",
  where: "src/a.ts:12",
  title: "Merge conflict marker",
  claimed: "fixed",
  verified: "verified_fixed",
  ...overrides,
});

describe("review/render-disposition-table", () => {
  it("renders one row per finding with claim and verification", () => {
    const rows = [
      row(),
      row({
        id: "F2",
        severity: "warning",
        where: "src/b.ts:3",
        claimed: "disagree",
        verified: "disputed",
        note: "Intentional: the CLI prints.",
      }),
      row({
        id: "F3",
        severity: "info",
        where: "README.md:1",
        claimed: null,
        verified: "still_present",
      }),
    ];

    expect(renderDispositionTable(rows)).toMatchInlineSnapshot(`
      "| ID | severity | where | finding | claimed | verified |
      | --- | --- | --- | --- | --- | --- |
      | F1 | 🔴 Critical | \`src/a.ts:12\` | Merge conflict marker | fixed | ✅ verified fixed |
      | F2 | 🟡 Warning | \`src/b.ts:3\` | Merge conflict marker | disagree: Intentional: the CLI prints. | 💬 disputed |
      | F3 | 🔵 Info | \`README.md:1\` | Merge conflict marker | — | ❌ **still present** |"
    `);
  });

  describe("with pipes and newlines in user text", () => {
    it("keeps every row to six cells on one line", () => {
      const table = renderDispositionTable([
        row({
          title: "a | b\nc",
          where: "src/x|y.ts:1",
          note: "line one\nline | two",
          claimed: "deferred",
        }),
      ]);
      const dataRow = table.split("\n")[2];

      expect(table.split("\n")).toHaveLength(3);
      expect(dataRow.replaceAll("\\|", "").split("|")).toHaveLength(8);
    });
  });

  describe("with more rows than fit", () => {
    it("stops at the limit and says how many rows are missing", () => {
      const rows = Array.from({ length: 500 }, (_, i) => row({ id: `F${i + 1}` }));

      const table = renderDispositionTable(rows, 5_000);

      expect(table.length).toBeLessThanOrEqual(5_000);
      const shown = table.split("\n").filter((l) => l.startsWith("| F")).length;
      expect(table).toContain(`… ${500 - shown} more rows not shown`);
    });
  });
});
