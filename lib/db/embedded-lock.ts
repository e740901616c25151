// The embedded database is one process: PGlite has no server to arbitrate between two. A lock
// file holding the owner's pid makes a second process fail with a clear message instead of
// opening (and corrupting) the same directory. A lock left by a dead process is taken over.
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync, accessSync, constants } from "node:fs";
import { join } from "node:path";
import { AppError } from "@/lib/errors/app-error";

export const LOCK_FILE = "originwatch.lock";

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

export interface EmbeddedOwner {
  pid: number;
  purpose: string;
}

/** The live process (other than this one) holding the embedded database in `dataDir`, or null. */
export function embeddedOwner(dataDir: string): EmbeddedOwner | null {
  let owner: { pid?: unknown; purpose?: unknown };
  try {
    owner = JSON.parse(readFileSync(join(dataDir, LOCK_FILE), "utf8")) as typeof owner;
  } catch {
    return null; // no lock file, or a half-written one that the next opener takes over
  }
  if (typeof owner.pid !== "number" || owner.pid === process.pid || !pidAlive(owner.pid)) return null;
  return { pid: owner.pid, purpose: typeof owner.purpose === "string" ? owner.purpose : "another Origin Watch process" };
}

export function ensureWritableDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? "error";
    throw new AppError("config", `DATA_DIR ${dir} is not writable (${code}). Point DATA_DIR at a writable folder, or set DATABASE_URL.`);
  }
}

/** Takes the lock for this process; returns a release function. */
export function acquireEmbeddedLock(dataDir: string, purpose: string): () => void {
  ensureWritableDir(dataDir);
  const path = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, "wx");
      writeSync(fd, JSON.stringify({ pid: process.pid, purpose, since: new Date().toISOString() }));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          const owner = JSON.parse(readFileSync(path, "utf8")) as { pid?: number };
          if (owner.pid === process.pid) rmSync(path, { force: true });
        } catch {
          // already gone: nothing to release
        }
      };
      process.once("exit", release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") {
        throw new AppError("config", `cannot create ${path}: ${(e as Error).message}. Check DATA_DIR's permissions.`);
      }
      const owner = embeddedOwner(dataDir);
      if (owner) {
        throw new AppError(
          "unavailable",
          `the embedded database in ${dataDir} is in use by process ${owner.pid} (${owner.purpose}). ` +
            `Embedded mode is one process: stop that process first, use its web UI or API instead, or run both against PostgreSQL (DATABASE_URL).`,
        );
      }
      rmSync(path, { force: true });
    }
  }
  throw new AppError("unavailable", `could not take the lock ${path}; another process keeps taking it.`);
}
