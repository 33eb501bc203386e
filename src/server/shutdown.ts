import type { Logger } from "pino";

/**
 * On SIGTERM or SIGINT runs `stop` once and exits 0 (1 when stopping fails). A second signal
 * while stopping exits at once, for the impatient Ctrl-C.
 */
export function stopOnSignals(stop: () => Promise<void>, log: Logger): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn({ signal }, "Second signal while stopping; exiting now");
      process.exit(1);
    }
    stopping = true;
    log.info({ signal }, "Stopping");
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, "Stopping failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}
