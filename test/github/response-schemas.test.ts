import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ZodType } from "zod";
import { appSchema } from "../../src/github/app-slug.ts";
import { checkRunOutputSchema } from "../../src/github/check-run-output.ts";
import { checkRunSchema, createdSchema } from "../../src/github/octokit-check-run-publisher.ts";
import {
  annotationSchema,
  checkRunSchema as checkRunInfoSchema,
  checkSuiteSchema,
  listSchema,
  suiteListSchema,
} from "../../src/github/octokit-check-runs-reader.ts";
import { commentSchema as replySchema } from "../../src/github/octokit-comment-publisher.ts";
import { answerSchema } from "../../src/github/octokit-permission-reader.ts";
import {
  compareSchema,
  contentSchema,
  fileSchema,
  pullSchema,
} from "../../src/github/octokit-pull-request-reader.ts";
import { commentSchema, reviewSchema } from "../../src/github/octokit-review-publisher.ts";
import { jobSchema, jobsSchema, runSchema } from "../../src/github/octokit-run-reader.ts";
import { findResponseExamples } from "./openapi-examples.ts";

interface Row {
  /** The GitHub operation the app calls and parses the answer of. */
  operationId: string;
  /** Where the schema lives: `file#name`. */
  schemaName: string;
  schema: ZodType;
  /** What of the answer the app parses with the schema (the answer, or each of its items). */
  select: (answer: unknown) => unknown[];
}

const whole = (answer: unknown) => [answer];
const eachItem = (answer: unknown) => answer as unknown[];

/** Every zod schema in src/ that the app applies to a GitHub REST answer, with its operation. */
const ROWS: Row[] = [
  {
    operationId: "checks/get",
    schemaName: "check-run-output.ts#checkRunOutputSchema",
    schema: checkRunOutputSchema,
    select: whole,
  },
  {
    operationId: "apps/get-authenticated",
    schemaName: "app-slug.ts#appSchema",
    schema: appSchema,
    select: whole,
  },
  {
    operationId: "checks/create",
    schemaName: "octokit-check-run-publisher.ts#createdSchema",
    schema: createdSchema,
    select: whole,
  },
  {
    operationId: "checks/list-for-ref",
    schemaName: "octokit-check-run-publisher.ts#checkRunSchema",
    schema: checkRunSchema,
    select: (answer) => (answer as { check_runs: unknown[] }).check_runs,
  },
  {
    operationId: "repos/get-collaborator-permission-level",
    schemaName: "octokit-permission-reader.ts#answerSchema",
    schema: answerSchema,
    select: whole,
  },
  {
    operationId: "pulls/get",
    schemaName: "octokit-pull-request-reader.ts#pullSchema",
    schema: pullSchema,
    select: whole,
  },
  {
    operationId: "pulls/list-files",
    schemaName: "octokit-pull-request-reader.ts#fileSchema",
    schema: fileSchema,
    select: eachItem,
  },
  {
    operationId: "repos/compare-commits-with-basehead",
    schemaName: "octokit-pull-request-reader.ts#compareSchema",
    schema: compareSchema,
    select: whole,
  },
  {
    operationId: "repos/get-content",
    schemaName: "octokit-pull-request-reader.ts#contentSchema",
    schema: contentSchema,
    // A directory answers with an array: the reader returns null for it without parsing.
    select: (answer) => (Array.isArray(answer) ? [] : [answer]),
  },
  {
    operationId: "pulls/create-review",
    schemaName: "octokit-review-publisher.ts#reviewSchema",
    schema: reviewSchema,
    select: whole,
  },
  {
    operationId: "pulls/list-reviews",
    schemaName: "octokit-review-publisher.ts#reviewSchema",
    schema: reviewSchema,
    select: eachItem,
  },
  {
    operationId: "pulls/list-review-comments",
    schemaName: "octokit-review-publisher.ts#commentSchema",
    schema: commentSchema,
    select: eachItem,
  },
  {
    operationId: "issues/list-comments",
    schemaName: "octokit-comment-publisher.ts#commentSchema",
    schema: replySchema,
    select: eachItem,
  },
  {
    operationId: "pulls/list-review-comments",
    schemaName: "octokit-comment-publisher.ts#commentSchema",
    schema: replySchema,
    select: eachItem,
  },
  {
    operationId: "actions/get-workflow-run",
    schemaName: "octokit-run-reader.ts#runSchema",
    schema: runSchema,
    select: whole,
  },
  {
    operationId: "actions/list-jobs-for-workflow-run",
    schemaName: "octokit-run-reader.ts#jobsSchema",
    schema: jobsSchema,
    select: whole,
  },
  {
    operationId: "actions/list-jobs-for-workflow-run",
    schemaName: "octokit-run-reader.ts#jobSchema",
    schema: jobSchema,
    select: (answer) => (answer as { jobs: unknown[] }).jobs,
  },
  {
    operationId: "checks/list-for-ref",
    schemaName: "octokit-check-runs-reader.ts#listSchema",
    schema: listSchema,
    select: whole,
  },
  {
    operationId: "checks/list-for-ref",
    schemaName: "octokit-check-runs-reader.ts#checkRunSchema",
    schema: checkRunInfoSchema,
    select: (answer) => (answer as { check_runs: unknown[] }).check_runs,
  },
  {
    operationId: "checks/list-suites-for-ref",
    schemaName: "octokit-check-runs-reader.ts#suiteListSchema",
    schema: suiteListSchema,
    select: whole,
  },
  {
    operationId: "checks/list-suites-for-ref",
    schemaName: "octokit-check-runs-reader.ts#checkSuiteSchema",
    schema: checkSuiteSchema,
    select: (answer) => (answer as { check_suites: unknown[] }).check_suites,
  },
  {
    operationId: "checks/list-annotations",
    schemaName: "octokit-check-runs-reader.ts#annotationSchema",
    schema: annotationSchema,
    select: (answer) => answer as unknown[],
  },
  {
    operationId: "actions/get-job-for-workflow-run",
    schemaName: "octokit-run-reader.ts#jobSchema",
    schema: jobSchema,
    select: whole,
  },
];

