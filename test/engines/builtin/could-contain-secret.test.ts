import { rules as presetRules } from "@secretlint/secretlint-rule-preset-recommend";
import presetPackage from "@secretlint/secretlint-rule-preset-recommend/package.json" with {
  type: "json",
};
import { describe, expect, it } from "vitest";
import {
  AUDITED_PRESET_VERSION,
  couldContainSecret,
  findSecretRules,
  SECRET_PIECES,
  SECRET_RULE_PIECES,
} from "../../../src/engines/builtin/could-contain-secret.ts";
import { FAKE_SECRETS } from "./secret-corpus.ts";

describe("engines/builtin/could-contain-secret", () => {
  it("was derived from the installed secretlint preset (after an upgrade, re-read the preset's rules and update the pre-filter)", () => {
    expect(presetPackage.version).toBe(AUDITED_PRESET_VERSION);
  });

  it("lists exactly the installed preset's rules", () => {
    const ids = presetRules.map((rule) => rule.meta.id.replace("@secretlint/secretlint-rule-", ""));

    expect(Object.keys(SECRET_RULE_PIECES).sort()).toEqual(ids.sort());
  });

  it("chooses every rule one of whose pieces occurs, and no other", () => {
    const text = 'url = "https://x.io"\nconst t = ghp_abc; // SECRET\nsk-1 hvs.2\n';

    expect([...findSecretRules(text)].sort()).toEqual(
      [
        "anthropic",
        "aws",
        "basicauth",
        "database-connection-string",
        "github",
        "hashicorp-vault",
        "npm",
        "openai",
        "slack",
      ].sort(),
    );
    expect(findSecretRules("const a = b.c(d);\n").size).toBe(0);
  });

  it.each(Object.entries(FAKE_SECRETS))("keeps a file with a %s secret", (_kind, lines) => {
    expect(couldContainSecret(`const a = 1;\n${lines.join("\n")}\n`, ".ts")).toBe(true);
  });

  it.each(SECRET_PIECES)("keeps a file holding the piece %j, wherever it stands", (piece) => {
    for (const text of [piece, `x${piece}`, `${piece}x`, `line one\n  ${piece}\n`]) {
      expect(couldContainSecret(text, ".ts"), text).toBe(true);
    }
  });

  it("drops a file of ordinary code", () => {
    const code = [
      'import { load } from "./load.ts";',
      "export async function run(id: string) {",
      "  const item = await load(id, { retries: 3 });",
      "  return item?.name ?? null;",
      "}",
    ].join("\n");

    expect(couldContainSecret(code, ".ts")).toBe(false);
  });

  it("keeps every .json file, which secretlint parses as a whole for service account keys", () => {
    expect(couldContainSecret('{ "a": 1 }', ".json")).toBe(true);
  });
});
