import type { Logger } from "pino";
import type { Db, Queryable } from "../store/db.ts";
import type { CommandPorts } from "./command-ports.ts";

/** What a job answering a comment needs: storage, GitHub, a clock, and its lease. */
export interface CommandRunContext {
  db: Db;
  ports: CommandPorts;
  now(): Date;
  log: Logger;
  /** Aborted when the job's lease is lost or the worker hands it back: stop at the next step. */
  signal: AbortSignal;
  /** Throws unless the job still holds its lease; called in every transaction that records. */
  assertLease(q: Queryable): Promise<void>;
  /** Pause before looking for a reply whose POST had no answer, in ms (default 1000). */
  pauseMs?: number;
}

/**
 * The open transaction `tx` seen as a `Db`, so code written against a `Db` (the spine, the
 * cooldown) runs inside it and commits with the command's recorded outcome. Its `transaction`
 * runs in `tx` itself: one commit, all or nothing.
 */
export function transactionDb(tx: Queryable, kind: Db["kind"]): Db {
  return {
    kind,
    query: (sql, params) => tx.query(sql, params),
    exec: (sql) => tx.exec(sql),
    transaction: (fn) => fn(tx),
    close: async () => {},
  };
}

/** A short, single-line reason for a failure, fit for a reply (no stack, no long bodies). */
export function describeFailure(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split("\n", 1)[0]?.trim() || "unknown error";
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
