import type { DiffFile } from "../../review/diff-types.ts";
import { type Finding, findingSchema } from "../../review/finding.ts";
import { findIgnoreReason } from "./find-ignore-reason.ts";
import { type ActiveRule, resolveRuleConfig } from "./resolve-rule-config.ts";
import type {
  AddedLine,
  BuiltinEngineInput,
  BuiltinEngineResult,
  BuiltinOptions,
  BuiltinRule,
  ReviewFile,
  RuleError,
  RuleHit,
  SkippedFile,
} from "./types.ts";

/** Default `large-file` threshold: 1 MiB. */
export const DEFAULT_LARGE_FILE_BYTES = 1024 * 1024;

const ENGINE = "builtin";

/**
 * Runs a list of rules over a diff. {@link runBuiltinEngine} calls it with the builtin rules;
 * tests call it with their own. A rule that throws on a file is recorded in `errors` and every
 * other rule and file still runs; a finding that fails `findingSchema` is dropped into `errors`.
 */
export async function runRules(
  rules: readonly BuiltinRule[],
  input: BuiltinEngineInput,
): Promise<BuiltinEngineResult> {
  const options: BuiltinOptions = {
    largeFileBytes: input.options?.largeFileBytes ?? DEFAULT_LARGE_FILE_BYTES,
  };
  const active = resolveRuleConfig(rules, input.rules);
  const errors: RuleError[] = [];
  const allFiles = input.files.map((diff) => toReviewFile(diff, input.fileSizes));
  const { reviewable, skipped } = selectReviewable(allFiles);
  const findings: Finding[] = [];
  const record = (activeRule: ActiveRule, hits: RuleHit[]): void => {
    for (const hit of hits) {
      const finding = toFinding(activeRule, hit, errors);
      if (finding !== null) findings.push(finding);
    }
  };

  const fileRules = active.filter((entry) => entry.rule.scope === "file");
  for (const file of reviewable) {
    for (const entry of fileRules) {
      if (entry.rule.scope !== "file" || !entry.matchesPath(file.path)) continue;
      try {
        record(entry, await entry.rule.checkFile(file, options));
      } catch (error) {
        errors.push({ ruleId: entry.rule.id, path: file.path, message: describeError(error) });
      }
    }
  }

  for (const entry of active) {
    if (entry.rule.scope !== "diff") continue;
    const files = reviewable.filter((file) => entry.matchesPath(file.path));
    try {
      record(entry, await entry.rule.checkDiff({ files, allFiles, options }));
    } catch (error) {
      errors.push({ ruleId: entry.rule.id, message: describeError(error) });
    }
  }

  return { findings, skipped, errors };
}

function toReviewFile(diff: DiffFile, fileSizes: Record<string, number> | undefined): ReviewFile {
  const addedLines: AddedLine[] = [];
  for (const hunk of diff.hunks) {
    for (const line of hunk.lines) {
      if (line.kind === "add" && line.newLine !== null) {
        addedLines.push({ newLine: line.newLine, content: line.content });
      }
    }
  }
  const size = fileSizes?.[diff.path];
  return { diff, path: diff.path, addedLines, knownSizeBytes: size ?? null };
}

/**
 * Splits files into those the rules look at and those reported as skipped. Deleted files add
 * nothing and are left out silently. Binary files and files without a patch stay reviewable
 * (`large-file` still applies) but are listed as skipped because their content is not read.
 */
function selectReviewable(files: readonly ReviewFile[]): {
  reviewable: ReviewFile[];
  skipped: SkippedFile[];
} {
  const reviewable: ReviewFile[] = [];
  const skipped: SkippedFile[] = [];
  for (const file of files) {
    if (file.diff.status === "deleted") continue;
    const ignored = findIgnoreReason(file);
    if (ignored !== null) {
      skipped.push({ path: file.path, reason: ignored });
      continue;
    }
    if (file.diff.binary) skipped.push({ path: file.path, reason: "binary file" });
    else if (file.diff.patchMissing)
      skipped.push({ path: file.path, reason: "patch not available" });
    reviewable.push(file);
  }
  return { reviewable, skipped };
}

function toFinding(entry: ActiveRule, hit: RuleHit, errors: RuleError[]): Finding | null {
  const candidate: Finding = {
    ruleId: entry.rule.id,
    engine: ENGINE,
    severity: entry.severity,
    category: entry.rule.category,
    path: hit.path,
    line: hit.line,
    side: hit.side ?? "RIGHT",
    title: hit.title,
    body: hit.body,
  };
  if (hit.startLine != null) candidate.startLine = hit.startLine;
  if (hit.suggestion !== undefined) candidate.suggestion = hit.suggestion;
  const parsed = findingSchema.safeParse(candidate);
  if (parsed.success) return parsed.data;
  errors.push({
    ruleId: entry.rule.id,
    path: hit.path,
    message: `Invalid finding dropped: ${parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}`,
  });
  return null;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
