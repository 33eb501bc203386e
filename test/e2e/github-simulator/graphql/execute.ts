import type { Field, Operation, Value } from "./parse-query.ts";

/**
 * A resolved object: each field is a value or a function of the field's arguments. `__typename`
 * names the type in error messages, as GitHub's "Field 'x' doesn't exist on type 'Y'".
 */
export type GqlObject = { __typename: string } & Record<string, unknown>;

export interface GqlError {
  message: string;
  path?: (string | number)[];
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

function evaluate(value: Value, variables: Record<string, unknown>): unknown {
  switch (value.kind) {
    case "variable":
      return variables[value.name];
    case "literal":
      return value.value;
    case "list":
      return value.values.map((item) => evaluate(item, variables));
    case "object":
      return Object.fromEntries(
        Object.entries(value.fields).map(([key, item]) => [key, evaluate(item, variables)]),
      );
  }
}

/**
 * Runs an already validated `operation` against `root`; fields the resolvers lack and resolver
 * errors go to `errors`.
 */
export function execute(
  operation: Operation,
  root: GqlObject,
  variables: Record<string, unknown>,
): { data: unknown; errors: GqlError[] } {
  const errors: GqlError[] = [];
  const values: Record<string, unknown> = { ...variables };
  for (const variable of operation.variables) {
    if (values[variable.name] === undefined && variable.defaultValue) {
      values[variable.name] = evaluate(variable.defaultValue, {});
    }
    if (variable.required && values[variable.name] == null) {
      errors.push({
        message: `Variable $${variable.name} of type is required but was not provided`,
      });
    }
  }
  if (errors.length > 0) return { data: null, errors };

  function resolveSelections(object: GqlObject, fields: Field[], path: (string | number)[]) {
    const result: Record<string, unknown> = {};
    for (const field of fields) {
      const fieldPath = [...path, field.alias];
      if (field.name === "__typename") {
        result[field.alias] = object.__typename;
        continue;
      }
      if (!(field.name in object)) {
        // The document was validated against GitHub's schema first: GitHub has this field.
        errors.push({
          message: `The simulator does not implement field '${field.name}' on type '${object.__typename}'`,
          path: fieldPath,
          type: "unsimulatedField",
        });
        result[field.alias] = null;
        continue;
      }
      try {
        const raw = object[field.name];
        const args = Object.fromEntries(
          Object.entries(field.args).map(([name, value]) => [name, evaluate(value, values)]),
        );
        const value = typeof raw === "function" ? raw(args) : raw;
        result[field.alias] = resolveValue(value, field, fieldPath);
      } catch (error) {
        if (!(error instanceof GqlFieldError)) throw error;
        errors.push({ message: error.message, path: fieldPath, type: error.type });
        result[field.alias] = null;
      }
    }
    return result;
  }

  function resolveValue(value: unknown, field: Field, path: (string | number)[]): unknown {
    if (value === null || value === undefined) return null;
    if (Array.isArray(value))
      return value.map((item, index) => resolveValue(item, field, [...path, index]));
    if (typeof value === "object" && "__typename" in value) {
      if (!field.selections) {
        throw new GqlFieldError(`Field '${field.name}' must have a selection of subfields`);
      }
      return resolveSelections(value as GqlObject, field.selections, path);
    }
    return value;
  }

  const data = resolveSelections(root, operation.selections, []);
  return { data, errors };
}
