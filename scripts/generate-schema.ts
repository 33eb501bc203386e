/**
 * Writes the JSON Schemas generated from zod: schema/reviewloop.schema.json (the config) and
 * schema/dispatch-payload.schema.json (the dispatch payload).
 * `--check` writes nothing and exits 1 when a committed file is missing or stale (CI).
 */
import { readFile, writeFile } from "node:fs/promises";
import { renderJsonSchema } from "../src/config/render-json-schema.ts";
import { renderDispatchPayloadSchema } from "../src/remediation/render-dispatch-payload-schema.ts";

const files = [
  { name: "reviewloop.schema.json", source: "src/config/", render: renderJsonSchema },
  {
    name: "dispatch-payload.schema.json",
    source: "src/remediation/dispatch-payload-schema.ts",
    render: renderDispatchPayloadSchema,
  },
];

let stale = false;
for (const file of files) {
  const target = new URL(`../schema/${file.name}`, import.meta.url);
  const expected = file.render();
  if (process.argv.includes("--check")) {
    const actual = await readFile(target, "utf8").catch(() => null);
    if (actual !== expected) {
      console.error(
        `schema/${file.name} is out of date with ${file.source}: run \`npm run schema\` and commit it.`,
      );
      stale = true;
    } else {
      console.log(`schema/${file.name} is up to date.`);
    }
  } else {
    await writeFile(target, expected);
    console.log(`wrote schema/${file.name}`);
  }
}
if (stale) process.exit(1);
