import { readFileSync } from "node:fs";
import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from "graphql";

let cached: GraphQLSchema | undefined;

/**
 * GitHub's published GraphQL schema (`@octokit/graphql-schema`), built once per process
 * (~0.2 s). The introspection JSON is used, not the SDL: GitHub's SDL defines two fields twice
 * and `buildSchema` rejects it. The package's own entry point would build a second copy.
 */
export function loadGraphqlSchema(): GraphQLSchema {
  if (!cached) {
    const entry = import.meta.resolve("@octokit/graphql-schema");
    const introspection = JSON.parse(
      readFileSync(new URL("./schema.json", entry), "utf8"),
    ) as IntrospectionQuery;
    cached = buildClientSchema(introspection);
  }
  return cached;
}
