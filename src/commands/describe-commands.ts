import type { PermissionLevel } from "./command-names.ts";
import { COMMAND_NAMES, type CommandName } from "./command-names.ts";

/** What a user reads about each command. */
interface CommandSpec {
  /** Arguments after the name, as shown in usage. */
  args: string;
  /** One sentence. */
  summary: string;
}

const SPECS: Record<CommandName, CommandSpec> = {
  review: { args: "", summary: "Review the changes since the last review now." },
  "full-review": { args: "", summary: "Review the whole pull request again, from its base." },
  fix: { args: "", summary: "Dispatch a remediation round now." },
  retry: { args: "", summary: "Retry the last failed dispatch." },
  pause: { args: "", summary: "Pause the loop: no reviews or dispatches until `resume`." },
  resume: {
    args: "",
    summary:
      "Resume the loop; after a hand-off this grants more rounds and resets the no-progress count.",
  },
  stop: { args: "", summary: "End the loop for this pull request." },
  status: {
    args: "",
    summary: "Reply with the loop's state, round, open findings and last dispatch.",
  },
  dispose: {
    args: "<id> fixed|disagree|deferred [note]",
    summary: "Record how a finding was handled (the id may be omitted in its review thread).",
  },
  ignore: {
    args: "<id> [note]",
    summary:
      "Dismiss a finding for this pull request (the id may be omitted in its review thread).",
  },
  help: { args: "", summary: "Reply with this list." },
};

const LEVEL_WORDS: Record<PermissionLevel, string> = {
  read: "anyone",
  author: "PR author or write",
  write: "write",
  maintain: "maintain",
  admin: "admin",
};

function synopsis(command: CommandName): string {
  const { args } = SPECS[command];
  return args === "" ? `/reviewloop ${command}` : `/reviewloop ${command} ${args}`;
}

/**
 * The usage of one command as inline code, e.g. "`/reviewloop ignore <id> [note]`". Always
 * wrapped in backticks, so a reply that contains it never holds a line that is itself a command.
 */
export function usage(command: CommandName): string {
  return `\`${synopsis(command)}\``;
}

/** One-line summary of a command. */
export function summarize(command: CommandName): string {
  return SPECS[command].summary;
}

/**
 * A compact markdown list of every command, for replies to unknown commands. No line of it
 * parses as a command.
 */
export function helpText(appSlug: string): string {
  const items = COMMAND_NAMES.map((command) => `- ${usage(command)} — ${SPECS[command].summary}`);
  return [
    `Commands start a line of a pull request comment with \`/reviewloop\` or \`@${appSlug}\`:`,
    "",
    ...items,
  ].join("\n");
}

/**
 * The full `help` reply: a table of every command, what it does and who may run it under
 * this repository's `commands.permissions`.
 */
export function renderCommandHelp(
  appSlug: string,
  permissions: Readonly<Record<CommandName, PermissionLevel>>,
): string {
  const rows = COMMAND_NAMES.map(
    (command) =>
      // A pipe splits a table cell even inside code, so the usage's `a|b` is escaped.
      `| ${usage(command).replaceAll("|", "\\|")} | ${SPECS[command].summary} | ${LEVEL_WORDS[permissions[command]]} |`,
  );
  return [
    "### reviewloop commands",
    "",
    `Start a line of a pull request comment with \`/reviewloop\` or \`@${appSlug}\`. Several commands may follow each other, one per line; lines in code blocks and quotes are ignored.`,
    "",
    "| command | what it does | who may run it |",
    "| --- | --- | --- |",
    ...rows,
    "",
    "Finding ids (`F1`, `F2`, …) are listed in the review summary. Permissions are set in `.github/reviewloop.yml` under `commands.permissions`.",
  ].join("\n");
}

/**
 * Reply to a command naming a finding id this pull request does not have: the ids that are
 * open, so the user can pick one.
 */
export function describeUnknownFinding(id: string, openIds: readonly string[]): string {
  const shown = id.length > 20 ? `${id.slice(0, 20)}…` : id;
  if (openIds.length === 0) {
    return `There is no finding \`${shown.replaceAll("`", "'")}\` on this pull request, and no finding is open.`;
  }
  const listed = openIds.slice(0, 50).map((open) => `\`${open}\``);
  const more = openIds.length > 50 ? ` and ${openIds.length - 50} more` : "";
  return `There is no finding \`${shown.replaceAll("`", "'")}\` on this pull request. Open findings: ${listed.join(", ")}${more}.`;
}
