/**
 * Process entry (`npm start`). Wires the steps; decides nothing.
 */
import { loadDotEnvFile, parseProcessEnv } from "./env.ts";
import { createLogger } from "./server/create-logger.ts";
import { stopOnSignals } from "./server/shutdown.ts";
import { startApp } from "./server/start-app.ts";
import { startSetupMode } from "./server/start-setup-mode.ts";

// 1. Read the environment (and .env) once; a bad variable ends the process with one line.
loadDotEnvFile();
const parsed = parseProcessEnv();
if (!parsed.ok) {
  console.error(`reviewloop: ${parsed.message}`);
  process.exit(1);
}
const { env } = parsed;
const log = createLogger(env);

try {
  if (env.setupMode) {
    // 2a. No GitHub App yet: serve Probot's setup flow with the app.yml manifest at /probot.
    const setup = await startSetupMode(env, { log });
    stopOnSignals(setup.stop, log);
  } else {
    // 2b. Open and migrate the store, start the worker and the HTTP server.
    const app = await startApp(env, { log });
    // 3. SIGTERM/SIGINT: stop accepting, finish in-flight jobs, close the store.
    stopOnSignals(app.stop, log);
  }
} catch (error) {
  // Expected start-up failures (locked data dir, unreadable key, database down) are one line.
  log.fatal({ err: error }, "Could not start");
  console.error(`reviewloop: ${(error as Error).message}`);
  process.exit(1);
}
