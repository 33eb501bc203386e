import type { Logger } from "pino";
import type { Queryable } from "../store/db.ts";
import { enqueueRetention } from "./enqueue-retention.ts";

const HOUR_MS = 60 * 60 * 1000;

/** When the scheduler enqueues. */
export interface RetentionSchedule {
  /** First enqueue this long after start (default 1 minute: not during start-up's catch-up). */
  firstAfterMs?: number;
  /** Then every this long (default one hour). */
  everyMs?: number;
}

/**
 * Enqueues this hour's retention job `firstAfterMs` after start and then every `everyMs`, until
 * the returned function is called. `onEnqueued` runs after a new job was enqueued (wake the worker).
 * A failed enqueue is logged; the next tick tries again.
 */
export function scheduleRetention(
  options: RetentionSchedule & { db: Queryable; log: Logger; onEnqueued?: () => void },
): () => void {
  const tick = () => {
    enqueueRetention(options.db).then(
      (created) => {
        if (created) options.onEnqueued?.();
      },
      (error) => options.log.warn({ err: error }, "could not enqueue the retention job"),
    );
  };
  let timer: NodeJS.Timeout = setTimeout(() => {
    tick();
    timer = setInterval(tick, options.everyMs ?? HOUR_MS);
    timer.unref();
  }, options.firstAfterMs ?? 60_000);
  timer.unref();
  // clearTimeout and clearInterval cancel either kind of timer.
  return () => clearTimeout(timer);
}
