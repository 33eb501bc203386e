import { lintSource } from "@secretlint/core";
import { secretLintProfiler } from "@secretlint/profiler";
import {
  rules as presetRules,
  creator as recommendedPreset,
} from "@secretlint/secretlint-rule-preset-recommend";
import { couldContainSecret, findSecretRules, isAuditedPreset } from "./could-contain-secret.ts";
import { getAddedText } from "./get-added-text.ts";
import { getExtension } from "./path-kinds.ts";
import type { ReviewFile } from "./types.ts";

// secretlint's profiler is on by default and records performance marks for every rule and
// every file in the process-wide performance buffer, which is never cleared: in a long-running
// server that is a memory leak (about 1 GB RSS after 4,000 files) and it also costs time.
// secretlint's own CLI turns it off the same way. @secretlint/profiler is the copy that
// @secretlint/core itself imports (pinned to the same version).
secretLintProfiler.setEnabled(false);

/** secretlint's recommended preset with its own defaults (AWS access key *ids* are not scanned). */
const SECRETLINT_CONFIG = {
  rules: [{ id: "@secretlint/secretlint-rule-preset-recommend", rule: recommendedPreset }],
};

/** The preset's own rules by short id (`github` for `@secretlint/secretlint-rule-github`). */
const PRESET_RULES = new Map(
  presetRules.map((rule) => [rule.meta.id.replace(/^@secretlint\/secretlint-rule-/, ""), rule]),
);

/**
 * A configuration with only the preset's rules that could report in `text` (see
 * findSecretRules), registered one by one as the preset itself registers them (same ids, no
 * options), plus filter-comments. Rules that cannot match are not set up and not run.
 */
function configureRulesFor(text: string) {
  const chosen = findSecretRules(text);
  chosen.add("filter-comments");
  const rules = [...chosen].flatMap((id) => {
    const rule = PRESET_RULES.get(id);
    return rule === undefined ? [] : [{ id: rule.meta.id, rule }];
  });
  return { rules };
}

/** What secretlint reported, located by the index of the added line it starts on. */
export interface SecretMessage {
  /** Index into `file.addedLines`; may be out of range (then the message is ignored). */
  lineIndex: number;
  ruleId: string;
  messageId: string;
}

/**
 * Ends every file in a batch. NUL is in none of the character classes the preset's patterns
 * repeat (base64, token alphabets, `\s`), so no match runs from one file into the next; the
 * newline keeps each file's lines whole, so secretlint's line numbers stay countable.
 */
const SEPARATOR = "\u0000\n";

/** Upper bound on one batch's text; a few calls of this size cost nothing next to the text. */
const MAX_BATCH_CHARS = 1_000_000;

/**
 * The reference path: lints the added lines of one file with one `lintSource` call. The added
 * lines are joined with `\n` plus a final newline (without it secretlint ignores a
 * `secretlint-disable-line` comment on the last line).
 */
export async function lintSecretsOfFile(file: ReviewFile): Promise<SecretMessage[]> {
  if (file.addedLines.length === 0) return [];
  return lintOne(getAddedText(file), file.path);
}

/**
 * The same messages as {@link lintSecretsOfFile} for each file, found faster: files that hold
 * no piece of text any preset rule needs are not linted ({@link couldContainSecret}), and the
 * rest are linted many files per `lintSource` call (secretlint's fixed cost per call, ~35 µs,
 * was most of the time) with only the preset rules whose pieces of text occur in the batch
 * (each rule runs its patterns over the whole text, most of them for nothing). A file is linted on its own when secretlint treats it specially or a
 * batch could change its result: `.json`/`.p12` (parsed whole), `package.json`,
 * `package-lock.json` and `.npmrc` (rules chosen by name), a `secretlint-` directive (a
 * `secretlint-disable` must not reach the next file) or a leading byte-order mark. If a message
 * of a batch does not lie inside one file, the whole batch is linted again file by file.
 */
