import { z } from "zod";
import { repoConfigSchema } from "./schema.ts";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Sorts JSON Schema keywords so the file does not churn when zod reorders them, but keeps the
 * members of `properties` in declaration order, which is the order the docs and editors show.
 */
export function sortKeywords(value: Json, insideProperties = false): Json {
  if (Array.isArray(value)) return value.map((item) => sortKeywords(item));
  if (value === null || typeof value !== "object") return value;
  const keys = Object.keys(value);
  if (!insideProperties) keys.sort();
  const out: { [key: string]: Json } = {};
  for (const key of keys) {
    out[key] = insideProperties
      ? sortKeywords(value[key])
      : sortKeywords(value[key], key === "properties");
  }
  return out;
}

/**
 * The JSON Schema of `.github/reviewloop.yml` as committed to `schema/reviewloop.schema.json`:
 * the input side (every key optional, defaults shown), pretty-printed, with a final newline.
 */
export function renderJsonSchema(): string {
  const schema = z.toJSONSchema(repoConfigSchema, { io: "input", target: "draft-2020-12" });
  return `${JSON.stringify(sortKeywords(schema as Json), null, 2)}\n`;
}
