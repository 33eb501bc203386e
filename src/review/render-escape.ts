/**
 * Escaping for user-controlled text in rendered markdown (finding titles, bodies, paths, notes).
 *
 * Decisions, so that a finding can neither break the layout nor act on GitHub:
 * - Titles, categories and table cells are plain text: markdown punctuation is backslash-escaped,
 *   `<`, `>` and `&` become entities, newlines become spaces. Balanced code spans stay code, as
 *   rules put identifiers in backticks; code does not render HTML or ping anyone.
 * - `@mentions` must not ping: a zero-width joiner (U+200D) goes right after the `@` (invisible,
 *   and GitHub no longer sees a mention). Inside code spans mentions do not ping, so code is left
 *   alone.
 * - Bodies stay markdown (engines write code blocks and lists), but raw HTML tags outside code are
 *   escaped, mentions are broken, an unclosed code fence is closed, and a line that would parse as a
 *   comment command (`/reviewloop …`, `@app …`) is defused.
 * - Text that looks like one of our hidden markers (`<!-- reviewloop:…`) is defused everywhere,
 *   code included, so a finding can never forge a marker.
 * - Suggestion blocks are the one exception: their text is committed verbatim when a user clicks
 *   "Commit suggestion", so only the fence is chosen to fit around it.
 */

const ZWJ = "\u200D";
const MENTION = /(?<![\w`])@(?=[A-Za-z0-9])/g;
const MARKER_LIKE = /<!--(\s*)(reviewloop)/gi;
const COMMAND_LINE = /^(\s*)([/@])(?=[A-Za-z0-9])/;
// In code, only our own command word: decorators like `@property` must stay copyable.
const COMMAND_LINE_IN_CODE = /^(\s*)([/@])(?=reviewloop\b)/i;
const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})/;

/** Inserts a zero-width joiner after every `@` that would start a mention. */
export function breakMentions(text: string): string {
  return text.replace(MENTION, `@${ZWJ}`);
}

/** Defuses text that would parse as a hidden reviewloop marker. */
export function defuseMarkers(text: string): string {
  return text.replace(MARKER_LIKE, `<!--$1${ZWJ}$2`);
}

/**
 * Single-line text for titles, categories and notes. Balanced code spans stay code (rules write
 * titles like "Debug leftover: `debugger`"); everything else shows exactly as typed: markdown
 * punctuation is backslash-escaped, HTML becomes entities, mentions are broken. In a table, pass
 * `inTable` so that `|` inside code is escaped too.
 */
export function escapeInline(text: string, inTable = false): string {
  const oneLine = text.replace(/\r?\n|\r/g, " ");
  return mapCodeSpans(oneLine, {
    text: (part) =>
      breakMentions(
        part
          .replaceAll("&", "&amp;")
          .replaceAll("<", "&lt;")
          .replaceAll(">", "&gt;")
          .replace(/[\\`*_[\]|~]/g, "\\$&"),
      ),
    code: (span) => {
      const defused = defuseMarkers(span);
      return inTable ? defused.replaceAll("|", "\\|") : defused;
    },
    unmatched: (run) => run.replace(/`/g, "\\`"),
  });
}

/** A table cell: plain text, with line breaks kept as `<br>` and pipes escaped. */
export function tableCell(text: string): string {
  return text
    .split(/\r?\n|\r/)
    .map((line) => escapeInline(line, true))
    .join("<br>");
}

/**
 * A code span holding `text` verbatim (newlines become spaces). In a table `|` must be escaped
 * even inside code, so pass `inTable`.
 */
