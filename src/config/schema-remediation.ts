import { z } from "zod";
import { loginSchema } from "./schema-common.ts";

/** Ways to start the fixer. */
export const DISPATCH_TARGET_TYPES = [
  "workflow_dispatch",
  "repository_dispatch",
  "webhook",
] as const;

/** How a round starts the fixer. */
export const targetSchema = z
  .strictObject({
    /**
     * `workflow_dispatch` runs `workflow` with inputs `pr`, `round`, `dispatch_id`, `payload`;
     * `repository_dispatch` sends `event_type`; `webhook` POSTs a signed request to the URL the
     * app operator set in `REVIEWLOOP_FIXER_WEBHOOK_URL` (never in the repository).
     */
    type: z
      .enum(DISPATCH_TARGET_TYPES)
      .default("workflow_dispatch")
      .describe(
        "`workflow_dispatch` runs `workflow`; `repository_dispatch` sends `event_type`; `webhook` POSTs to the app operator's fixer URL.",
      ),
    /** Workflow file name (in `.github/workflows/`) or numeric id, for `workflow_dispatch`. */
    workflow: z
      .string()
      .regex(/^(?:[\w.-]+\.ya?ml|\d+)$/, {
        error: "expected a workflow file name such as `reviewloop-fix.yml` or a numeric id",
      })
      .default("reviewloop-fix.yml")
      .describe(
        "Workflow file name (in `.github/workflows/`) or numeric id, for `workflow_dispatch`.",
      ),
    /** `event_type` of the `repository_dispatch` event (GitHub allows 1–100 characters). */
    event_type: z
      .string()
      .min(1)
      .max(100)
      .default("reviewloop-fix")
      .describe("`event_type` of the `repository_dispatch` event (1–100 characters)."),
  })
  .prefault({})
  .describe("How a round starts the fixer.");

/** Who the fixer is: pushes by these logins continue the loop instead of pausing it. */
export const fixerSchema = z
  .strictObject({
    /** Logins whose pushes are the fixer's (e.g. `github-actions[bot]`). */
    logins: z
      .array(loginSchema)
      .max(20)
      .default([])
      .describe("Logins whose pushes are the fixer's (e.g. `github-actions[bot]`)."),
  })
  .prefault({})
  .describe("Who the fixer is: pushes by these logins continue the loop instead of pausing it.");

/** Bounded remediation rounds: dispatch a fixer while blocking findings remain. */
export const remediationSchema = z
  .strictObject({
    /** Dispatch the fixer automatically while blocking findings remain. */
    enabled: z
      .boolean()
      .default(false)
      .describe("Dispatch the fixer automatically while blocking findings remain."),
    /** Hand the pull request to a human after this many rounds. */
    max_rounds: z
      .number()
      .int()
      .min(1)
      .max(20)
      .default(5)
      .describe("Hand the pull request to a human after this many rounds."),
    /** Hand off when the open blocking findings did not shrink for this many rounds in a row. */
    no_progress_rounds: z
      .number()
      .int()
      .min(1)
      .max(20)
      .default(2)
      .describe("Hand off when the open blocking findings did not shrink for this many rounds."),
    /** Hand off after the fixer run fails this many times in one round. */
    max_attempts: z
      .number()
      .int()
      .min(1)
      .max(10)
      .default(3)
      .describe("Hand off after the fixer run fails this many times in one round."),
    /** A dispatched fixer that has not pushed or finished after this many minutes has failed. */
    dispatch_timeout_minutes: z
      .number()
      .int()
      .min(1)
      .max(360)
      .default(30)
      .describe(
        "A dispatched fixer that has not pushed or finished after this many minutes has failed.",
      ),
    /** What a push by someone other than the fixer does: `pause` the loop or `continue` it. */
    on_human_push: z
      .enum(["pause", "continue"])
      .default("pause")
      .describe(
        "What a push by someone other than the fixer does: `pause` the loop or `continue` it.",
      ),
    /** Feed failing CI checks of the head commit into the next round. */
    on_ci_failure: z
      .boolean()
      .default(true)
      .describe("Feed failing CI checks of the head commit into the next round."),
    /** Wait for the head commit's checks to complete before dispatching a round. */
    wait_for_checks: z
      .boolean()
      .default(true)
      .describe("Wait for the head commit's checks to complete before dispatching a round."),
    /** Keep blocking on findings the fixer disputed (`disagree`) instead of handing them to a human. */
    disputes_block: z
      .boolean()
      .default(false)
      .describe(
        "Keep blocking on findings the fixer disputed (`disagree`) instead of leaving them to a human.",
      ),
    /** Cap on fixer dispatches per repository per day (UTC), whatever the number of PRs. */
    max_dispatches_per_day: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .default(50)
      .describe("Cap on fixer dispatches per repository per day (UTC)."),
    /** Who the fixer is. */
    fixer: fixerSchema,
    /** How a round starts the fixer. */
    target: targetSchema,
  })
  .prefault({})
  .describe("Bounded remediation rounds: dispatch a fixer while blocking findings remain.");