export async function lintSecretsOfFiles(files: readonly ReviewFile[]): Promise<SecretMessage[][]> {
  const results: SecretMessage[][] = files.map(() => []);
  if (!isAuditedPreset) {
    for (let i = 0; i < files.length; i++) results[i] = await lintSecretsOfFile(files[i]!);
    return results;
  }
  const batches = new Map<string, Batch>();
  const flush = async (batch: Batch): Promise<void> => {
    await lintBatch(batch, results);
    batch.members = [];
    batch.chars = 0;
  };
  for (let i = 0; i < files.length; i++) {
    const file = files[i]!;
    if (file.addedLines.length === 0) continue;
    const content = getAddedText(file);
    const ext = getSafeExtension(file.path);
    if (!couldContainSecret(content, ext)) continue;
    if (mustLintAlone(file.path, ext, content)) {
      results[i] = await lintOne(content, file.path);
      continue;
    }
    let batch = batches.get(ext);
    if (batch === undefined) {
      batch = { ext, members: [], chars: 0 };
      batches.set(ext, batch);
    }
    batch.members.push({ index: i, file, content });
    batch.chars += content.length + SEPARATOR.length;
    if (batch.chars >= MAX_BATCH_CHARS) await flush(batch);
  }
  for (const batch of batches.values()) if (batch.members.length > 0) await flush(batch);
  return results;
}

interface BatchMember {
  /** Position in the caller's file list. */
  index: number;
  file: ReviewFile;
  content: string;
}

interface Batch {
  ext: string;
  members: BatchMember[];
  chars: number;
}

/** Lints a batch in one call and files each message under its file, or falls back file by file. */
async function lintBatch(batch: Batch, results: SecretMessage[][]): Promise<void> {
  const { members } = batch;
  const starts: number[] = [];
  const firstLines: number[] = [];
  let offset = 0;
  let line = 1;
  for (const member of members) {
    starts.push(offset);
    firstLines.push(line);
    offset += member.content.length + SEPARATOR.length;
    line += member.file.addedLines.length + 1;
  }
  const parts: string[] = [];
  for (const member of members) parts.push(member.content, SEPARATOR);
  const text = parts.join("");
  // None of the members is special by name (see mustLintAlone), so the first path stands for all.
  const result = await lintSource({
    source: { content: text, filePath: members[0]!.file.path, ext: batch.ext, contentType: "text" },
    options: { config: configureRulesFor(text), maskSecrets: true, noPhysicFilePath: true },
  });
  const found: SecretMessage[][] = members.map(() => []);
  let k = 0;
  for (const message of result.messages) {
    if (message.type !== "message") continue;
    const [start, end] = message.range;
    // Messages come sorted by range, so the member index only moves forward.
    while (k + 1 < members.length && starts[k + 1]! <= start) k++;
    const contentEnd = starts[k]! + members[k]!.content.length;
    if (start < starts[k]! || end > contentEnd || start >= contentEnd) {
      for (const member of members) {
        results[member.index] = await lintOne(member.content, member.file.path);
      }
      return;
    }
    found[k]!.push({
      lineIndex: message.loc.start.line - firstLines[k]!,
      ruleId: message.ruleId,
      messageId: message.messageId,
    });
  }
  for (let m = 0; m < members.length; m++) results[members[m]!.index] = found[m]!;
}

async function lintOne(content: string, path: string): Promise<SecretMessage[]> {
  const result = await lintSource({
    source: { content, filePath: path, ext: getSafeExtension(path), contentType: "text" },
    options: { config: SECRETLINT_CONFIG, maskSecrets: true, noPhysicFilePath: true },
  });
  const messages: SecretMessage[] = [];
  for (const message of result.messages) {
    if (message.type !== "message") continue;
    messages.push({
      lineIndex: message.loc.start.line - 1,
      ruleId: message.ruleId,
      messageId: message.messageId,
    });
  }
  return messages;
}

/**
 * Files a batch could treat differently from a lone call: rules of the preset that parse the
 * whole text (`.json`; `.p12` is never passed on, see getSafeExtension) or pick checks by file name (npm: `package.json`,
 * `package-lock.json`, `.npmrc`), `secretlint-` directives (a disable would reach the files
 * after it), and a byte-order mark (secretlint strips it only at the very start).
 */
function mustLintAlone(path: string, ext: string, content: string): boolean {
  return (
    ext === ".json" ||
    path.endsWith("package.json") ||
    path.endsWith("package-lock.json") ||
    path.endsWith(".npmrc") ||
    content.includes("secretlint-") ||
    content.charCodeAt(0) === 0xfeff
  );
}

/**
 * The extension lets secretlint pick format-specific checks (`.json` service account keys).
 * `.p12` is withheld: for it secretlint reads the physical file from disk, and the diff is not
 * on disk.
 */
function getSafeExtension(path: string): string {
  const ext = getExtension(path);
  return ext === ".p12" ? "" : ext;
}
