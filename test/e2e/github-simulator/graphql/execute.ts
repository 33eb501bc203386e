import {
  type DocumentNode,
  executeSync,
  type GraphQLFieldResolver,
  type OperationDefinitionNode,
} from "graphql";
import type { SimState } from "../state.ts";
import { loadGraphqlSchema } from "./load-schema.ts";
import { createRoot } from "./resolvers.ts";

/**
 * A resolved object: each field is a value or a function of the field's arguments. `__typename`
 * names the concrete type (graphql-js resolves interfaces such as `Node` and `Actor` by it).
 */
export type GqlObject = { __typename: string } & Record<string, unknown>;

export interface GqlError {
  message: string;
  path?: (string | number)[];
  /** GitHub's error type (`NOT_FOUND`, …); undefined for an error of the simulator itself. */
  type?: string;
}

/** Thrown by resolvers for a field-level error (`errors[]` entry, the field becomes null). */
export class GqlFieldError extends Error {
  readonly type: string;
  constructor(message: string, type = "UNPROCESSABLE") {
    super(message);
    this.type = type;
  }
}

/** The `type` of a field GitHub's schema has and the resolvers lack. */
export const UNSIMULATED_FIELD = "unsimulatedField";

/** Reads the field from the resolved object; a missing one is the simulator's gap, not GitHub's. */
const resolveField: GraphQLFieldResolver<unknown, unknown> = (source, args, _context, info) => {
  const object = source as Record<string, unknown>;
  if (!(info.fieldName in object)) {
    throw new GqlFieldError(
      `The simulator does not implement field '${info.fieldName}' on type '${info.parentType.name}'`,
      UNSIMULATED_FIELD,
    );
  }
  const value = object[info.fieldName];
  return typeof value === "function" ? value(args) : value;
};

/**
 * Runs an already validated `operation` of `document` with graphql-js over GitHub's schema and
 * the simulator's resolvers (mutations one after the other, as GitHub). Resolver errors keep
 * their GitHub `type`; any other error (a null for a non-null field) has none.
 */
export function executeOperation(
  state: SimState,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): { data: unknown; errors: GqlError[] } {
  const result = executeSync({
    schema: loadGraphqlSchema(),
    document,
    operationName: operation.name?.value,
    rootValue: createRoot(state, operation.operation === "mutation" ? "mutation" : "query"),
    variableValues: variables,
    fieldResolver: resolveField,
  });
  const errors = (result.errors ?? []).map((error) => ({
    message: error.message,
    ...(error.path ? { path: [...error.path] } : {}),
    ...(error.originalError instanceof GqlFieldError ? { type: error.originalError.type } : {}),
  }));
  return { data: result.data ?? null, errors };
}
