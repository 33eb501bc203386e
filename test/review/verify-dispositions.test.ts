import { describe, expect, it } from "vitest";
import type { PlacedFinding } from "../../src/review/finding.ts";
import type { VerifiedStatus } from "../../src/review/render-disposition-table.ts";
import {
  type Claim,
  isQuietClaim,
  type KnownFinding,
  quietFingerprints,
  verifyDispositions,
} from "../../src/review/verify-dispositions.ts";
import { makeFinding } from "./review-pass-fixtures.ts";

const OLD = makeFinding({ line: 4, severity: "critical" });

function known(claim: Claim | null, status: "open" | "resolved" = "open"): KnownFinding {
  return { id: "F1", fingerprint: "fp-old", status, finding: OLD, claim };
}

function placed(fingerprint: string, id: string, line = 9): PlacedFinding {
  return { ...OLD, line, fingerprint, id, placement: "inline" };
}

const AGAIN = placed("fp-old", "F1");
const NEW = placed("fp-new", "F7", 5);

interface Case {
  name: string;
  finding: KnownFinding;
  produced: PlacedFinding[];
  reraised?: boolean;
  headUnchanged?: boolean;
  verified: VerifiedStatus;
  reraisedAs?: string;
}

const cases: Case[] = [
  {
    name: "claimed fixed and no longer produced → verified fixed",
    finding: known({ disposition: "fixed" }),
    produced: [],
    verified: "verified_fixed",
  },
  {
    name: "claimed fixed and produced again → still present",
    finding: known({ disposition: "fixed", note: "removed it" }),
    produced: [AGAIN],
    verified: "still_present",
  },
  {
    name: "no claim and no longer produced → fixed (unclaimed)",
    finding: known(null),
    produced: [],
    verified: "fixed_unclaimed",
  },
  {
    name: "claimed disagree and produced again → disputed",
    finding: known({ disposition: "disagree", note: "intended" }),
    produced: [AGAIN],
    verified: "disputed",
  },
  {
    name: "claimed deferred and produced again → deferred",
    finding: known({ disposition: "deferred" }),
    produced: [AGAIN],
    verified: "deferred",
  },
  {
    name: "any claim, its code changed and the rule fired there again → re-raised as the new id",
    finding: known({ disposition: "disagree" }),
    produced: [NEW],
    reraised: true,
    verified: "reraised",
    reraisedAs: "F7",
  },
  {
    name: "no claim and produced again → open",
    finding: known(null),
    produced: [AGAIN],
    verified: "open",
  },
  {
    name: "claimed disagree and no longer produced → resolved",
    finding: known({ disposition: "disagree" }),
    produced: [],
    verified: "resolved",
  },
  {
    name: "claimed deferred and no longer produced → resolved",
    finding: known({ disposition: "deferred" }),
    produced: [],
    verified: "resolved",
  },
  {
    name: "claimed fixed since the last pass, on the same head → pending",
    finding: known({ disposition: "fixed" }),
    produced: [AGAIN],
    headUnchanged: true,
    verified: "pending",
  },
  {
    name: "a fixed claim already checked, on the same head → still present",
    finding: known({ disposition: "fixed", verified: "still_present" }),
    produced: [AGAIN],
    headUnchanged: true,
    verified: "still_present",
  },
  {
    name: "a fixed claim verified fixed earlier, the finding back → open (the claim is history)",
    finding: known({ disposition: "fixed", verified: "verified_fixed" }),
    produced: [AGAIN],
    verified: "open",
  },
  {
    name: "a resolved finding with a dispute, produced again → disputed (remembered)",
    finding: known({ disposition: "disagree", verified: "resolved" }, "resolved"),
    produced: [AGAIN],
    verified: "disputed",
  },
];

describe("review/verifyDispositions", () => {
  for (const c of cases) {
    it(c.name, () => {
      const reraised = new Map(c.reraised ? [["fp-old", NEW]] : []);

      const [v, ...more] = verifyDispositions({
        known: [c.finding],
        produced: c.produced,
        reraised,
        headUnchanged: c.headUnchanged ?? false,
      });

      expect(more).toEqual([]);
      expect(v?.status).toBe(c.verified);
      expect(v?.row.verified).toBe(c.verified);
      expect(v?.row.reraisedAs).toBe(c.reraisedAs);
      expect(v?.row.claimed).toBe(
        c.finding.claim?.verified === "verified_fixed"
          ? null
          : (c.finding.claim?.disposition ?? null),
      );
    });
  }

  it("shows a produced finding where it is now, a gone one where it was", () => {
    const [now] = verifyDispositions({
      known: [known(null)],
      produced: [AGAIN],
      reraised: new Map(),
      headUnchanged: false,
    });
    const [gone] = verifyDispositions({
      known: [known(null)],
      produced: [],
      reraised: new Map(),
      headUnchanged: false,
    });

    expect(now?.row.where).toBe("src/a.ts:9");
    expect(gone?.row.where).toBe("src/a.ts:4");
  });

  it("has no row for a resolved finding that stays gone, nor one with a fixed claim produced again", () => {
    const rows = verifyDispositions({
      known: [
        known({ disposition: "disagree" }, "resolved"),
        { ...known({ disposition: "fixed" }, "resolved"), fingerprint: "fp-2", id: "F2" },
      ],
      produced: [{ ...AGAIN, fingerprint: "fp-2", id: "F2" }],
      reraised: new Map(),
      headUnchanged: false,
    });

    expect(rows).toEqual([]);
  });

  describe("quiet claims", () => {
    it("keep deferred findings quiet, and disputed ones unless disputes block", () => {
      expect(isQuietClaim({ disposition: "deferred" }, true)).toBe(true);
      expect(isQuietClaim({ disposition: "disagree" }, false)).toBe(true);
      expect(isQuietClaim({ disposition: "disagree" }, true)).toBe(false);
      expect(isQuietClaim({ disposition: "fixed" }, false)).toBe(false);
      expect(isQuietClaim(null, false)).toBe(false);
    });

    it("are remembered by fingerprint, whatever the finding's status", () => {
      const quiet = quietFingerprints(
        [
          known({ disposition: "disagree" }, "resolved"),
          { ...known(null), fingerprint: "fp-2" },
          { ...known({ disposition: "deferred" }), fingerprint: "fp-3" },
        ],
        false,
      );

      expect([...quiet].sort()).toEqual(["fp-3", "fp-old"]);
    });
  });
});
