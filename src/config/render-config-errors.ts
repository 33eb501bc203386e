import type { ConfigError } from "./describe-issue.ts";

/** More than this many errors are summarized: a check run summary has a size limit. */
const MAX_LISTED = 50;

/** Keys come from the user's YAML: keep them on one line and out of markdown's way. */
function sanitizeKey(key: string): string {
  const flat = key.replace(/[\p{Cc}`]/gu, " ").trim();
  return flat.length > 120 ? `${flat.slice(0, 120)}…` : flat;
}

function sanitizeMessage(message: string): string {
  const flat = message.replace(/[\r\n]+/g, " ");
  return flat.length > 500 ? `${flat.slice(0, 500)}…` : flat;
}

/**
 * A markdown bullet list of config errors for the check run ("Configuration error"), one line
 * per key. No line starts with anything a comment-command parser would obey.
 */
export function renderConfigErrors(errors: readonly ConfigError[]): string {
  const lines = errors.slice(0, MAX_LISTED).map((error) => {
    const where = error.key === "" ? "the file" : `\`${sanitizeKey(error.key)}\``;
    return `- ${where}: ${sanitizeMessage(error.message)}`;
  });
  if (errors.length > MAX_LISTED) lines.push(`- … and ${errors.length - MAX_LISTED} more`);
  return lines.join("\n");
}
