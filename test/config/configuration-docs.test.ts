import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { DEFAULT_PERMISSIONS, parseConfig } from "../../src/config/index.ts";
import { listKeyPaths } from "../../src/config/schema-keys.ts";

const doc = readFileSync(new URL("../../docs/configuration.md", import.meta.url), "utf8");

/** Every ```yaml fenced block of the doc, so no example there can drift from the schema. */
/** First cells of every markdown table row (tables may be padded by the formatter). */
const tableCells = new Set(
  doc
    .split("\n")
    .filter((line) => line.startsWith("|"))
    .map((line) => line.split("|")[1].trim()),
);

const yamlBlocks = [...doc.matchAll(/^```ya?ml\n([\s\S]*?)^```$/gm)].map((match) => match[1]);

describe("docs/configuration.md", () => {
  it("has a full example and a minimal one", () => {
    expect(yamlBlocks.length).toBeGreaterThanOrEqual(2);
  });

  it.each(yamlBlocks.map((block, index) => [index, block]))(
    "example %i is a valid config",
    (_index, block) => {
      const result = parseConfig(parse(block), {
        knownRuleIds: ["conflict-marker", "todo-comment", "large-file"],
      });

      expect(result.ok ? [] : result.errors).toEqual([]);
      expect(result.ok && result.warnings).toEqual([]);
    },
  );

  it("the full example writes every key of the schema", () => {
    const example = parse(yamlBlocks[0]);
    const has = (path: string[]) => {
      let node: unknown = example;
      for (const segment of path) {
        if (node === null || typeof node !== "object" || !(segment in node)) return false;
        node = (node as Record<string, unknown>)[segment];
      }
      return true;
    };
    // Each command permission is listed in the table; the example shows a few of them.
    const missing = listKeyPaths()
      .filter((path) => path[1] !== "permissions" || path.length === 2)
      .filter((path) => !(path.join(".") === "remediation.target.event_type"))
      .filter((path) => !has(path));

    expect(missing).toEqual([]);
  });

  it("documents every leaf key in a table row", () => {
    const keys = listKeyPaths().map((path) => path.join("."));
    const leaves = keys.filter((key) => !keys.some((other) => other.startsWith(`${key}.`)));

    const undocumented = leaves
      .filter((key) => !key.startsWith("commands.permissions."))
      .filter((key) => !tableCells.has(`\`${key}\``));

    expect(undocumented).toEqual([]);
  });

  it("gives the default level of every command", () => {
    const section = doc.slice(doc.indexOf("Default levels:"));
    const rows = section
      .split("\n")
      .filter((line) => line.startsWith("|"))
      .join("\n");

    const missing = Object.keys(DEFAULT_PERMISSIONS).filter(
      (command) => !rows.includes(`\`${command}\``),
    );

    expect(missing).toEqual([]);
  });
});
