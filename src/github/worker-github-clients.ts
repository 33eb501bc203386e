import type { Logger } from "pino";
import { Probot, type ProbotOctokit } from "probot";
import { type Env, githubBaseUrl } from "../env.ts";
import { type GitHubClients, probotGitHubClients } from "./github-clients.ts";

/** What the worker's GitHub clients are built from: the same app identity as the server. */
export interface WorkerGitHubOptions {
  env: Pick<Env, "appId" | "gheHost" | "gheProtocol">;
  privateKey: string;
  log: Logger;
  /** Tests swap in an Octokit without retries or throttling, as for the server. */
  Octokit?: typeof ProbotOctokit;
}

/**
 * Installation clients for the worker: a Probot instance with the server's app id, private key,
 * GitHub Enterprise base URL and Octokit class (retry and throttling plugins included), so jobs
 * authenticate exactly as webhook handlers would.
 */
export function workerGitHubClients(options: WorkerGitHubOptions): GitHubClients {
  const baseUrl = githubBaseUrl(options.env);
  const probot = new Probot({
    appId: options.env.appId,
    privateKey: options.privateKey,
    log: options.log.child({ name: "github" }),
    ...(baseUrl ? { baseUrl } : {}),
    ...(options.Octokit ? { Octokit: options.Octokit } : {}),
  });
  return probotGitHubClients(probot);
}
