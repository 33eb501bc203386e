import type { RepoConfig } from "../../config/schema.ts";
import type { CheckRunAnnotation } from "../../github/check-runs-reader.ts";
import type { Finding, Severity } from "../../review/finding.ts";
import { CHECKS_ENGINE } from "../../review/fingerprint.ts";
import { fencedBlock } from "../../review/render-escape.ts";

/** `engines.checks.severity`: the severity of each annotation level. */
export type AnnotationSeverity = RepoConfig["engines"]["checks"]["severity"];

const TITLE_LIMIT = 255;
const BODY_LIMIT = 20_000;
const RULE_NAME_LIMIT = 190;

/**
 * The rule id of a check's findings: `checks/<name in kebab-case>` (`ESLint (ubuntu)` →
 * `checks/eslint-ubuntu`); a name with no letter or digit gives `checks/check`.
 */
export function checkRuleId(checkName: string): string {
  const kebab = checkName
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, RULE_NAME_LIMIT)
    .replace(/^-+|-+$/g, "");
  return `checks/${kebab === "" ? "check" : kebab}`;
}

/**
 * Turns one check run's annotations into findings of engine `checks` (category `checks`, rule id
 * {@link checkRuleId}): severity by the annotation's level through `severity`, anchored on the
 * RIGHT side at `startLine..endLine` of `path`, titled by the annotation's title or else the
 * first line of its message (at most 255 characters), with the message (and the raw details, in
 * a code block) as body. The text stays as the check wrote it: it is escaped where it is rendered
 * (`renderInlineComment`, `renderSummary`), like every engine's, so it cannot forge HTML, mentions,
 * commands or our markers. Nothing run-specific (run id, URL, line) goes into title or body:
 * they make the fingerprint, which must not change from one push to the next.
 */
export function annotationsToFindings(
  checkName: string,
  annotations: readonly CheckRunAnnotation[],
  severity: AnnotationSeverity,
): Finding[] {
  const ruleId = checkRuleId(checkName);
  const findings: Finding[] = [];
  for (const annotation of annotations) {
    const path = annotation.path.replace(/^(\.\/)+/, "");
    if (path === "") continue;
    const first = Math.max(1, Math.min(annotation.startLine, annotation.endLine));
    const last = Math.max(1, annotation.startLine, annotation.endLine);
    const finding: Finding = {
      ruleId,
      engine: CHECKS_ENGINE,
      severity: severityOf(annotation.level, severity),
      category: "checks",
      path,
      line: last,
      side: "RIGHT",
      title: titleOf(checkName, annotation),
      body: bodyOf(annotation),
    };
    if (first < last) finding.startLine = first;
    findings.push(finding);
  }
  return findings;
}

function severityOf(level: CheckRunAnnotation["level"], mapping: AnnotationSeverity): Severity {
  return mapping[level];
}

function titleOf(checkName: string, annotation: CheckRunAnnotation): string {
  const firstLine = (text: string | null) =>
    (text ?? "")
      .split(/\r?\n|\r/)
      .map((line) => line.trim())
      .find((line) => line !== "") ?? "";
  const title = firstLine(annotation.title) || firstLine(annotation.message);
  return clip(title === "" ? `${checkName} annotation` : title, TITLE_LIMIT);
}

function bodyOf(annotation: CheckRunAnnotation): string {
  const parts = [annotation.message.trim()];
  const details = annotation.rawDetails?.trim() ?? "";
  if (details !== "") parts.push(`Details:\n\n${fencedBlock(details)}`);
  const body = parts.filter((part) => part !== "").join("\n\n");
  return body.length <= BODY_LIMIT ? body : `${body.slice(0, BODY_LIMIT - 1)}…`;
}

function clip(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}
