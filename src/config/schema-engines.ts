import { z } from "zod";
import { SEVERITIES } from "../review/finding.ts";
import { globListSchema } from "./schema-common.ts";

/** Rule ids are kebab-case, optionally namespaced with `/` (`conflict-marker`, `llm/security`). */
export const RULE_ID_PATTERN = /^[a-z0-9]+(?:[-/][a-z0-9]+)*$/;

/** Settings of one builtin rule, after `false`/`true` shorthands are expanded. */
const ruleSettingsSchema = z
  .strictObject({
    /** Run this rule (`false` turns it off, same as writing `false` for the whole rule). */
    enabled: z
      .boolean()
      .default(true)
      .describe(
        "Run this rule (`false` turns it off, same as writing `false` for the whole rule).",
      ),
    /** Report this rule's findings at this severity instead of the rule's own. */
    severity: z
      .enum(SEVERITIES)
      .optional()
      .describe("Report this rule's findings at this severity instead of the rule's own."),
    /** Run the rule only on files matching one of these globs. */
    paths: globListSchema(1)
      .optional()
      .describe("Run the rule only on files matching one of these globs."),
  })
  .describe("Settings of one builtin rule.");

/**
 * One entry of `engines.builtin.rules`: `false` (off), `true` (on, defaults) or settings.
 * The parsed config always holds the settings object, so consumers test `.enabled` only.
 */
export const ruleConfigSchema = z
  .union([z.boolean(), ruleSettingsSchema], {
    error: "expected `false`, `true` or a mapping with `enabled`, `severity`, `paths`",
  })
  .transform((value) => (typeof value === "boolean" ? { enabled: value } : value))
  .describe("`false` turns the rule off; a mapping adjusts it.");

export type RuleConfig = z.output<typeof ruleConfigSchema>;

/** The builtin rule engine (deterministic checks, no network). */
export const builtinEngineSchema = z
  .strictObject({
    /** Run the builtin rules. */
    enabled: z.boolean().default(true).describe("Run the builtin rules."),
    /** Per-rule overrides keyed by rule id; rules not listed run with their defaults. */
    rules: z
      .record(
        z.string().regex(RULE_ID_PATTERN, {
          error: "rule ids are kebab-case, e.g. `conflict-marker`",
        }),
        ruleConfigSchema,
      )
      .default({})
      .describe("Per-rule overrides keyed by rule id; rules not listed run with their defaults."),
  })
  .prefault({})
  .describe("The builtin rule engine (deterministic checks, no network).");

/** The LLM review engine (needs the app's `REVIEWLOOP_LLM_*` settings; skipped without them). */
export const llmEngineSchema = z
  .strictObject({
    /** Run the LLM engine when the app has a model configured. */
    enabled: z
      .boolean()
      .default(true)
      .describe("Run the LLM engine when the app has a model configured."),
    /** Upper bound on prompt tokens per pass; files beyond it are listed as skipped. */
    max_input_tokens: z
      .number()
      .int()
      .min(1000)
      .max(2_000_000)
      .default(200_000)
      .describe("Upper bound on prompt tokens per pass; files beyond it are listed as skipped."),
  })
  .prefault({})
  .describe("The LLM review engine (skipped when the app has no model configured).");

/** GitHub App slugs: lowercase letters, digits and single dashes (`github-actions`). */
const APP_SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** How an annotation's level (`failure`, `warning`, `notice`) becomes a finding's severity. */
export const annotationSeveritySchema = z
  .strictObject({
    /** Severity of `failure` annotations. */
    failure: z.enum(SEVERITIES).default("critical").describe("Severity of `failure` annotations."),
    /** Severity of `warning` annotations. */
    warning: z.enum(SEVERITIES).default("warning").describe("Severity of `warning` annotations."),
    /** Severity of `notice` annotations. */
    notice: z.enum(SEVERITIES).default("info").describe("Severity of `notice` annotations."),
  })
  .prefault({})
  .describe("The severity of an imported annotation, by its level.");

/** Turns other check runs' annotations (linters, type checkers) into findings. */
export const checksEngineSchema = z
  .strictObject({
    /** Import annotations from other check runs on the head commit. */
    enabled: z
      .boolean()
      .default(false)
      .describe("Import annotations from other check runs on the head commit."),
    /**
     * Names of the check runs to import; with `apps` also empty, every check run except
     * reviewloop's own is imported.
     */
    names: z
      .array(z.string().min(1).max(255))
      .max(50)
      .default([])
      .describe(
        "Names of the check runs to import; with `apps` also empty, every check run except reviewloop's own.",
      ),
    /** Slugs of GitHub Apps whose check runs are imported too (`github-actions`, `codecov`). */
    apps: z
      .array(
        z.string().regex(APP_SLUG_PATTERN, {
          error: "an app slug is lowercase letters, digits and `-`, e.g. `github-actions`",
        }),
      )
      .max(50)
      .default([])
      .describe(
        "Slugs of GitHub Apps whose check runs are imported too, besides `names` (e.g. `github-actions`).",
      ),
    /** The severity of an imported annotation, by its level. */
    severity: annotationSeveritySchema,
    /** Wait for those check runs to complete before posting the review. */
    wait: z
      .boolean()
      .default(true)
      .describe("Wait for those check runs to complete before posting the review."),
    /** Stop waiting after this many minutes and review without the missing checks. */
    timeout_minutes: z
      .number()
      .int()
      .min(1)
      .max(360)
      .default(20)
      .describe("Stop waiting after this many minutes and review without the missing checks."),
  })
  .prefault({})
  .describe("Turns other check runs' annotations (linters, type checkers) into findings.");

/** The review engines; each contributes findings to the same review. */
export const enginesSchema = z
  .strictObject({
    /** Builtin rules. */
    builtin: builtinEngineSchema,
    /** LLM reviewer. */
    llm: llmEngineSchema,
    /** Annotations of other check runs. */
    checks: checksEngineSchema,
  })
  .prefault({})
  .describe("The review engines; each contributes findings to the same review.");
