import type { CommentTarget, PostedReply } from "../github/comment-publisher.ts";
import { toRepoRef } from "../github/refs.ts";
import { sendOnce } from "../github/send-once.ts";
import { type CommentKey, recordCommandReply } from "../store/command-repository.ts";
import type { CommandRunContext } from "./command-run-context.ts";
import { replyMarker } from "./render-command-reply.ts";
import type { RunCommandsPayload } from "./run-commands-payload.ts";

/** Where a comment's reply goes and how it is recognized. */
export function replyTarget(payload: RunCommandsPayload): CommentTarget {
  return {
    ...toRepoRef(payload.repoFullName),
    pullNumber: payload.prNumber,
    kind: payload.comment.kind,
    commentId: payload.comment.id,
    threadRootId: payload.comment.inReplyToId,
  };
}

/**
 * Posts the comment's one reply, unless GitHub has it already. It looks first, by the reply's
 * marker, on every attempt: a crash between posting and recording leaves no trace in the
 * database (on PGlite not even the attempt count), so only GitHub can tell. The POST goes
 * through `sendOnce`, so a 5xx after GitHub stored the reply adopts it instead of posting twice.
 * The reply's id is recorded under the job's lease.
 */
export async function postCommandReply(
  run: CommandRunContext,
  payload: RunCommandsPayload,
  body: string,
): Promise<PostedReply> {
  const key: CommentKey = { kind: payload.comment.kind, id: payload.comment.id };
  const target = replyTarget(payload);
  const marker = replyMarker(key.kind, key.id);
  if (!body.includes(marker)) throw new Error("A command reply must carry its marker");
  const since = payload.comment.createdAt ?? null;
  const find = () => run.ports.comments.findReply(target, marker, since);
  run.signal.throwIfAborted();
  let reply = await find();
  if (reply === null) {
    reply = await sendOnce({
      what: "command reply",
      send: () => run.ports.comments.reply(target, body),
      find,
      log: run.log,
      signal: run.signal,
      ...(run.pauseMs === undefined ? {} : { pauseMs: run.pauseMs }),
    });
  } else {
    run.log.info({ replyId: reply.id }, "The comment's reply was posted before: not posted again");
  }
  const posted = reply;
  await run.db.transaction(async (tx) => {
    await run.assertLease(tx);
    await recordCommandReply(tx, key, posted.id);
  });
  return posted;
}
