export { assertLease, LeaseLostError } from "./assert-lease.ts";
export { cancelQueuedJobs } from "./cancel-queued-jobs.ts";
export { completeJob, completeJobs } from "./complete-job.ts";
export { type BackoffOptions, computeBackoff } from "./compute-backoff.ts";
export { createWorker, type Worker, type WorkerOptions } from "./create-worker.ts";
export { deferJob } from "./defer-job.ts";
export { DeferJobError, isDeferral } from "./defer-job-error.ts";
export { DEFAULT_MAX_ATTEMPTS, enqueueJob, type NewJob } from "./enqueue-job.ts";
export { extendLease } from "./extend-lease.ts";
export { type FailOutcome, failJob } from "./fail-job.ts";
export type {
  AttemptRecord,
  JobContext,
  JobDiagnostics,
  JobFailure,
  JobFailureReporter,
  JobHandler,
  LeasedJob,
} from "./job-types.ts";
export { type LeaseOptions, leaseJobs } from "./lease-jobs.ts";
export { PermanentJobError } from "./permanent-job-error.ts";
export { type QueueStats, queueStats } from "./queue-stats.ts";
export { LEASE_EXPIRED_MESSAGE, reapExpiredLeases } from "./reap-expired-leases.ts";
export { releaseJob } from "./release-job.ts";
export type { JobObserver } from "./run-job.ts";
export { supersedeJob } from "./supersede-job.ts";
