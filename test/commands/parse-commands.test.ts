import { describe, expect, it } from "vitest";
import {
  type ParseCommandsOptions,
  type ParsedCommand,
  parseCommands,
} from "../../src/commands/index.ts";

const SLUG = "reviewloop-app";

function parse(body: string, options: Partial<ParseCommandsOptions> = {}): ParsedCommand[] {
  return parseCommands(body, { appSlug: SLUG, ...options });
}

/** `command` of each parsed line, or `!error` for failures. */
function names(body: string, options: Partial<ParseCommandsOptions> = {}): string[] {
  return parse(body, options).map((result) => (result.ok ? result.command : `!${result.error}`));
}

function only(body: string, options: Partial<ParseCommandsOptions> = {}): ParsedCommand {
  const results = parse(body, options);
  expect(results).toHaveLength(1);
  return results[0];
}

describe("commands/parse-commands", () => {
  describe("prefixes", () => {
    it.each([
      ["/reviewloop review", "review"],
      ["@reviewloop-app review", "review"],
      ["@reviewloop-app[bot] review", "review"],
      ["/REVIEWLOOP Review", "review"],
      ["@ReviewLoop-App FULL-REVIEW", "full-review"],
      ["   /reviewloop status", "status"],
      ["/reviewloop\tstatus", "status"],
      ["/reviewloop status   ", "status"],
      ["/reviewloop review.", "review"],
      ["/reviewloop help!", "help"],
    ])("reads %j as `%s`", (body, command) => {
      expect(names(body)).toEqual([command]);
    });

    it.each([
      "please /reviewloop review",
      "/reviewloopreview",
      "/review-loop review",
      "@someone-else review",
      "@reviewloop-apps review",
      "reviewloop review",
      "- /reviewloop review",
      "`/reviewloop review`",
      "\\/reviewloop review",
    ])("ignores %j", (body) => {
      expect(parse(body)).toEqual([]);
    });

    it("does not treat regex characters in the slug as patterns", () => {
      expect(parseCommands("@aXb review", { appSlug: "a.b" })).toEqual([]);
      expect(names("@a.b review", { appSlug: "a.b" })).toEqual(["review"]);
    });
  });

  describe("each result", () => {
    it("carries the 1-based line and the line as written", () => {
      const result = only("Thanks!\n\n  /reviewloop fix\n");

      expect(result).toEqual({
        ok: true,
        command: "fix",
        args: {},
        line: 3,
        raw: "/reviewloop fix",
      });
    });

    it("understands Windows line endings", () => {
      expect(names("hello\r\n/reviewloop pause\r\n/reviewloop resume\r\n")).toEqual([
        "pause",
        "resume",
      ]);
    });
  });

  describe("several commands in one comment", () => {
    it("returns them in order, errors in place", () => {
      const body = [
        "/reviewloop pause",
        "some words",
        "/reviewloop nope",
        "@reviewloop-app resume",
        "/reviewloop stop now",
      ].join("\n");

      expect(names(body)).toEqual(["pause", "!unknown_command", "resume", "!bad_arguments"]);
    });

    it("returns at most ten and says how many more were ignored", () => {
      const body = Array.from({ length: 13 }, () => "/reviewloop status").join("\n");

      const results = parse(body);

      expect(results).toHaveLength(11);
      expect(results.slice(0, 10).every((result) => result.ok)).toBe(true);
      expect(results[10]).toMatchObject({ ok: false, error: "too_many_commands", line: 11 });
      expect(results[10].ok === false && results[10].message).toMatch(/3 more were ignored/);
    });

    it("honours a custom limit", () => {
      expect(names("/reviewloop status\n/reviewloop help", { maxCommands: 1 })).toEqual([
        "status",
        "!too_many_commands",
      ]);
    });
  });

  describe("code and quotes", () => {
    it.each([
      ["a backtick fence", "```\n/reviewloop fix\n```"],
      ["a fence with an info string", "```bash\n/reviewloop fix\n```"],
      ["a tilde fence", "~~~\n/reviewloop fix\n~~~"],
      ["a longer fence", "`````\n/reviewloop fix\n```\n/reviewloop fix\n`````"],
      ["an indented fence", "   ```\n/reviewloop fix\n   ```"],
      ["an unclosed fence", "```\n/reviewloop fix"],
      ["a block quote", "> /reviewloop fix"],
      ["a nested quote", ">> /reviewloop fix"],
      ["an indented quote", "  > /reviewloop fix"],
      ["a quote's lazy continuation", "> You said:\n/reviewloop fix"],
      ["indented code", "    /reviewloop fix"],
      ["tab-indented code", "\t/reviewloop fix"],
      ["an HTML comment", "<!--\n/reviewloop fix\n-->"],
      ["a PR template comment", "<!-- Tip: type /reviewloop review -->"],
    ])("ignores a command in %s", (_name, body) => {
      expect(parse(body)).toEqual([]);
    });

    it("reads commands after a fence closes", () => {
      expect(names("```\n/reviewloop fix\n```\n/reviewloop status")).toEqual(["status"]);
    });

    it("does not close a backtick fence with tildes or a shorter fence", () => {
      expect(names("````\n~~~~\n```\n/reviewloop fix\n````\n/reviewloop help")).toEqual(["help"]);
    });

    it("does not take a line with inline code for a fence", () => {
      expect(names("``` not a fence ` here\n/reviewloop status")).toEqual(["status"]);
    });

    it("reads a command after a blank line ends the quote", () => {
      expect(names("> You said:\n> please fix\n\n/reviewloop fix")).toEqual(["fix"]);
    });

    it("reads a command after an HTML comment closes", () => {
      expect(names("<!--\nhidden\n-->\n/reviewloop status")).toEqual(["status"]);
    });
  });

  describe("arguments", () => {
    it("rejects arguments to commands that take none, with the usage", () => {
      const result = only("/reviewloop fix everything");

      expect(result).toMatchObject({
        ok: false,
        error: "bad_arguments",
        command: "fix",
        usage: "`/reviewloop fix`",
      });
      expect(result.ok === false && result.message).toBe(
        "`fix`: takes no arguments, but got `everything`.",
      );
    });

    it.each([
      ["/reviewloop dispose F3 fixed", { id: "F3", idFromThread: false, disposition: "fixed" }],
      [
        "/reviewloop dispose f12 Disagree",
        { id: "F12", idFromThread: false, disposition: "disagree" },
      ],
      [
        "/reviewloop dispose `F4` deferred",
        { id: "F4", idFromThread: false, disposition: "deferred" },
      ],
      ["/reviewloop dispose #F5 fixed", { id: "F5", idFromThread: false, disposition: "fixed" }],
      ["/reviewloop dispose F007 fixed", { id: "F7", idFromThread: false, disposition: "fixed" }],
      [
        "/reviewloop dispose F3 disagree the check is intended",
        { id: "F3", idFromThread: false, disposition: "disagree", note: "the check is intended" },
      ],
      [
        '/reviewloop dispose F3 deferred "tracked in #42"',
        { id: "F3", idFromThread: false, disposition: "deferred", note: "tracked in #42" },
      ],
      [
        "/reviewloop dispose F3 deferred 'later, promise'",
        { id: "F3", idFromThread: false, disposition: "deferred", note: "later, promise" },
      ],
      [
        "/reviewloop dispose F3 disagree it's intended",
        { id: "F3", idFromThread: false, disposition: "disagree", note: "it's intended" },
      ],
      [
        '/reviewloop dispose F3 disagree "a" and "b"',
        { id: "F3", idFromThread: false, disposition: "disagree", note: '"a" and "b"' },
      ],
      ["/reviewloop dispose “F3” fixed", { id: "F3", idFromThread: false, disposition: "fixed" }],
      ["/reviewloop ignore F9", { id: "F9", idFromThread: false }],
      [
        "/reviewloop ignore F9 false positive",
        { id: "F9", idFromThread: false, note: "false positive" },
      ],
      [
        '/reviewloop ignore "F9" "vendored code"',
        { id: "F9", idFromThread: false, note: "vendored code" },
      ],
    ])("parses %j", (body, args) => {
      expect(only(body)).toMatchObject({ ok: true, args });
      const result = only(body);
      expect(result.ok && result.args).toEqual(args);
    });

    it.each([
      ["/reviewloop dispose", /finding id such as `F3` is missing/],
      ["/reviewloop dispose F3", /`fixed`, `disagree` or `deferred`/],
      [
        "/reviewloop dispose F3 fxed",
        /`fxed` is not `fixed`, `disagree` or `deferred` — did you mean `fixed`\?$/,
      ],
      ["/reviewloop dispose 3 fixed", /`3` is not a finding id/],
      ["/reviewloop dispose F0 fixed", /`F0` is not a finding id/],
      ["/reviewloop dispose X3 fixed", /`X3` is not a finding id/],
      ["/reviewloop dispose F3x fixed", /`F3x` is not a finding id/],
      ['/reviewloop dispose "F3 fixed', /quote " is never closed/],
      ["/reviewloop ignore", /finding id such as `F3` is missing/],
      ["/reviewloop ignore everything", /`everything` is not a finding id/],
      [`/reviewloop ignore F1 ${"x".repeat(1001)}`, /at most 1000/],
    ])("reports bad arguments of %j with the usage", (body, message) => {
      const result = only(body);

      expect(result).toMatchObject({ ok: false, error: "bad_arguments" });
      expect(result.ok === false && result.message).toMatch(message);
      expect(result.ok === false && result.usage).toMatch(/^`\/reviewloop (dispose|ignore) <id>/);
    });

    it("keeps a user's backticks from breaking the reply's code span", () => {
      const result = only("/reviewloop ignore a`b");

      expect(result.ok === false && result.message).toContain("`a'b`");
    });
  });

  describe("in a finding's review thread", () => {
    const inThread = { findingId: "f4" };

    it("takes the thread's finding when the id is omitted", () => {
      expect(only("/reviewloop dispose fixed", { inThread })).toMatchObject({
        ok: true,
        args: { id: "F4", idFromThread: true, disposition: "fixed" },
      });
      expect(only("/reviewloop ignore not relevant here", { inThread })).toMatchObject({
        ok: true,
        args: { id: "F4", idFromThread: true, note: "not relevant here" },
      });
      expect(only("/reviewloop ignore", { inThread })).toMatchObject({
        ok: true,
        args: { id: "F4", idFromThread: true },
      });
    });

    it("still prefers an id that is written", () => {
      expect(only("/reviewloop dispose F2 deferred", { inThread })).toMatchObject({
        ok: true,
        args: { id: "F2", idFromThread: false },
      });
    });

    it("needs the id outside a thread", () => {
      expect(only("/reviewloop dispose fixed")).toMatchObject({
        ok: false,
        error: "bad_arguments",
      });
    });
  });

  describe("unknown commands", () => {
    it("answers with the help text and the closest command", () => {
      const result = only("/reviewloop fixx");

      expect(result).toMatchObject({
        ok: false,
        error: "unknown_command",
        line: 1,
        raw: "/reviewloop fixx",
      });
      expect(result.ok === false && result.message).toBe(
        "`fixx` is not a reviewloop command. Did you mean `fix`?",
      );
      expect(result.ok === false && result.usage).toContain("`/reviewloop full-review`");
    });

    it("answers a bare prefix with the help text", () => {
      const result = only("@reviewloop-app");

      expect(result).toMatchObject({ ok: false, error: "unknown_command" });
      expect(result.ok === false && result.usage).toContain("`/reviewloop help`");
    });

    it("does not suggest anything for a word far from every command", () => {
      const result = only("/reviewloop banana");

      expect(result.ok === false && result.message).toBe("`banana` is not a reviewloop command.");
    });
  });

  describe("bounds", () => {
    it("reads only whole lines within the first 10,000 characters and says so", () => {
      const filler = `${"words ".repeat(20)}\n`.repeat(100);
      const body = `/reviewloop pause\n${filler}/reviewloop fix\n`;
      expect(body.length).toBeGreaterThan(10_000);

      const results = parse(body);

      expect(results.map((result) => (result.ok ? result.command : result.error))).toEqual([
        "pause",
        "truncated",
      ]);
      expect(results[1].ok === false && results[1].message).toMatch(/first 10000 characters/);
    });

    it("never reads a command cut in half at the bound", () => {
      const body = `${"x".repeat(30)}\n/reviewloop dispose F1 fixed`;

      expect(names(body, { maxChars: 45 })).toEqual([]);
    });

    it("stays silent on a long comment without any command", () => {
      expect(parse("prose ".repeat(10_000))).toEqual([]);
    });
  });
});
