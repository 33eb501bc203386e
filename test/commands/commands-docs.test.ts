import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { COMMAND_NAMES, parseCommands } from "../../src/commands/index.ts";
import { DEFAULT_PERMISSIONS, parseConfig } from "../../src/config/index.ts";

const doc = readFileSync(new URL("../../docs/commands.md", import.meta.url), "utf8");

function blocks(language: string): string[] {
  return [...doc.matchAll(new RegExp(`^\`\`\`${language}\\n([\\s\\S]*?)^\`\`\`$`, "gm"))].map(
    (match) => match[1],
  );
}

const WORDS = {
  read: "read (anyone)",
  author: "PR author or write",
  write: "write",
  maintain: "maintain",
  admin: "admin",
};

describe("docs/commands.md", () => {
  it("every example command parses (thread examples with a thread's finding)", () => {
    const examples = blocks("text");
    expect(examples.length).toBeGreaterThanOrEqual(3);

    for (const example of examples) {
      const lines = example.split("\n").filter((line) => line.trim() !== "");
      const results = parseCommands(example, {
        appSlug: "reviewloop",
        inThread: { findingId: "F5" },
      });

      expect(results.filter((result) => !result.ok)).toEqual([]);
      expect(results).toHaveLength(lines.length);
    }
  });

  it("every yaml example is a valid config", () => {
    for (const example of blocks("yaml")) {
      const result = parseConfig(parse(example));

      expect(result.ok ? [] : result.errors).toEqual([]);
    }
  });

  it("lists every command with its default permission", () => {
    for (const command of COMMAND_NAMES) {
      const row = doc
        .split("\n")
        .map((line) => line.split("|").map((cell) => cell.trim()))
        .find((cells) => cells[1] === `\`${command}\``);

      expect(row, command).toBeDefined();
      expect(row?.[row.length - 2], command).toBe(WORDS[DEFAULT_PERMISSIONS[command]]);
    }
  });
});
