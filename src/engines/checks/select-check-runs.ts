import type { RepoConfig } from "../../config/schema.ts";
import { CHECK_RUN_NAME, parseExternalId } from "../../github/check-run-identity.ts";
import type { CheckRunInfo } from "../../github/check-runs-reader.ts";

/** Which check runs the checks engine reads (`engines.checks.names` and `.apps`). */
export type CheckSelection = Pick<RepoConfig["engines"]["checks"], "names" | "apps">;

/** The selected check runs of a head, split by whether they can be read yet. */
export interface SelectedCheckRuns {
  /** Completed runs: their annotations are final. */
  completed: CheckRunInfo[];
  /** Selected runs that have not completed (queued, in progress, waiting). */
  running: CheckRunInfo[];
  /** Names in `names` that no check run of the head has (yet). */
  absent: string[];
}

/**
 * True for reviewloop's own check run: named `reviewloop` with an `external_id` this app wrote.
 * It is never an input of the checks engine (its annotations are our own findings).
 */
export function isOwnCheckRun(run: Pick<CheckRunInfo, "name" | "externalId">): boolean {
  return run.name === CHECK_RUN_NAME && parseExternalId(run.externalId) !== null;
}

/**
 * Picks the check runs to import: those named in `names` (exact, case-sensitive, as GitHub shows
 * them) or created by a GitHub App whose slug is in `apps`; with both empty, every check run.
 * reviewloop's own check run is never picked. Names listed but absent are returned in `absent`.
 */
export function selectCheckRuns(
  runs: readonly CheckRunInfo[],
  selection: CheckSelection,
): SelectedCheckRuns {
  const names = new Set(selection.names);
  const apps = new Set(selection.apps.map((slug) => slug.toLowerCase()));
  const everything = names.size === 0 && apps.size === 0;
  const selected = runs.filter(
    (run) =>
      !isOwnCheckRun(run) &&
      (everything ||
        names.has(run.name) ||
        (run.appSlug !== null && apps.has(run.appSlug.toLowerCase()))),
  );
  const seen = new Set(runs.map((run) => run.name));
  return {
    completed: selected.filter((run) => run.status === "completed"),
    running: selected.filter((run) => run.status !== "completed"),
    absent: selection.names.filter((name) => !seen.has(name)),
  };
}

/**
 * The names the engine still waits for, each once: the names of `names` that are absent or not
 * completed, in the order written, then the other selected runs not completed.
 */
export function pendingNames(selected: SelectedCheckRuns, names: readonly string[]): string[] {
  const waiting = new Set([...selected.absent, ...selected.running.map((run) => run.name)]);
  return [...new Set([...names.filter((name) => waiting.has(name)), ...waiting])];
}
