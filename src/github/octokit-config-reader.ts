import { callGitHub } from "./call-github.ts";
import { CONFIG_PATH, type ConfigReader, type RawConfig } from "./config-reader.ts";
import type { InstallationOctokit } from "./github-clients.ts";

/** True for the plugin's own errors (bad YAML, bad `_extends`), which carry no HTTP status. */
function isPluginError(error: unknown): error is Error {
  return (
    error instanceof Error &&
    (error as { status?: unknown }).status === undefined &&
    error.message.startsWith("[@probot/octokit-plugin-config]")
  );
}

/**
 * ConfigReader through `@probot/octokit-plugin-config` (what Probot's `context.config` uses):
 * one request for the repository's file, a second for the org `.github` fallback when the first
 * is missing, one more per `_extends`. No defaults are merged in, so unknown keys stay visible.
 */
export function octokitConfigReader(octokit: InstallationOctokit): ConfigReader {
  return {
    async readConfig({ owner, repo }): Promise<RawConfig> {
      try {
        const { config } = await callGitHub(() =>
          octokit.config.get({ owner, repo, path: CONFIG_PATH }),
        );
        return { ok: true, raw: config };
      } catch (error) {
        if (isPluginError(error)) {
          const reason = error.message.replace("[@probot/octokit-plugin-config] ", "");
          return { ok: false, message: reason };
        }
        throw error;
      }
    },
  };
}
