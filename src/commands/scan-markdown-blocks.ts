/** A fenced code block: its info string, its text and where it starts. */
export interface FencedBlock {
  /** The info string after the opening fence, trimmed (` ```reviewloop-dispositions ` → that word). */
  info: string;
  /** The lines between the fences (to the end of the body when never closed). */
  content: string;
  /** 1-based line of the opening fence. */
  line: number;
}

/** A comment's body split the way GitHub renders it, for the dispositions parsers. */
export interface MarkdownBlocks {
  /** Every line of the body (`\r\n` normalized). */
  lines: string[];
  /** For each line: true when it is plain text (not in a fence, an HTML comment or a quote). */
  plain: boolean[];
  fences: FencedBlock[];
}

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const QUOTE = /^ {0,3}>/;
const HTML_COMMENT_OPEN = /^ {0,3}<!--/;

/**
 * Splits `body` into fenced blocks (``` or ~~~, three or more, indented up to three spaces; an
 * unclosed fence runs to the end) and plain lines. Quoted lines and HTML comments are neither:
 * quoting someone's table must not file it again, and PR templates hide text in comments.
 */
export function scanMarkdownBlocks(body: string): MarkdownBlocks {
  const lines = body.replace(/\r\n?/g, "\n").split("\n");
  const plain = lines.map(() => false);
  const fences: FencedBlock[] = [];
  let fence: { char: string; length: number; block: FencedBlock; body: string[] } | null = null;
  let inHtmlComment = false;

  for (const [index, row] of lines.entries()) {
    if (fence !== null) {
      const close = FENCE_OPEN.exec(row);
      const marker = close?.[1] ?? "";
      if (
        close &&
        marker[0] === fence.char &&
        marker.length >= fence.length &&
        close[2].trim() === ""
      ) {
        fence.block.content = fence.body.join("\n");
        fence = null;
      } else {
        fence.body.push(row);
      }
      continue;
    }
    if (inHtmlComment) {
      if (row.includes("-->")) inHtmlComment = false;
      continue;
    }
    const open = FENCE_OPEN.exec(row);
    // A backtick fence's info string may not contain backticks (CommonMark); otherwise it is inline code.
    if (open && !(open[1][0] === "`" && open[2].includes("`"))) {
      const block: FencedBlock = { info: open[2].trim(), content: "", line: index + 1 };
      fences.push(block);
      fence = { char: open[1][0], length: open[1].length, block, body: [] };
      continue;
    }
    if (HTML_COMMENT_OPEN.test(row)) {
      inHtmlComment = !row.slice(row.indexOf("<!--") + 4).includes("-->");
      continue;
    }
    if (QUOTE.test(row)) continue;
    plain[index] = true;
  }
  // An unclosed fence runs to the end of the body.
  if (fence !== null) fence.block.content = fence.body.join("\n");
  return { lines, plain, fences };
}
