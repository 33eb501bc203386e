import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";

/** Thrown when another live process holds the data directory. */
export class DataDirLockedError extends Error {
  override name = "DataDirLockedError";
}

export interface DataDirLock {
  readonly path: string;
  release(): void;
}

const LOCK_FILE = "reviewloop.lock";

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Takes an exclusive lock on `dataDir` for this process: PGlite has no lock of its own and two
 * processes on one directory corrupt it. A lock left by a dead process is taken over.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, LOCK_FILE);
  for (let tries = 0; tries < 2; tries++) {
    try {
      const fd = openSync(path, "wx");
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return {
        path,
        release: () => rmSync(path, { force: true }),
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const pid = Number.parseInt(readFileSync(path, "utf8"), 10);
      if (Number.isInteger(pid) && pid !== process.pid && isAlive(pid)) {
        throw new DataDirLockedError(
          `data directory ${dataDir} is in use by process ${pid}; stop it or set REVIEWLOOP_DATA_DIR to another directory`,
        );
      }
      if (pid === process.pid) {
        throw new DataDirLockedError(`data directory ${dataDir} is already open in this process`);
      }
      rmSync(path, { force: true });
    }
  }
  throw new DataDirLockedError(`could not lock data directory ${dataDir}`);
}
