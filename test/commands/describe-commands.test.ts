import { describe, expect, it } from "vitest";
import {
  COMMAND_NAMES,
  containsCommand,
  describeUnknownFinding,
  helpText,
  neutralizeCommands,
  parseCommands,
  renderCommandHelp,
  usage,
} from "../../src/commands/index.ts";
import { DEFAULT_CONFIG, parseConfig } from "../../src/config/index.ts";

const SLUG = "reviewloop-app";

describe("commands/describe-commands", () => {
  describe("usage", () => {
    it("shows each command's arguments as inline code", () => {
      expect(usage("dispose")).toBe("`/reviewloop dispose <id> fixed|disagree|deferred [note]`");
      expect(usage("ignore")).toBe("`/reviewloop ignore <id> [note]`");
      expect(usage("status")).toBe("`/reviewloop status`");
    });

    it("gives a synopsis that itself parses as the command", () => {
      for (const command of COMMAND_NAMES.filter(
        (name) => name !== "dispose" && name !== "ignore",
      )) {
        const synopsis = usage(command).slice(1, -1);

        expect(parseCommands(synopsis, { appSlug: SLUG })).toMatchObject([{ ok: true, command }]);
      }
    });
  });

  describe("help text", () => {
    it("lists every command", () => {
      const text = helpText(SLUG);

      for (const command of COMMAND_NAMES) expect(text).toContain(usage(command));
      expect(text).toContain(`@${SLUG}`);
    });

    it("renders the help reply with who may run each command", () => {
      const config = parseConfig({ commands: { permissions: { fix: "maintain" } } });
      if (!config.ok) throw new Error("config");

      expect(renderCommandHelp(SLUG, config.config.commands.permissions)).toMatchInlineSnapshot(`
        "### reviewloop commands

        Start a line of a pull request comment with \`/reviewloop\` or \`@reviewloop-app\`. Several commands may follow each other, one per line; lines in code blocks and quotes are ignored.

        | command | what it does | who may run it |
        | --- | --- | --- |
        | \`/reviewloop review\` | Review the changes since the last review now. | PR author or write |
        | \`/reviewloop full-review\` | Review the whole pull request again, from its base. | PR author or write |
        | \`/reviewloop fix\` | Dispatch a remediation round now. | maintain |
        | \`/reviewloop retry\` | Retry the last failed dispatch. | write |
        | \`/reviewloop pause\` | Pause the loop: no reviews or dispatches until \`resume\`. | write |
        | \`/reviewloop resume\` | Resume the loop; after a hand-off this grants more rounds and resets the no-progress count. | write |
        | \`/reviewloop stop\` | End the loop for this pull request. | write |
        | \`/reviewloop status\` | Reply with the loop's state, round, open findings and last dispatch. | anyone |
        | \`/reviewloop dispose <id> fixed\\|disagree\\|deferred [note]\` | Record how a finding was handled (the id may be omitted in its review thread). | PR author or write |
        | \`/reviewloop ignore <id> [note]\` | Dismiss a finding for this pull request (the id may be omitted in its review thread). | write |
        | \`/reviewloop help\` | Reply with this list. | anyone |

        Finding ids (\`F1\`, \`F2\`, …) are listed in the review summary. Permissions are set in \`.github/reviewloop.yml\` under \`commands.permissions\`."
      `);
    });
  });

  describe("the app's own replies", () => {
    const replies = [
      ["help text", helpText(SLUG)],
      ["help reply", renderCommandHelp(SLUG, DEFAULT_CONFIG.commands.permissions)],
      ...COMMAND_NAMES.map((command) => [`usage of ${command}`, usage(command)]),
      ...parseCommands(
        [
          "/reviewloop nope",
          "/reviewloop fix now",
          "/reviewloop dispose",
          "/reviewloop ignore /reviewloop",
          `@${SLUG}`,
        ].join("\n"),
        { appSlug: SLUG },
      ).flatMap((result) =>
        result.ok
          ? []
          : [[`error reply to ${result.raw}`, `${result.message}\n\n${result.usage ?? ""}`]],
      ),
    ];

    it.each(replies)("never contain a command line: %s", (_name, text) => {
      expect(containsCommand(text, SLUG)).toBe(false);
    });
  });

  describe("containsCommand", () => {
    it("sees commands, valid or not, and only outside code", () => {
      expect(containsCommand("text\n/reviewloop whatever", SLUG)).toBe(true);
      expect(containsCommand(`@${SLUG} fix`, SLUG)).toBe(true);
      expect(containsCommand("```\n/reviewloop fix\n```", SLUG)).toBe(false);
    });

    it("checks the whole text, beyond the parser's bound", () => {
      expect(containsCommand(`${"x\n".repeat(20_000)}/reviewloop fix`, SLUG)).toBe(true);
    });
  });

  describe("neutralizeCommands", () => {
    it("makes echoed user text inert without changing how it renders", () => {
      const note = "see below\n/reviewloop fix\n  @reviewloop-app stop\n```\n/reviewloop fix\n```";

      const safe = neutralizeCommands(note, SLUG);

      expect(containsCommand(safe, SLUG)).toBe(false);
      expect(safe).toBe(
        "see below\n\\/reviewloop fix\n  \\@reviewloop-app stop\n```\n/reviewloop fix\n```",
      );
    });

    it("leaves text without commands untouched", () => {
      expect(neutralizeCommands("nothing to see", SLUG)).toBe("nothing to see");
    });
  });

  describe("describeUnknownFinding", () => {
    it("lists the open ids", () => {
      expect(describeUnknownFinding("F9", ["F1", "F4"])).toBe(
        "There is no finding `F9` on this pull request. Open findings: `F1`, `F4`.",
      );
    });

    it("says when nothing is open", () => {
      expect(describeUnknownFinding("F9", [])).toMatch(/no finding is open/);
    });
  });
});
