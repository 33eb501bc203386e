import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, type RepoConfig } from "../../src/config/schema.ts";
import { createChecksReviewEngine } from "../../src/engines/checks/index.ts";
import type { CheckRunAnnotation, CheckRunInfo } from "../../src/github/check-runs-reader.ts";
import type { DiffFile } from "../../src/review/diff-types.ts";
import type { PassDiff } from "../../src/review-job/gather-diff.ts";
import { planPass } from "../../src/review-job/plan-pass.ts";
import type { StoredFinding } from "../../src/store/finding-repository.ts";
import { makeModifiedFile } from "../engines/builtin/make-diff.ts";
import { anAnnotation, aRun, fakeReader } from "../engines/checks/checks-fixtures.ts";
import { storedOf } from "./stored-of.ts";

const CONFIG: RepoConfig = {
  ...DEFAULT_CONFIG,
  engines: {
    ...DEFAULT_CONFIG.engines,
    builtin: { ...DEFAULT_CONFIG.engines.builtin, enabled: false },
    checks: { ...DEFAULT_CONFIG.engines.checks, enabled: true, wait: false },
  },
};
const file = makeModifiedFile("src/app.ts", ["const unused = 1;", "const other = 2;"], 10);
const otherFile = makeModifiedFile("src/other.ts", ["let x = 1;"], 1);

function diffOf(mode: "full" | "incremental", prFiles: DiffFile[], changes: DiffFile[]): PassDiff {
  return {
    mode,
    base: "1".repeat(40),
    prFiles,
    reviewFiles: changes,
    changes,
    unchanged: [],
    truncatedAt3000: false,
  };
}

/** One pass whose checks engine reads `runs` with these annotations (run id → annotations). */
function pass(
  diff: PassDiff,
  stored: StoredFinding[],
  runs: CheckRunInfo[],
  annotations: Record<number, CheckRunAnnotation[]>,
) {
  const reader = fakeReader(runs, annotations);
  return planPass({
    diff,
    stored,
    config: CONFIG,
    headSha: "a".repeat(40),
    marker: "<!-- m -->",
    engines: [
      createChecksReviewEngine({
        reader,
        repo: { owner: "o", repo: "r" },
        headSha: "a".repeat(40),
      }),
    ],
  });
}

const eslint = (count: number, status = "completed") =>
  aRun({
    id: 1,
    name: "eslint",
    status,
    output: { title: null, summary: null, annotationsCount: count },
  });

describe("review-job/planPass with the checks engine", () => {
  it("keeps the id of the same annotation on a moved line and does not comment it again", async () => {
    const first = await pass(diffOf("full", [file], [file]), [], [eslint(1)], {
      1: [anAnnotation({ path: "src/app.ts", startLine: 10 })],
    });
    expect(first.newComments).toHaveLength(1);
    const stored = storedOf(first);

    const moved = await pass(
      diffOf("incremental", [file, otherFile], [otherFile]),
      stored,
      [eslint(1)],
      {
        1: [anAnnotation({ path: "src/app.ts", startLine: 11 })],
      },
    );

    expect(moved.result.placed.map((f) => [f.id, f.line])).toEqual([["F1", 11]]);
    expect(moved.newComments).toEqual([]);
    expect(moved.resolved).toEqual([]);
    expect(moved.carried).toBe(0);
  });

  it("collapses the same annotation (same check, file and message) at several lines into one finding at the first", async () => {
    const plan = await pass(diffOf("full", [file], [file]), [], [eslint(2)], {
      1: [
        anAnnotation({ path: "src/app.ts", startLine: 11 }),
        anAnnotation({ path: "src/app.ts", startLine: 10 }),
      ],
    });

    expect(plan.result.placed.map((f) => [f.id, f.line])).toEqual([["F1", 10]]);
    expect(plan.newComments).toHaveLength(1);
  });

  it("resolves, on an incremental pass, a checks finding the check no longer reports (never carried)", async () => {
    const first = await pass(diffOf("full", [file], [file]), [], [eslint(1)], {
      1: [anAnnotation({ path: "src/app.ts", startLine: 10 })],
    });

    const next = await pass(
      diffOf("incremental", [file, otherFile], [otherFile]),
      storedOf(first),
      [eslint(0)],
      {},
    );

    expect(next.result.placed).toEqual([]);
    expect(next.resolved.map((f) => f.id)).toEqual(["F1"]);
  });

  it("keeps the open findings of a check it could not read this time", async () => {
    const first = await pass(diffOf("full", [file], [file]), [], [eslint(1)], {
      1: [anAnnotation({ path: "src/app.ts", startLine: 10 })],
    });

    const next = await pass(
      diffOf("incremental", [file, otherFile], [otherFile]),
      storedOf(first),
      [eslint(0, "in_progress")],
      {},
    );

    expect(next.result.placed.map((f) => f.id)).toEqual(["F1"]);
    expect(next.resolved).toEqual([]);
  });

  it("leaves a fixed claim on a finding of a check it could not read pending, not 'still present'", async () => {
    const first = await pass(diffOf("full", [file], [file]), [], [eslint(1)], {
      1: [anAnnotation({ path: "src/app.ts", startLine: 10 })],
    });
    const claimed = storedOf(first).map((f) => ({
      ...f,
      disposition: {
        disposition: "fixed" as const,
        by: "fixer[bot]",
        at: "2026-12-03T09:00:00Z",
        source: "comment" as const,
      },
    }));

    const unread = await pass(
      diffOf("incremental", [file, otherFile], [otherFile]),
      claimed,
      [eslint(0, "in_progress")],
      {},
    );
    const readAgain = await pass(diffOf("full", [file], [file]), claimed, [eslint(1)], {
      1: [anAnnotation({ path: "src/app.ts", startLine: 10 })],
    });

    // eslint is still running: nothing checked the claim yet.
    expect(unread.result.dispositionRows.map((r) => [r.id, r.verified])).toEqual([
      ["F1", "pending"],
    ]);
    // eslint read again and still reports it: the claim is false.
    expect(readAgain.result.dispositionRows.map((r) => [r.id, r.verified])).toEqual([
      ["F1", "still_present"],
    ]);
  });

  it("keeps the open checks findings when the engine fails altogether", async () => {
    const first = await pass(diffOf("full", [file], [file]), [], [eslint(1)], {
      1: [anAnnotation({ path: "src/app.ts", startLine: 10 })],
    });
    const failing = {
      ...createChecksReviewEngine({
        reader: fakeReader([], {}),
        repo: { owner: "o", repo: "r" },
        headSha: "a",
      }),
      review: async () => {
        throw new Error("HTTP 502");
      },
    };
    const next = await planPass({
      diff: diffOf("full", [file], [file]),
      stored: storedOf(first),
      config: CONFIG,
      headSha: "a".repeat(40),
      marker: "<!-- m -->",
      engines: [failing],
    });

    expect(next.result.placed.map((f) => f.id)).toEqual(["F1"]);
    expect(next.resolved).toEqual([]);
    expect(next.result.engineErrors).toEqual([{ engine: "checks", message: "HTTP 502" }]);
  });
});
