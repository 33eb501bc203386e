import type { PullRequestLabels } from "../github/pull-request-labels.ts";
import type { RepoRef } from "../github/refs.ts";
import { NEEDS_HUMAN_LABEL } from "../remediation/render-hand-off.ts";

/** Creates `reviewloop:needs-human` unless the repository has it (idempotent). */
export function ensureNeedsHumanLabel(labels: PullRequestLabels, repo: RepoRef): Promise<void> {
  return labels.ensureLabel(repo, {
    name: NEEDS_HUMAN_LABEL,
    color: "d93f0b",
    description: "reviewloop stopped its automated rounds: a person needs to take over",
  });
}
