/**
 * Thrown by a handler that cannot go on yet and must not hold its lease while it waits (a review
 * pass waiting for other checks to complete): the worker queues the job again at `runAt`, the
 * attempt is not counted and nothing is recorded as a failure (see `deferJob`).
 */
export class DeferJobError extends Error {
  readonly runAt: Date;

  /** `reason` says what the job waits for (logged). */
  constructor(runAt: Date, reason: string) {
    super(reason);
    this.name = "DeferJobError";
    this.runAt = runAt;
  }
}

/** True for a {@link DeferJobError} (also across module copies: checks the shape). */
export function isDeferral(error: unknown): error is DeferJobError {
  return (
    error instanceof DeferJobError ||
    ((error as { name?: unknown } | null)?.name === "DeferJobError" &&
      (error as { runAt?: unknown }).runAt instanceof Date)
  );
}
