import type { OkCommand } from "../commands/command-types.ts";
import type { PullRequestInfo } from "../github/pull-request-reader.ts";
import type { LoopCommand, LoopStatus } from "../loop/types.ts";
import { toLoopSettings } from "../remediation/loop-settings.ts";
import { inlineCode } from "../review/render-escape.ts";
import { applyEvent } from "../spine/apply-event.ts";
import { readLoop } from "../store/loop-repository.ts";
import type { CommandSession } from "./command-session.ts";
import type { CommandOutcome } from "./render-command-reply.ts";

type Outcome = Omit<CommandOutcome, "line" | "raw" | "command">;

/**
 * The request id of one command line. It is also the spine's delivery id, so a retried job
 * applies each command at most once.
 */
export function commandRequestId(session: CommandSession, line: number): string {
  const { comment } = session.payload;
  return `${comment.kind}-${comment.id}-${line}`;
}

function describeResume(
  session: CommandSession,
  before: LoopStatus,
  reviewing: string | null,
  extraRounds: number,
): string {
  const parts = ["Resumed."];
  if (before === "handed_off" || before === "stopped") {
    const total = session.config.remediation.max_rounds + extraRounds;
    parts.push(
      `${session.config.commands.resume_rounds} more remediation rounds granted (${total} in all); the no-progress count starts again.`,
    );
  }
  if (reviewing !== null) parts.push(`Reviewing ${inlineCode(reviewing.slice(0, 7))}.`);
  return parts.join(" ");
}

/**
 * `review`, `full-review`, `pause`, `resume`, `stop`: one loop event through the spine (the
 * reducer decides, acting on the newest head it knows), then a sentence about what changed.
 */
export async function executeLoopCommand(
  session: CommandSession,
  command: OkCommand,
  facts: PullRequestInfo,
): Promise<Outcome> {
  const { payload, db } = session;
  const name = command.command as LoopCommand;
  const before = (await readLoop(db, payload.repoId, payload.prNumber))?.state.status ?? "idle";
  const requestId = commandRequestId(session, command.line);
  const outcome = await applyEvent(db, {
    installationId: payload.installationId,
    repoId: payload.repoId,
    repoFullName: payload.repoFullName,
    prNumber: payload.prNumber,
    deliveryId: `command:${requestId}`,
    eventName: payload.comment.kind,
    event: {
      type: "CommandIssued",
      command: name,
      headSha: facts.headSha,
      baseSha: facts.baseSha,
      requestId,
      ...(name === "resume" ? { resumeRounds: session.config.commands.resume_rounds } : {}),
      ...(name === "fix" || name === "retry"
        ? {
            settings: toLoopSettings(
              session.config.remediation,
              session.config.commands.resume_rounds,
              session.config.engines.checks.timeout_minutes,
            ),
            fork: facts.fromFork,
          }
        : {}),
      ...(facts.updatedAt === undefined ? {} : { updatedAt: facts.updatedAt }),
      actor: payload.actor,
    },
  });
  // The reducer reviews the newer of the loop's head and the one read above (a push may have
  // been applied in between): the reply names the head actually asked for.
  const head = (outcome.applied ? outcome.state.headSha : null) ?? facts.headSha;
  const sha = inlineCode(head.slice(0, 7));
  const held = before === "paused" || before === "stopped";
  switch (name) {
    case "review":
    case "full-review": {
      const what = name === "full-review" ? "the whole pull request" : "the changes";
      const stays = held ? ` The loop stays ${before}.` : "";
      return { outcome: "ran", quiet: true, message: `Reviewing ${what} at ${sha}.${stays}` };
    }
    case "pause":
      return {
        outcome: "ran",
        message: held
          ? `The loop is already ${before}.`
          : "Paused: new commits are not reviewed and nothing is dispatched until `resume`.",
      };
    case "stop":
      return {
        outcome: "ran",
        message:
          before === "stopped"
            ? "The loop is already stopped."
            : "Stopped: reviewloop does nothing more on this pull request until `resume`.",
      };
    case "fix":
    case "retry": {
      if (!outcome.applied) return { outcome: "ran", message: "Already handled." };
      const dispatched = outcome.enqueued > 0;
      return {
        outcome: dispatched ? "ran" : "refused",
        message:
          outcome.answer ?? (dispatched ? "Dispatching the fixer." : "Nothing was dispatched."),
      };
    }
    case "resume": {
      if (!held && before !== "handed_off") {
        return { outcome: "ran", message: "The loop is not paused or stopped; nothing to resume." };
      }
      const extra = outcome.applied ? (outcome.state.extraRounds ?? 0) : 0;
      const reviewing = outcome.applied && outcome.enqueued > 0 ? head : null;
      return { outcome: "ran", message: describeResume(session, before, reviewing, extra) };
    }
  }
}
