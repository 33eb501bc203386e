import { describe, expect, it } from "vitest";
import { readRest, splitArguments } from "../../src/commands/tokenize-arguments.ts";

describe("commands/tokenize-arguments", () => {
  describe("splitArguments", () => {
    it.each([
      ["", []],
      ["  a   b\tc ", ["a", "b", "c"]],
      ['"two words" x', ["two words", "x"]],
      ["'two words' x", ["two words", "x"]],
      ['pre"fix and"post', ["prefix andpost"]],
      ['"say \\"hi\\""', ['say "hi"']],
      ["'a \\ b'", ["a \\ b"]],
      ["C:\\temp", ["C:\\temp"]],
      ["\\'quoted\\'", ["'quoted'"]],
      ['""', [""]],
      ["“smart quotes”", ["smart quotes"]],
    ])("splits %j", (text, args) => {
      expect(splitArguments(text)).toEqual({ ok: true, args });
    });

    it.each(['"open', "'open", "“open"])("refuses the unclosed quote in %j", (text) => {
      expect(splitArguments(text)).toMatchObject({
        ok: false,
        message: expect.stringMatching(/never closed/),
      });
    });
  });

  describe("readRest", () => {
    it.each([
      ["  free text  ", 0, "free text"],
      ['"quoted note"', 0, "quoted note"],
      ["it's fine", 0, "it's fine"],
      ['"a" and "b"', 0, '"a" and "b"'],
      ["   ", 0, undefined],
      ['""', 0, undefined],
      ["F1 the rest", 2, "the rest"],
    ])("reads %j from %i as %j", (text, start, rest) => {
      expect(readRest(text, start)).toBe(rest);
    });
  });
});
