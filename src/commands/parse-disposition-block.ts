import { DISPOSITIONS_FENCE } from "../remediation/describe-dispositions.ts";
import { boundRaw, type ParsedDisposition } from "./disposition-entry.ts";
import { checkEntry } from "./disposition-fields.ts";
import type { FencedBlock } from "./scan-markdown-blocks.ts";

const BLOCK = `the ${DISPOSITIONS_FENCE} block`;

/** True for a fence whose info string names the dispositions block (other words may follow). */
export function isDispositionsFence(block: FencedBlock): boolean {
  return block.info.split(/\s+/, 1)[0]?.toLowerCase() === DISPOSITIONS_FENCE;
}

/** A JSON value that is text, or what to say about it. */
function text(value: unknown): string | null {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  return null;
}

function blockError(label: string, line: number, problem: string): ParsedDisposition {
  return { ok: false, label, message: `${label} ${problem}`, raw: "", line };
}

/**
 * One ```` ```reviewloop-dispositions ```` block: a JSON array of
 * `{"id":"F1","disposition":"fixed|disagree|deferred","note":"…"}`. Each entry is checked on its
 * own (`entry 2: no \`id\``); a block that is not valid JSON or not an array is one error.
 * `prefix` names the block when a comment has several (`block 2, `).
 */
export function parseDispositionBlock(block: FencedBlock, prefix = ""): ParsedDisposition[] {
  const name = prefix === "" ? BLOCK : `${prefix.replace(/, $/, "")} (${BLOCK})`;
  let value: unknown;
  try {
    value = JSON.parse(block.content);
  } catch (err) {
    const reason = (err instanceof Error ? err.message : String(err)).split("\n", 1)[0];
    return [blockError(name, block.line, `is not valid JSON: ${reason}`)];
  }
  if (!Array.isArray(value)) {
    return [
      blockError(
        name,
        block.line,
        'must hold a JSON array, like `[{"id":"F1","disposition":"fixed","note":"…"}]`',
      ),
    ];
  }
  return value.map((entry: unknown, index): ParsedDisposition => {
    const label = `${prefix}entry ${index + 1}`;
    const raw = boundRaw(JSON.stringify(entry) ?? "");
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
      return {
        ok: false,
        label,
        message: `${label}: not an object with \`id\` and \`disposition\``,
        raw,
        line: block.line,
      };
    }
    const fields = entry as Record<string, unknown>;
    const id = text(fields.id);
    const disposition = text(fields.disposition);
    const note = text(fields.note);
    const wrong =
      id === null ? "id" : disposition === null ? "disposition" : note === null ? "note" : null;
    if (wrong !== null) {
      return {
        ok: false,
        label,
        message: `${label}: \`${wrong}\` must be text`,
        raw,
        line: block.line,
      };
    }
    return checkEntry({
      label,
      raw,
      line: block.line,
      source: "comment",
      id: id ?? "",
      disposition: disposition ?? "",
      note: note ?? "",
    });
  });
}
