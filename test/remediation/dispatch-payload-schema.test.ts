import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, expectTypeOf, it } from "vitest";
import type { z } from "zod";
import { buildDispatchPayload } from "../../src/remediation/build-dispatch-payload.ts";
import type { DispatchPayload } from "../../src/remediation/dispatch-payload.ts";
import { dispatchPayloadSchema } from "../../src/remediation/dispatch-payload-schema.ts";
import { renderDispatchPayloadSchema } from "../../src/remediation/render-dispatch-payload-schema.ts";
import { finding, manyFindings, payloadInput } from "./payload-fixtures.ts";

const committed = readFileSync(
  new URL("../../schema/dispatch-payload.schema.json", import.meta.url),
  "utf8",
);
const validate = new Ajv2020({ strict: false, allErrors: true }).compile(JSON.parse(committed));

/** A payload using every field: a retried attempt with a refused and a failed predecessor. */
const example = buildDispatchPayload(
  payloadInput({
    attempt: 3,
    scope: "all",
    findings: [
      finding({ id: "F2", suggestion: "const x = 1;", url: "https://github.com/o/r/pull/7#c1" }),
      finding({ id: "F5", severity: "info", blocking: false, side: "LEFT" }),
    ],
    previousAttempts: [
      { attempt: 1, dispatch_id: "d-1", conclusion: "refused", failed_jobs: [], error: "422: x" },
      {
        attempt: 2,
        dispatch_id: "d-2",
        conclusion: "failure",
        run_url: "https://github.com/o/r/actions/runs/9",
        failed_jobs: [{ name: "fix", failed_step: "Run agent", log_tail: "Error: boom" }],
      },
    ],
  }),
  { maxChars: 65_000 },
);

describe("remediation/dispatch-payload schema", () => {
  it("is committed up to date with the zod schema (run `npm run schema` after changing it)", () => {
    expect(committed).toBe(renderDispatchPayloadSchema());
  });

  it("describes exactly the DispatchPayload type", () => {
    expectTypeOf<z.output<typeof dispatchPayloadSchema>>().toEqualTypeOf<DispatchPayload>();
  });

  it("accepts a built payload using every field", () => {
    expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
    expect(dispatchPayloadSchema.parse(example)).toEqual(example);
  });

  it("accepts a trimmed payload with findings left out", () => {
    const trimmed = buildDispatchPayload(payloadInput({ findings: manyFindings(50) }), {
      maxChars: 8_000,
    });

    expect(trimmed.findings_omitted).toBeGreaterThan(0);
    expect(validate(trimmed), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each([
    ["an unknown top-level key", { ...example, extra: 1 }],
    ["another version", { ...example, version: 2 }],
    [
      "a finding without its id",
      { ...example, findings: [{ ...example.findings[0], id: undefined }] },
    ],
    [
      "an unknown severity",
      { ...example, findings: [{ ...example.findings[0], severity: "high" }] },
    ],
    ["a negative omitted count", { ...example, findings_omitted: -1 }],
  ])("rejects %s", (_name, payload) => {
    expect(validate(JSON.parse(JSON.stringify(payload)))).toBe(false);
  });

  it("describes every field", () => {
    const undescribed: string[] = [];
    const walk = (node: Record<string, unknown>, path: string) => {
      const items = node.items as Record<string, unknown> | undefined;
      if (items) walk(items, `${path}[]`);
      const properties = node.properties as Record<string, Record<string, unknown>> | undefined;
      for (const [key, child] of Object.entries(properties ?? {})) {
        if (typeof child.description !== "string") undescribed.push(`${path}.${key}`);
        walk(child, `${path}.${key}`);
      }
    };

    walk(JSON.parse(committed), "");

    expect(undescribed).toEqual([]);
  });
});
