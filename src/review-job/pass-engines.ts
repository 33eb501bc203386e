import { builtinReviewEngine } from "../engines/builtin-review-engine.ts";
import { createChecksReviewEngine } from "../engines/checks/checks-review-engine.ts";
import { createLlmReviewEngine } from "../engines/llm/llm-review-engine.ts";
import type { ReviewEngine } from "../engines/review-engine.ts";
import type { CheckRunInfo } from "../github/check-runs-reader.ts";
import type { PullRequestInfo } from "../github/pull-request-reader.ts";
import type { RepoRef } from "../github/refs.ts";
import { createLlmCache } from "../store/llm-cache-repository.ts";
import type { PassDeps, ReviewJob } from "./pass-types.ts";

/** What the engines of one pass are built from. */
export interface PassEngineInput {
  ref: RepoRef;
  job: Pick<ReviewJob, "installationId" | "repoId" | "headSha">;
  pr: Pick<PullRequestInfo, "title" | "body">;
  /** The head's check runs, if the wait step read them already. */
  runs?: readonly CheckRunInfo[];
}

/**
 * The engines of one pass: the caller's (`deps.engines`, tests) or else the builtin rules, the
 * checks engine over the installation's check runs of this head, and the LLM engine (each runs
 * when its config turns it on; the LLM engine reports itself off without a provider). The LLM
 * engine reads head files through the pass's GitHub client and caches answers per repository.
 */
export function passEngines(
  deps: Pick<PassDeps, "engines" | "github" | "db" | "llm" | "log" | "signal">,
  input: PassEngineInput,
): readonly ReviewEngine[] {
  if (deps.engines !== undefined) return deps.engines;
  const { ref, job } = input;
  const readFile = deps.github.pulls.readFile?.bind(deps.github.pulls);
  return [
    builtinReviewEngine,
    createChecksReviewEngine({
      reader: deps.github.checkRuns,
      repo: ref,
      headSha: job.headSha,
      ...(input.runs === undefined ? {} : { runs: input.runs }),
    }),
    createLlmReviewEngine({
      settings: deps.llm?.settings,
      cache: createLlmCache(deps.db, { installationId: job.installationId, repoId: job.repoId }),
      ...(deps.llm?.client === undefined ? {} : { client: deps.llm.client }),
      ...(readFile === undefined ? {} : { readFile: (path) => readFile(ref, path, job.headSha) }),
      pr: { title: input.pr.title ?? "", body: input.pr.body ?? "" },
      log: deps.log,
      ...(deps.signal === undefined ? {} : { signal: deps.signal }),
      ...(deps.llm?.onUsage === undefined ? {} : { onUsage: deps.llm.onUsage }),
    }),
  ];
}
