import { z } from "zod";
import { commandsSchema } from "./schema-commands.ts";
import { enginesSchema } from "./schema-engines.ts";
import { remediationSchema } from "./schema-remediation.ts";
import { reviewSchema } from "./schema-review.ts";

/**
 * `.github/reviewloop.yml`. Every key is optional and has a default; unknown keys are errors at
 * every level so that a typo never silently does nothing. The key names are a public contract.
 */
export const repoConfigSchema = z
  .strictObject({
    /**
     * Inherit from another repository's file (`other-repo` or `owner/repo:path.yml`). Resolved by
     * Probot before validation; listed here so editors and local runs accept it.
     */
    _extends: z
      .string()
      .min(1)
      .optional()
      .describe(
        "Inherit settings from another repository's file (`repo` or `owner/repo:path.yml`).",
      ),
    /** When and how pull requests are reviewed. */
    review: reviewSchema,
    /** The review engines. */
    engines: enginesSchema,
    /** Bounded remediation rounds. */
    remediation: remediationSchema,
    /** Comment commands. */
    commands: commandsSchema,
  })
  .meta({
    title: "reviewloop repository configuration",
    description: "`.github/reviewloop.yml`: every key is optional; unknown keys are errors.",
  });

/** The validated repository configuration, every default filled in. */
export type RepoConfig = z.output<typeof repoConfigSchema>;

/** What a user may write in `.github/reviewloop.yml`. */
export type RepoConfigInput = z.input<typeof repoConfigSchema>;

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object") {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/**
 * The configuration of a repository without a `.github/reviewloop.yml`. Deeply frozen: it is
 * shared, and a caller mutating it would change every repository's defaults.
 */
export const DEFAULT_CONFIG: RepoConfig = deepFreeze(repoConfigSchema.parse({}));
