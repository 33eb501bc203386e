import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

/** The parts of an OpenAPI 3.0 parameter the validator reads. */
export interface OpenApiParameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema?: Record<string, unknown>;
  /** GitHub's extension: the parameter may contain `/` (`contents/{path}`, `compare/{basehead}`). */
  "x-multi-segment"?: boolean;
}

/** One operation of the (dereferenced) document. */
export interface OpenApiOperation {
  operationId: string;
  deprecated?: boolean;
  parameters?: OpenApiParameter[];
  requestBody?: {
    required?: boolean;
    content: Record<string, { schema?: Record<string, unknown> }>;
  };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
}

let cached: OpenApiDocument | undefined;

/**
 * GitHub's dereferenced REST description, parsed once per process (~1.5 s, ~250 MB). Only this
 * file is read: the package's index would load every variant (385 MB).
 */
export function loadOpenApiDocument(): OpenApiDocument {
  if (!cached) {
    const require = createRequire(import.meta.url);
    const file = require.resolve("@octokit/openapi/generated/api.github.com.deref.json");
    cached = JSON.parse(readFileSync(file, "utf8")) as OpenApiDocument;
  }
  return cached;
}
