import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { PlacedFinding } from "../../src/review/finding.ts";
import { parseMarkers, passMarker } from "../../src/review/markers.ts";
import { renderSummary, type SummaryInput } from "../../src/review/render-summary.ts";
import { countBySeverity } from "../../src/review/verdict.ts";
import { makeFinding } from "./review-pass-fixtures.ts";

const placed = (id: string, overrides: Partial<PlacedFinding> = {}): PlacedFinding => ({
  ...makeFinding(),
  id,
  fingerprint: `fp-${id}`,
  placement: "inline",
  ...overrides,
});

const input = (overrides: Partial<SummaryInput> = {}): SummaryInput => {
  const findings = overrides.findings ?? [];
  return {
    verdict: "comment",
    counts: countBySeverity(findings),
    blockingSeverity: "critical",
    commits: {
      base: "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678",
      head: "0f1e2d3c4b5a69788796a5b4c3d2e1f012345678",
      mode: "full",
    },
    coverage: { filesReviewed: 3, filesSkipped: [], engineErrors: [] },
    findings,
    ...overrides,
  };
};

describe("review/render-summary", () => {
  describe("with no findings", () => {
    it("says so, with counts, commits and coverage", () => {
      expect(
        renderSummary(
          input({ marker: passMarker(42, 7, "0f1e2d3c4b5a69788796a5b4c3d2e1f012345678") }),
        ),
      ).toMatchInlineSnapshot(`
        "<!-- reviewloop:pass 42#7@0f1e2d3c4b5a69788796a5b4c3d2e1f012345678 -->

        ### ✅ reviewloop: no findings

        Nothing blocks (blocking: critical and above). Commits \`a1b2c3d..0f1e2d3\` (full review).

        | 🔴 Critical | 🟡 Warning | 🔵 Info |
        | ---: | ---: | ---: |
        | 0 | 0 | 0 |

        #### Coverage

        Reviewed 3 of 3 changed files."
      `);
    });
  });

  describe("with no findings but disputed and deferred ones in the table", () => {
    it("does not say 'no findings': it names what stays quiet", () => {
      const row = (id: string, verified: "disputed" | "deferred" | "verified_fixed") => ({
        id,
        severity: "warning" as const,
        where: "src/a.ts:1",
        title: "t",
        claimed: verified === "verified_fixed" ? ("fixed" as const) : ("disagree" as const),
        verified,
      });
      const text = renderSummary(
        input({
          dispositions: [
            row("F1", "disputed"),
            row("F2", "disputed"),
            row("F3", "deferred"),
            row("F4", "verified_fixed"),
          ],
        }),
      );

      expect(text).toContain("### ✅ reviewloop: no open findings (2 disputed, 1 deferred)");
      expect(text).not.toContain("no findings");
    });
  });

  describe("in round 2 with a blocking finding, a finding outside the diff and dispositions", () => {
    it("shows verdict, round, every finding, the outside one in full, the table and coverage", () => {
      const findings = [
        placed("F1", {
          severity: "critical",
          ruleId: "conflict-marker",
          title: "Merge conflict marker",
          line: 12,
        }),
        placed("F4", {
          severity: "warning",
          path: "src/b.ts",
          line: 300,
          startLine: 298,
          title: "Leftover console.log",
          body: "Use the logger.",
          placement: "summary",
        }),
      ];

      const text = renderSummary(
        input({
          verdict: "request_changes",
          findings,
          counts: countBySeverity(findings),
          round: { k: 2, max: 5 },
          commits: { base: "1111111aaaa", head: "2222222bbbb", mode: "incremental" },
          coverage: {
            filesReviewed: 2,
            filesSkipped: [{ path: "package-lock.json", reason: "lockfile" }],
            engineErrors: [
              { engine: "llm", message: "output failed validation: line must be positive" },
            ],
          },
          links: { F1: "https://github.com/o/r/pull/7#discussion_r1" },
          dispositions: [
            {
              id: "F1",
              severity: "critical",
              where: "src/a.ts:12",
              title: "Merge conflict marker",
              claimed: "fixed",
              verified: "still_present",
            },
          ],
        }),
      );

      expect(text).toMatchInlineSnapshot(`
        "### ❌ reviewloop: changes requested

        **1 blocking finding** (critical and above). Round 2/5. Commits \`1111111..2222222\` (incremental: only what changed since the last pass).

        | 🔴 Critical | 🟡 Warning | 🔵 Info |
        | ---: | ---: | ---: |
        | 1 | 1 | 0 |

        #### Findings

        | ID | severity | where | finding | shown |
        | --- | --- | --- | --- | --- |
        | F1 | 🔴 Critical | [\`src/a.ts:12\`](https://github.com/o/r/pull/7#discussion_r1) | Merge conflict marker | inline |
        | F4 | 🟡 Warning | \`src/b.ts:298-300\` | Leftover console.log | summary |

        #### Not posted inline

        These are outside the diff (GitHub accepts no comment there) or beyond the inline-comment limit.

        **F4** · 🟡 Warning · bugs · \`src/b.ts:298-300\` — **Leftover console.log**

        Use the logger.

        #### Dispositions

        | ID | severity | where | finding | claimed | verified |
        | --- | --- | --- | --- | --- | --- |
        | F1 | 🔴 Critical | \`src/a.ts:12\` | Merge conflict marker | fixed | ❌ **still present** |

        #### Coverage

        Reviewed 2 of 3 changed files; 1 skipped (listed below).

        **Engine errors** (their findings are missing from this review)

        - \`llm\`: output failed validation: line must be positive

        **Skipped files (1)**

        - \`package-lock.json\` — lockfile"
      `);
    });
  });

  describe("when GitHub's 3,000-file listing limit was hit", () => {
    it("warns that later files were not reviewed", () => {
      const text = renderSummary(
        input({
          coverage: {
            filesReviewed: 3000,
            filesSkipped: [],
            truncatedAt3000: true,
            engineErrors: [],
          },
        }),
      );

      expect(text).toContain("at most 3,000 files");
    });
  });

  describe("with the LLM engine's coverage", () => {
    const llm = {
      state: "on" as const,
      model: "openai-compatible:fake-model",
      filesReviewed: ["src/a.ts", "src/b.ts"],
      filesSkipped: [
        {
          path: "src/big.ts",
          reason: "budget" as const,
          detail: "max_input_tokens 20,000 reached",
        },
      ],
      tokensIn: 12_345,
      tokensOut: 678,
      budgetUsed: 20_000,
      budget: 20_000,
      chunks: 9,
      cacheHits: 3,
      requests: 6,
      movedToSummary: 1,
      dropped: 0,
      merged: 0,
      repaired: 0,
    };

    it("shows what it did under Coverage, names the files it reviewed and lists the files it skipped last", () => {
      const text = renderSummary(
        input({
          coverage: {
            filesReviewed: 3,
            filesSkipped: [{ path: "yarn.lock", reason: "lockfile" }],
            engineErrors: [],
            llm,
          },
        }),
      );

      expect(text.slice(text.indexOf("#### Coverage"))).toMatchInlineSnapshot(`
        "#### Coverage

        Reviewed 3 of 4 changed files; 1 skipped (listed below).

        **LLM review** (\`openai-compatible:fake-model\`): 2 of 3 files reviewed · 12,345 tokens in, 678 out · 3 of 9 hunks from the cache · 1 finding moved to the summary (outside the lines shown)

        **LLM reviewed files (2):** \`src/a.ts\`, \`src/b.ts\`

        **Skipped files (1)**

        - \`yarn.lock\` — lockfile

        **LLM skipped files (1)**

        - \`src/big.ts\` — budget (max\\_input\\_tokens 20,000 reached)"
      `);
    });

    it("says in one line when it is off", () => {
      const text = renderSummary(
        input({
          coverage: {
            filesReviewed: 3,
            filesSkipped: [],
            engineErrors: [],
            llm: { state: "off", reason: "no provider configured" },
          },
        }),
      );

      expect(
        text.endsWith(
          "Reviewed 3 of 3 changed files.\n\n**LLM review:** off — no provider configured",
        ),
      ).toBe(true);
    });

    it("keeps thousands of LLM skipped files within GitHub's body limit, counting those left out", () => {
      const skipped = Array.from({ length: 5_000 }, (_, i) => ({
        path: `src/generated/file-${i}.ts`,
        reason: "budget" as const,
        detail: "max_input_tokens 20,000 reached",
      }));

      const text = renderSummary(
        input({
          coverage: {
            filesReviewed: 5_000,
            filesSkipped: [],
            engineErrors: [],
            llm: { ...llm, filesReviewed: [], filesSkipped: skipped },
          },
          marker: passMarker(1, 2, "abcdef1"),
        }),
      );

      expect(text.length).toBeLessThanOrEqual(65_535);
      const shown = text.split("\n").filter((l) => l.startsWith("- `src/generated/")).length;
      expect(shown).toBeGreaterThan(100);
      expect(text).toContain(
        `- _… ${(5_000 - shown).toLocaleString("en-US")} more LLM skipped files not shown._`,
      );
      expect(text).toContain("**LLM review** (`openai-compatible:fake-model`): 0 of 5,000 files");
      expect(parseMarkers(text).passes).toEqual([{ repoId: 1, pr: 2, sha: "abcdef1" }]);
    });
  });

  describe("for any LLM coverage and any limit", () => {
    it("never exceeds the limit and keeps the pass marker", () => {
      const text = fc.string({ unit: "grapheme", maxLength: 300 });
      const reason = fc.constantFrom(
        "budget" as const,
        "binary" as const,
        "filtered" as const,
        "too large" as const,
        "engine error" as const,
      );
      fc.assert(
        fc.property(
          fc.array(fc.record({ path: text, reason, detail: text }), { maxLength: 400 }),
          fc.array(fc.record({ path: text, reason: text }), { maxLength: 200 }),
          text,
          fc.integer({ min: 1_500, max: 65_535 }),
          (llmSkipped, skipped, model, limit) => {
            const out = renderSummary(
              input({
                coverage: {
                  filesReviewed: 1,
                  filesSkipped: skipped,
                  engineErrors: [],
                  llm: {
                    state: "on",
                    model,
                    filesReviewed: [],
                    filesSkipped: llmSkipped,
                    tokensIn: 1,
                    tokensOut: 1,
                    budgetUsed: 1,
                    budget: 1,
                    chunks: 1,
                    cacheHits: 0,
                    requests: 1,
                    movedToSummary: 0,
                    dropped: 0,
                    merged: 0,
                    repaired: 0,
                  },
                },
                marker: passMarker(5, 6, "abcdef1"),
              }),
              limit,
            );

            expect(out.length).toBeLessThanOrEqual(limit);
            expect(parseMarkers(out).passes).toEqual([{ repoId: 5, pr: 6, sha: "abcdef1" }]);
          },
        ),
        { numRuns: 40 },
      );
    });
  });

  describe("with far more findings than fit in a body", () => {
    const findings = Array.from({ length: 3_000 }, (_, i) =>
      placed(`F${i + 1}`, {
        line: i + 1,
        title: `Finding number ${i + 1} with a long enough title`,
        body: "x".repeat(400),
        placement: i < 50 ? "inline" : "summary",
      }),
    );
    const skipped = Array.from({ length: 2_000 }, (_, i) => ({
      path: `vendor/lib-${i}.js`,
      reason: "ignored directory vendor/",
    }));
    const text = renderSummary(
      input({
        verdict: "comment",
        findings,
        counts: countBySeverity(findings),
        coverage: { filesReviewed: 10, filesSkipped: skipped, engineErrors: [] },
        marker: passMarker(1, 2, "abcdef1"),
      }),
    );

    it("stays within GitHub's body limit", () => {
      expect(text.length).toBeLessThanOrEqual(65_535);
    });

    it("says how many findings are not shown and points to the check run", () => {
      const rows = text.split("\n").filter((l) => /^\| F\d+ \|/.test(l)).length;

      expect(text).toContain(`… ${3_000 - rows} more findings not shown; see the check run.`);
    });

    it("keeps the pass marker", () => {
      expect(parseMarkers(text).passes).toEqual([{ repoId: 1, pr: 2, sha: "abcdef1" }]);
    });

    it("still shows the verdict and counts", () => {
      expect(text).toContain("no blocking findings");
      expect(text).toContain("| 0 | 3000 | 0 |");
    });
  });

  describe("for any findings and any limit", () => {
    it("never exceeds the limit and keeps the pass marker", () => {
      const text = fc.string({ unit: "grapheme", maxLength: 300 });
      const finding = fc.record({
        title: text.filter((t) => t.trim() !== ""),
        body: fc.string({ maxLength: 3_000 }),
        path: text.filter((t) => t !== ""),
        line: fc.integer({ min: 1, max: 10_000 }),
        placement: fc.constantFrom("inline" as const, "summary" as const),
        severity: fc.constantFrom("critical" as const, "warning" as const, "info" as const),
      });
      fc.assert(
        fc.property(
          fc.array(finding, { maxLength: 300 }),
          fc.array(fc.record({ path: text, reason: text }), { maxLength: 200 }),
          fc.integer({ min: 1_500, max: 65_535 }),
          (raw, skipped, limit) => {
            const findings = raw.map((f, i) => placed(`F${i + 1}`, f));
            const out = renderSummary(
              input({
                findings,
                counts: countBySeverity(findings),
                coverage: { filesReviewed: 1, filesSkipped: skipped, engineErrors: [] },
                marker: passMarker(5, 6, "abcdef1"),
              }),
              limit,
            );

            expect(out.length).toBeLessThanOrEqual(limit);
            expect(parseMarkers(out).passes).toEqual([{ repoId: 5, pr: 6, sha: "abcdef1" }]);
          },
        ),
        { numRuns: 60 },
      );
    });
  });
});
