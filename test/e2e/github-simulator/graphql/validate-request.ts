import {
  type DocumentNode,
  GraphQLError,
  getOperationAST,
  getVariableValues,
  type OperationDefinitionNode,
  parse,
  validate,
} from "graphql";
import { loadGraphqlSchema } from "./load-schema.ts";

/** An entry of `errors[]` in GitHub's answer. */
export interface GitHubGraphqlError {
  message: string;
  locations?: { line: number; column: number }[];
  extensions?: Record<string, unknown>;
}

const UNDEFINED_FIELD = /^Cannot query field "(\w+)" on type "(\w+)"\./;

/** graphql-js's error in GitHub's words where the app could match on them. */
function toGitHubError(error: GraphQLError): GitHubGraphqlError {
  const locations = error.locations?.map(({ line, column }) => ({ line, column }));
  const undefinedField = UNDEFINED_FIELD.exec(error.message);
  if (undefinedField) {
    const [, fieldName, typeName] = undefinedField;
    return {
      message: `Field '${fieldName}' doesn't exist on type '${typeName}'`,
      ...(locations ? { locations } : {}),
      extensions: { code: "undefinedField", typeName, fieldName },
    };
  }
  return { message: error.message, ...(locations ? { locations } : {}) };
}

/** A request GitHub would run, or the errors it answers instead. */
export type ValidatedRequest =
  | { ok: true; document: DocumentNode; operation: OperationDefinitionNode }
  | { ok: false; errors: GitHubGraphqlError[] };

/**
 * Checks a request as GitHub does before it runs anything: the query parses, the document is
 * valid against GitHub's published schema (fields, arguments and their literal types, variable
 * usage), one operation is chosen, and `variables` fit their declared types.
 */
export function validateRequest(
  query: string,
  variables: Record<string, unknown>,
  operationName?: string,
): ValidatedRequest {
  const schema = loadGraphqlSchema();
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    return { ok: false, errors: [toGitHubError(error)] };
  }
  const invalid = validate(schema, document);
  if (invalid.length > 0) return { ok: false, errors: invalid.map(toGitHubError) };
  const operation = getOperationAST(document, operationName);
  if (!operation) {
    const message = operationName
      ? `No operation named "${operationName}"`
      : "An operation name is required when the document has several operations";
    return { ok: false, errors: [{ message }] };
  }
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  if (coerced.errors) return { ok: false, errors: coerced.errors.map(toGitHubError) };
  return { ok: true, document, operation };
}
