import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ZodType } from "zod";
import { workflowRunsSchema } from "../../src/remediation/find-dispatched-run.ts";
import { workflowDispatchRunSchema } from "../../src/remediation/workflow-dispatcher.ts";
import { findResponseExamples } from "../github/openapi-examples.ts";

/** Every zod schema in src/remediation applied to a GitHub REST answer, with its operation. */
const ROWS: Array<{ operationId: string; schemaName: string; schema: ZodType }> = [
  {
    operationId: "actions/create-workflow-dispatch",
    schemaName: "workflow-dispatcher.ts#workflowDispatchRunSchema",
    schema: workflowDispatchRunSchema,
  },
  {
    operationId: "actions/list-workflow-runs",
    schemaName: "find-dispatched-run.ts#workflowRunsSchema",
    schema: workflowRunsSchema,
  },
  {
    operationId: "actions/list-workflow-runs-for-repo",
    schemaName: "find-dispatched-run.ts#workflowRunsSchema",
    schema: workflowRunsSchema,
  },
];

/** Schemas in src/remediation that parse something other than a GitHub answer. */
const NOT_REST_ANSWERS = new Set(
  [
    "findingSchema",
    "failedJobSchema",
    "previousAttemptSchema",
    "checkAnnotationSchema",
    "failingCheckSchema",
    "dispatchPayloadSchema",
  ].map((name) => `dispatch-payload-schema.ts#${name}`),
);

function declaredSchemas(): string[] {
  const folder = new URL("../../src/remediation/", import.meta.url);
  return readdirSync(folder)
    .filter((file) => file.endsWith(".ts"))
    .flatMap((file) =>
      [...readFileSync(new URL(file, folder), "utf8").matchAll(/const (\w+Schema) = z\b/g)].map(
        (match) => `${file}#${match[1]}`,
      ),
    );
}

describe("the remediation targets' zod schemas for GitHub's REST answers", () => {
  it.each(ROWS)("$schemaName parses every documented example of $operationId", (row) => {
    const examples = findResponseExamples(row.operationId);

    const failures = examples
      .map((example) => ({ example: example.name, result: row.schema.safeParse(example.value) }))
      .filter((entry) => !entry.result.success);

    expect(examples.length).toBeGreaterThan(0);
    expect(failures).toEqual([]);
  });

  it("lists every response schema declared in src/remediation", () => {
    const listed = new Set([...ROWS.map((row) => row.schemaName), ...NOT_REST_ANSWERS]);

    expect(declaredSchemas().filter((name) => !listed.has(name))).toEqual([]);
  });
});
