import { z } from "zod";

/**
 * A repository-relative glob (picomatch syntax, `**` crosses directories). A leading `./` or `/`
 * is refused because such a glob never matches the POSIX paths GitHub reports.
 */
export const globSchema = z
  .string()
  .min(1)
  .max(500)
  .regex(/^(?!\.\/|\/)/, {
    error: "globs are repository-relative: drop the leading `./` or `/` (write `src/**`)",
  });

/** A list of globs; `minItems` keeps "match nothing" from being written by accident. */
export function globListSchema(minItems: number) {
  return z.array(globSchema).min(minItems).max(200);
}

/**
 * A GitHub login as GitHub spells it, compared case-insensitively. Apps act as `<slug>[bot]`.
 * Underscores are allowed for Enterprise Managed Users (`user_shortcode`).
 */
export const loginSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,99}(\[bot\])?$/, {
  error: "expected a GitHub login such as `octocat` or `renovate[bot]` (no leading `@`)",
});

/** A GitHub label name (GitHub caps them at 50 characters). */
export const labelSchema = z.string().min(1).max(50);
