/** A line of a comment that starts with the command prefix, outside code and quotes. */
export interface CommandLine {
  /** 1-based line number in the body. */
  line: number;
  /** The line without its leading spaces. */
  raw: string;
  /** What follows the prefix: `<command> [args]`, trimmed. */
  rest: string;
}

export interface ScanResult {
  lines: CommandLine[];
  /** True when the body was longer than the bound and its tail was not read. */
  truncated: boolean;
  /** 1-based number of the first line that was not read (when truncated). */
  firstUnreadLine: number;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * `/reviewloop` or `@<slug>` / `@<slug>[bot]`, after at most three spaces (four make indented
 * code), followed by whitespace or the end of the line. Case-insensitive.
 */
export function buildPrefixPattern(appSlug: string): RegExp {
  const slug = escapeRegExp(appSlug);
  return new RegExp(`^ {0,3}(?:/reviewloop|@${slug}(?:\\[bot\\])?)(?=\\s|$)(.*)$`, "i");
}

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const QUOTE = /^ {0,3}>/;
const HTML_COMMENT_OPEN = /^ {0,3}<!--/;

/**
 * The body's command lines, in order, read the way GitHub renders markdown: lines inside fenced
 * code (``` or ~~~, three or more, indented up to three spaces; an unclosed fence runs to the
 * end), block quotes (`>` lines and the lazy lines that continue their paragraph), HTML comments
 * (invisible, and PR templates are full of them) and indented code are not commands.
 * Only whole lines within the first `maxChars` characters are read.
 */
export function scanCommandLines(body: string, appSlug: string, maxChars: number): ScanResult {
  const normalized = body.replace(/\r\n?/g, "\n");
  let text = normalized;
  let truncated = false;
  if (normalized.length > maxChars) {
    truncated = true;
    // Cut at a line end so a command is never read half-way.
    const cut = normalized.lastIndexOf("\n", maxChars);
    text = cut < 0 ? "" : normalized.slice(0, cut);
  }
  const prefix = buildPrefixPattern(appSlug);
  const rows = text === "" ? [] : text.split("\n");
  const lines: CommandLine[] = [];
  let fence: { char: string; length: number } | null = null;
  let inQuoteParagraph = false;
  let inHtmlComment = false;

  rows.forEach((row, index) => {
    if (fence) {
      const close = FENCE_OPEN.exec(row);
      const marker = close?.[1] ?? "";
      if (
        close &&
        marker[0] === fence.char &&
        marker.length >= fence.length &&
        close[2].trim() === ""
      ) {
        fence = null;
      }
      return;
    }
    if (inHtmlComment) {
      if (row.includes("-->")) inHtmlComment = false;
      return;
    }
    const open = FENCE_OPEN.exec(row);
    // A backtick fence's info string may not contain backticks (CommonMark); otherwise it is inline code.
    if (open && !(open[1][0] === "`" && open[2].includes("`"))) {
      fence = { char: open[1][0], length: open[1].length };
      inQuoteParagraph = false;
      return;
    }
    if (HTML_COMMENT_OPEN.test(row)) {
      inHtmlComment = !row.slice(row.indexOf("<!--") + 4).includes("-->");
      inQuoteParagraph = false;
      return;
    }
    if (QUOTE.test(row)) {
      inQuoteParagraph = row.replace(/^ {0,3}>\s?/, "").trim() !== "";
      return;
    }
    if (row.trim() === "") {
      inQuoteParagraph = false;
      return;
    }
    if (inQuoteParagraph) return;
    const match = prefix.exec(row);
    if (match) lines.push({ line: index + 1, raw: row.trimStart(), rest: match[1].trim() });
  });

  return { lines, truncated, firstUnreadLine: rows.length + 1 };
}
