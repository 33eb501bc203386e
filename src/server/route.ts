import type { IncomingMessage, ServerResponse } from "node:http";

/** A request handler in Probot's server chain: true when it answered the request. */
export type Route = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

/** True for `GET path` (query string ignored). */
export function isGet(req: IncomingMessage, path: string): boolean {
  return req.method === "GET" && (req.url ?? "").split("?")[0] === path;
}
