import type { CheckRunInfo, CheckSuiteInfo } from "../../src/github/check-runs-reader.ts";

let nextId = 9_000;

/** A check run as the reader returns it: completed `success` by another app unless told. */
export function checkRunInfo(overrides: Partial<CheckRunInfo> = {}): CheckRunInfo {
  return {
    id: ++nextId,
    name: `check-${nextId}`,
    appSlug: "some-ci",
    status: "completed",
    conclusion: "success",
    headSha: "a".repeat(40),
    externalId: null,
    detailsUrl: null,
    htmlUrl: null,
    startedAt: null,
    completedAt: null,
    output: { title: null, summary: null, annotationsCount: 0 },
    ...overrides,
  };
}

/** The same check run as GitHub's REST answer (`GET /commits/{sha}/check-runs`) lists it. */
export function checkRunJson(run: CheckRunInfo) {
  return {
    id: run.id,
    name: run.name,
    head_sha: run.headSha,
    status: run.status,
    conclusion: run.conclusion,
    external_id: run.externalId,
    details_url: run.detailsUrl,
    html_url: run.htmlUrl,
    started_at: run.startedAt,
    completed_at: run.completedAt,
    app: run.appSlug === null ? null : { slug: run.appSlug },
    output: {
      title: run.output.title,
      summary: run.output.summary,
      annotations_count: run.output.annotationsCount,
    },
  };
}

/** A check suite as the reader returns it: a completed GitHub Actions suite with one run unless told. */
export function checkSuiteInfo(overrides: Partial<CheckSuiteInfo> = {}): CheckSuiteInfo {
  return {
    id: ++nextId,
    appSlug: "github-actions",
    appName: "GitHub Actions",
    status: "completed",
    conclusion: "success",
    latestCheckRunsCount: 1,
    ...overrides,
  };
}

/** The same suite as GitHub's REST answer (`GET /commits/{sha}/check-suites`) lists it. */
export function checkSuiteJson(suite: CheckSuiteInfo) {
  return {
    id: suite.id,
    status: suite.status,
    conclusion: suite.conclusion,
    latest_check_runs_count: suite.latestCheckRunsCount,
    app: suite.appSlug === null ? null : { slug: suite.appSlug, name: suite.appName },
  };
}
