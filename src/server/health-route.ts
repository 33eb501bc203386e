import type { Db } from "../store/db.ts";
import { isGet, type Route } from "./route.ts";

export interface HealthDeps {
  db: Pick<Db, "query">;
  /** When the worker last completed a poll; null when it is not running. */
  heartbeatAt(): Date | number | null;
  /** A heartbeat older than this means the worker is stuck or stopped. */
  staleAfterMs: number;
  /** How long `SELECT 1` may take before the store counts as unreachable. */
  storeTimeoutMs?: number;
  now?: () => number;
}

export interface HealthReport {
  status: "ok" | "error";
  store: "ok" | "unreachable";
  storeError?: string;
  worker: { status: "ok" | "stale" | "stopped"; heartbeatAgeMs: number | null };
}

async function probeStore(deps: HealthDeps): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("SELECT 1 timed out")), deps.storeTimeoutMs ?? 2_000);
  });
  try {
    await Promise.race([deps.db.query("SELECT 1"), timeout]);
    return null;
  } catch (error) {
    return (error as Error).message;
  } finally {
    clearTimeout(timer);
  }
}

/** Checks the store (`SELECT 1`) and the worker heartbeat. */
export async function checkHealth(deps: HealthDeps): Promise<HealthReport> {
  const storeError = await probeStore(deps);
  const beat = deps.heartbeatAt();
  const age = beat === null ? null : (deps.now ?? Date.now)() - Number(beat);
  const worker =
    age === null ? "stopped" : age < deps.staleAfterMs ? ("ok" as const) : ("stale" as const);
  const healthy = storeError === null && worker === "ok";
  return {
    status: healthy ? "ok" : "error",
    store: storeError === null ? "ok" : "unreachable",
    ...(storeError === null ? {} : { storeError }),
    worker: { status: worker, heartbeatAgeMs: age },
  };
}

/** `GET /healthz`: 200 when the store answers and the worker heartbeat is fresh, else 503. */
export function createHealthRoute(deps: HealthDeps): Route {
  return async (req, res) => {
    if (!isGet(req, "/healthz")) return false;
    const report = await checkHealth(deps);
    res
      .writeHead(report.status === "ok" ? 200 : 503, {
        "content-type": "application/json",
        "cache-control": "no-store",
      })
      .end(JSON.stringify(report));
    return true;
  };
}
