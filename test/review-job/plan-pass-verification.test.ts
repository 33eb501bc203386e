import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, type RepoConfig } from "../../src/config/schema.ts";
import type { DiffFile } from "../../src/review/diff-types.ts";
import type { PassDiff } from "../../src/review-job/gather-diff.ts";
import { type PassPlan, planPass } from "../../src/review-job/plan-pass.ts";
import type { StoredDisposition } from "../../src/store/disposition-repository.ts";
import type { StoredFinding } from "../../src/store/finding-repository.ts";
import { makeAddedFile } from "../engines/builtin/make-diff.ts";

const CONFIG: RepoConfig = {
  ...DEFAULT_CONFIG,
  engines: {
    ...DEFAULT_CONFIG.engines,
    builtin: {
      ...DEFAULT_CONFIG.engines.builtin,
      rules: { ...DEFAULT_CONFIG.engines.builtin.rules, "missing-tests": { enabled: false } },
    },
  },
};

function full(files: DiffFile[]): PassDiff {
  return {
    mode: "full",
    base: "1".repeat(40),
    prFiles: files,
    reviewFiles: files,
    changes: [],
    unchanged: [],
    truncatedAt3000: false,
  };
}

/** src/app.ts with a conflict marker (critical, blocking) after `before` lines. */
function appWithMarker(before: number): DiffFile {
  const lines = Array.from({ length: before }, (_, i) => `const v${i} = ${i};`);
  return makeAddedFile("src/app.ts", [...lines, "<<<<<<< HEAD", "const end = 1;"]);
}

/** What the store holds after `plan` was persisted, each finding with a thread and `claim`. */
function storedAfter(
  plan: PassPlan,
  claim: (id: string) => StoredDisposition | null,
): StoredFinding[] {
  return [...plan.result.placed, ...plan.result.quiet].map(
    ({ id, fingerprint, placement: _placement, ...finding }) => ({
      id,
      fingerprint,
      status: "open",
      finding,
      commentId: 100,
      commentUrl: "https://github.test/c/100",
      threadResolved: false,
      disposition: claim(id),
    }),
  );
}

const disagree: StoredDisposition = {
  disposition: "disagree",
  note: "the marker is test data",
  by: "fixer[bot]",
  at: "2026-01-01T00:00:00.000Z",
  source: "comment",
  round: 1,
};

async function pass(files: DiffFile[], stored: StoredFinding[], config = CONFIG, head = "a") {
  return planPass({
    diff: full(files),
    stored,
    config,
    headSha: head.repeat(40),
    marker: "<!-- m -->",
    loopRound: 1,
  });
}

