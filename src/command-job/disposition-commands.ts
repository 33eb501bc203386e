import type { ParsedCommand } from "../commands/command-types.ts";
import type { ParsedDisposition } from "../commands/disposition-entry.ts";

/**
 * Where the keys of a comment's dispositions start. Outcomes are recorded per key (`line` in
 * `command_runs.results`); a command line's key is its line number, and a comment holds at most
 * 65,536 characters, so it has fewer lines than this: the two never meet.
 */
export const DISPOSITION_KEY_BASE = 1_000_000;

/**
 * A comment's dispositions as `dispose` commands, so each is checked, run and recorded exactly
 * once like a command line. The k-th disposition (from 0, in the comment's order, errors
 * included) is keyed `DISPOSITION_KEY_BASE + k`: the parse is a pure function of the job's
 * payload, so a retried job gives every entry the key it had, skips those recorded, and reports
 * them as they ran.
 */
export function toDisposeCommands(items: readonly ParsedDisposition[]): ParsedCommand[] {
  return items.map((item, index): ParsedCommand => {
    const line = DISPOSITION_KEY_BASE + index;
    if (!item.ok) {
      return {
        ok: false,
        error: "bad_arguments",
        command: "dispose",
        raw: item.raw,
        line,
        message: item.message,
      };
    }
    return {
      ok: true,
      command: "dispose",
      line,
      raw: item.raw,
      args: {
        id: item.id,
        idFromThread: item.source === "thread",
        disposition: item.disposition,
        ...(item.note === undefined ? {} : { note: item.note }),
        filed: { source: item.source, label: item.label },
      },
    };
  });
}
