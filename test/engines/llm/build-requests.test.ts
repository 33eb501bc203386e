import { describe, expect, it } from "vitest";
import { buildRequests } from "../../../src/engines/llm/build-requests.ts";
import type { CachedChunk } from "../../../src/engines/llm/llm-types.ts";
import { prepareChunks } from "../../../src/engines/llm/prepare-chunks.ts";
import { parseGitDiff } from "../../../src/review/parse-git-diff.ts";
import { addedFile, codeLines, llmConfig } from "./llm-engine-fixtures.ts";

const PR = { title: "Fix the cart", body: "" };
const MODEL = "openai-compatible:fake-model";
const SCOPE_LABEL = "Enclosing lines of the head file";

/** The head of src/cart.ts: a class, a method, and the body the hunk at line 10 changes. */
const CART_HEAD = [
  "export class Cart {",
  "  total(items) {",
  ...Array.from({ length: 7 }, (_, i) => `    const step${i} = ${i};`),
  "    sum += i.price * 2;",
  "  }",
  "}",
].join("\n");

/** A modified file with one hunk of `lines` (diff lines with their marker) at line `start`. */
function modified(path: string, start: number, lines: readonly string[]): string {
  const oldLines = lines.filter((l) => !l.startsWith("+")).length;
  const newLines = lines.filter((l) => !l.startsWith("-")).length;
  return [
    `diff --git a/${path} b/${path}`,
    "index 1111111..2222222 100644",
    `--- a/${path}`,
    `+++ b/${path}`,
    `@@ -${start},${oldLines} +${start},${newLines} @@`,
    ...lines,
    "",
  ].join("\n");
}

const cart = modified("src/cart.ts", 10, ["-    sum += i.price;", "+    sum += i.price * 2;"]);
// Over 4,000 tokens in one hunk: sent in several requests.
const big = modified(
  "src/big.ts",
  5,
  codeLines("big", 600).map((l) => `+  ${l}`),
);
const cached = modified("src/cached.ts", 3, ["-  return 1;", "+  return 2;"]);

function prepare() {
  const files = [
    ...parseGitDiff(cart + big + cached),
    addedFile("src/added.ts", codeLines("added", 3)),
  ];
  return prepareChunks(files, llmConfig(), MODEL).files;
}

/** A cache holding every hunk of `path`. */
function cacheOf(files: ReturnType<typeof prepare>, path: string): Map<string, CachedChunk> {
  const file = files.find((f) => f.file.path === path)!;
  return new Map(file.hunks.map((h) => [h.key, { findings: [], tokensIn: 0, tokensOut: 0 }]));
}

describe("engines/llm/build-requests", () => {
  it("reads each modified file with hunks to send once, and puts its enclosing lines in the prompt", async () => {
    const files = prepare();
    const reads: string[] = [];
    const requests = await buildRequests(files, cacheOf(files, "src/cached.ts"), {
      pr: PR,
      concurrency: 2,
      readFile: async (path) => {
        reads.push(path);
        return path === "src/cart.ts" ? CART_HEAD : codeLines("head", 700).join("\n");
      },
    });

    // Not the cached file, not the added one (it is its own context), and big.ts once for all
    // of its requests.
    expect(reads.sort()).toEqual(["src/big.ts", "src/cart.ts"]);
    expect(requests.filter((r) => r.path === "src/big.ts").length).toBeGreaterThan(1);
    expect(requests.map((r) => r.path)).not.toContain("src/cached.ts");
    const prompt = requests.find((r) => r.path === "src/cart.ts")!.prompt;
    expect(prompt).toContain(SCOPE_LABEL);
    expect(prompt).toContain("1: export class Cart {\n2:   total(items) {\n");
  });

  it("sends the file without its enclosing lines when the read fails, and says so in the log", async () => {
    const files = prepare();
    const warnings: unknown[] = [];
    const requests = await buildRequests(files, new Map(), {
      pr: PR,
      concurrency: 2,
      readFile: async (path) => {
        if (path === "src/cart.ts") throw new Error("GitHub answered 502 Bad Gateway");
        return null;
      },
      log: { warn: (fields: unknown) => warnings.push(fields) },
    });

    const prompt = requests.find((r) => r.path === "src/cart.ts")?.prompt;
    expect(prompt).toContain("10+    sum += i.price * 2;");
    expect(prompt).not.toContain(SCOPE_LABEL);
    expect(warnings).toEqual([{ path: "src/cart.ts", error: "GitHub answered 502 Bad Gateway" }]);
  });
});
