import { z } from "zod";
import { callGitHub } from "./call-github.ts";
import type { InstallationOctokit } from "./github-clients.ts";
import type { RepoRef } from "./refs.ts";

export const checkRunOutputSchema = z.object({
  id: z.number().int(),
  status: z.string(),
  conclusion: z.string().nullish(),
  output: z.object({
    title: z.string().nullish(),
    summary: z.string().nullish(),
    text: z.string().nullish(),
  }),
});

/** A check run's status and output, as `GET /repos/{o}/{r}/check-runs/{id}` shows it. */
export interface CheckRunState {
  status: string;
  conclusion: string | null;
  title: string;
  summary: string;
  text: string;
}

/** Reads one check run (port: the remediation section is written into its summary). */
export interface CheckRunReader {
  readCheckRun(repo: RepoRef, checkRunId: number): Promise<CheckRunState>;
}

export function octokitCheckRunReader(octokit: InstallationOctokit): CheckRunReader {
  return {
    async readCheckRun({ owner, repo }, checkRunId) {
      const { data } = await callGitHub(() =>
        octokit.rest.checks.get({ owner, repo, check_run_id: checkRunId }),
      );
      const run = checkRunOutputSchema.parse(data);
      return {
        status: run.status,
        conclusion: run.conclusion ?? null,
        title: run.output.title ?? "",
        summary: run.output.summary ?? "",
        text: run.output.text ?? "",
      };
    },
  };
}
