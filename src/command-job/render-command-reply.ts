import { neutralizeCommands } from "../commands/neutralize-commands.ts";
import { containsCommand } from "../commands/parse-commands.ts";
import { inlineCode } from "../review/render-escape.ts";
import { BODY_LIMIT, truncateMarkdown } from "../review/render-truncate.ts";

/** What one command line (or a comment-level problem) came to. */
export interface CommandOutcome {
  /** 1-based line in the comment. */
  line: number;
  /** The command line as written; empty for comment-level notes (truncated, too many). */
  raw: string;
  /** The command name, or `unknown` / `comment` when none was recognized. */
  command: string;
  outcome: "ran" | "refused" | "failed" | "invalid";
  /** Markdown for the reply. */
  message: string;
  /**
   * True when the reaction says it all (a review queued, a disposition recorded): the message
   * is shown only if the reply is posted for another command of the comment.
   */
  quiet?: boolean;
}

/** `<!-- reviewloop:reply <kind>-<id> -->`: marks a reply as ours and names the comment. */
export function replyMarker(kind: string, commentId: number): string {
  return `<!-- reviewloop:reply ${kind}-${commentId} -->`;
}

/** True when a reply is worth posting: some outcome has something to say. */
export function needsReply(outcomes: readonly CommandOutcome[]): boolean {
  return outcomes.some((o) => o.quiet !== true);
}

/**
 * The one reply to a comment: each command line quoted (as code inside a quote, so the reply
 * never holds a line that parses as a command), then what came of it, in the comment's order.
 * Any echoed text that would still read as a command is neutralized, and the whole reply stays
 * within GitHub's body limit.
 */
export function renderCommandReply(
  outcomes: readonly CommandOutcome[],
  options: { appSlug: string; marker: string },
): string {
  const sections = outcomes.map((o) =>
    o.raw === "" ? o.message : `> ${inlineCode(o.raw.trim())}\n\n${o.message}`,
  );
  const body = neutralizeCommands([options.marker, ...sections].join("\n\n"), options.appSlug);
  const bounded = truncateMarkdown(body, BODY_LIMIT, "_… the rest of this reply was cut._");
  // The renderer's own guarantee: should a template ever change, fail here, not on GitHub.
  if (containsCommand(bounded, options.appSlug)) {
    throw new Error("A command reply would contain a command line");
  }
  return bounded;
}
