import { z } from "zod";
import { isOwnCheckRun } from "../remediation/classify-checks.ts";

const pullRequestsSchema = z.array(
  z.object({ number: z.number().int(), head: z.object({ sha: z.string() }).nullish() }),
);

const appSchema = z.object({ slug: z.string().nullish() }).nullish();

const commonShape = {
  action: z.string(),
  installation: z.object({ id: z.number().int() }),
  repository: z.object({ id: z.number().int(), full_name: z.string() }),
};

const checkRunSchema = z.object({
  ...commonShape,
  check_run: z.object({
    name: z.string(),
    head_sha: z.string(),
    external_id: z.string().nullish(),
    app: appSchema,
    pull_requests: pullRequestsSchema,
  }),
});

const checkSuiteSchema = z.object({
  ...commonShape,
  check_suite: z.object({
    head_sha: z.string(),
    app: appSchema,
    pull_requests: pullRequestsSchema,
  }),
});

/** A completed check of some commit, as the ObserveChecks jobs need it. */
export interface CheckCompleted {
  installationId: number;
  repoId: number;
  repoFullName: string;
  headSha: string;
  /** The pull requests GitHub lists for the sha (never a head in a fork's: empty then). */
  prNumbers: number[];
}

export type ParsedCheckCompleted =
  | { ok: true; check: CheckCompleted }
  | { ok: false; reason: string };

function issuePath(error: z.ZodError): string {
  return error.issues[0]?.path.join(".") || "fields";
}

function listed(prs: z.infer<typeof pullRequestsSchema>, sha: string): number[] {
  return prs.filter((pr) => (pr.head?.sha ?? sha) === sha).map((pr) => pr.number);
}

/**
 * Reads `check_run.completed` or `check_suite.completed` (`event` is the delivery's event
 * name): the commit whose checks moved and the pull requests GitHub lists for it. Our own check
 * run (an `external_id` we wrote, or `reviewloop` by our app) and our own suite (by our app's
 * slug, when known) are ignored outright: reviewloop's verdict is not CI of the head. Other
 * actions are not handled here (`check_run.rerequested` has its own parser).
 */
export function parseCheckCompletedEvent(
  event: string,
  payload: unknown,
  ownAppSlug?: string,
): ParsedCheckCompleted {
  if (event === "check_run") {
    const parsed = checkRunSchema.safeParse(payload);
    if (!parsed.success) return { ok: false, reason: `payload lacks ${issuePath(parsed.error)}` };
    const { action, installation, repository, check_run: run } = parsed.data;
    if (action !== "completed") return { ok: false, reason: `action ${action} is not handled` };
    const own = isOwnCheckRun(
      { name: run.name, externalId: run.external_id ?? null, appSlug: run.app?.slug ?? null },
      ownAppSlug,
    );
    if (own) return { ok: false, reason: "reviewloop's own check run" };
    return {
      ok: true,
      check: {
        installationId: installation.id,
        repoId: repository.id,
        repoFullName: repository.full_name,
        headSha: run.head_sha,
        prNumbers: listed(run.pull_requests, run.head_sha),
      },
    };
  }
  if (event === "check_suite") {
    const parsed = checkSuiteSchema.safeParse(payload);
    if (!parsed.success) return { ok: false, reason: `payload lacks ${issuePath(parsed.error)}` };
    const { action, installation, repository, check_suite: suite } = parsed.data;
    if (action !== "completed") return { ok: false, reason: `action ${action} is not handled` };
    if (ownAppSlug !== undefined && suite.app?.slug === ownAppSlug) {
      return { ok: false, reason: "reviewloop's own check suite" };
    }
    return {
      ok: true,
      check: {
        installationId: installation.id,
        repoId: repository.id,
        repoFullName: repository.full_name,
        headSha: suite.head_sha,
        prNumbers: listed(suite.pull_requests, suite.head_sha),
      },
    };
  }
  return { ok: false, reason: `event ${event} is not a check` };
}
