import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, type RepoConfig } from "../../../src/config/index.ts";
import { createChecksReviewEngine } from "../../../src/engines/checks/index.ts";
import type { CheckRunInfo } from "../../../src/github/check-runs-reader.ts";
import type { Finding } from "../../../src/review/finding.ts";
import { anAnnotation, aRun, fakeReader } from "./checks-fixtures.ts";

const HEAD = "abc1234".padEnd(40, "0");
const REPO = { owner: "o", repo: "r" };
const OURS = aRun({
  id: 99,
  name: "reviewloop",
  appSlug: "reviewloop",
  externalId: `reviewloop:1#2@${HEAD}/3.0`,
  output: { title: null, summary: null, annotationsCount: 4 },
});

function config(checks: Partial<RepoConfig["engines"]["checks"]>, review = {}): RepoConfig {
  return {
    ...DEFAULT_CONFIG,
    review: { ...DEFAULT_CONFIG.review, ...review },
    engines: {
      ...DEFAULT_CONFIG.engines,
      checks: { ...DEFAULT_CONFIG.engines.checks, enabled: true, wait: false, ...checks },
    },
  };
}

function withAnnotations(run: Partial<CheckRunInfo> & { name: string; id: number }, count = 1) {
  return aRun({ ...run, output: { title: null, summary: null, annotationsCount: count } });
}

async function review(
  runs: CheckRunInfo[],
  settings: Partial<RepoConfig["engines"]["checks"]>,
  review: Partial<RepoConfig["review"]> = {},
) {
  const reader = fakeReader(runs, {
    1: [anAnnotation({ path: "src/a.ts", startLine: 1, message: "from eslint" })],
    2: [anAnnotation({ path: "src/a.ts", startLine: 2, message: "from tsc" })],
    3: [anAnnotation({ path: "src/a.ts", startLine: 3, message: "from codecov" })],
    99: [anAnnotation({ path: "src/a.ts", startLine: 9, message: "our own finding" })],
  });
  const engine = createChecksReviewEngine({ reader, repo: REPO, headSha: HEAD });
  const output = await engine.review({ files: [], config: config(settings, review) });
  const messages = (output.findings as Finding[]).map((f) => f.body);
  return { output, messages, reader };
}

const ESLINT = withAnnotations({ id: 1, name: "eslint" });
const TSC = withAnnotations({ id: 2, name: "tsc" });
const CODECOV = withAnnotations({ id: 3, name: "codecov/patch", appSlug: "codecov" });

describe("checks engine", () => {
  it("is off unless engines.checks.enabled", () => {
    const engine = createChecksReviewEngine({
      reader: fakeReader([], {}),
      repo: REPO,
      headSha: HEAD,
    });
    expect(engine.isEnabled(DEFAULT_CONFIG)).toBe(false);
    expect(engine.isEnabled(config({}))).toBe(true);
  });

  it("reads every check run but its own when names and apps are empty", async () => {
    const { messages, reader } = await review([ESLINT, TSC, CODECOV, OURS], {});
    expect(messages).toEqual(["from eslint", "from tsc", "from codecov"]);
    expect(reader.read).not.toContain(99);
  });

  it("reads the runs named in names, and those of the apps in apps", async () => {
    expect((await review([ESLINT, TSC, CODECOV], { names: ["tsc"] })).messages).toEqual([
      "from tsc",
    ]);
    expect(
      (await review([ESLINT, TSC, CODECOV], { names: ["tsc"], apps: ["codecov"] })).messages,
    ).toEqual(["from tsc", "from codecov"]);
  });

  it("never reads reviewloop's own check run, even when named", async () => {
    const { messages, reader } = await review([OURS, ESLINT], { names: ["reviewloop", "eslint"] });
    expect(messages).toEqual(["from eslint"]);
    expect(reader.read).toEqual([1]);
  });

  it("reads another app's check run named reviewloop (not ours: no external id of ours)", async () => {
    const impostor = withAnnotations({ id: 1, name: "reviewloop", appSlug: "other" });
    expect((await review([impostor], {})).messages).toEqual(["from eslint"]);
  });

  it("reads only completed runs and says which selected checks are missing", async () => {
    const running = aRun({ id: 2, name: "tsc", status: "in_progress", conclusion: null });
    const { output, reader } = await review([ESLINT, running], {
      names: ["eslint", "tsc", "build"],
      wait: true,
      timeout_minutes: 15,
    });
    expect(reader.read).toEqual([1]);
    // Their open findings stand: these checks did not say they are fixed.
    expect(output.unreadRuleIds).toEqual(["checks/tsc", "checks/build"]);
    expect(output.errors).toEqual([
      {
        engine: "checks",
        message:
          "`tsc` had not completed after waiting 15 min (in_progress); its annotations are missing",
      },
      {
        engine: "checks",
        message:
          "`build` has no check run on this commit after waiting 15 min; its annotations are missing",
      },
    ]);
  });

  it("reads at most 50 annotations of a run and says when it has more", async () => {
    const many = withAnnotations({ id: 7, name: "eslint" }, 120);
    const reader = fakeReader([many], {
      7: Array.from({ length: 120 }, (_, i) =>
        anAnnotation({ path: "a.ts", startLine: i + 1, message: `m${i}` }),
      ),
    });
    const engine = createChecksReviewEngine({ reader, repo: REPO, headSha: HEAD });
    const output = await engine.review({ files: [], config: config({}) });
    expect(output.findings).toHaveLength(50);
    expect(output.errors).toEqual([
      { engine: "checks", message: "`eslint` has 120 annotations; only the first 50 were read" },
    ]);
  });

  it("does not read runs without annotations", async () => {
    const clean = aRun({ id: 5, name: "build" });
    const { reader } = await review([clean, ESLINT], {});
    expect(reader.read).toEqual([1]);
  });

  it("keeps the other runs' findings when one run's annotations cannot be read", async () => {
    const reader = fakeReader([ESLINT, TSC], {
      1: new Error("HTTP 500"),
      2: [anAnnotation({ path: "a.ts", startLine: 1, message: "from tsc" })],
    });
    const engine = createChecksReviewEngine({ reader, repo: REPO, headSha: HEAD });
    const output = await engine.review({ files: [], config: config({}) });
    expect((output.findings as Finding[]).map((f) => f.body)).toEqual(["from tsc"]);
    expect(output.errors).toEqual([
      { engine: "checks", message: "could not read the annotations of `eslint`: HTTP 500" },
    ]);
  });

  it("leaves out annotations on paths outside review.paths", async () => {
    const { messages } = await review(
      [ESLINT],
      {},
      { paths: { include: ["**"], exclude: ["src/**"] } },
    );
    expect(messages).toEqual([]);
  });

  it("uses the runs it is given instead of reading them again", async () => {
    const reader = fakeReader([], { 1: [anAnnotation({ path: "a.ts", startLine: 1 })] });
    const engine = createChecksReviewEngine({ reader, repo: REPO, headSha: HEAD, runs: [ESLINT] });
    const output = await engine.review({ files: [], config: config({}) });
    expect(output.findings).toHaveLength(1);
    expect(reader.listed).toBe(0);
  });
});
