import type { Finding } from "./finding.ts";
import { findingMarker } from "./markers.ts";
import { escapeInline, fencedBlock, inlineCode, sanitizeBody } from "./render-escape.ts";
import { severityLabel } from "./render-severity.ts";
import { BODY_LIMIT, truncateMarkdown } from "./render-truncate.ts";

/** A finding with its per-PR id and fingerprint. */
export type IdentifiedFinding = Finding & { id: string; fingerprint: string };

/**
 * The body of one inline review comment: severity badge, category and id, the title, the body,
 * a ```suggestion block when the finding has a suggestion, and the hidden finding marker.
 * Suggestions only apply to the RIGHT side; on the LEFT side the text is shown as a plain block.
 */
export function renderInlineComment(finding: IdentifiedFinding, limit = BODY_LIMIT): string {
  const head = [
    `**${severityLabel(finding.severity)}** · ${escapeInline(finding.category)} · ${inlineCode(finding.id)}`,
    `**${escapeInline(finding.title)}**`,
  ];
  const tail: string[] = [];
  if (finding.suggestion !== undefined) {
    tail.push(
      finding.side === "RIGHT"
        ? fencedBlock(finding.suggestion, "suggestion")
        : `Suggested replacement:\n\n${fencedBlock(finding.suggestion)}`,
    );
  }
  tail.push(findingMarker(finding.fingerprint));

  const separator = "\n\n";
  const fixed = [...head, ...tail].join(separator).length + separator.length;
  const body = sanitizeBody(finding.body.trim());
  const fitted = truncateMarkdown(
    body,
    Math.max(0, limit - fixed),
    "_… the rest of this finding was cut to fit GitHub's comment size limit._",
  );
  return [...head, ...(fitted === "" ? [] : [fitted]), ...tail].join(separator);
}
