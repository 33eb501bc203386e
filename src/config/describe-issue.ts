import type { z } from "zod";
import { findClosest } from "./find-closest.ts";
import { DEFAULT_CONFIG } from "./schema.ts";
import { formatKeyPath, type KeySegment, listKeyPaths, listKnownKeys } from "./schema-keys.ts";

/** One wrong key in a repository config, as shown to the user. */
export interface ConfigError {
  /** Dotted key path such as `remediation.max_rounds` or `review.paths.include[2]`; "" = the file. */
  key: string;
  /** What is wrong, in a sentence fragment a user can act on. */
  message: string;
}

type Issue = z.core.$ZodIssue;

const TYPE_NAMES: Record<string, string> = {
  boolean: "`true` or `false`",
  number: "a number",
  int: "a whole number",
  string: "a text value",
  array: "a list",
  object: "a mapping (`key: value` lines)",
  record: "a mapping (`key: value` lines)",
};

/** A short, safe rendering of what the user wrote. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "an empty value";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return JSON.stringify(shown);
  }
  return String(value);
}

function defaultAt(path: readonly PropertyKey[]): unknown {
  let node: unknown = DEFAULT_CONFIG;
  for (const segment of path) {
    if (typeof segment !== "string" || node === null || typeof node !== "object") return undefined;
    if (!Object.hasOwn(node, segment)) return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

function describeTypeIssue(issue: z.core.$ZodIssueInvalidType, path: PropertyKey[]): string {
  if (path.length === 0) {
    return `must be a mapping of keys such as \`review:\`, got ${describeValue(issue.input)}`;
  }
  const expected = TYPE_NAMES[issue.expected] ?? issue.expected;
  let message = `expected ${expected}, got ${describeValue(issue.input)}`;
  const fallback = defaultAt(path);
  if (issue.input === null && fallback !== undefined) {
    message += `; remove the key to use the default (\`${JSON.stringify(fallback)}\`)`;
  }
  return message;
}

function describeSizeIssue(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig): string {
  const small = issue.code === "too_small";
  const limit = Number(small ? issue.minimum : issue.maximum);
  const bound = small ? "at least" : "at most";
  const input = issue.input;
  if (issue.origin === "array") {
    const count = Array.isArray(input) ? `, got ${input.length}` : "";
    return `must list ${bound} ${limit} ${limit === 1 ? "entry" : "entries"}${count}`;
  }
  if (issue.origin === "string") {
    if (small && limit === 1) return "must not be empty";
    const count = typeof input === "string" ? `, got ${input.length}` : "";
    return `must be ${bound} ${limit} characters long${count}`;
  }
  return `must be ${bound} ${limit}, got ${describeValue(input)}`;
}

function describeValueIssue(issue: z.core.$ZodIssueInvalidValue): string {
  const options = issue.values.map((value) => `\`${String(value)}\``).join(", ");
  let message = `must be one of ${options}; got ${describeValue(issue.input)}`;
  if (typeof issue.input === "string") {
    const closest = findClosest(issue.input, issue.values.map(String));
    if (closest !== undefined) message += ` — did you mean \`${closest}\`?`;
  }
  return message;
}

/** Why `key` is not allowed under `parent`, with the likeliest intended key when there is one. */
export function describeUnknownKey(parent: readonly KeySegment[], key: string): string {
  const known = listKnownKeys(parent);
  const everywhere = listKeyPaths();
  const stringParent = parent.filter((segment) => typeof segment === "string");
  if (key.includes(".")) {
    const dotted = [...stringParent, ...key.split(".")].join(".");
    if (everywhere.some((path) => path.join(".") === dotted)) {
      const nested = key.split(".").map((part) => `\`${part}:\``);
      return `unknown key; YAML keys do not nest with dots — write ${nested.join(" then, indented, ")}`;
    }
  }
  const closest = findClosest(key, known);
  if (closest !== undefined) return `unknown key; did you mean \`${closest}\`?`;
  const elsewhere = everywhere.filter(
    (path) => findClosest(key, [path[path.length - 1]]) !== undefined,
  );
  if (elsewhere.length > 0 && elsewhere.length <= 4) {
    const name = elsewhere[0][elsewhere[0].length - 1];
    const parents = elsewhere.map((path) =>
      path.length === 1 ? "at the top level" : `under \`${path.slice(0, -1).join(".")}\``,
    );
    return `unknown key here; \`${name}\` belongs ${parents.join(" or ")}`;
  }
  if (known.length === 0) return "unknown key";
  return `unknown key; expected one of ${known.map((name) => `\`${name}\``).join(", ")}`;
}

function describeUnion(issue: z.core.$ZodIssueInvalidUnion, path: PropertyKey[]): ConfigError[] {
  // The branch whose type matched the input explains the problem better than "no branch fit".
  const matching = issue.errors.filter(
    (branch) => !branch.some((inner) => inner.code === "invalid_type" && inner.path.length === 0),
  );
  if (matching.length === 1) {
    return matching[0].flatMap((inner) => describeIssue(inner, path));
  }
  return [
    { key: formatKeyPath(path), message: `${issue.message}; got ${describeValue(issue.input)}` },
  ];
}

/** Turns one zod issue into the errors a user sees; `base` prefixes paths of nested issues. */
export function describeIssue(issue: Issue, base: PropertyKey[] = []): ConfigError[] {
  const path = [...base, ...issue.path];
  const key = formatKeyPath(path);
  switch (issue.code) {
    case "unrecognized_keys": {
      const parent = path.filter((s): s is KeySegment => typeof s !== "symbol");
      return issue.keys.map((name) => ({
        key: formatKeyPath([...path, name]),
        message: describeUnknownKey(parent, name),
      }));
    }
    case "invalid_union":
      return describeUnion(issue, path);
    case "invalid_type":
      return [{ key, message: describeTypeIssue(issue, path) }];
    case "too_small":
    case "too_big":
      return [{ key, message: describeSizeIssue(issue) }];
    case "invalid_value":
      return [{ key, message: describeValueIssue(issue) }];
    case "invalid_key": {
      const inner = issue.issues[0]?.message ?? "invalid key";
      return [{ key, message: `invalid key: ${inner}` }];
    }
    default:
      return [{ key, message: issue.message }];
  }
}
