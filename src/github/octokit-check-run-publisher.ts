import { z } from "zod";
import { callGitHub } from "./call-github.ts";
import type { CheckRunPublisher } from "./check-run-publisher.ts";
import type { InstallationOctokit } from "./github-clients.ts";

export const createdSchema = z.object({ id: z.number().int() });

export const checkRunSchema = z.object({
  id: z.number().int(),
  status: z.string(),
  conclusion: z.string().nullish(),
  external_id: z.string().nullish(),
  output: z.object({ annotations_count: z.number().int().nullish() }).nullish(),
});

/** CheckRunPublisher over an installation Octokit. */
export function octokitCheckRunPublisher(octokit: InstallationOctokit): CheckRunPublisher {
  return {
    async createCheckRun({ owner, repo }, request) {
      const { data } = await callGitHub(() =>
        octokit.rest.checks.create({ owner, repo, ...request }),
      );
      return { id: createdSchema.parse(data).id };
    },

    async updateCheckRun({ owner, repo }, checkRunId, request) {
      await callGitHub(() =>
        octokit.rest.checks.update({ owner, repo, check_run_id: checkRunId, ...request }),
      );
    },

    async findCheckRun({ owner, repo }, { headSha, name, externalId }) {
      const { data } = await callGitHub(() =>
        octokit.rest.checks.listForRef({
          owner,
          repo,
          ref: headSha,
          check_name: name,
          filter: "all",
          per_page: 100,
        }),
      );
      const found = data.check_runs
        .map((run) => checkRunSchema.parse(run))
        .filter((run) => run.external_id === externalId)
        .sort((a, b) => b.id - a.id)[0];
      return found === undefined
        ? null
        : {
            id: found.id,
            status: found.status,
            conclusion: found.conclusion ?? null,
            annotationsCount: found.output?.annotations_count ?? 0,
          };
    },
  };
}
