import { describe, expect, it } from "vitest";
import { stripLogTimestamps } from "../../src/remediation/strip-log-timestamps.ts";
import { tailLines } from "../../src/remediation/tail-lines.ts";

const numbered = (count: number) => Array.from({ length: count }, (_, i) => `line ${i + 1}`);

describe("remediation/tailLines", () => {
  it.each([
    ["an empty text", "", 3, ""],
    ["fewer lines than asked", "a\nb", 3, "a\nb"],
    ["exactly as many lines", "a\nb\nc", 3, "a\nb\nc"],
    ["more lines than asked", "a\nb\nc\nd", 2, "c\nd"],
    ["a final newline", "a\nb\nc\n", 2, "b\nc"],
    ["CRLF endings", "a\r\nb\r\nc\r\n", 2, "b\nc"],
    ["blank lines inside", "a\n\nb\n", 2, "\nb"],
    ["no lines asked", "a\nb", 0, ""],
  ])("keeps the right lines of %s", (_case, text, count, expected) => {
    expect(tailLines(text, count)).toBe(expected);
  });

  it("keeps the last 100 of 250 lines", () => {
    const tail = tailLines(`${numbered(250).join("\n")}\n`, 100);

    expect(tail.split("\n")).toEqual(numbered(250).slice(150));
  });
});

describe("remediation/stripLogTimestamps", () => {
  it.each([
    [
      "GitHub's 7-digit fractions",
      "2024-01-01T00:00:00.0000000Z ##[group]Run npm test\n2024-01-01T00:00:01.1234567Z boom",
      "##[group]Run npm test\nboom",
    ],
    ["the byte-order mark of the first line", "\uFEFF2024-05-06T07:08:09.1000000Z start", "start"],
    ["a stamp without fraction", "2024-05-06T07:08:09Z x", "x"],
    ["a line without stamp", "plain\n2024-01-01T00:00:00.0000000Z y", "plain\ny"],
    [
      "a date inside a line",
      "built at 2024-01-01T00:00:00Z ok",
      "built at 2024-01-01T00:00:00Z ok",
    ],
  ])("strips %s", (_case, text, expected) => {
    expect(stripLogTimestamps(text)).toBe(expected);
  });
});
