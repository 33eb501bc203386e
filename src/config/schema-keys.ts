import type { z } from "zod";
import { repoConfigSchema } from "./schema.ts";

/** One step into a config value: a mapping key or a list index. */
export type KeySegment = string | number;

/** The parts of zod's definition objects this walk reads; zod keeps them on `_zod.def`. */
interface LooseDef {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
  element?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
}

function defOf(schema: z.ZodType): LooseDef {
  return schema._zod.def as unknown as LooseDef;
}

/** The schemas a value at this node may be checked against, wrappers removed. */
function unwrap(schema: z.ZodType): z.ZodType[] {
  const def = defOf(schema);
  if (def.innerType) return unwrap(def.innerType);
  if (def.type === "pipe" && def.in) return unwrap(def.in);
  if (def.type === "union" && def.options) return def.options.flatMap(unwrap);
  return [schema];
}

function childSchemas(schema: z.ZodType, segment: KeySegment): z.ZodType[] {
  return unwrap(schema).flatMap((node) => {
    const def = defOf(node);
    if (def.type === "object" && typeof segment === "string") {
      const child = def.shape?.[segment];
      return child ? [child] : [];
    }
    if (def.type === "array" && typeof segment === "number" && def.element) return [def.element];
    if (def.type === "record" && typeof segment === "string" && def.valueType) {
      return [def.valueType];
    }
    return [];
  });
}

/** The mapping keys the schema accepts at `path` (empty when the node is not a fixed mapping). */
export function listKnownKeys(path: readonly KeySegment[]): string[] {
  let nodes: z.ZodType[] = [repoConfigSchema];
  for (const segment of path) nodes = nodes.flatMap((node) => childSchemas(node, segment));
  const keys = nodes
    .flatMap(unwrap)
    .flatMap((node) => {
      const def = defOf(node);
      return def.type === "object" && def.shape ? Object.keys(def.shape) : [];
    })
    .filter((key) => !key.startsWith("_"));
  return [...new Set(keys)];
}

/** Every fixed mapping key path in the schema (records and list items are not descended). */
export function listKeyPaths(): string[][] {
  const paths: string[][] = [];
  const visit = (prefix: string[]) => {
    for (const key of listKnownKeys(prefix)) {
      const path = [...prefix, key];
      paths.push(path);
      visit(path);
    }
  };
  visit([]);
  return paths;
}

/** `["review", "paths", "include", 2]` → `review.paths.include[2]`. */
export function formatKeyPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += out === "" ? String(segment) : `.${String(segment)}`;
  }
  return out;
}
