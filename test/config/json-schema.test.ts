import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { DEFAULT_PERMISSIONS } from "../../src/config/index.ts";
import { renderJsonSchema } from "../../src/config/render-json-schema.ts";

const committed = readFileSync(
  new URL("../../schema/reviewloop.schema.json", import.meta.url),
  "utf8",
);

describe("config/json-schema", () => {
  it("is committed up to date with the zod schema (run `npm run schema` after changing src/config)", () => {
    expect(committed).toBe(renderJsonSchema());
  });

  it("renders the same text every time", () => {
    expect(renderJsonSchema()).toBe(renderJsonSchema());
  });

  it("ends with a newline", () => {
    expect(committed.endsWith("}\n")).toBe(true);
  });

  describe("used by an editor to validate the file", () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const validate = ajv.compile(JSON.parse(committed));

    it("accepts an empty file and a partial one", () => {
      expect(validate({})).toBe(true);
      expect(
        validate({
          remediation: { enabled: true },
          engines: { builtin: { rules: { "todo-comment": false } } },
        }),
      ).toBe(true);
    });

    it("rejects unknown keys at every level", () => {
      expect(validate({ reviw: {} })).toBe(false);
      expect(validate({ review: { paths: { exlude: [] } } })).toBe(false);
    });

    it("rejects out-of-range numbers and unknown enum values", () => {
      expect(validate({ remediation: { max_rounds: 21 } })).toBe(false);
      expect(validate({ commands: { permissions: { fix: "owner" } } })).toBe(false);
    });
  });

  describe("documentation", () => {
    const schema = JSON.parse(committed);

    /** Every object node's properties, with their dotted path. */
    function* walkProperties(
      node: Record<string, unknown>,
      path: string,
    ): Generator<[string, Record<string, unknown>]> {
      const properties = node.properties as Record<string, Record<string, unknown>> | undefined;
      for (const [key, child] of Object.entries(properties ?? {})) {
        const childPath = path ? `${path}.${key}` : key;
        yield [childPath, child];
        yield* walkProperties(child, childPath);
      }
    }

    it("describes every key", () => {
      const undescribed = [...walkProperties(schema, "")]
        .filter(([, node]) => typeof node.description !== "string")
        .map(([path]) => path);

      expect(undescribed).toEqual([]);
    });

    it("shows the default of every command permission", () => {
      const permissions = schema.properties.commands.properties.permissions.properties;

      for (const [command, level] of Object.entries(DEFAULT_PERMISSIONS)) {
        expect(permissions[command].default).toBe(level);
      }
    });
  });
});
