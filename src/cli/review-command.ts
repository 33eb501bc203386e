import { parseArgs } from "node:util";
import { runBuiltinEngine } from "../engines/builtin/index.ts";
import type { DiffFile } from "../review/diff-types.ts";
import { isAtLeast, type Severity } from "../review/finding.ts";
import { parseGitDiff } from "../review/parse-git-diff.ts";
import type { EngineError, SkippedFile } from "../review/render-summary.ts";
import { reviewDiff, selectReviewedFiles } from "../review/review-pass.ts";
import type { CliCommand, CliIo } from "./cli-command.ts";
import { assertGitRepository, readDiff, readFileSizes, resolveCommit } from "./git.ts";
import { loadConfig } from "./load-config.ts";
import { toReviewReport } from "./review-report.ts";
import { EXIT } from "./run-cli.ts";
import { UsageError } from "./usage-error.ts";

const HELP = `Usage: reviewloop review --base REV [options]

Reviews \`git diff BASE...HEAD\` of a local repository with the builtin rules, as the app
would review a pull request from HEAD into BASE. No GitHub, no network.

Options:
  --repo DIR         repository to review (default: the current directory)
  --base REV         the branch or commit the changes would merge into (required)
  --head REV         the commit to review (default: HEAD)
  --format FORMAT    json (default) or markdown (the review summary)
  --config FILE      a reviewloop.yml to use (default: DIR/.github/reviewloop.yml if present)
  --fail-on LEVEL    exit 1 when a finding is at or above LEVEL: critical or warning
  -h, --help         show this help

Exit status: 0 reviewed; 1 a finding at or above --fail-on; 2 usage error.
`;

const FAIL_ON_LEVELS: readonly Severity[] = ["critical", "warning"];
const FORMATS = ["json", "markdown"] as const;

interface ReviewArgs {
  repo: string;
  base: string;
  head: string;
  format: (typeof FORMATS)[number];
  config: string | undefined;
  failOn: Severity | undefined;
}

/** `reviewloop review`: a local dry run of the review pass. */
export const reviewCommand: CliCommand = {
  name: "review",
  summary: "review `git diff BASE...HEAD` of a local repository with the builtin rules",
  run: runReview,
};

async function runReview(argv: string[], io: CliIo): Promise<number> {
  const started = performance.now();
  const args = readArgs(argv);
  if (args === "help") {
    io.stdout(HELP);
    return EXIT.ok;
  }

  await assertGitRepository(args.repo);
  const base = await resolveCommit(args.repo, args.base);
  const head = await resolveCommit(args.repo, args.head);
  const { config, warnings } = await loadConfig(args.repo, args.config);
  for (const warning of warnings) io.stderr(`reviewloop review: warning: ${warning}\n`);

  const files = parseGitDiff(await readDiff(args.repo, base, head));
  const { reviewed, skipped: outsidePaths } = selectReviewedFiles(files, config.review.paths);
  const engine = config.engines.builtin.enabled
    ? await runBuiltinEngine({
        files: reviewed,
        fileSizes: await readFileSizes(args.repo, head),
        rules: config.engines.builtin.rules,
      })
    : { findings: [], skipped: [], errors: [] };
  const engineErrors: EngineError[] = engine.errors.map((e) => ({
    engine: "builtin",
    message: `${e.ruleId}${e.path === undefined ? "" : ` on ${e.path}`}: ${e.message}`,
  }));
  const filesSkipped = uniqueByPath([...outsidePaths, ...engine.skipped]);

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

function readArgs(argv: string[]): ReviewArgs | "help" {
  let values: ReturnType<typeof parse>["values"];
  try {
    values = parse(argv).values;
  } catch (error) {
    // parseArgs explains unknown flags, missing values and stray arguments in one sentence.
    throw new UsageError((error as Error).message);
  }
  if (values.help) return "help";
  if (values.base === undefined || values.base === "") {
    throw new UsageError("missing --base REV (the branch or commit to compare against)");
  }
  const format = values.format ?? "json";
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format must be json or markdown, not "${format}"`);
  }
  const failOn = values["fail-on"];
  if (failOn !== undefined && !(FAIL_ON_LEVELS as readonly string[]).includes(failOn)) {
    throw new UsageError(`--fail-on must be critical or warning, not "${failOn}"`);
  }
  return {
    repo: values.repo ?? ".",
    base: values.base,
    head: values.head ?? "HEAD",
    format: format as ReviewArgs["format"],
    config: values.config,
    failOn: failOn as Severity | undefined,
  };
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      repo: { type: "string" },
      base: { type: "string" },
      head: { type: "string" },
      format: { type: "string" },
      config: { type: "string" },
      "fail-on": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}

function uniqueByPath(skipped: readonly SkippedFile[]): SkippedFile[] {
  const seen = new Set<string>();
  return skipped.filter((s) => {
    if (seen.has(s.path)) return false;
    seen.add(s.path);
    return true;
  });
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
