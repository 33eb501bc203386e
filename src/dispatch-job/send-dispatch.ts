import type { Logger } from "pino";
import { GitHubApiError } from "../github/github-api-error.ts";
import { sendOnce } from "../github/send-once.ts";
import type {
  DispatchedRun,
  Dispatcher,
  DispatchRequest,
  DispatchResult,
} from "../remediation/dispatcher.ts";

/**
 * What became of one send: accepted (with its run when known) or refused. `adoptedFrom`: the run
 * is an earlier attempt's, whose outcome had stayed unknown; nothing was sent.
 */
export type SendOutcome =
  | { accepted: true; run: DispatchedRun | null; adoptedFrom?: string }
  | { accepted: false; status: number; message: string };

/** An earlier attempt of the round that may have started a run nobody saw. */
export interface UnconfirmedAttempt {
  dispatchId: string;
  since: Date;
}

/**
 * Sends the dispatch at most once per intent. Dispatch endpoints take no idempotency key, so an
 * unknown outcome (a 5xx or a timeout after the request left) is followed by a look for the run
 * by its dispatch id (`sendOnce`): found → adopted. When `lookFirst` (an earlier run of the job
 * claimed the attempt and its outcome is unknown), the run is looked for before anything is sent;
 * so are the runs of `earlier` attempts of the round whose outcome stayed unknown (found → that
 * run is this attempt's, and nothing is sent).
 * A 5xx that persists while no run appears is a refusal: GitHub kept nothing.
 */
export async function sendDispatch(
  dispatcher: Dispatcher,
  request: DispatchRequest,
  options: {
    since: Date;
    lookFirst: boolean;
    earlier?: UnconfirmedAttempt[];
    log: Logger;
    pauseMs?: number;
    signal?: AbortSignal;
  },
): Promise<SendOutcome> {
  const findOf = (dispatchId: string, since: Date) =>
    dispatcher.findRun({
      owner: request.owner,
      repo: request.repo,
      target: request.target,
      dispatchId,
      since,
      ...(request.signal === undefined ? {} : { signal: request.signal }),
    });
  const find = async (): Promise<SendOutcome | null> => {
    const run = await findOf(request.payload.dispatch_id, options.since);
    return run === null ? null : { accepted: true, run };
  };
  for (const earlier of options.earlier ?? []) {
    const run = await findOf(earlier.dispatchId, earlier.since);
    if (run !== null) {
      options.log.info(
        { earlierDispatchId: earlier.dispatchId, runId: run.runId },
        "An earlier attempt's run was found: adopted, not dispatched again",
      );
      return { accepted: true, run, adoptedFrom: earlier.dispatchId };
    }
  }
  if (options.lookFirst) {
    const found = await find();
    if (found !== null) {
      options.log.info("The dispatch an earlier run sent was found: adopted, not sent again");
      return found;
    }
  }
  try {
    return await sendOnce<SendOutcome>({
      what: "fixer dispatch",
      send: async () => toOutcome(await dispatcher.send(request)),
      find,
      log: options.log,
      ...(options.pauseMs === undefined ? {} : { pauseMs: options.pauseMs }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
  } catch (error) {
    // Every send answered 5xx and no run appeared: a refusal, kept with the target's words.
    const status = error instanceof GitHubApiError ? error.status : httpStatusOf(error);
    if (status !== null && status >= 500) {
      return {
        accepted: false,
        status,
        message: error instanceof Error ? error.message : String(error),
      };
    }
    // A timeout or a broken connection: the job's retry looks for the run before sending.
    throw error;
  }
}

function toOutcome(result: DispatchResult): SendOutcome {
  return result.ok
    ? { accepted: true, run: result.run }
    : { accepted: false, status: result.status, message: result.message };
}

/** The HTTP status an adapter's error carries (the webhook target's errors), else null. */
function httpStatusOf(error: unknown): number | null {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : null;
}
