import { describe, expect, it } from "vitest";
import { renderStatus, type StatusInput } from "../../src/command-job/render-status.ts";
import { statusDispositionRows } from "../../src/command-job/status-disposition-rows.ts";
import { INITIAL_LOOP_STATE } from "../../src/loop/types.ts";
import type { DispositionRow } from "../../src/review/render-disposition-table.ts";

const base: StatusInput = {
  loop: { ...INITIAL_LOOP_STATE, status: "idle", headSha: "a".repeat(40), round: 1 },
  maxRounds: 5,
  remediationEnabled: true,
  blockingSeverity: "critical",
  openFindings: [],
  lastDispatch: null,
};

function row(n: number, verified: DispositionRow["verified"]): DispositionRow {
  return {
    id: `F${n}`,
    severity: "critical",
    where: `src/a.ts:${n}`,
    title: `finding ${n}`,
    claimed: "fixed",
    verified,
  };
}

describe("command-job/renderStatus with verified claims", () => {
  it("shows each claim with what the last pass verified", () => {
    const status = renderStatus({
      ...base,
      dispositions: [row(1, "still_present"), { ...row(2, "reraised"), reraisedAs: "F9" }],
    });

    expect(status).toContain("#### Dispositions");
    expect(status).toContain(
      "| F1 | 🔴 Critical | `src/a.ts:1` | finding 1 | fixed | ❌ **still present** |",
    );
    expect(status).toContain("| 🔁 re-raised as F9 |");
  });

  it("shows the first 20 rows and says where the rest are", () => {
    const rows = Array.from({ length: 23 }, (_, i) => row(i + 1, "pending"));

    const status = renderStatus({ ...base, dispositions: rows });

    expect(status.split("\n").filter((l) => l.startsWith("| F"))).toHaveLength(20);
    expect(status).toContain("_… and 3 more; the last check run's details hold the full table._");
  });

  it("does not count a disputed finding as blocking, unless disputes block", () => {
    const disputed = {
      id: "F1",
      status: "open" as const,
      severity: "critical" as const,
      path: "src/a.ts",
      line: 1,
      title: "t",
      disposition: {
        disposition: "disagree" as const,
        by: "a",
        at: "t",
        source: "comment" as const,
      },
    };

    const quiet = renderStatus({ ...base, openFindings: [disputed] });
    const blocking = renderStatus({ ...base, openFindings: [disputed], disputesBlock: true });

    expect(quiet).toContain("| open findings | 1 (0 blocking) |");
    expect(blocking).toContain("| open findings | 1 (1 blocking) |");
  });

  it("has no disposition section when the last pass showed none and nothing was claimed since", () => {
    expect(renderStatus(base)).not.toContain("#### Dispositions");
    expect(renderStatus({ ...base, dispositions: statusDispositionRows([], []) })).not.toContain(
      "#### Dispositions",
    );
  });
});

describe("command-job/statusDispositionRows: the last pass's table in /reviewloop status", () => {
  const unclaimed = (n: number, verified: DispositionRow["verified"]): DispositionRow => ({
    ...row(n, verified),
    claimed: null,
  });

  it("shows the last pass's rows without any claim: open and fixed (unclaimed) too", () => {
    const lastPass = [unclaimed(1, "open"), unclaimed(2, "fixed_unclaimed")];

    const status = renderStatus({ ...base, dispositions: statusDispositionRows(lastPass, []) });

    expect(status).toContain("#### Dispositions");
    expect(status).toContain("| F1 | 🔴 Critical | `src/a.ts:1` | finding 1 | — | open |");
    expect(status).toContain(
      "| F2 | 🔴 Critical | `src/a.ts:2` | finding 2 | — | ✅ fixed (unclaimed) |",
    );
  });

  it("puts a claim filed since the last pass in its finding's row, pending, and keeps the rest", () => {
    const lastPass = [unclaimed(1, "open"), { ...unclaimed(2, "reraised"), reraisedAs: "F4" }];
    const claims = [
      { ...row(1, "pending"), claimed: "disagree" as const, note: "by design" },
      row(3, "pending"),
      // Verified by an earlier pass and not in the last pass's table: history, not shown.
      row(5, "verified_fixed"),
    ];

    const rows = statusDispositionRows(lastPass, claims);

    expect(rows.map((r) => [r.id, r.claimed, r.verified])).toEqual([
      ["F2", null, "reraised"],
      ["F1", "disagree", "pending"],
      ["F3", "fixed", "pending"],
    ]);
  });

  it("shows the claims as stored when the last pass kept no rows (recorded before they were)", () => {
    const claims = [row(2, "verified_fixed"), row(1, "still_present")];

    expect(statusDispositionRows(null, claims).map((r) => r.id)).toEqual(["F1", "F2"]);
  });
});
