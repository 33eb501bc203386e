export {
  type AnnotationSeverity,
  annotationsToFindings,
  checkRuleId,
} from "./annotations-to-findings.ts";
export {
  type ChecksEngineOptions,
  createChecksReviewEngine,
  MAX_ANNOTATIONS_PER_RUN,
} from "./checks-review-engine.ts";
export { type ChecksWait, type ChecksWaitInput, decideChecksWait } from "./decide-checks-wait.ts";
export {
  type CheckSelection,
  isOwnCheckRun,
  pendingNames,
  type SelectedCheckRuns,
  selectCheckRuns,
} from "./select-check-runs.ts";
