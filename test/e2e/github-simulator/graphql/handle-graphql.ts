import type { RouteResult } from "../http/respond.ts";
import type { SimState } from "../state.ts";
import { executeOperation, UNSIMULATED_FIELD } from "./execute.ts";
import { validateRequest } from "./validate-request.ts";

export interface GraphqlOutcome {
  result: RouteResult;
  /**
   * Recorded as violations: what GitHub would reject (shape, syntax, schema, variables) and what
   * the simulator cannot answer truthfully (a field it lacks).
   */
  violations: string[];
}

/**
 * `POST /api/graphql`: the body must be `{ query: string, variables?: object,
 * operationName?: string }`; the request is validated against GitHub's published schema
 * (a document or variables GitHub rejects answer `{ errors }` and are violations); answers
 * `{ data }` or `{ data, errors }` with status 200, as GitHub.
 */
export function handleGraphql(state: SimState, body: unknown): GraphqlOutcome {
  const request = body as { query?: unknown; variables?: unknown; operationName?: unknown } | null;
  const shapeProblems: string[] = [];
  if (request === null || typeof request !== "object" || Array.isArray(request)) {
    shapeProblems.push("graphql: the body must be a JSON object");
  } else {
    if (typeof request.query !== "string") shapeProblems.push("graphql: query must be a string");
    if (request.operationName != null && typeof request.operationName !== "string") {
      shapeProblems.push("graphql: operationName must be a string");
    }
    const variables = request.variables;
    if (
      variables !== undefined &&
      (variables === null || typeof variables !== "object" || Array.isArray(variables))
    ) {
      shapeProblems.push("graphql: variables must be an object");
    }
    for (const key of Object.keys(request)) {
      if (!["query", "variables", "operationName"].includes(key))
        shapeProblems.push(`graphql: unknown key "${key}"`);
    }
  }
  if (shapeProblems.length > 0) {
    return {
      result: {
        status: 400,
        body: {
          message: "Problems parsing JSON",
          documentation_url: "https://docs.github.com/graphql",
        },
      },
      violations: shapeProblems,
    };
  }
  const { query, variables, operationName } = request as {
    query: string;
    variables?: Record<string, unknown>;
    operationName?: string | null;
  };
  // GitHub checks the whole request before it runs any of it, and answers 200 with `errors`.
  const validated = validateRequest(query, variables ?? {}, operationName ?? undefined);
  if (!validated.ok) {
    return {
      result: { status: 200, body: { errors: validated.errors } },
      violations: validated.errors.map((error) => `graphql: ${error.message}`),
    };
  }
  const { data, errors } = executeOperation(
    state,
    validated.document,
    validated.operation,
    variables ?? {},
  );
  // GitHub's own field errors (NOT_FOUND, pagination limits) are answers; the rest are
  // violations: a field the simulator lacks, or a resolver answering what the schema forbids.
  const violations = errors
    .filter((error) => error.type === UNSIMULATED_FIELD || error.type === undefined)
    .map((error) => `graphql: ${error.message}${error.path ? ` at ${error.path.join(".")}` : ""}`);
  return {
    result: { status: 200, body: errors.length > 0 ? { data, errors } : { data } },
    violations,
  };
}
