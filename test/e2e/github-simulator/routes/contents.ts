import { createHash } from "node:crypto";
import { treeAtRef } from "../files-at-ref.ts";
import { fail, json, notFound, type RouteHandler } from "../http/respond.ts";
import { withRepo } from "./lookup.ts";

function blobSha(text: string): string {
  return createHash("sha1")
    .update(`blob ${Buffer.byteLength(text)}\0${text}`)
    .digest("hex");
}

/**
 * `GET /repos/{o}/{r}/contents/{path}[?ref=]` on the default branch, or at `ref`: a PR's head
 * sha (any it ever had) or head branch (see `files-at-ref.ts`); an unknown ref is a 404. `Accept:
 * application/vnd.github.v3.raw` (what @probot/octokit-plugin-config sends) answers the text
 * itself; otherwise the JSON entry with base64 content, or a listing for a directory.
 */
export const contentRoutes: Record<string, RouteHandler> = {
  "repos/get-content": (context) =>
    withRepo(context, (repo) => {
      const path = (context.params.path ?? "").replace(/^\/+|\/+$/g, "");
      const ref = context.query.get("ref");
      const pulls = [...context.state.pullRequests.values()].filter(
        (pr) => pr.repo === repo.fullName.toLowerCase(),
      );
      const tree = treeAtRef(repo, pulls, ref);
      if (!tree) return fail(404, `No commit found for the ref ${ref}`);
      const text = tree.get(path);
      const url = `${context.apiUrl}/repos/${repo.owner}/${repo.name}/contents/${path}`;
      if (text === undefined) {
        const children = tree.paths().filter((name) => name.startsWith(`${path}/`));
        if (children.length === 0) return notFound();
        const names = new Set(children.map((name) => name.slice(path.length + 1).split("/")[0]));
        return json(
          200,
          [...names].map((name) => {
            const child = `${path}/${name}`;
            const isFile = tree.get(child) !== undefined;
            return {
              type: isFile ? "file" : "dir",
              name,
              path: child,
              sha: blobSha(child),
              size: 0,
            };
          }),
        );
      }
      if (/raw/.test(String(context.headers.accept ?? ""))) {
        return { status: 200, text, headers: { "content-type": "text/plain; charset=utf-8" } };
      }
      const base64 = Buffer.from(text).toString("base64").replace(/.{60}/g, "$&\n");
      return json(200, {
        type: "file",
        encoding: "base64",
        size: Buffer.byteLength(text),
        name: path.split("/").pop(),
        path,
        content: base64,
        sha: blobSha(text),
        url,
      });
    }),
};
