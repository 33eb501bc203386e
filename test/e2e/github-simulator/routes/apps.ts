import { randomBytes } from "node:crypto";
import { json, notFound, type RouteHandler } from "../http/respond.ts";
import { renderUser } from "../render.ts";
import { withRepo } from "./lookup.ts";

/** Installation tokens (any JWT is accepted) and the app's own identity. */
export const appRoutes: Record<string, RouteHandler> = {
  "apps/create-installation-access-token": (context) => {
    const installationId = Number(context.params.installation_id);
    const known = [...context.state.repos.values()].some(
      (repo) => repo.installationId === installationId,
    );
    if (!known) return notFound();
    const token = `ghs_sim${randomBytes(16).toString("hex")}`;
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    context.state.tokens.push({ token, installationId, expiresAt });
    return json(201, {
      token,
      expires_at: expiresAt,
      permissions: { pull_requests: "write", checks: "write", contents: "read", issues: "write" },
      repository_selection: "all",
    });
  },
  "apps/get-authenticated": (context) =>
    json(200, {
      id: context.state.appId,
      slug: context.state.botLogin.replace(/\[bot\]$/, ""),
      name: "reviewloop",
      owner: renderUser("reviewloop-owner"),
    }),
  "apps/get-repo-installation": (context) =>
    withRepo(context, (repo) =>
      json(200, {
        id: repo.installationId,
        account: renderUser(repo.owner),
        app_id: context.state.appId,
      }),
    ),
};
