import { describe, expect, it } from "vitest";
import {
  classifyChecks,
  isOwnCheckRun,
  workflowRunIdOf,
} from "../../src/remediation/classify-checks.ts";
import { checkRunInfo, checkSuiteInfo } from "./check-run-fixtures.ts";

const none = { fixerRunIds: new Set<number>() };

describe("classifyChecks", () => {
  it.each([
    ["queued", null, "pending"],
    ["in_progress", null, "pending"],
    ["waiting", null, "pending"],
    ["requested", null, "pending"],
    ["completed", "failure", "failing"],
    ["completed", "timed_out", "failing"],
    ["completed", "cancelled", "failing"],
    ["completed", "action_required", "failing"],
    ["completed", "success", "neither"],
    ["completed", "neutral", "neither"],
    ["completed", "skipped", "neither"],
    ["completed", "stale", "neither"],
  ] as const)("a check %s / %s is %s", (status, conclusion, expected) => {
    const seen = classifyChecks([checkRunInfo({ name: "ci", status, conclusion })], none);

    expect({
      pending: seen.pending.includes("ci"),
      failing: seen.failing.includes("ci"),
    }).toEqual({ pending: expected === "pending", failing: expected === "failing" });
  });

  it("names each check once, sorted, with the failing runs in the same order", () => {
    const zeta = checkRunInfo({ name: "zeta", conclusion: "failure" });
    const alpha = checkRunInfo({ name: "alpha", conclusion: "timed_out" });
    const seen = classifyChecks(
      [
        zeta,
        alpha,
        checkRunInfo({ name: "zeta", conclusion: "failure" }),
        checkRunInfo({ name: "mid", status: "queued", conclusion: null }),
        checkRunInfo({ name: "beta", status: "in_progress", conclusion: null }),
      ],
      none,
    );

    expect(seen.failing).toEqual(["alpha", "zeta"]);
    expect(seen.failingRuns.map((run) => run.id)).toEqual([alpha.id, zeta.id]);
    expect(seen.pending).toEqual(["beta", "mid"]);
  });

  it("leaves out reviewloop's own check run, failing or pending", () => {
    const ours = {
      name: "reviewloop",
      externalId: `reviewloop:1#2@${"a".repeat(40)}/3.0`,
      appSlug: "reviewloop",
    };
    const seen = classifyChecks(
      [
        checkRunInfo({ ...ours, conclusion: "failure" }),
        checkRunInfo({ ...ours, status: "in_progress", conclusion: null }),
        checkRunInfo({ name: "lint", conclusion: "failure" }),
      ],
      none,
    );

    expect(seen).toMatchObject({ pending: [], failing: ["lint"] });
  });

  it("leaves out the jobs of the fixer's own workflow runs, and only those", () => {
    const fixerJob = checkRunInfo({
      name: "fix",
      appSlug: "github-actions",
      conclusion: "failure",
      detailsUrl: "https://github.com/acme/widgets/actions/runs/777/job/1001",
    });
    const ciJob = checkRunInfo({
      name: "test",
      appSlug: "github-actions",
      conclusion: "failure",
      htmlUrl: "https://github.com/acme/widgets/actions/runs/7770/job/1002",
    });

    const seen = classifyChecks([fixerJob, ciJob], { fixerRunIds: new Set([777]) });

    expect(seen.failing).toEqual(["test"]);
  });
});

describe("classifyChecks with the head's check suites", () => {
  it("counts a GitHub Actions suite that has no check runs yet as pending", () => {
    const queued = checkSuiteInfo({
      id: 4411,
      status: "queued",
      conclusion: null,
      latestCheckRunsCount: 0,
    });
    const requested = checkSuiteInfo({
      id: 4412,
      status: "requested",
      conclusion: null,
      latestCheckRunsCount: 0,
    });

    const seen = classifyChecks([checkRunInfo({ name: "lint", conclusion: "failure" })], none, [
      queued,
      requested,
    ]);

    expect(seen.pending).toEqual([
      "GitHub Actions suite 4411 (no jobs yet)",
      "GitHub Actions suite 4412 (no jobs yet)",
    ]);
    expect(seen.failing).toEqual(["lint"]);
  });

  it("leaves its check runs to speak for a suite that has them, and ignores completed suites", () => {
    const seen = classifyChecks([checkRunInfo({ name: "test", conclusion: "success" })], none, [
      checkSuiteInfo({ status: "in_progress", conclusion: null, latestCheckRunsCount: 1 }),
      checkSuiteInfo({ status: "completed", conclusion: "success", latestCheckRunsCount: 0 }),
    ]);

    expect(seen.pending).toEqual([]);
  });

  it("ignores run-less suites of other apps (reviewloop's own too): they may never start", () => {
    const seen = classifyChecks([], none, [
      checkSuiteInfo({
        appSlug: "reviewloop",
        status: "queued",
        conclusion: null,
        latestCheckRunsCount: 0,
      }),
      checkSuiteInfo({
        appSlug: "some-app",
        status: "queued",
        conclusion: null,
        latestCheckRunsCount: 0,
      }),
      checkSuiteInfo({
        appSlug: null,
        status: "queued",
        conclusion: null,
        latestCheckRunsCount: 0,
      }),
    ]);

    expect(seen.pending).toEqual([]);
  });
});

describe("workflowRunIdOf", () => {
  it.each([
    ["https://github.com/o/r/actions/runs/123/job/456", 123],
    ["https://github.com/o/r/actions/runs/123", 123],
    ["https://github.com/o/r/actions/runs/123?check_suite_focus=true", 123],
    ["https://ci.example.com/build/123", null],
    ["https://github.com/o/r/actions/runs/12x/job/4", null],
  ])("%s → %s", (url, expected) => {
    expect(workflowRunIdOf({ detailsUrl: url, htmlUrl: null })).toBe(expected);
  });

  it("reads html_url when details_url names no run", () => {
    expect(
      workflowRunIdOf({
        detailsUrl: "https://ci.example.com/x",
        htmlUrl: "https://github.com/o/r/actions/runs/9/job/1",
      }),
    ).toBe(9);
  });
});

describe("isOwnCheckRun", () => {
  it("knows our check run by our external_id, or by name and our app's slug", () => {
    expect(isOwnCheckRun({ name: "x", externalId: "reviewloop:1#2@abcdef0", appSlug: null })).toBe(
      true,
    );
    expect(
      isOwnCheckRun({ name: "reviewloop", externalId: null, appSlug: "my-loop" }, "my-loop"),
    ).toBe(true);
    expect(
      isOwnCheckRun({ name: "reviewloop", externalId: null, appSlug: "someone-else" }, "my-loop"),
    ).toBe(false);
    expect(isOwnCheckRun({ name: "reviewloop", externalId: "ci-42", appSlug: "ci" })).toBe(false);
  });
});
