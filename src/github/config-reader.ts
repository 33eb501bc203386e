import type { RepoRef } from "./refs.ts";

/** Where the repository config lives (Probot's convention: `.github/` of the default branch). */
export const CONFIG_PATH = ".github/reviewloop.yml";

/** The raw repository config, or why it could not be read as YAML. */
export type RawConfig = { ok: true; raw: unknown } | { ok: false; message: string };

/** Reads `.github/reviewloop.yml` (port; `octokit-config-reader.ts` is the GitHub adapter). */
export interface ConfigReader {
  /**
   * The file of the repository, else of the owner's `.github` repository, with `_extends`
   * resolved; `{}` when neither exists. Not validated: `parseConfig` does that.
   */
  readConfig(repo: RepoRef): Promise<RawConfig>;
}
