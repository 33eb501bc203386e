/**
 * Rendering a failed attempt's diagnostics (run link, conclusion, failed jobs and steps, log
 * tail, or a refusal) for the hand-off comment, `/reviewloop status` and the check run. The text
 * comes from a fixer's run, so it is treated as hostile: it can neither ping anyone, nor forge a
 * hidden marker, nor leave a line that reads as a `/reviewloop` command, nor escape its block.
 */

import { defuseMarkers, escapeInline, fencedBlock, inlineCode } from "../review/render-escape.ts";
import type { AttemptDiagnostics, FailedJob } from "./run-diagnostics.ts";

const ZWJ = "\u200D";
/** A URL safe inside `[text](url)`: http(s), and nothing that could end the link early. */
const SAFE_URL = /^https?:\/\/[^\s<>()[\]`"']+$/;

/** `[label](url)` for a plain http(s) URL; anything else is shown as code, never as a link. */
export function renderLink(label: string, url: string): string {
  return SAFE_URL.test(url) ? `[${label}](${url})` : `${label} ${inlineCode(url)}`;
}

/** One line: the conclusion, the failed jobs and their first failed step, or the refusal. */
export function describeDiagnostics(d: AttemptDiagnostics): string {
  const parts = [`conclusion ${inlineCode(d.conclusion)}`];
  const message = d.message === undefined ? "" : escapeInline(d.message);
  if (d.httpStatus !== undefined) {
    parts.push(`refused: HTTP ${d.httpStatus}${message === "" ? "" : ` — ${message}`}`);
  } else if (message !== "") {
    parts.push(message);
  }
  if (d.failedJobs.length > 0) parts.push(`failed: ${d.failedJobs.map(describeJob).join(", ")}`);
  if (d.runUrl !== undefined) parts.push(renderLink("run", d.runUrl));
  if (d.readError !== undefined)
    parts.push(`the run could not be read: ${escapeInline(d.readError)}`);
  return parts.join("; ");
}

/** `job` `fix`, step `Run the agent` — names as code (code never pings and shows text as is). */
function describeJob(job: FailedJob): string {
  const steps = job.failedSteps.map((s) => inlineCode(s)).join(", ");
  return `job ${inlineCode(job.name)}${steps === "" ? "" : ` at ${steps}`}`;
}

/** How much of a log tail is shown. */
export interface TailLimits {
  /** Last lines kept. */
  maxLines: number;
  /** Last characters kept (a single log line can be huge). */
  maxChars: number;
}

/**
 * The end of a log in a fenced block whose fence is longer than any backtick run inside (so the
 * log cannot close it), with marker-like text defused and a zero-width joiner before a line's
 * leading `/reviewloop` or `@<app-slug>`: invisible, but no parser (ours or a person's copy and
 * paste) takes the line for a command. Returns "" for an empty log.
 */
export function renderLogTail(text: string, appSlug: string, limits: TailLimits): string {
  const lines = text.replace(/\r\n?/g, "\n").replace(/\n+$/, "").split("\n");
  if (lines.length === 1 && lines[0].trim() === "") return "";
  let tail = lines.slice(-limits.maxLines).join("\n");
  if (tail.length > limits.maxChars) tail = `…${tail.slice(-limits.maxChars)}`;
  // Stricter than the command parser (any indentation, any following character): in a log,
  // nothing is lost by defusing a line that would not quite have parsed.
  const slug = appSlug.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const prefix = new RegExp(`^(\\s*)([/@])(?=reviewloop|${slug})`, "gim");
  return fencedBlock(defuseMarkers(tail).replace(prefix, `$1${ZWJ}$2`), "text");
}
