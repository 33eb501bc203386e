import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { DEFAULT_CONFIG, parseConfig } from "../../src/config/index.ts";

function readmeDefaults(): unknown {
  const readme = readFileSync("README.md", "utf8");
  const block = /<!-- defaults:start -->\s*```yaml\n([\s\S]*?)```\s*<!-- defaults:end -->/.exec(
    readme,
  );
  if (!block) throw new Error("README.md has no defaults block");
  return parse(block[1]!);
}

describe("README configuration defaults", () => {
  it("is a valid configuration", () => {
    expect(parseConfig(readmeDefaults())).toMatchObject({ ok: true });
  });

  it("states exactly the defaults the code applies to an empty file", () => {
    expect(readmeDefaults()).toEqual(JSON.parse(JSON.stringify(DEFAULT_CONFIG)));
  });
});
