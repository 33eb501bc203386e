import type { DiffFile } from "../../../src/review/diff-types.ts";
import { makeAddedFile, makeModifiedFile } from "./make-diff.ts";

const TEMPLATES = [
  (i: number) => `import { helper${i} } from "../lib/helper-${i}.ts";`,
  (i: number) => `export async function load${i}(id: string): Promise<Item${i}> {`,
  (i: number) =>
    `  const response = await fetch(\`https://api.example.com/v1/items/\${id}?page=${i}\`);`,
  (i: number) =>
    `  if (!response.ok) throw new Error(\`request ${i} failed: \${response.status}\`);`,
  (i: number) => `  // keep the cache small: entries expire after ${i} seconds`,
  (i: number) => `  const value = { id, name: "item-${i}", tags: ["a", "b"], weight: ${i}.5 };`,
  (i: number) => `  return parseItem(await response.json(), { strict: true, version: ${i} });`,
  () => "}",
  (i: number) => `const token${i} = process.env.API_TOKEN_${i} ?? "";`,
  (i: number) => `logger.info({ itemId: ${i}, elapsedMs: Date.now() - started }, "loaded item");`,
];

/**
 * A diff of `fileCount` files with `linesPerFile` added lines of TypeScript-looking code each,
 * half new files and half modified ones. One GitHub token is planted in the middle file.
 */
export function makeLargeDiff(
  fileCount: number,
  linesPerFile: number,
  plantedSecret: string,
): DiffFile[] {
  const files: DiffFile[] = [];
  for (let f = 0; f < fileCount; f++) {
    const lines = Array.from({ length: linesPerFile }, (_, j) =>
      TEMPLATES[j % TEMPLATES.length]!(f * linesPerFile + j),
    );
    if (f === Math.floor(fileCount / 2)) lines[7] = `const leaked = "${plantedSecret}";`;
    const path = `src/module-${Math.floor(f / 50)}/file-${f}.ts`;
    files.push(f % 2 === 0 ? makeAddedFile(path, lines) : makeModifiedFile(path, lines, 40));
  }
  return files;
}
