import picomatch from "picomatch";
import type { RepoConfig } from "../../config/schema.ts";
import type { CheckRunInfo, CheckRunsReader } from "../../github/check-runs-reader.ts";
import type { RepoRef } from "../../github/refs.ts";
import type { Finding } from "../../review/finding.ts";
import { CHECKS_ENGINE } from "../../review/fingerprint.ts";
import type { EngineError } from "../../review/render-summary.ts";
import type { ReviewEngine } from "../review-engine.ts";
import { annotationsToFindings, checkRuleId } from "./annotations-to-findings.ts";
import { type SelectedCheckRuns, selectCheckRuns } from "./select-check-runs.ts";

/** GitHub's annotations the engine reads per check run (one page). */
export const MAX_ANNOTATIONS_PER_RUN = 50;

/** Where the checks engine reads: one head commit of one repository. */
export interface ChecksEngineOptions {
  reader: CheckRunsReader;
  repo: RepoRef;
  headSha: string;
  /** The head's check runs when the caller read them already (the wait step), else read here. */
  runs?: readonly CheckRunInfo[];
}

/**
 * The checks engine (`engines.checks`): reads the selected check runs of the head commit (see
 * `selectCheckRuns`; never reviewloop's own), and turns the annotations of each completed one
 * (the first 50) into findings (`annotationsToFindings`). It reads every annotation of the head,
 * whatever files the pass reviews (an incremental pass too), except those on paths outside
 * `review.paths`. Coverage lines, as engine errors of engine `checks`: a selected check that had
 * not completed or never started (its annotations are missing), a run with more than 50
 * annotations, a run whose annotations could not be read. The open findings of those checks
 * stand as they were (`unreadRuleIds`): a check that was not read did not say they are fixed.
 */
export function createChecksReviewEngine(options: ChecksEngineOptions): ReviewEngine {
  return {
    name: CHECKS_ENGINE,
    isEnabled: (config) => config.engines.checks.enabled,
    async review({ config }) {
      const settings = config.engines.checks;
      const runs =
        options.runs ?? (await options.reader.listCheckRuns(options.repo, options.headSha));
      const selected = selectCheckRuns(runs, settings);
      const errors: EngineError[] = missingErrors(selected, settings);
      // Checks not read, or read only in part: their open findings stand (see planPass).
      const unread = new Set([
        ...selected.running.map((run) => checkRuleId(run.name)),
        ...selected.absent.map(checkRuleId),
      ]);
      const inPaths = pathFilter(config.review.paths);
      const findings: Finding[] = [];
      const read = await Promise.all(
        selected.completed
          .filter((run) => run.output.annotationsCount > 0)
          .map(async (run) => {
            try {
              const annotations = await options.reader.listAnnotations(
                options.repo,
                run.id,
                MAX_ANNOTATIONS_PER_RUN,
              );
              return { run, annotations };
            } catch (error) {
              return { run, error: (error as Error).message ?? String(error) };
            }
          }),
      );
      for (const entry of read) {
        const { run } = entry;
        if ("error" in entry) {
          unread.add(checkRuleId(run.name));
          errors.push({
            engine: CHECKS_ENGINE,
            message: `could not read the annotations of \`${run.name}\`: ${entry.error}`,
          });
          continue;
        }
        findings.push(
          ...annotationsToFindings(run.name, entry.annotations, settings.severity).filter((f) =>
            inPaths(f.path),
          ),
        );
        if (run.output.annotationsCount > MAX_ANNOTATIONS_PER_RUN) {
          unread.add(checkRuleId(run.name));
          errors.push({
            engine: CHECKS_ENGINE,
            message: `\`${run.name}\` has ${run.output.annotationsCount} annotations; only the first ${MAX_ANNOTATIONS_PER_RUN} were read`,
          });
        }
      }
      return { findings, skipped: [], errors, unreadRuleIds: [...unread] };
    },
  };
}

/** One coverage line per selected check whose annotations this pass could not read. */
function missingErrors(
  selected: SelectedCheckRuns,
  settings: RepoConfig["engines"]["checks"],
): EngineError[] {
  const waited = settings.wait ? ` after waiting ${settings.timeout_minutes} min` : "";
  const errors: EngineError[] = [];
  for (const run of selected.running) {
    errors.push({
      engine: CHECKS_ENGINE,
      message: `\`${run.name}\` had not completed${waited} (${run.status}); its annotations are missing`,
    });
  }
  for (const name of selected.absent) {
    errors.push({
      engine: CHECKS_ENGINE,
      message: `\`${name}\` has no check run on this commit${waited}; its annotations are missing`,
    });
  }
  return errors;
}

/** `review.paths` for annotation paths (picomatch, dotfiles included, as for the diff's files). */
function pathFilter(paths: RepoConfig["review"]["paths"]): (path: string) => boolean {
  const included = picomatch(paths.include, { dot: true });
  const excluded = paths.exclude.length > 0 ? picomatch(paths.exclude, { dot: true }) : () => false;
  return (path) => included(path) && !excluded(path);
}
