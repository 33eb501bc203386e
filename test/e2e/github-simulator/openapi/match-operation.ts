import type { OpenApiDocument, OpenApiOperation } from "./load-document.ts";

/** An operation found for a request, with its path parameters decoded. */
export interface MatchedOperation {
  template: string;
  method: string;
  operation: OpenApiOperation;
  params: Record<string, string>;
}

interface Candidate {
  template: string;
  method: string;
  operation: OpenApiOperation;
  regex: RegExp;
  names: string[];
  /** Literal segments win over parameters: `/pulls/comments/{id}` before `/pulls/{pull_number}`. */
  literals: number;
}

/** Finds the operation a request addresses; `undefined` when GitHub has none. */
export type OperationMatcher = (method: string, path: string) => MatchedOperation | undefined;

const METHODS = ["get", "put", "post", "patch", "delete", "head"];

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function compileTemplate(template: string, operation: OpenApiOperation) {
  const multi = new Set(
    (operation.parameters ?? [])
      .filter((p) => p.in === "path" && p["x-multi-segment"])
      .map((p) => p.name),
  );
  const names: string[] = [];
  let literals = 0;
  const source = template
    .split("/")
    .map((segment) =>
      segment.replace(/\{([^}]+)\}|[^{]+/g, (part, name?: string) => {
        if (name === undefined) {
          literals += part.length;
          return escapeRegex(part);
        }
        names.push(name);
        return multi.has(name) ? "(.+?)" : "([^/]+)";
      }),
    )
    .join("/");
  return { regex: new RegExp(`^${source}$`), names, literals };
}

/**
 * Builds the matcher table once for the whole document: one regular expression per templated
 * path and method. Path parameters are matched on the raw (still percent-encoded) path and
 * decoded afterwards, so `.github%2Freviewloop.yml` stays one `{path}` value.
 */
export function createOperationMatcher(document: OpenApiDocument): OperationMatcher {
  const byMethod = new Map<string, Candidate[]>();
  for (const [template, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const compiled = compileTemplate(template, operation);
      const list = byMethod.get(method) ?? [];
      list.push({ template, method, operation, ...compiled });
      byMethod.set(method, list);
    }
  }
  // Deprecated twins (`compare/{base}...{head}` beside `compare/{basehead}`) only match last.
  const rank = (candidate: Candidate) =>
    (candidate.operation.deprecated ? -1e6 : 0) + candidate.literals;
  for (const list of byMethod.values()) list.sort((a, b) => rank(b) - rank(a));

  return (method, path) => {
    const candidates = byMethod.get(method.toLowerCase()) ?? [];
    for (const candidate of candidates) {
      const match = candidate.regex.exec(path);
      if (!match) continue;
      const params: Record<string, string> = {};
      candidate.names.forEach((name, index) => {
        params[name] = safeDecode(match[index + 1] ?? "");
      });
      return {
        template: candidate.template,
        method: candidate.method,
        operation: candidate.operation,
        params,
      };
    }
    return undefined;
  };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
