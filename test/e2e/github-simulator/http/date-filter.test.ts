import { describe, expect, it } from "vitest";
import { parseDateFilter } from "./date-filter.ts";

const AT = "2026-03-04T10:20:30Z";

describe("e2e/github-simulator/parseDateFilter", () => {
  it.each([
    [">=2026-03-04T10:20:30Z", true],
    [">=2026-03-04T10:20:31Z", false],
    [">=2026-03-04T10:20:30.500Z", false],
    [">2026-03-04T10:20:30Z", false],
    [">2026-03-04T10:20:29Z", true],
    ["<=2026-03-04T10:20:30Z", true],
    ["<2026-03-04T10:20:30Z", false],
    [">=2026-03-04T11:20:30+01:00", true],
    ["2026-03-04", true],
    ["2026-03-05", false],
    [">2026-03-03", true],
    ["<=2026-03-04", true],
    ["2026-03-01..2026-03-04", true],
    ["2026-03-01..2026-03-03", false],
    ["2026-03-04T10:20:31Z..*", false],
    ["*..2026-03-04T10:20:30Z", true],
  ])("%s matches a run created at 10:20:30 on 2026-03-04: %s", (filter, expected) => {
    expect(parseDateFilter(filter)?.(AT)).toBe(expected);
  });

  it.each(["yesterday", ">=", "2026-13-45", "..", ">=2026-03-04 10:20"])(
    "does not read %j",
    (filter) => {
      expect(parseDateFilter(filter)).toBeUndefined();
    },
  );
});
