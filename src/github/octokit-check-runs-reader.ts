import { z } from "zod";
import { callGitHub } from "./call-github.ts";
import type {
  CheckRunAnnotation,
  CheckRunInfo,
  CheckRunsReader,
  CheckSuiteInfo,
} from "./check-runs-reader.ts";
import type { InstallationOctokit } from "./github-clients.ts";

export const checkRunSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  head_sha: z.string(),
  status: z.string(),
  conclusion: z.string().nullable(),
  external_id: z.string().nullish(),
  details_url: z.string().nullish(),
  html_url: z.string().nullish(),
  started_at: z.string().nullish(),
  completed_at: z.string().nullish(),
  app: z.object({ slug: z.string().nullish() }).nullish(),
  output: z
    .object({
      title: z.string().nullish(),
      summary: z.string().nullish(),
      annotations_count: z.number().int().nullish(),
    })
    .nullish(),
});

export const listSchema = z.object({
  total_count: z.number().int(),
  check_runs: z.array(checkRunSchema),
});

export const checkSuiteSchema = z.object({
  id: z.number().int(),
  status: z.string().nullish(),
  conclusion: z.string().nullish(),
  latest_check_runs_count: z.number().int().nullish(),
  app: z.object({ slug: z.string().nullish(), name: z.string().nullish() }).nullish(),
});

export const suiteListSchema = z.object({
  total_count: z.number().int(),
  check_suites: z.array(checkSuiteSchema),
});

export const annotationSchema = z.object({
  path: z.string(),
  start_line: z.number().int(),
  end_line: z.number().int(),
  annotation_level: z.string().nullish(),
  title: z.string().nullish(),
  message: z.string().nullish(),
  raw_details: z.string().nullish(),
});

const PAGE = 100;

function toInfo(run: z.infer<typeof checkRunSchema>): CheckRunInfo {
  return {
    id: run.id,
    name: run.name,
    appSlug: run.app?.slug ?? null,
    status: run.status,
    conclusion: run.conclusion,
    headSha: run.head_sha,
    externalId: run.external_id ?? null,
    detailsUrl: run.details_url ?? null,
    htmlUrl: run.html_url ?? null,
    startedAt: run.started_at ?? null,
    completedAt: run.completed_at ?? null,
    output: {
      title: run.output?.title ?? null,
      summary: run.output?.summary ?? null,
      annotationsCount: run.output?.annotations_count ?? 0,
    },
  };
}

function toSuiteInfo(suite: z.infer<typeof checkSuiteSchema>): CheckSuiteInfo {
  return {
    id: suite.id,
    appSlug: suite.app?.slug ?? null,
    appName: suite.app?.name ?? null,
    status: suite.status ?? null,
    conclusion: suite.conclusion ?? null,
    latestCheckRunsCount: suite.latest_check_runs_count ?? 0,
  };
}

function toLevel(level: string | null | undefined): CheckRunAnnotation["level"] {
  return level === "failure" || level === "warning" ? level : "notice";
}

/** CheckRunsReader over an installation Octokit (reads only: retried freely). */
export function octokitCheckRunsReader(octokit: InstallationOctokit): CheckRunsReader {
  return {
    async listCheckRuns(repo, sha, max = 300) {
      const runs: CheckRunInfo[] = [];
      for (let page = 1; runs.length < max; page++) {
        const { data } = await callGitHub(() =>
          octokit.rest.checks.listForRef({
            owner: repo.owner,
            repo: repo.repo,
            ref: sha,
            filter: "latest",
            per_page: PAGE,
            page,
          }),
        );
        const parsed = listSchema.parse(data);
        runs.push(...parsed.check_runs.map(toInfo));
        if (parsed.check_runs.length < PAGE || runs.length >= parsed.total_count) break;
      }
      return runs.slice(0, max);
    },

    async listCheckSuites(repo, sha, max = 300) {
      const suites: CheckSuiteInfo[] = [];
      for (let page = 1; suites.length < max; page++) {
        const { data } = await callGitHub(() =>
          octokit.rest.checks.listSuitesForRef({
            owner: repo.owner,
            repo: repo.repo,
            ref: sha,
            per_page: PAGE,
            page,
          }),
        );
        const parsed = suiteListSchema.parse(data);
        suites.push(...parsed.check_suites.map(toSuiteInfo));
        if (parsed.check_suites.length < PAGE || suites.length >= parsed.total_count) break;
      }
      return suites.slice(0, max);
    },

    async listAnnotations(repo, checkRunId, max = 50) {
      const out: CheckRunAnnotation[] = [];
      for (let page = 1; out.length < max; page++) {
        const perPage = Math.min(PAGE, max);
        const { data } = await callGitHub(() =>
          octokit.rest.checks.listAnnotations({
            owner: repo.owner,
            repo: repo.repo,
            check_run_id: checkRunId,
            per_page: perPage,
            page,
          }),
        );
        const parsed = z.array(annotationSchema).parse(data);
        for (const a of parsed) {
          out.push({
            path: a.path,
            startLine: a.start_line,
            endLine: a.end_line,
            level: toLevel(a.annotation_level),
            title: a.title ?? null,
            message: a.message ?? "",
            rawDetails: a.raw_details ?? null,
          });
        }
        if (parsed.length < perPage) break;
      }
      return out.slice(0, max);
    },
  };
}
