import type { CheckRunOutput } from "../github/check-run-publisher.ts";
import { inlineCode } from "../review/render-escape.ts";

/** At most this many check names in the title; the summary lists every one. */
const TITLE_NAMES = 5;

/**
 * Our check run's in-progress output while the pass waits for other checks (`engines.checks.wait`):
 * "Waiting for eslint, tsc to complete (until 12:34 UTC)".
 */
export function waitingOutput(pending: readonly string[], deadline: Date): CheckRunOutput {
  const until = `${deadline.toISOString().slice(11, 16)} UTC`;
  const shown = pending.slice(0, TITLE_NAMES).join(", ");
  const more = pending.length > TITLE_NAMES ? ` and ${pending.length - TITLE_NAMES} more` : "";
  const title = `Waiting for ${shown}${more} to complete (until ${until})`.slice(0, 255);
  const summary = [
    `Waiting for these checks to complete before reviewing (until ${until}, \`engines.checks.timeout_minutes\`):`,
    "",
    ...pending.map((name) => `- ${inlineCode(name)}`),
    "",
    "Their annotations become findings of this review. Past the deadline the review runs without the missing checks and says which were missing.",
  ].join("\n");
  return { title, summary };
}
