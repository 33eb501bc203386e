import type { DiffFile, DiffLine } from "../../review/diff-types.ts";
import { type Finding, findingSchema } from "../../review/finding.ts";
import { findIgnoreReason } from "./find-ignore-reason.ts";
import { getAddedText } from "./get-added-text.ts";
import { type ActiveRule, resolveRuleConfig } from "./resolve-rule-config.ts";
import type {
  AddedLine,
  BuiltinEngineInput,
  BuiltinEngineResult,
  BuiltinOptions,
  BuiltinRule,
  FileRule,
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
  // Paths are matched once per rule and file; rules with `checkFiles` run here in one go and
  // their hits are reported below in the usual order (by file, then by rule).
  const matches = fileRules.map((entry) => reviewable.map((file) => entry.matchesPath(file.path)));
  const precomputed = await Promise.all(
    fileRules.map((entry, r) =>
      checkFilesAtOnce(
        entry,
        reviewable.filter((_, f) => matches[r]![f]),
        options,
      ),
    ),
  );
  for (let f = 0; f < reviewable.length; f++) {
    const file = reviewable[f]!;
    for (let r = 0; r < fileRules.length; r++) {
      const entry = fileRules[r]!;
      if (entry.rule.scope !== "file" || !matches[r]![f]) continue;
      const hits = precomputed[r]?.get(file);
      if (hits !== undefined) {
        record(entry, hits);
        continue;
      }
      try {
        const lines = filterLines(entry.rule, file);
        if (lines === null) continue;
        record(entry, await entry.rule.checkFile(lines, options));
      } catch (error) {
        errors.push({ ruleId: entry.rule.id, path: file.path, message: describeError(error) });
      }
    }
  }

  const whole = input.contextFiles
    ? input.contextFiles.map((diff) => toReviewFile(diff, input.fileSizes))
    : allFiles;
  const wholeReviewable = input.contextFiles ? selectReviewable(whole).reviewable : reviewable;
  for (const entry of active) {
    if (entry.rule.scope !== "diff") continue;
    const files = wholeReviewable.filter((file) => entry.matchesPath(file.path));
    try {
      record(entry, await entry.rule.checkDiff({ files, allFiles: whole, options }));
    } catch (error) {
      errors.push({ ruleId: entry.rule.id, message: describeError(error) });
    }
  }

  return { findings, skipped, errors };
}

/**
 * A rule's `checkFiles` result by file, or null when it has none or it threw (the caller then
 * runs `checkFile` per file, which records any error with its path).
 */
async function checkFilesAtOnce(
  entry: ActiveRule,
  files: readonly ReviewFile[],
  options: BuiltinOptions,
): Promise<Map<ReviewFile, RuleHit[]> | null> {
  const { rule } = entry;
  if (rule.scope !== "file" || rule.checkFiles === undefined || files.length === 0) return null;
  try {
    const hits = await rule.checkFiles(files, options);
    if (hits.length !== files.length) return null;
    return new Map(files.map((file, i) => [file, hits[i]!]));
  } catch {
    return null;
  }
}

/**
 * The file as a rule with a `lineFilter` needs to see it: only the added lines its pattern
 * matches, or null when none does (the rule then has nothing to report). Other rules get the
 * file unchanged.
 */
function filterLines(rule: FileRule, file: ReviewFile): ReviewFile | null {
  if (rule.lineFilter === undefined) return file;
  const pattern = rule.lineFilter(file.path);
  if (pattern === null) return null;
  const text = getAddedText(file);
  if (!pattern.test(text)) return null;
  return { ...file, addedLines: findMatchingLines(file.addedLines, text, pattern) };
}

const globalTwins = new WeakMap<RegExp, RegExp>();

/**
 * The lines of `text` (the added lines joined, see getAddedText) where `pattern` matches,
 * found by searching the text and jumping to the next line after each match. A look-behind may
 * see the end of the previous line, which can only add a line: rules check every line they get.
 */
function findMatchingLines(
  lines: readonly AddedLine[],
  text: string,
  pattern: RegExp,
): AddedLine[] {
  let search = globalTwins.get(pattern);
  if (search === undefined) {
    search = new RegExp(pattern.source, pattern.global ? pattern.flags : `${pattern.flags}g`);
    globalTwins.set(pattern, search);
  }
  const found: AddedLine[] = [];
  let index = 0;
  let start = 0;
  search.lastIndex = 0;
  for (let match = search.exec(text); match !== null; match = search.exec(text)) {
    // The newline after a line belongs to it, so a match cannot fall between two lines.
    while (index < lines.length - 1 && start + lines[index]!.content.length < match.index) {
      start += lines[index]!.content.length + 1;
      index++;
    }
    found.push(lines[index]!);
    start += lines[index]!.content.length + 1;
    index++;
    if (index >= lines.length) break;
    search.lastIndex = start;
  }
  return found;
}

function toReviewFile(diff: DiffFile, fileSizes: Record<string, number> | undefined): ReviewFile {
  // The diff's own line objects serve as added lines: a copy of each would only feed the
  // garbage collector (100,000 lines → 100,000 objects per review).
  const addedLines: AddedLine[] = [];
  for (const hunk of diff.hunks) {
    for (const line of hunk.lines) {
      if (isAddedLine(line)) addedLines.push(line);
    }
  }
  const size = fileSizes?.[diff.path];
  return { diff, path: diff.path, addedLines, knownSizeBytes: size ?? null };
}

function isAddedLine(line: DiffLine): line is DiffLine & AddedLine {
  return line.kind === "add" && line.newLine !== null;
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
