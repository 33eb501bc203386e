import { parseArgs } from "node:util";
import type { CliCommand, CliIo } from "./cli-command.ts";
import { EXIT } from "./run-cli.ts";
import type { ReviewArgs } from "./run-review.ts";
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

const FAIL_ON_LEVELS = ["critical", "warning"] as const;
const FORMATS = ["json", "markdown"] as const;

/** `reviewloop review`: a local dry run of the review pass. */
export const reviewCommand: CliCommand = {
  name: "review",
  summary: "review `git diff BASE...HEAD` of a local repository with the builtin rules",
  async run(argv: string[], io: CliIo): Promise<number> {
    const started = performance.now();
    const args = readArgs(argv);
    if (args === "help") {
      io.stdout(HELP);
      return EXIT.ok;
    }
    // Loaded only now so that --help and usage errors answer without loading the engines.
    const { runReview } = await import("./run-review.ts");
    return runReview(args, io, started);
  },
};

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
    failOn: failOn as ReviewArgs["failOn"],
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
