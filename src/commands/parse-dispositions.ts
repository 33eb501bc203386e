import type { DispositionEntry, ParsedDisposition } from "./disposition-entry.ts";
import { isDispositionsFence, parseDispositionBlock } from "./parse-disposition-block.ts";
import { parseDispositionReply, startsWithDisposition } from "./parse-disposition-reply.ts";
import { parseDispositionTables } from "./parse-disposition-table.ts";
import { scanMarkdownBlocks } from "./scan-markdown-blocks.ts";

/** At most this many dispositions of one comment are read (a PR's findings fit with room). */
export const MAX_DISPOSITIONS = 100;

export interface ParseDispositionsOptions {
  /**
   * For a reply in a finding's review thread: the thread's finding. A reply that starts with a
   * disposition word is then a claim on it.
   */
  threadFindingId?: string;
}

/** Reports an id claimed a second time in the same comment: the first claim counts. */
function dropRepeats(items: ParsedDisposition[]): ParsedDisposition[] {
  const seen = new Map<string, DispositionEntry>();
  return items.map((item) => {
    if (!item.ok) return item;
    const first = seen.get(item.id);
    if (first === undefined) {
      seen.set(item.id, item);
      return item;
    }
    return {
      ok: false,
      label: item.label,
      message: `${item.label}: \`${item.id}\` is already given in ${first.label}; only the first counts`,
      raw: item.raw,
      line: item.line,
    };
  });
}

/**
 * The dispositions a comment files, in the comment's order: the entries of each
 * ```` ```reviewloop-dispositions ```` block, the rows of each markdown table with `ID` and
 * `disposition` columns, and — in a finding's review thread — a reply that starts with a
 * disposition word. Each is a claim to record or an error naming its row or entry and the
 * problem. A second claim on the same id is an error; beyond 100, one error says how many were
 * not read. Tables and blocks inside quotes, HTML comments or other code blocks are not read.
 * Pure and total: never throws.
 */
export function parseDispositions(
  body: string,
  options: ParseDispositionsOptions = {},
): ParsedDisposition[] {
  const blocks = scanMarkdownBlocks(body);
  const fenced = blocks.fences.filter(isDispositionsFence);
  const items: ParsedDisposition[] = [];
  if (options.threadFindingId !== undefined) {
    const reply = parseDispositionReply(body, options.threadFindingId);
    if (reply !== null) items.push(reply);
  }
  fenced.forEach((block, index) => {
    items.push(...parseDispositionBlock(block, fenced.length > 1 ? `block ${index + 1}, ` : ""));
  });
  items.push(...parseDispositionTables(blocks));
  items.sort((a, b) => a.line - b.line);
  const checked = dropRepeats(items);
  if (checked.length <= MAX_DISPOSITIONS) return checked;
  const first = checked[MAX_DISPOSITIONS];
  return [
    ...checked.slice(0, MAX_DISPOSITIONS),
    {
      ok: false,
      label: "comment",
      message: `Only the first ${MAX_DISPOSITIONS} dispositions of a comment are read; ${checked.length - MAX_DISPOSITIONS} more (from ${first.label} on) were not.`,
      raw: "",
      line: first.line,
    },
  ];
}

/**
 * True when a comment may file dispositions, decided without the database: it has a
 * dispositions block or table, or it is a reply in a review thread (`threadReply`) that starts
 * with a disposition word (whether the thread is a finding's is the job's question).
 */
export function carriesDispositions(body: string, options: { threadReply: boolean }): boolean {
  if (options.threadReply && startsWithDisposition(body)) return true;
  const blocks = scanMarkdownBlocks(body);
  if (blocks.fences.some(isDispositionsFence)) return true;
  return parseDispositionTables(blocks).length > 0;
}
