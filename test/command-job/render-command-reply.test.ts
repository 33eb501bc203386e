import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type CommandOutcome,
  needsReply,
  renderCommandReply,
  replyMarker,
} from "../../src/command-job/render-command-reply.ts";
import { renderStatus } from "../../src/command-job/render-status.ts";
import { COMMAND_NAMES } from "../../src/commands/command-names.ts";
import { describeCooldown } from "../../src/commands/cooldown-remaining.ts";
import {
  describeUnknownFinding,
  helpText,
  renderCommandHelp,
  usage,
} from "../../src/commands/describe-commands.ts";
import { containsCommand } from "../../src/commands/parse-commands.ts";
import { DEFAULT_PERMISSIONS } from "../../src/config/schema-commands.ts";
import { INITIAL_LOOP_STATE } from "../../src/loop/types.ts";

const SLUG = "reviewloop";
const marker = replyMarker("issue_comment", 1);

function outcome(raw: string, message: string, quiet = false): CommandOutcome {
  return { line: 1, raw, command: "status", outcome: "ran", message, quiet };
}

describe("command-job/renderCommandReply", () => {
  it("never holds a command line, whatever the commands and messages echo", () => {
    const line = fc.oneof(
      fc.constantFrom(
        "/reviewloop fix",
        "@reviewloop stop",
        "  /ReviewLoop pause",
        "@reviewloop[bot] review",
      ),
      fc.string(),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(line, fc.array(line, { maxLength: 4 })), { maxLength: 5 }),
        (entries) => {
          const reply = renderCommandReply(
            entries.map(([raw, message]) => outcome(raw, message.join("\n"))),
            { appSlug: SLUG, marker },
          );
          expect(containsCommand(reply, SLUG)).toBe(false);
        },
      ),
    );
  });

  it("holds no command line for any template the app answers with", () => {
    const hostile = "x\n/reviewloop stop\n@reviewloop fix";
    const templates = [
      helpText(SLUG),
      renderCommandHelp(SLUG, DEFAULT_PERMISSIONS),
      ...COMMAND_NAMES.map((name) => usage(name)),
      describeUnknownFinding(hostile, ["F1", "F2"]),
      describeCooldown("full-review", 12, 60),
      renderStatus({
        loop: { ...INITIAL_LOOP_STATE, status: "paused", headSha: "a".repeat(40) },
        maxRounds: 5,
        remediationEnabled: true,
        blockingSeverity: "critical",
        openFindings: [
          {
            id: "F1",
            status: "open",
            severity: "critical",
            path: "src/a.ts",
            line: 1,
            title: hostile,
            disposition: {
              disposition: "fixed",
              by: "a",
              at: "t",
              source: "command",
              note: hostile,
            },
          },
        ],
        lastDispatch: {
          round: 1,
          target: "workflow_dispatch",
          status: "failed",
          attempts: 1,
          runUrl: null,
          conclusion: null,
          diagnostics: { logTail: hostile },
          createdAt: new Date(0),
        },
        dispositions: [
          {
            id: "F1",
            severity: "critical",
            where: "src/a.ts:1",
            title: hostile,
            claimed: "disagree",
            note: hostile,
            verified: "disputed",
          },
        ],
      }),
    ];

    for (const template of templates) {
      const reply = renderCommandReply([outcome("/reviewloop status", template)], {
        appSlug: SLUG,
        marker,
      });
      expect(containsCommand(reply, SLUG)).toBe(false);
    }
  });

  it("quotes each command line and keeps the reply within GitHub's limit", () => {
    const reply = renderCommandReply(
      [outcome("/reviewloop status", "a".repeat(70_000)), outcome("/reviewloop help", "b")],
      { appSlug: SLUG, marker },
    );

    expect(reply.startsWith(`${marker}\n\n> \`/reviewloop status\``)).toBe(true);
    expect(reply.length).toBeLessThanOrEqual(65_535);
  });

  it("replies only when a command has something to say", () => {
    expect(needsReply([outcome("/reviewloop review", "Reviewing.", true)])).toBe(false);
    expect(needsReply([outcome("/reviewloop review", "Reviewing.", true), outcome("x", "y")])).toBe(
      true,
    );
  });
});
