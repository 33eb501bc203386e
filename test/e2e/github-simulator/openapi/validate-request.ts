import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import type { OpenApiOperation, OpenApiParameter } from "./load-document.ts";

/** What one request carries, as the validator sees it. */
export interface RequestParts {
  params: Record<string, string>;
  query: URLSearchParams;
  /** The parsed JSON body; `undefined` when the request had none. */
  body: unknown;
}

interface CompiledOperation {
  path: ValidateFunction;
  query: ValidateFunction;
  queryNames: Set<string>;
  body?: ValidateFunction;
  bodyRequired: boolean;
}

export interface ValidatorOptions {
  /**
   * Reject body keys the operation does not describe. GitHub ignores most of them, which is
   * exactly why a typo there silently does nothing; on by default.
   */
  rejectUnknownBodyKeys?: boolean;
}

/**
 * A parameter's schema for a value read from the URL. `oneOf: [integer, string]` (a workflow's
 * id or file name) becomes `anyOf`: the text "42" is both once coerced, and GitHub takes it.
 */
function urlValueSchema(schema: OpenApiParameter["schema"]): unknown {
  const oneOf = (schema as { oneOf?: unknown[] } | undefined)?.oneOf;
  if (!oneOf) return schema ?? {};
  const { oneOf: _, ...rest } = schema as Record<string, unknown>;
  return { ...rest, anyOf: oneOf };
}

function paramsSchema(parameters: OpenApiParameter[]) {
  return {
    type: "object",
    properties: Object.fromEntries(parameters.map((p) => [p.name, urlValueSchema(p.schema)])),
    required: parameters.filter((p) => p.required).map((p) => p.name),
  };
}

/** Adds `additionalProperties: false` to object schemas that list their properties. */
function closeObjects(schema: unknown, insideAllOf = false): unknown {
  if (Array.isArray(schema)) return schema.map((item) => closeObjects(item, insideAllOf));
  if (schema === null || typeof schema !== "object") return schema;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === "properties" && value && typeof value === "object") {
      copy[key] = Object.fromEntries(
        Object.entries(value).map(([name, child]) => [name, closeObjects(child)]),
      );
    } else if (key === "allOf") {
      copy[key] = closeObjects(value, true);
    } else if (key === "example" || key === "examples" || key === "description") {
      // Documentation only; dropping it keeps compiled validators small.
    } else {
      copy[key] = closeObjects(value);
    }
  }
  if (!insideAllOf && copy.properties && copy.additionalProperties === undefined) {
    copy.additionalProperties = false;
  }
  return copy;
}

function describeErrors(where: string, errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((error) => {
    const at = `${where}${error.instancePath}`;
    if (error.keyword === "additionalProperties") {
      return `${at}: unknown key "${String(error.params.additionalProperty)}"`;
    }
    return `${at} ${error.message ?? "is invalid"}`;
  });
}

/**
 * Validates requests against their OpenAPI operation: path parameters and query parameters
 * (coerced from strings, unknown query names rejected) and the JSON body. Validators are
 * compiled on first use and cached per operation.
 */
export function createRequestValidator(options: ValidatorOptions = {}) {
  const rejectUnknown = options.rejectUnknownBodyKeys ?? true;
  const common = { strict: false, allErrors: true, validateFormats: false } as const;
  const coercing = new Ajv({ ...common, coerceTypes: "array" });
  const exact = new Ajv(common);
  const cache = new Map<string, CompiledOperation>();

  function compile(operation: OpenApiOperation): CompiledOperation {
    const cached = cache.get(operation.operationId);
    if (cached) return cached;
    const parameters = operation.parameters ?? [];
    const queryParams = parameters.filter((p) => p.in === "query");
    const content = operation.requestBody?.content ?? {};
    const jsonType = Object.keys(content).find((type) => type.startsWith("application/json"));
    const bodySchema = jsonType ? content[jsonType]?.schema : undefined;
    const compiled: CompiledOperation = {
      path: coercing.compile(paramsSchema(parameters.filter((p) => p.in === "path"))),
      query: coercing.compile(paramsSchema(queryParams)),
      queryNames: new Set(queryParams.map((p) => p.name)),
      bodyRequired: operation.requestBody?.required === true,
      ...(bodySchema
        ? { body: exact.compile((rejectUnknown ? closeObjects(bodySchema) : bodySchema) as object) }
        : {}),
    };
    cache.set(operation.operationId, compiled);
    return compiled;
  }

  /** Problems with the request, one line each; empty when GitHub would accept its shape. */
  return function validateRequest(operation: OpenApiOperation, parts: RequestParts): string[] {
    const compiled = compile(operation);
    const problems: string[] = [];
    const pathValues: Record<string, unknown> = { ...parts.params };
    if (!compiled.path(pathValues)) problems.push(...describeErrors("path", compiled.path.errors));

    const queryValues: Record<string, unknown> = {};
    for (const name of new Set(parts.query.keys())) {
      if (!compiled.queryNames.has(name)) {
        problems.push(`query: unknown parameter "${name}"`);
        continue;
      }
      const all = parts.query.getAll(name);
      queryValues[name] = all.length === 1 ? all[0] : all;
    }
    if (!compiled.query(queryValues)) {
      problems.push(...describeErrors("query", compiled.query.errors));
    }

    if (parts.body === undefined) {
      if (compiled.bodyRequired) problems.push("body: required");
    } else if (!compiled.body) {
      if (parts.body !== null) problems.push("body: this operation takes no JSON body");
    } else if (!compiled.body(parts.body)) {
      problems.push(...describeErrors("body", compiled.body.errors));
    }
    return problems;
  };
}
