import type { RouteResult } from "./http/respond.ts";
import type { RecordedRequest } from "./server.ts";

/**
 * What to do to matching requests instead of (or on top of) the simulated answer. Without
 * `status` the simulated answer is kept (a slow answer, a held request).
 */
export interface Fault {
  method?: string;
  /** The path below `/api/v3` (or `/api/graphql`), without the query: exact string or RegExp. */
  path: string | RegExp;
  /** Answer with this status (502, 403 + retry-after, 422, …) instead of the simulated answer. */
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /**
   * Run the route first, so GitHub has stored what the request asked for, then replace the
   * answer with `status` (default false: nothing is stored, as when GitHub fails early).
   */
  afterStoring?: boolean;
  /**
   * Wait this long before answering (a slow GitHub; longer than the app's timeout = a lost
   * answer). With `afterStoring` the request is stored first, then answered late.
   */
  delayMs?: number;
  /** How many matching requests get the fault (default 1). */
  times?: number;
  /** Let this many matching requests through first (default 0): "the second PATCH". */
  skip?: number;
}

/** A request the simulator holds open until the test releases it. */
export interface HeldRequest {
  /** Resolves when a matching request arrived (after it was stored, with `afterStoring`). */
  arrived: Promise<RecordedRequest>;
  /** Resolves when the held request's client hung up (the app was killed). */
  hungUp: Promise<void>;
  /** Lets the held request go on: it is answered, unless its client hung up meanwhile. */
  release(): void;
}

/** Which requests to hold, and whether GitHub stores them before holding. */
export interface HoldMatch {
  method?: string;
  path: string | RegExp;
  /** Store first, then hold the answer (default false: hold before anything is stored). */
  afterStoring?: boolean;
  /** Let this many matching requests through first (default 0). */
  skip?: number;
}

/** A fault taken by one request: the spec, plus the hold hooks when it is a hold. */
export interface TakenFault extends Fault {
  hold?: {
    arrived: (record: RecordedRequest) => void;
    hungUp: () => void;
    released: Promise<void>;
  };
}

interface Pending extends TakenFault {
  left: number;
}

/** Holds pending faults; the first one matching a request is used up by it. */
export function createFaults() {
  const pending: Pending[] = [];
  return {
    add(fault: Fault): void {
      pending.push({ ...fault, left: fault.times ?? 1 });
    },
    hold(match: HoldMatch): HeldRequest {
      const arrival = Promise.withResolvers<RecordedRequest>();
      const hangUp = Promise.withResolvers<void>();
      const released = Promise.withResolvers<void>();
      pending.push({
        ...match,
        left: 1,
        hold: { arrived: arrival.resolve, hungUp: hangUp.resolve, released: released.promise },
      });
      return { arrived: arrival.promise, hungUp: hangUp.promise, release: released.resolve };
    },
    /** The pending fault for this request, used up by it, if one matches. */
    take(method: string, path: string): TakenFault | undefined {
      const index = pending.findIndex(
        (fault) =>
          (fault.method === undefined || fault.method.toUpperCase() === method) &&
          (typeof fault.path === "string" ? fault.path === path : fault.path.test(path)),
      );
      const fault = pending[index];
      if (!fault) return undefined;
      if (fault.skip) {
        fault.skip--;
        return undefined;
      }
      fault.left--;
      if (fault.left <= 0) pending.splice(index, 1);
      return fault;
    },
    clear(): void {
      pending.length = 0;
    },
  };
}

/** Status 499 (nginx's "client closed request") marks a held request whose client hung up. */
export const CLIENT_GONE = 499;

/** The connection a request came on: whether (and when) its client hung up. */
export interface ClientConnection {
  gone(): boolean;
  hungUp: Promise<void>;
}

/**
 * Answers one request under `fault`: runs `route` first when `afterStoring`, waits (`delayMs`,
 * a hold), runs `route` unless the fault answers before storing, and replaces the answer with
 * the fault's status. A request held
 * before storing whose client hung up meanwhile is never routed: GitHub never stored it.
 */
export async function answerWithFault(
  fault: TakenFault | undefined,
  record: RecordedRequest,
  route: () => RouteResult | Promise<RouteResult>,
  client: ClientConnection,
): Promise<RouteResult> {
  if (!fault) return route();
  const delay = () => new Promise((resolve) => setTimeout(resolve, fault.delayMs ?? 0));
  // A slow GitHub that stores at once and answers late, or one that is slow to start.
  const stored = fault.afterStoring ? await route() : undefined;
  await delay();
  if (fault.hold) {
    void client.hungUp.then(fault.hold.hungUp);
    fault.hold.arrived(record);
    await fault.hold.released;
    if (!stored && client.gone()) return { status: CLIENT_GONE, body: {} };
  }
  if (fault.status !== undefined) return faultAnswer(fault, fault.status);
  return stored ?? route();
}

function faultAnswer(fault: Fault, status: number): RouteResult {
  return {
    status,
    body: fault.body ?? {
      message: defaultMessage(status),
      documentation_url: "https://docs.github.com/rest",
    },
    ...(fault.headers ? { headers: fault.headers } : {}),
  };
}

function defaultMessage(status: number): string {
  if (status === 403 || status === 429)
    return "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.";
  if (status === 502) return "Server Error";
  if (status === 422) return "Unprocessable Entity";
  return "Simulated failure";
}
