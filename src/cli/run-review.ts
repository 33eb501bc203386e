import { runReviewEngines } from "../engines/run-review-engines.ts";
import type { DiffFile } from "../review/diff-types.ts";
import { isAtLeast, type Severity } from "../review/finding.ts";
import { parseGitDiff } from "../review/parse-git-diff.ts";
import { reviewDiff } from "../review/review-pass.ts";
import type { CliIo } from "./cli-command.ts";
import { assertGitRepository, readDiff, readFileSizes, resolveCommit } from "./git.ts";
import { loadConfig } from "./load-config.ts";
import { toReviewReport } from "./review-report.ts";
import { EXIT } from "./run-cli.ts";

/** The parsed options of `reviewloop review`. */
export interface ReviewArgs {
  repo: string;
  base: string;
  head: string;
  format: "json" | "markdown";
  config: string | undefined;
  failOn: Extract<Severity, "critical" | "warning"> | undefined;
}

/**
 * The local review pass: resolve the revisions, load the config, diff `base...head`, run the
 * builtin engine on the files `review.paths` selects, place the findings and print the report.
 * Resolves to the exit status; throws `UsageError` for problems the user can fix.
 */
export async function runReview(args: ReviewArgs, io: CliIo, started: number): Promise<number> {
  await assertGitRepository(args.repo);
  const base = await resolveCommit(args.repo, args.base);
  const head = await resolveCommit(args.repo, args.head);
  const { config, warnings } = await loadConfig(args.repo, args.config);
  for (const warning of warnings) io.stderr(`reviewloop review: warning: ${warning}\n`);

  const files = parseGitDiff(await readDiff(args.repo, base, head));
  const engine = await runReviewEngines({
    files,
    fileSizes: config.engines.builtin.enabled ? await readFileSizes(args.repo, head) : {},
    config,
  });
  const { filesSkipped, engineErrors } = engine;

  const result = reviewDiff({
    files,
    findings: engine.findings,
    review: config.review,
    summary: { commits: { base, head, mode: "full" }, filesSkipped, engineErrors },
  });
  for (const error of result.engineErrors) {
    io.stderr(`reviewloop review: engine error (${error.engine}): ${error.message}\n`);
  }

  if (args.format === "markdown") {
    io.stdout(`${result.summaryMarkdown}\n`);
  } else {
    const report = toReviewReport({
      result,
      base,
      head,
      stats: {
        files: files.length,
        filesReviewed: result.filesReviewed,
        filesSkipped: files.length - result.filesReviewed,
        ...countChanges(files),
        durationMs: Math.round(performance.now() - started),
      },
    });
    io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  }

  const failOn = args.failOn;
  const failed = failOn !== undefined && result.placed.some((f) => isAtLeast(f.severity, failOn));
  return failed ? EXIT.findings : EXIT.ok;
}

function countChanges(files: readonly DiffFile[]): { additions: number; deletions: number } {
  let additions = 0;
  let deletions = 0;
  for (const file of files) {
    additions += file.additions;
    deletions += file.deletions;
  }
  return { additions, deletions };
}
