import { loadOpenApiDocument } from "../e2e/github-simulator/openapi/load-document.ts";

/** One documented example answer of a GitHub REST operation. */
export interface ResponseExample {
  /** `200 default`, `201 example-of-completed-conclusion`, … */
  name: string;
  value: unknown;
}

interface MediaType {
  example?: unknown;
  examples?: Record<string, { value?: unknown }>;
}

type Operations = Record<
  string,
  {
    operationId?: string;
    responses?: Record<string, { content?: Record<string, MediaType> }>;
  }
>;

/**
 * Every `application/json` example GitHub documents for `operationId`'s 2xx answers, from the
 * dereferenced description only (the package's index would load every variant). Throws for an
 * unknown operation so a renamed one does not pass with no example.
 */
export function findResponseExamples(operationId: string): ResponseExample[] {
  const document = loadOpenApiDocument() as unknown as { paths: Record<string, Operations> };
  for (const pathItem of Object.values(document.paths)) {
    for (const operation of Object.values(pathItem)) {
      if (operation?.operationId !== operationId) continue;
      const examples: ResponseExample[] = [];
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        const media = response.content?.["application/json"];
        if (!status.startsWith("2") || !media) continue;
        if (media.example !== undefined) {
          examples.push({ name: `${status} example`, value: media.example });
        }
        for (const [name, example] of Object.entries(media.examples ?? {})) {
          if (example.value !== undefined)
            examples.push({ name: `${status} ${name}`, value: example.value });
        }
      }
      return examples;
    }
  }
  throw new Error(`GitHub's OpenAPI description has no operation ${operationId}`);
}
