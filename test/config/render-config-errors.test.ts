import { describe, expect, it } from "vitest";
import { containsCommand } from "../../src/commands/index.ts";
import { parseConfig, renderConfigErrors } from "../../src/config/index.ts";

function errorsOf(raw: unknown) {
  const result = parseConfig(raw);
  if (result.ok) throw new Error("expected errors");
  return result.errors;
}

describe("config/render-config-errors", () => {
  it("lists each bad key with its message", () => {
    const errors = errorsOf({
      review: { draft: true, blocking_severity: "crit" },
      remediation: { max_rounds: 50 },
    });

    expect(renderConfigErrors(errors)).toMatchInlineSnapshot(`
      "- \`review.blocking_severity\`: must be one of \`info\`, \`warning\`, \`critical\`; got "crit" — did you mean \`critical\`?
      - \`review.draft\`: unknown key; did you mean \`drafts\`?
      - \`remediation.max_rounds\`: must be at most 20, got 50"
    `);
  });

  it("names the file itself when the whole file is wrong", () => {
    expect(renderConfigErrors(errorsOf([1, 2]))).toMatchInlineSnapshot(
      `"- the file: must be a mapping of keys such as \`review:\`, got a list"`,
    );
  });

  it("keeps a hostile key on its own line and out of code spans", () => {
    const errors = errorsOf({ "x\n/reviewloop fix `y`": 1 });

    const rendered = renderConfigErrors(errors);

    expect(rendered.split("\n")).toHaveLength(1);
    expect(containsCommand(rendered, "reviewloop")).toBe(false);
    expect(rendered).not.toMatch(/`y`/);
  });

  it("summarizes beyond fifty errors", () => {
    const raw = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`unknown${i}`, 1]));

    const lines = renderConfigErrors(errorsOf(raw)).split("\n");

    expect(lines).toHaveLength(51);
    expect(lines[50]).toBe("- … and 10 more");
  });
});
