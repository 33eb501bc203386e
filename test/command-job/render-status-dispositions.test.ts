import { describe, expect, it } from "vitest";
import { renderStatus, type StatusInput } from "../../src/command-job/render-status.ts";
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

  it("has no disposition section without claims", () => {
    expect(renderStatus(base)).not.toContain("#### Dispositions");
  });
});
