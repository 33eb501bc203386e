import { createServer as createNetServer } from "node:net";
import type { Logger } from "pino";
import { run, type Server } from "probot";
import type { Env } from "../env.ts";
import { localUrl } from "./start-app.ts";

export interface SetupServer {
  server: Server;
  port: number;
  url: string;
  stop(): Promise<void>;
}

/** A port free right now (Probot's `run()` cannot listen on port 0 itself). */
function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Without an APP_ID there is nothing to run yet: start Probot's setup flow, which serves the
 * `app.yml` manifest at `/probot`, registers the GitHub App on "Register", and writes APP_ID,
 * PRIVATE_KEY and WEBHOOK_SECRET to `.env`. Restart afterwards to run the app.
 */
export async function startSetupMode(
  env: Env,
  options: {
    log: Logger;
    port?: number;
    /** Where the setup flow stores the new credentials (default: Probot writes `.env`). */
    updateEnv?: (vars: NodeJS.ProcessEnv) => NodeJS.ProcessEnv;
  },
): Promise<SetupServer> {
  // Probot would otherwise download smee-client and create a channel on smee.io, which hangs
  // or fails without internet. Set WEBHOOK_PROXY_URL (https://smee.io/new) to use a proxy.
  if (!env.webhookProxyUrl) process.env.NO_SMEE_SETUP ??= "true";
  const wanted = options.port ?? env.port;
  const port = wanted === 0 ? await findFreePort() : wanted;
  const vars: Record<string, string> = { PORT: String(port) };
  if (env.host) vars.HOST = env.host;
  if (env.gheHost) vars.GHE_HOST = env.gheHost;
  vars.GHE_PROTOCOL = env.gheProtocol;
  if (env.webhookProxyUrl) vars.WEBHOOK_PROXY_URL = env.webhookProxyUrl;
  const server = await run(() => {}, {
    env: vars,
    log: options.log,
    ...(options.updateEnv ? { updateEnv: options.updateEnv } : {}),
  });
  return {
    server,
    port: server.port,
    url: localUrl(server.host, server.port),
    stop: () => server.stop(),
  };
}
