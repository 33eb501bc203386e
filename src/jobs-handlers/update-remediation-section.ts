import type { Logger } from "pino";
import type { CheckRunReader } from "../github/check-run-output.ts";
import type { CheckRunPublisher } from "../github/check-run-publisher.ts";
import type { RepoRef } from "../github/refs.ts";
import type { Queryable } from "../store/db.ts";

const SECTION_MARK = "<!-- reviewloop:remediation -->";
const MAX_SUMMARY = 65_535;

/** The summary with its remediation section replaced (or appended), within GitHub's limit. */
export function withRemediationSection(summary: string, section: string): string {
  const at = summary.indexOf(SECTION_MARK);
  const before = (at === -1 ? summary : summary.slice(0, at)).trimEnd();
  const block = `${SECTION_MARK}\n${section.trim()}`;
  const room = MAX_SUMMARY - block.length - 2;
  const kept = before.length > room ? `${before.slice(0, Math.max(0, room - 1))}…` : before;
  return `${kept}\n\n${block}`;
}

/** The check run of the newest posted pass of `headSha`, if one was recorded. */
async function checkRunOf(
  q: Queryable,
  pr: { repoId: number; prNumber: number },
  headSha: string,
): Promise<number | null> {
  const { rows } = await q.query<{ check_run_id: number | string }>(
    `SELECT check_run_id FROM reviews WHERE repo_id = $1 AND pr_number = $2 AND head_sha = $3
       AND check_run_id IS NOT NULL ORDER BY id DESC LIMIT 1`,
    [pr.repoId, pr.prNumber, headSha],
  );
  return rows[0] === undefined ? null : Number(rows[0].check_run_id);
}

/**
 * Writes the remediation section (rounds, a held cap, a hand-off) into the summary of the head's
 * `reviewloop` check run. A PATCH of the same text is idempotent, so a retry needs no lookup.
 * Best effort: the loop's state and `/reviewloop status` say the same, so a failure is logged.
 */
export async function updateRemediationSection(
  deps: { db: Queryable; checks: CheckRunPublisher; checkRuns: CheckRunReader; log: Logger },
  repo: RepoRef,
  pr: { repoId: number; prNumber: number },
  headSha: string,
  section: string,
): Promise<boolean> {
  try {
    const id = await checkRunOf(deps.db, pr, headSha);
    if (id === null) return false;
    const run = await deps.checkRuns.readCheckRun(repo, id);
    const summary = withRemediationSection(run.summary, section);
    if (summary === run.summary) return true;
    await deps.checks.updateCheckRun(repo, id, {
      output: {
        title: run.title || "reviewloop",
        summary,
        ...(run.text ? { text: run.text } : {}),
      },
    });
    return true;
  } catch (error) {
    deps.log.warn({ err: error }, "Could not write the remediation section of the check run");
    return false;
  }
}
