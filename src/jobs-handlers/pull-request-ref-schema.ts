import { z } from "zod";

/** The pull request every remediation job's payload names (`PullRequestRef`), validated. */
export const pullRequestRefShape = {
  installationId: z.number().int(),
  repoId: z.number().int(),
  repoFullName: z.string().min(3),
  prNumber: z.number().int().positive(),
};

/** An attempt's two ids: the loop's own and the public one (see `publicDispatchId`). */
export const attemptIdsShape = {
  dispatchId: z.string().min(1),
  publicId: z.string().min(1),
};
