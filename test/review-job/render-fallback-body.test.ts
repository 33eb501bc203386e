import { describe, expect, it } from "vitest";
import { passMarker } from "../../src/review/markers.ts";
import { BODY_LIMIT } from "../../src/review/render-truncate.ts";
import { FALLBACK_HEADING, renderFallbackBody } from "../../src/review-job/render-fallback-body.ts";

const comment = (line: number) => ({
  path: "src/a.ts",
  line,
  side: "RIGHT" as const,
  body: `**Finding ${line}**\n\nexplanation`,
});

describe("review-job/renderFallbackBody", () => {
  it("keeps a short summary whole and lists every comment under the heading", () => {
    const body = renderFallbackBody("summary", [comment(1), comment(2)]);

    expect(body.startsWith("summary\n\n")).toBe(true);
    expect(body).toContain(FALLBACK_HEADING);
    expect(body).toContain("`src/a.ts:2`");
  });

  it("stays within GitHub's limit when the summary alone is near it, keeping the marker", () => {
    const summary = `${passMarker(1, 2, "abc")}\n\n${"- a line of the summary\n".repeat(2_800)}`;
    expect(summary.length).toBeGreaterThan(BODY_LIMIT - 500);

    const body = renderFallbackBody(summary, [comment(1), comment(2), comment(3)]);

    expect(body.length).toBeLessThanOrEqual(BODY_LIMIT);
    expect(body.startsWith(passMarker(1, 2, "abc"))).toBe(true);
    expect(body).toContain("summary shortened");
    expect(body).toContain("`src/a.ts:3`");
  });
});
