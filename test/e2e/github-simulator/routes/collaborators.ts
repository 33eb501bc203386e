import { json, type RouteHandler } from "../http/respond.ts";
import { renderUser } from "../render.ts";
import { withRepo } from "./lookup.ts";

/**
 * `GET /repos/{o}/{r}/collaborators/{username}/permission`: the seeded permission; a user
 * nobody seeded reads a public repository and has no access to a private one.
 */
export const collaboratorRoutes: Record<string, RouteHandler> = {
  "repos/get-collaborator-permission-level": (context) =>
    withRepo(context, (repo) => {
      const login = context.params.username ?? "";
      const seeded = context.state.permissions
        .get(`${repo.owner}/${repo.name}`.toLowerCase())
        ?.get(login.toLowerCase());
      const fallback = repo.private ? "none" : "read";
      const permission = seeded?.permission ?? fallback;
      return json(200, {
        permission,
        role_name: seeded?.roleName ?? fallback,
        user: { ...renderUser(login), role_name: seeded?.roleName ?? fallback },
      });
    }),
};
