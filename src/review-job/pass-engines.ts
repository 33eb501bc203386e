import { builtinReviewEngine } from "../engines/builtin-review-engine.ts";
import { createChecksReviewEngine } from "../engines/checks/checks-review-engine.ts";
import type { ReviewEngine } from "../engines/review-engine.ts";
import type { CheckRunInfo } from "../github/check-runs-reader.ts";
import type { RepoRef } from "../github/refs.ts";
import type { PassDeps } from "./pass-types.ts";

/**
 * The engines of one pass: the caller's (`deps.engines`, tests) or else the builtin rules and the
 * checks engine over the installation's check runs of this head (each runs when its config turns
 * it on). `runs` are the head's check runs if the wait step read them already.
 */
export function passEngines(
  deps: Pick<PassDeps, "engines" | "github">,
  repo: RepoRef,
  headSha: string,
  runs: readonly CheckRunInfo[] | undefined,
): readonly ReviewEngine[] {
  if (deps.engines !== undefined) return deps.engines;
  return [
    builtinReviewEngine,
    createChecksReviewEngine({
      reader: deps.github.checkRuns,
      repo,
      headSha,
      ...(runs === undefined ? {} : { runs }),
    }),
  ];
}
