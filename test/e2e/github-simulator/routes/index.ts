import type { RouteHandler } from "../http/respond.ts";
import { actionRoutes } from "./actions.ts";
import { appRoutes } from "./apps.ts";
import { checkRoutes } from "./checks.ts";
import { collaboratorRoutes } from "./collaborators.ts";
import { compareRoutes } from "./compare.ts";
import { contentRoutes } from "./contents.ts";
import { issueRoutes } from "./issues.ts";
import { pullRoutes } from "./pulls.ts";
import { reviewRoutes } from "./reviews.ts";
import { workflowRunRoutes } from "./workflow-runs.ts";

/** Every simulated REST operation, keyed by its OpenAPI `operationId`. */
export const routes: Record<string, RouteHandler> = {
  ...appRoutes,
  ...contentRoutes,
  ...pullRoutes,
  ...compareRoutes,
  ...reviewRoutes,
  ...checkRoutes,
  ...issueRoutes,
  ...actionRoutes,
  ...workflowRunRoutes,
  ...collaboratorRoutes,
};
