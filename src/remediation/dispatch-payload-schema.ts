import { z } from "zod";
import { DISPATCH_PAYLOAD_VERSION } from "./dispatch-payload.ts";

/**
 * The dispatch payload as a zod schema: the source of `schema/dispatch-payload.schema.json`
 * (`npm run schema`). Its output type equals `DispatchPayload` (test/remediation checks that),
 * so the types and the published schema cannot drift apart. Strict: the committed schema names
 * every field reviewloop sends, and nothing else.
 */

const findingSchema = z.strictObject({
  id: z
    .string()
    .min(1)
    .describe("Short id of the finding in this PR (`F1`): what a disposition names."),
  severity: z.enum(["critical", "warning", "info"]).describe("How serious the finding is."),
  blocking: z
    .boolean()
    .describe(
      "True when the finding blocks the PR at the repository's `review.blocking_severity`.",
    ),
  rule: z.string().describe("The rule that raised it (`builtin/todo-comment`, `llm`, …)."),
  path: z.string().describe("File path in the repository."),
  start_line: z
    .int()
    .min(1)
    .describe("First line of the anchor (equal to `end_line` for one line)."),
  end_line: z.int().min(1).describe("Last line of the anchor."),
  side: z
    .enum(["RIGHT", "LEFT"])
    .describe("`RIGHT`: lines in the head's numbering; `LEFT`: in the base's (a deleted line)."),
  title: z.string().describe("One-line summary."),
  body: z
    .string()
    .describe("The explanation, in markdown. May end with a note that it was cut to fit."),
  suggestion: z
    .string()
    .optional()
    .describe(
      "Replacement text for `start_line..end_line` on the RIGHT side, when the reviewer had one. Never cut: left out whole when too long.",
    ),
  url: z.string().optional().describe("The inline review comment's URL, when one was posted."),
});

const failedJobSchema = z.strictObject({
  name: z.string().describe("The failed job's name."),
  failed_step: z.string().optional().describe("The first step that failed."),
  log_tail: z.string().optional().describe("The last lines of the job's log, secrets scrubbed."),
});

const previousAttemptSchema = z.strictObject({
  attempt: z.int().min(1).describe("The attempt's number within this round (1 is the first)."),
  dispatch_id: z.string().describe("The attempt's own `dispatch_id`."),
  conclusion: z
    .string()
    .describe("How it ended: `failure`, `cancelled`, `timed_out`, `no_run`, `refused`, …"),
  run_url: z.string().optional().describe("The run's page, when there was a run."),
  failed_jobs: z.array(failedJobSchema).describe("The run's failed jobs (empty when none)."),
  error: z
    .string()
    .optional()
    .describe("A refused dispatch: the HTTP status and the message GitHub or the webhook gave."),
});

const checkAnnotationSchema = z.strictObject({
  path: z.string().describe("File path in the repository."),
  start_line: z.int().describe("First line the annotation is on."),
  end_line: z.int().describe("Last line the annotation is on."),
  level: z.enum(["notice", "warning", "failure"]).describe("The annotation's level."),
  title: z.string().optional().describe("The annotation's title, when it has one."),
  message: z.string().describe("The annotation's message. May be cut to fit."),
});

const failingCheckSchema = z.strictObject({
  name: z.string().describe("The check's name."),
  conclusion: z
    .string()
    .describe("Its conclusion: `failure`, `timed_out`, `cancelled` or `action_required`."),
  url: z.string().optional().describe("The check's page."),
  title: z.string().optional().describe("The check run's output title."),
  summary: z.string().optional().describe("The check run's output summary. May be cut to fit."),
  annotations_count: z.int().min(0).describe("How many annotations the check run has on GitHub."),
  annotations: z
    .array(checkAnnotationSchema)
    .describe("Its first annotations, in GitHub's order: at most 50, fewer when cut to fit."),
  failed_steps: z
    .array(z.string())
    .optional()
    .describe("GitHub Actions jobs: the steps that failed, in order."),
  log_tail: z
    .string()
    .optional()
    .describe("GitHub Actions jobs: the last lines of the job's log, secrets scrubbed."),
  read_error: z
    .string()
    .optional()
    .describe("What could not be read of the check (annotations, the job, its log)."),
});

export const dispatchPayloadSchema = z
  .strictObject({
    version: z
      .literal(DISPATCH_PAYLOAD_VERSION)
      .describe(
        "The payload's version. Fields are added within a version, never renamed or removed.",
      ),
    dispatch_id: z
      .string()
      .min(1)
      .describe(
        "Identity of this dispatch attempt. Put it in the run's name (`run-name`); a webhook receiver dedupes on it (`X-Reviewloop-Delivery`).",
      ),
    repository: z
      .strictObject({
        id: z.int().describe("GitHub's repository id."),
        full_name: z.string().describe("`owner/name`."),
      })
      .describe("The repository of the pull request."),
    pull_request: z
      .strictObject({
        number: z.int().min(1).describe("The PR number."),
        head_sha: z.string().describe("The head commit the findings are about."),
        base_sha: z.string().describe("The base commit."),
        head_ref: z.string().describe("The head branch: push fixes here."),
        html_url: z.string().describe("The PR's page."),
      })
      .describe("The pull request to fix."),
    round: z
      .strictObject({
        number: z.int().min(1).describe("This round's number (1 is the first)."),
        limit: z.int().min(1).describe("The last round the loop will run."),
        attempt: z.int().min(1).describe("This dispatch's attempt within the round."),
        max_attempts: z.int().min(1).describe("Attempts allowed before the PR is handed off."),
      })
      .describe("Where this dispatch stands in the loop."),
    scope: z
      .enum(["blocking", "all"])
      .describe(
        "`blocking`: the loop's own round, for blocking findings; `all`: `/reviewloop fix` asked for every open finding.",
      ),
    findings: z
      .array(findingSchema)
      .describe("The open findings, blocking first, then by severity, path and line."),
    findings_omitted: z
      .int()
      .min(0)
      .describe("How many findings were left out (from the end) to fit the target's size limit."),
    failing_checks: z
      .array(failingCheckSchema)
      .describe(
        "Failing CI checks of the head (`remediation.on_ci_failure`), by name. Never reviewloop's own check or the fixer's own run.",
      ),
    previous_attempts: z
      .array(previousAttemptSchema)
      .describe("Earlier attempts of this round and how they ended, oldest first."),
    dispositions: z
      .strictObject({
        how: z.string().describe("How to answer, in words."),
        format: z.string().describe("The wire format."),
        example: z.string().describe("An example naming a finding of this payload."),
      })
      .describe("How to report what was done with each finding."),
  })
  .meta({
    title: "reviewloop dispatch payload",
    description:
      "What a fixer receives for one remediation round (docs/dispatch-payload.md). Version 1.",
  });
