/**
 * Writes schema/reviewloop.schema.json from the zod config schema.
 * `--check` writes nothing and exits 1 when the committed file is missing or stale (CI).
 */
import { readFile, writeFile } from "node:fs/promises";
import { renderJsonSchema } from "../src/config/render-json-schema.ts";

const target = new URL("../schema/reviewloop.schema.json", import.meta.url);
const expected = renderJsonSchema();

if (process.argv.includes("--check")) {
  const actual = await readFile(target, "utf8").catch(() => null);
  if (actual !== expected) {
    console.error(
      "schema/reviewloop.schema.json is out of date with src/config/: run `npm run schema` and commit it.",
    );
    process.exit(1);
  }
  console.log("schema/reviewloop.schema.json is up to date.");
} else {
  await writeFile(target, expected);
  console.log("wrote schema/reviewloop.schema.json");
}