/** Schemas in src/github that parse something other than a REST answer, and why. */
const NOT_REST_ANSWERS: Record<string, string> = {
  "octokit-review-threads.ts#threadsSchema":
    "a GraphQL answer: its query is validated against GitHub's GraphQL schema by the simulator",
};

/** `file#name` of every `…Schema = z.…` declared in src/github. */
function declaredSchemas(): string[] {
  const folder = new URL("../../src/github/", import.meta.url);
  return readdirSync(folder)
    .filter((file) => file.endsWith(".ts"))
    .flatMap((file) =>
      [...readFileSync(new URL(file, folder), "utf8").matchAll(/const (\w+Schema) = z\b/g)].map(
        (match) => `${file}#${match[1]}`,
      ),
    );
}

describe("the app's zod schemas for GitHub's REST answers", () => {
  it.each(ROWS)("$schemaName parses every documented example of $operationId", (row) => {
    const examples = findResponseExamples(row.operationId);
    const parsed = examples.flatMap((example) =>
      row.select(example.value).map((value, index) => {
        const result = row.schema.safeParse(value);
        return { example: `${example.name}[${index}]`, issues: result.error?.issues ?? [] };
      }),
    );

    // An operation without examples would pass vacuously.
    expect(parsed.length).toBeGreaterThan(0);
    expect(parsed.filter((entry) => entry.issues.length > 0)).toEqual([]);
  });

  it("lists every response schema declared in src/github", () => {
    const listed = new Set([
      ...ROWS.map((row) => row.schemaName),
      ...Object.keys(NOT_REST_ANSWERS),
    ]);

    expect(declaredSchemas().filter((name) => !listed.has(name))).toEqual([]);
  });

  it("rejects an example when the schema asks for a field GitHub does not send", () => {
    const strict = pullSchema.extend({ merge_queue_position: pullSchema.shape.number });
    const [example] = findResponseExamples("pulls/get");

    expect(strict.safeParse(example?.value).success).toBe(false);
  });
});
