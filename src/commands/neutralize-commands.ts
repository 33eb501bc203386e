import { scanCommandLines } from "./scan-command-lines.ts";

/**
 * Makes every line of `text` that would parse as a command inert while rendering the same:
 * a backslash before the leading `/` or `@` is a markdown escape, so GitHub shows the line
 * unchanged but the parser no longer sees a prefix. For text the app echoes from users
 * (notes, finding titles, log tails) into its own comments.
 */
export function neutralizeCommands(text: string, appSlug: string): string {
  const { lines } = scanCommandLines(text, appSlug, Number.POSITIVE_INFINITY);
  if (lines.length === 0) return text;
  const rows = text.replace(/\r\n?/g, "\n").split("\n");
  for (const { line } of lines) {
    rows[line - 1] = rows[line - 1].replace(/^( {0,3})([/@])/, "$1\\$2");
  }
  return rows.join("\n");
}
