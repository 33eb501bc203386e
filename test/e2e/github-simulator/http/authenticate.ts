import type { IncomingHttpHeaders } from "node:http";
import type { SimState } from "../state.ts";
import { fail, type RouteResult } from "./respond.ts";

const JWT = /^[\w-]+\.[\w-]+\.[\w-]+$/;

/**
 * Checks the `authorization` header as GitHub does: `/app/…` endpoints need the app's JWT (any
 * well-formed one is accepted), everything else an installation token this simulator issued;
 * a token of another installation sees the repository as missing (404). Undefined when allowed.
 */
export function authenticate(
  state: SimState,
  template: string,
  headers: IncomingHttpHeaders,
  params: Record<string, string>,
): RouteResult | undefined {
  const [scheme = "", credential = ""] = String(headers.authorization ?? "").split(/\s+/, 2);
  if (template === "/app" || template.startsWith("/app/")) {
    return scheme.toLowerCase() === "bearer" && JWT.test(credential)
      ? undefined
      : fail(401, "A JSON web token could not be decoded");
  }
  const token = state.tokens.find((candidate) => candidate.token === credential);
  if (!["token", "bearer"].includes(scheme.toLowerCase()) || !token)
    return fail(401, "Bad credentials");
  if (params.owner !== undefined && params.repo !== undefined) {
    const repo = state.repos.get(`${params.owner}/${params.repo}`.toLowerCase());
    if (repo && repo.installationId !== token.installationId) return fail(404, "Not Found");
  }
  return undefined;
}
