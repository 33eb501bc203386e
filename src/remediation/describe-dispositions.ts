import type { DispatchPayload } from "./dispatch-payload.ts";

/** The fence's info string that marks a dispositions block in a PR comment. */
export const DISPOSITIONS_FENCE = "reviewloop-dispositions";

/**
 * The payload's `dispositions` field: how the fixer answers, in the wire format the next pass
 * reads (docs/dispatch-payload.md), with an example naming a finding of this payload.
 */
export function describeDispositions(firstFindingId = "F1"): DispatchPayload["dispositions"] {
  const entry = { id: firstFindingId, disposition: "fixed", note: "Handled the empty list." };
  return {
    how:
      "After pushing, post one comment on the pull request with a fenced " +
      `\`${DISPOSITIONS_FENCE}\` block holding a JSON array: one entry per finding id, with ` +
      "`fixed` (changed by your push), `disagree` (not a problem; say why in `note`) or " +
      "`deferred` (out of scope; say where it is tracked). A markdown table with the columns " +
      "`ID | disposition | note` is accepted too. A finding you do not mention stays open.",
    format: `\`\`\`${DISPOSITIONS_FENCE}\n[{"id":"F1","disposition":"fixed|disagree|deferred","note":"…"}]\n\`\`\``,
    example: `\`\`\`${DISPOSITIONS_FENCE}\n${JSON.stringify([entry])}\n\`\`\``,
  };
}