export function inlineCode(text: string, inTable = false): string {
  let content = defuseMarkers(text.replace(/\r?\n|\r/g, " "));
  if (inTable) content = content.replaceAll("|", "\\|");
  const longest = Math.max(0, ...[...content.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  const pad = /^[` ]|[` ]$/.test(content) ? " " : "";
  return `${fence}${pad}${content}${pad}${fence}`;
}

/**
 * A fenced code block around `text`, with a fence longer than any backtick run inside it so the
 * text cannot close it early. `info` is the info string (`suggestion`, `ts`, …).
 */
export function fencedBlock(text: string, info = ""): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  // An empty suggestion deletes the lines, so the block must hold no line at all.
  if (text === "") return `${fence}${info}\n${fence}`;
  const content = text.endsWith("\n") ? text.slice(0, -1) : text;
  return `${fence}${info}\n${content}\n${fence}`;
}

/**
 * Plain text (check-run annotation titles and messages, which GitHub does not render as
 * markdown) made inert the same way: marker look-alikes defused, mentions broken, and a line
 * that would read as a command (`/reviewloop …`, `@app …`) defused.
 */
export function inertPlainText(text: string): string {
  return text
    .split("\n")
    .map((line) => breakMentions(defuseMarkers(line)).replace(COMMAND_LINE, `$1${ZWJ}$2`))
    .join("\n");
}

/** Makes an engine's markdown body safe to embed; see the module comment for what changes. */
export function sanitizeBody(markdown: string): string {
  const out: string[] = [];
  let fence: string | null = null;
  for (const raw of markdown.replace(/\r\n?/g, "\n").split("\n")) {
    const line = defuseMarkers(raw);
    if (fence !== null) {
      if (isFenceClose(line, fence)) fence = null;
      out.push(line.replace(COMMAND_LINE_IN_CODE, `$1${ZWJ}$2`));
      continue;
    }
    const open = FENCE_OPEN.exec(line);
    if (open) {
      fence = open[1];
      out.push(line);
      continue;
    }
    out.push(defuseCommand(escapeProse(line)));
  }
  if (fence !== null) out.push(fence);
  return out.join("\n");
}

function isFenceClose(line: string, fence: string): boolean {
  const trimmed = line.trim();
  return (
    trimmed.length >= fence.length &&
    trimmed[0] === fence[0] &&
    new RegExp(`^\\${fence[0]}+$`).test(trimmed)
  );
}

/** A prose line starting with `/word` or `@word` could be read as a command; a ZWJ in front defuses it. */
function defuseCommand(line: string): string {
  return line.replace(COMMAND_LINE, `$1${ZWJ}$2`);
}

/** Outside code spans: break mentions and escape HTML tags. Code spans stay verbatim. */
function escapeProse(line: string): string {
  return mapCodeSpans(line, {
    text: (part) => breakMentions(part.replace(/<(?=[A-Za-z/!?])/g, "&lt;")),
    code: (span) => span,
    // An unmatched backtick run is literal text in markdown.
    unmatched: (run) => run,
  });
}

/**
 * Rewrites a line's text and its code spans separately. Spans are found as CommonMark does: a run
 * of N backticks up to the next run of exactly N; `code` receives the whole span, backticks included.
 */
function mapCodeSpans(
  line: string,
  map: { text(part: string): string; code(span: string): string; unmatched(run: string): string },
): string {
  let out = "";
  let i = 0;
  while (i < line.length) {
    const tick = line.indexOf("`", i);
    if (tick === -1) {
      out += map.text(line.slice(i));
      break;
    }
    out += map.text(line.slice(i, tick));
    const run = /^`+/.exec(line.slice(tick))![0];
    const close = findClosingRun(line, tick + run.length, run.length);
    if (close === -1) {
      out += map.unmatched(run);
      i = tick + run.length;
      continue;
    }
    out += map.code(line.slice(tick, close + run.length));
    i = close + run.length;
  }
  return out;
}

function findClosingRun(line: string, from: number, length: number): number {
  const pattern = /`+/g;
  pattern.lastIndex = from;
  for (let m = pattern.exec(line); m !== null; m = pattern.exec(line)) {
    if (m[0].length === length) return m.index;
  }
  return -1;
}
