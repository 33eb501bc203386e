import type { RouteResult } from "./http/respond.ts";

/** An answer to give instead of the simulated one, for matching requests. */
export interface Fault {
  method?: string;
  /** The path below `/api/v3` (or `/api/graphql`), without the query: exact string or RegExp. */
  path: string | RegExp;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** How many matching requests get the fault (default 1). */
  times?: number;
}

/** Holds pending faults; the first one matching a request is used up by it. */
export function createFaults() {
  const pending: (Fault & { left: number })[] = [];
  return {
    add(fault: Fault): void {
      pending.push({ ...fault, left: fault.times ?? 1 });
    },
    /** The fault's response for this request, if a pending one matches. */
    take(method: string, path: string): RouteResult | undefined {
      const index = pending.findIndex(
        (fault) =>
          (fault.method === undefined || fault.method.toUpperCase() === method) &&
          (typeof fault.path === "string" ? fault.path === path : fault.path.test(path)),
      );
      const fault = pending[index];
      if (!fault) return undefined;
      fault.left--;
      if (fault.left <= 0) pending.splice(index, 1);
      return {
        status: fault.status,
        body: fault.body ?? {
          message: defaultMessage(fault.status),
          documentation_url: "https://docs.github.com/rest",
        },
        ...(fault.headers ? { headers: fault.headers } : {}),
      };
    },
    clear(): void {
      pending.length = 0;
    },
  };
}

function defaultMessage(status: number): string {
  if (status === 403 || status === 429)
    return "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.";
  if (status === 502) return "Server Error";
  if (status === 422) return "Unprocessable Entity";
  return "Simulated failure";
}
