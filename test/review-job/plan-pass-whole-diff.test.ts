import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../src/config/schema.ts";
import type { DiffFile } from "../../src/review/diff-types.ts";
import type { PassDiff } from "../../src/review-job/gather-diff.ts";
import { planPass } from "../../src/review-job/plan-pass.ts";
import type { StoredFinding } from "../../src/store/finding-repository.ts";
import { makeAddedFile, makeModifiedFile } from "../engines/builtin/make-diff.ts";

const manifest = makeModifiedFile("package.json", ['    "left-pad": "^1.3.0",'], 12);
const lockfile = makeModifiedFile("package-lock.json", ['    "node_modules/left-pad": {'], 40);
const source = makeAddedFile("src/pad.ts", ["export const pad = (s: string) => s;"]);
const test = makeAddedFile("test/pad.test.ts", ['it("pads", () => {});']);

function incremental(prFiles: DiffFile[], changes: DiffFile[]): PassDiff {
  return {
    mode: "incremental",
    base: "1".repeat(40),
    prFiles,
    reviewFiles: changes,
    changes,
    unchanged: [],
    truncatedAt3000: false,
  };
}

async function firstPass(files: DiffFile[]) {
  const plan = await planPass({
    diff: { ...incremental(files, files), mode: "full" },
    stored: [],
    config: DEFAULT_CONFIG,
    headSha: "a".repeat(40),
    marker: "<!-- m -->",
  });
  return plan.result.placed.map(
    ({ id, fingerprint, placement: _placement, ...finding }): StoredFinding => ({
      id,
      fingerprint,
      status: "open",
      finding,
      commentId: null,
      commentUrl: null,
      threadResolved: false,
      disposition: null,
    }),
  );
}

describe("review-job/planPass with whole-diff rules on an incremental pass", () => {
  it("resolves lockfile drift when a later commit adds only the lockfile", async () => {
    const stored = await firstPass([manifest, source, test]);
    expect(stored.map((f) => f.finding.ruleId)).toContain("lockfile-drift");

    const plan = await planPass({
      diff: incremental([manifest, source, test, lockfile], [lockfile]),
      stored,
      config: DEFAULT_CONFIG,
      headSha: "b".repeat(40),
      marker: "<!-- m -->",
    });

    expect(plan.result.placed.map((f) => f.ruleId)).not.toContain("lockfile-drift");
    expect(plan.resolved.map((f) => f.finding.ruleId)).toEqual(["lockfile-drift"]);
  });

  it("does not report missing tests when the tests came in an earlier commit", async () => {
    const stored = await firstPass([source, test]);
    const more = makeAddedFile("src/trim.ts", ["export const trim = (s: string) => s.trim();"]);

    const plan = await planPass({
      diff: incremental([source, test, more], [more]),
      stored,
      config: DEFAULT_CONFIG,
      headSha: "c".repeat(40),
      marker: "<!-- m -->",
    });

    expect(plan.result.placed.map((f) => f.ruleId)).not.toContain("missing-tests");
  });
});
