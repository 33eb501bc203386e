import type { ParsedCommand } from "../commands/command-types.ts";
import { parseCommands } from "../commands/parse-commands.ts";
import { parseDispositions } from "../commands/parse-dispositions.ts";
import type { Queryable } from "../store/db.ts";
import { findFindingIdByComment } from "../store/disposition-repository.ts";
import { toDisposeCommands } from "./disposition-commands.ts";
import type { RunCommandsPayload } from "./run-commands-payload.ts";

/**
 * The comment's command lines, parsed, then the dispositions it files (a dispositions block, a
 * table, a reply in a finding's thread) as `dispose` commands. In a reply to one of reviewloop's
 * inline comments the finding id may be left out: the thread's finding is used; a reply in any
 * other thread files no disposition by its first word.
 */
export async function parseCommentCommands(
  q: Queryable,
  payload: RunCommandsPayload,
): Promise<readonly ParsedCommand[]> {
  const findingId =
    payload.comment.inReplyToId === null
      ? null
      : await findFindingIdByComment(q, payload, payload.comment.inReplyToId);
  const inThread = payload.comment.kind === "review_comment";
  const commands = parseCommands(payload.comment.body, {
    appSlug: payload.appSlug,
    ...(inThread ? { inThread: findingId === null ? {} : { findingId } } : {}),
  });
  const dispositions = parseDispositions(
    payload.comment.body,
    inThread && findingId !== null ? { threadFindingId: findingId } : {},
  );
  return [...commands, ...toDisposeCommands(dispositions)];
}
