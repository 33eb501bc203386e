import type { ParsedCommand } from "../commands/command-types.ts";
import { parseCommands } from "../commands/parse-commands.ts";
import type { Queryable } from "../store/db.ts";
import { findFindingIdByComment } from "../store/disposition-repository.ts";
import type { RunCommandsPayload } from "./run-commands-payload.ts";

/**
 * The comment's command lines, parsed. In a reply to one of reviewloop's inline comments the
 * finding id may be left out: the thread's finding is used.
 */
export async function parseCommentCommands(
  q: Queryable,
  payload: RunCommandsPayload,
): Promise<readonly ParsedCommand[]> {
  const findingId =
    payload.comment.inReplyToId === null
      ? null
      : await findFindingIdByComment(q, payload, payload.comment.inReplyToId);
  return parseCommands(payload.comment.body, {
    appSlug: payload.appSlug,
    ...(payload.comment.kind === "review_comment"
      ? { inThread: findingId === null ? {} : { findingId } }
      : {}),
  });
}
