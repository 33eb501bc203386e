import { describe, expect, it } from "vitest";
import {
  BUILTIN_RULE_IDS,
  BUILTIN_RULES,
  runBuiltinEngine,
} from "../../../src/engines/builtin/index.ts";
import { findingSchema } from "../../../src/review/finding.ts";
import { makeAddedFile, makeDiffFile, makeModifiedFile } from "./make-diff.ts";
import { makeLargeDiff } from "./make-large-diff.ts";

const fakeToken = `${"gh"}p_${"Zq8".repeat(4)}${"Xv3Kt9".repeat(4)}`;

/** A diff in which every builtin rule has something to report. */
function makeDiffForEveryRule() {
  return [
    makeAddedFile("src/merge.ts", ["<<<<<<< HEAD", "a", "=======", "b", ">>>>>>> topic"]),
    makeAddedFile("src/config.ts", [`export const token = "${fakeToken}";`]),
    makeAddedFile("src/util.ts", ['it.only("x", () => {});', "console.log(1);", "// TODO tidy"]),
    makeDiffFile({ path: "assets/photo.jpg", status: "added", binary: true, patchMissing: true }),
    makeDiffFile({
      path: "package.json",
      lines: ['   "dependencies": {', '+    "zod": "^4.0.0",', "   }"],
    }),
  ];
}

describe("engines/builtin/run-builtin-engine", () => {
  it("has one documented entry per rule id, and every id is unique", () => {
    expect(new Set(BUILTIN_RULE_IDS).size).toBe(BUILTIN_RULES.length);
    for (const rule of BUILTIN_RULES) {
      expect(rule.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(rule.description.length).toBeGreaterThan(10);
    }
  });

  it("reports every rule on a diff that breaks each one, with findings valid against findingSchema", async () => {
    const result = await runBuiltinEngine({ files: makeDiffForEveryRule() });

    expect(result.errors).toEqual([]);
    expect(new Set(result.findings.map((finding) => finding.ruleId))).toEqual(
      new Set(BUILTIN_RULE_IDS),
    );
    for (const finding of result.findings) {
      expect(findingSchema.safeParse(finding).success).toBe(true);
      expect(finding.engine).toBe("builtin");
    }
  });

  it("lets lockfile-drift see a lockfile that every other rule skips", async () => {
    const files = [
      makeDiffFile({
        path: "package.json",
        lines: ['   "dependencies": {', '+    "zod": "^4.0.0",', "   }"],
      }),
      makeModifiedFile("package-lock.json", [
        '      "version": "4.0.0",',
        "      // TODO not a comment in JSON anyway",
      ]),
    ];

    const result = await runBuiltinEngine({ files });

    expect(result.findings.filter((finding) => finding.ruleId === "lockfile-drift")).toEqual([]);
    expect(result.findings.filter((finding) => finding.path === "package-lock.json")).toEqual([]);
    expect(result.skipped).toEqual([{ path: "package-lock.json", reason: "lockfile" }]);
  });

  it("applies the large-file threshold option", async () => {
    const file = makeAddedFile(
      "data/seed.sql",
      Array.from({ length: 100 }, () => "insert into t values (1);"),
    );

    const small = await runBuiltinEngine({ files: [file], options: { largeFileBytes: 1000 } });
    const large = await runBuiltinEngine({ files: [file] });

    expect(small.findings.map((finding) => finding.ruleId)).toContain("large-file");
    expect(large.findings.map((finding) => finding.ruleId)).not.toContain("large-file");
  });

  it("reviews 2,000 files with 100,000 added lines and still finds a planted secret", async () => {
    const files = makeLargeDiff(2000, 50, fakeToken);

    const started = performance.now();
    const result = await runBuiltinEngine({ files });
    const elapsedMs = performance.now() - started;

    console.info(`builtin engine: 2,000 files / 100,000 added lines in ${elapsedMs.toFixed(0)} ms`);
    expect(result.errors).toEqual([]);
    expect(result.findings.filter((finding) => finding.ruleId === "secret")).toEqual([
      expect.objectContaining({ path: "src/module-20/file-1000.ts", line: 8 }),
    ]);
  });
});
