import type { Logger } from "pino";
import { Probot, type ProbotOctokit, Server } from "probot";
import { type Env, githubBaseUrl } from "../env.ts";
import { rejectBadSignatures } from "./reject-bad-signatures.ts";
import type { Route } from "./route.ts";

const DEFAULT_WEBHOOK_PATH = "/api/github/webhooks";

export interface ServerParts {
  env: Pick<
    Env,
    "appId" | "webhookSecret" | "gheHost" | "gheProtocol" | "port" | "host" | "webhookProxyUrl"
  >;
  privateKey: string;
  log: Logger;
  /** The Probot application function (webhook handlers). */
  appFn: (app: Probot) => void;
  /** Extra routes (`/healthz`, `/metrics`), tried after the webhook path. */
  routes: Route[];
  /** Tests swap in an Octokit without retries or throttling. */
  Octokit?: typeof ProbotOctokit;
  /** Overrides `env.port`; 0 picks a free port. */
  port?: number;
}

/**
 * Builds Probot's HTTP server (webhooks at `/api/github/webhooks`, signature verification) with
 * the app loaded and our routes added. Not listening yet: call `start()`.
 */
export async function createServer(parts: ServerParts): Promise<Server> {
  const { env, log } = parts;
  const baseUrl = githubBaseUrl(env);
  const ProbotWithDefaults = Probot.defaults({
    appId: env.appId,
    privateKey: parts.privateKey,
    secret: env.webhookSecret,
    log,
    ...(baseUrl ? { baseUrl } : {}),
    ...(parts.Octokit ? { Octokit: parts.Octokit } : {}),
  });
  // Every webhook middleware this Probot hands out (the server's and the root path's) answers a
  // bad signature with 401 before anything runs.
  class VerifyingProbot extends ProbotWithDefaults {
    override async getNodeMiddleware(options: { path?: string } = {}) {
      const path = options.path ?? DEFAULT_WEBHOOK_PATH;
      const inner = await super.getNodeMiddleware({ ...options, path });
      return rejectBadSignatures(inner, env.webhookSecret ?? "", path);
    }
  }
  const port = parts.port ?? env.port;
  const server = new Server({
    Probot: VerifyingProbot as typeof ProbotWithDefaults,
    log,
    // Server treats a falsy port as "use 3000"; Node's listen() takes the string "0" as "any".
    port: (port === 0 ? "0" : port) as number,
    ...(env.host ? { host: env.host } : {}),
    // Development: forward deliveries from a smee.io channel (Probot's own option).
    ...(env.webhookProxyUrl ? { webhookProxy: env.webhookProxyUrl } : {}),
  });
  await server.load(async (app) => {
    parts.appFn(app);
    // Probot's setup flow registers the app with the webhook URL `${baseUrl}/`, while its server
    // listens at /api/github/webhooks: accept signed deliveries at the root as well.
    const rootWebhooks = await app.getNodeMiddleware({ path: "/" });
    server.addHandler(async (req, res) =>
      req.method === "POST" && (req.url ?? "").split("?")[0] === "/"
        ? rootWebhooks(req, res)
        : false,
    );
  });
  for (const route of parts.routes) server.addHandler(route);
  return server;
}
