import { z } from "zod";
import { SEVERITIES } from "../review/finding.ts";
import { globListSchema, globSchema, labelSchema, loginSchema } from "./schema-common.ts";

/** Extra reviewer instructions for files matching one glob (used by the LLM engine). */
export const pathInstructionSchema = z
  .strictObject({
    /** Glob of the files these instructions apply to. */
    path: globSchema.describe("Glob of the files these instructions apply to."),
    /** Plain-language instructions added to the review prompt for matching files. */
    instructions: z
      .string()
      .min(1)
      .max(4000)
      .describe("Plain-language instructions added to the review prompt for matching files."),
  })
  .describe("Extra review instructions for files matching `path`.");

/** Which files of a pull request are reviewed. */
export const pathsSchema = z
  .strictObject({
    /** Only files matching at least one of these globs are reviewed. */
    include: globListSchema(1)
      .default(["**"])
      .describe("Only files matching at least one of these globs are reviewed."),
    /** Files matching any of these globs are skipped (and listed as skipped in the coverage). */
    exclude: globListSchema(0)
      .default([])
      .describe(
        "Files matching any of these globs are skipped (and listed as skipped in the coverage).",
      ),
  })
  .prefault({})
  .describe("Which files of a pull request are reviewed.");

/** Labels that steer the review of one pull request. */
export const labelsSchema = z
  .strictObject({
    /** A pull request carrying any of these labels is not reviewed. */
    skip: z
      .array(labelSchema)
      .max(50)
      .default(["reviewloop:skip"])
      .describe("A pull request carrying any of these labels is not reviewed."),
  })
  .prefault({})
  .describe("Labels that steer the review of one pull request.");

/** When and how pull requests are reviewed. */
export const reviewSchema = z
  .strictObject({
    /** Review draft pull requests too (otherwise they are reviewed when marked ready). */
    drafts: z
      .boolean()
      .default(false)
      .describe("Review draft pull requests too (otherwise they are reviewed when marked ready)."),
    /** Base branches (globs) whose pull requests are reviewed. */
    branches: globListSchema(1)
      .default(["**"])
      .describe("Base branches (globs) whose pull requests are reviewed."),
    /**
     * Pull requests opened by these logins (exact, case-insensitive) are not reviewed, e.g.
     * `dependabot[bot]`. Empty by default: every author is reviewed unless listed.
     */
    ignore_authors: z
      .array(loginSchema)
      .max(100)
      .default([])
      .describe(
        "Pull requests opened by these logins (exact, case-insensitive) are not reviewed, e.g. `dependabot[bot]`.",
      ),
    /** Labels that steer the review. */
    labels: labelsSchema,
    /** Findings at or above this severity block: the review requests changes and the check fails. */
    blocking_severity: z
      .enum(SEVERITIES)
      .default("critical")
      .describe(
        "Findings at or above this severity block: the review requests changes and the check fails.",
      ),
    /** Post APPROVE when nothing blocks (otherwise a COMMENT review). */
    approve: z
      .boolean()
      .default(false)
      .describe("Post APPROVE when nothing blocks (otherwise a COMMENT review)."),
    /**
     * At most this many inline comments per review; the rest are listed in the review body.
     * 0 puts every finding in the body.
     */
    max_inline_comments: z
      .number()
      .int()
      .min(0)
      .max(200)
      .default(50)
      .describe(
        "At most this many inline comments per review; the rest are listed in the review body. 0 puts every finding in the body.",
      ),
    /** Which files are reviewed. */
    paths: pathsSchema,
    /** Extra instructions per glob; every matching entry applies. */
    path_instructions: z
      .array(pathInstructionSchema)
      .max(100)
      .default([])
      .describe("Extra instructions per glob; every matching entry applies."),
  })
  .prefault({})
  .describe("When and how pull requests are reviewed.");