describe("review-job/planPass verifying dispositions", () => {
  describe("a disputed finding across a rebase that moves its lines (full pass)", () => {
    let marker: PassPlan["result"]["placed"][number] | undefined;
    let rebased: PassPlan;
    beforeAll(async () => {
      const first = await pass([appWithMarker(2)], []);
      marker = first.result.placed[0];
      rebased = await pass(
        [appWithMarker(12)],
        storedAfter(first, () => disagree),
        CONFIG,
        "b",
      );
    });

    it("keeps its fingerprint and id at the new line", () => {
      expect(marker?.ruleId).toBe("conflict-marker");
      expect(rebased.result.quiet.map((f) => [f.id, f.fingerprint, f.line])).toEqual([
        [marker?.id, marker?.fingerprint, 13],
      ]);
    });

    it("stays quiet: not blocking, not commented, not in the findings list", () => {
      expect(rebased.result.placed).toEqual([]);
      expect(rebased.newComments).toEqual([]);
      expect(rebased.result.reviewEvent).toBe("COMMENT");
      expect(rebased.result.conclusion).toBe("success");
      expect(rebased.body).not.toContain("#### Findings");
      expect(rebased.resolved).toEqual([]);
    });

    it("is a disputed row of the disposition table", () => {
      expect(rebased.result.verifications.map((v) => [v.row.id, v.status])).toEqual([
        [marker?.id, "disputed"],
      ]);
      expect(rebased.body).toContain(
        "| F1 | 🔴 Critical | `src/app.ts:13` | Unresolved merge conflict markers | disagree: the marker is test data | 💬 disputed |",
      );
    });
  });

  describe("with remediation.disputes_block", () => {
    it("keeps blocking on a disputed finding, still shown as disputed", async () => {
      const first = await pass([appWithMarker(2)], []);
      const blocking = { ...CONFIG, remediation: { ...CONFIG.remediation, disputes_block: true } };

      const again = await pass(
        [appWithMarker(2)],
        storedAfter(first, () => disagree),
        blocking,
      );

      expect(again.result.quiet).toEqual([]);
      expect(again.result.reviewEvent).toBe("REQUEST_CHANGES");
      expect(again.result.verifications.map((v) => v.status)).toEqual(["disputed"]);
    });
  });

  describe("a finding whose code changed and that the rule raised again (full pass)", () => {
    it("is re-raised as a new id that blocks", async () => {
      const first = await pass([appWithMarker(2)], []);
      const changed = makeAddedFile("src/app.ts", [
        "const v0 = 0;",
        "<<<<<<< feature",
        "const end = 1;",
      ]);

      const next = await pass(
        [changed],
        storedAfter(first, () => disagree),
        CONFIG,
        "b",
      );

      expect(next.result.placed.map((f) => f.id)).toEqual(["F2"]);
      expect(next.result.reviewEvent).toBe("REQUEST_CHANGES");
      expect(next.result.verifications.map((v) => [v.row.id, v.status, v.row.reraisedAs])).toEqual([
        ["F1", "reraised", "F2"],
      ]);
      expect(next.body).toContain("🔁 re-raised as F2");
    });
  });

  describe("with more rows than the summary shows", () => {
    it("shows the 20 most urgent in the body and every row in the check run's text", async () => {
      const many = Array.from({ length: 25 }, (_, i) =>
        makeAddedFile(`src/f${String(i).padStart(2, "0")}.ts`, ["<<<<<<< HEAD"]),
      );
      const first = await pass(many, []);
      // F1 stays, every other one is fixed; F1 was claimed fixed too.
      const fixed = (id: string): StoredDisposition => ({
        ...disagree,
        disposition: "fixed",
        note: id,
      });

      const next = await pass([many[0]!], storedAfter(first, fixed), CONFIG, "b");

      const bodyRows = next.body.split("\n").filter((l) => /^\| F\d+ \|.*\| (✅|❌)/.test(l));
      expect(bodyRows).toHaveLength(20);
      expect(bodyRows[0]).toContain("| F1 |");
      expect(bodyRows[0]).toContain("❌ **still present**");
      expect(next.body).toContain("_… 5 more rows in the check run's details (the full table)._");
      const textRows = (next.result.dispositionText ?? "")
        .split("\n")
        .filter((l) => l.startsWith("| F"));
      expect(textRows).toHaveLength(25);
      expect(next.result.reviewEvent).toBe("REQUEST_CHANGES");
    });
  });

  describe("without any claim", () => {
    // Two blocking findings; on the next head the second one is gone and nobody claimed anything.
    const files = [
      makeAddedFile("src/a.ts", ["<<<<<<< HEAD"]),
      makeAddedFile("src/b.ts", ["<<<<<<< HEAD"]),
    ];
    async function nextPass(loopRound: number): Promise<PassPlan> {
      const first = await pass(files, []);
      return planPass({
        diff: full([files[0]!]),
        stored: storedAfter(first, () => null),
        config: CONFIG,
        headSha: "b".repeat(40),
        marker: "<!-- m -->",
        loopRound,
      });
    }

    it("from the loop's round 1 on, shows the table with open and fixed (unclaimed) rows", async () => {
      const next = await nextPass(1);

      expect(next.body).toContain("#### Dispositions");
      expect(next.body).toContain(
        "| F1 | 🔴 Critical | `src/a.ts:1` | Unresolved merge conflict markers | — | open |",
      );
      expect(next.body).toContain(
        "| F2 | 🔴 Critical | `src/b.ts:1` | Unresolved merge conflict markers | — | ✅ fixed (unclaimed) |",
      );
      expect(next.result.dispositionText).toContain("✅ fixed (unclaimed)");
    });

    it("before the first round, shows no disposition table", async () => {
      const next = await nextPass(0);

      expect(next.body).not.toContain("#### Dispositions");
      expect(next.result.dispositionText).toBeUndefined();
    });
  });
});
