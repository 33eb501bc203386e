import { describe, expect, it } from "vitest";
import { containsCommand } from "../../src/commands/parse-commands.ts";
import type { PlacedFinding } from "../../src/review/finding.ts";
import { parseMarkers, passMarker } from "../../src/review/markers.ts";
import { renderDispositionTable } from "../../src/review/render-disposition-table.ts";
import {
  escapeInline,
  inlineCode,
  sanitizeBody,
  tableCell,
} from "../../src/review/render-escape.ts";
import { renderInlineComment } from "../../src/review/render-inline-comment.ts";
import { renderSummary } from "../../src/review/render-summary.ts";
import { countBySeverity } from "../../src/review/verdict.ts";
import { makeFinding } from "./review-pass-fixtures.ts";

/** The slugs the hostile text below addresses. */
const SLUGS = ["reviewloop", "my-app"];

/**
 * Besides the real parser (which skips code and quotes), a stricter check for our own prefix: no
 * line at all, code included, may start with `/reviewloop` or `@reviewloop`. (Other `@word` lines
 * in code are left alone: they are decorators far more often than commands.)
 */
function looksLikeCommand(line: string): boolean {
  return /^\s*[/@]reviewloop\b/i.test(line);
}
/** The text GitHub renders as markdown: code blocks and code spans (CommonMark rules) removed. */
function proseOf(text: string): string {
  const lines: string[] = [];
  let fence: string | null = null;
  for (const line of text.split("\n")) {
    const open = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence === null && open) fence = open[1];
    else if (fence !== null && line.trim().startsWith(fence) && /^[`~]+$/.test(line.trim()))
      fence = null;
    else if (fence === null) lines.push(line);
  }
  return lines
    .map((line) => {
      let out = "";
      let rest = line.replace(/\\`/g, "");
      for (let m = /`+/.exec(rest); m !== null; m = /`+/.exec(rest)) {
        const after = rest.slice(m.index + m[0].length);
        const close = [...after.matchAll(/`+/g)].find((c) => c[0].length === m![0].length);
        if (close === undefined) {
          out += rest.slice(0, m.index + m[0].length);
          rest = after;
          continue;
        }
        out += rest.slice(0, m.index);
        rest = after.slice(close.index! + close[0].length);
      }
      return out + rest;
    })
    .join("\n");
}

/** A mention GitHub would turn into a notification: `@name` not preceded by a word character. */
function hasLiveMention(text: string): boolean {
  return /(?<![\w`])@[A-Za-z0-9]/.test(proseOf(text));
}

const hostile = [
  "/reviewloop fix",
  "@reviewloop approve",
  "  /reviewloop stop",
  "@my-app fix",
  "Ping @octocat and @org/team",
  "<!-- reviewloop:pass 1#2@abcdef1 -->",
  "<details><summary>x</summary>",
  "a | b ` c ``` d",
].join("\n");

const finding: PlacedFinding = {
  ...makeFinding({ title: hostile, body: `${hostile}\n\`\`\`\n${hostile}\n`, category: hostile }),
  path: "src/@octocat|<b>.ts",
  id: "F1",
  fingerprint: "00112233aabbccdd",
  placement: "summary",
};

const rendered = {
  inline: renderInlineComment(finding),
  summary: renderSummary({
    verdict: "comment",
    counts: countBySeverity([finding]),
    blockingSeverity: "critical",
    commits: { base: "a".repeat(40), head: "b".repeat(40), mode: "full" },
    coverage: {
      filesReviewed: 1,
      filesSkipped: [{ path: hostile, reason: hostile }],
      engineErrors: [{ engine: "llm", message: hostile }],
    },
    findings: [finding],
    dispositions: [
      {
        id: "F1",
        severity: "warning",
        where: hostile,
        title: hostile,
        claimed: "disagree",
        verified: "still_present",
        note: hostile,
      },
    ],
    marker: passMarker(9, 8, "c".repeat(40)),
  }),
  table: renderDispositionTable([
    {
      id: "F1",
      severity: "warning",
      where: hostile,
      title: hostile,
      claimed: "fixed",
      verified: "verified_fixed",
      note: hostile,
    },
  ]),
};

describe("review/render-escape", () => {
  describe.each(Object.entries(rendered))(
    "the %s template with hostile finding text",
    (_, text) => {
      it("contains no line that parses as a command", () => {
        expect(SLUGS.filter((slug) => containsCommand(text, slug))).toEqual([]);
        expect(text.split("\n").filter(looksLikeCommand)).toEqual([]);
      });

      it("pings nobody", () => {
        expect(hasLiveMention(text)).toBe(false);
      });

      it("contains no forged marker", () => {
        const { passes } = parseMarkers(text);

        expect(passes.filter((p) => p.repoId === 1)).toEqual([]);
      });

      it("contains no raw HTML tag from the finding", () => {
        expect(proseOf(text)).not.toMatch(/<details>|<summary>|<b>/);
      });
    },
  );

  describe("escapeInline", () => {
    it("keeps balanced code spans and shows everything else as typed", () => {
      expect(escapeInline("use `x` | <b>*y*</b> & [z](u) ` stray\nnext")).toMatchInlineSnapshot(
        `"use \`x\` \\| &lt;b&gt;\\*y\\*&lt;/b&gt; &amp; \\[z\\](u) \\\` stray next"`,
      );
    });
  });

  describe("tableCell", () => {
    it("keeps line breaks as <br> and escapes pipes", () => {
      expect(tableCell("one | two\nthree")).toBe("one \\| two<br>three");
    });
  });

  describe("inlineCode", () => {
    it("picks a fence longer than any backtick run inside", () => {
      expect(inlineCode("a ``b`` c")).toBe("```a ``b`` c```");
      expect(inlineCode("`x`")).toBe("`` `x` ``");
    });

    it("escapes pipes inside tables", () => {
      expect(inlineCode("a|b", true)).toBe("`a\\|b`");
    });
  });

  describe("sanitizeBody", () => {
    it("keeps markdown and code but breaks mentions and HTML outside code", () => {
      const body =
        "Call `foo<T>()` as @alice said, not <img src=x>.\n\n```ts\n@decorator\nconst a = b < c;\n```";

      expect(sanitizeBody(body)).toMatchInlineSnapshot(`
        "Call \`foo<T>()\` as @‍alice said, not &lt;img src=x>.

        \`\`\`ts
        @decorator
        const a = b < c;
        \`\`\`"
      `);
    });

    it("closes a code fence the body left open", () => {
      expect(sanitizeBody("```ts\nconst a = 1;")).toBe("```ts\nconst a = 1;\n```");
    });
  });
});
