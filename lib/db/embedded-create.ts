// A new embedded database is created (initdb) in a child process, then opened here. PGlite's
// initdb holds ~400 MB of WebAssembly memory and buffers that the opening process keeps (PGlite
// caches them) until much later, if ever; a child gives all of it back when it exits, so a fresh
// installation idles at the same memory as a restarted one. The child writes into a sibling folder
// that is renamed into place only once it is complete: a start killed halfway leaves no
// half-made database behind. When no child can be started (PGlite not resolvable from the working
// directory), the caller creates the database in-process as before.
import { spawn } from "node:child_process";
import { existsSync, renameSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { AppError } from "@/lib/errors/app-error";

/** Whether `pgDir` holds a database (initdb writes PG_VERSION). */
export const databaseExists = (pgDir: string): boolean => existsSync(join(pgDir, "PG_VERSION"));

function pgliteEntry(): string | null {
  try {
    return createRequire(join(process.cwd(), "noop.js")).resolve("@electric-sql/pglite");
  } catch {
    return null;
  }
}

/**
 * Creates the database in `pgDir` in a child process. Resolves false when no child can run it
 * (the caller then lets PGlite create it in-process); throws when the child tried and failed.
 */
export async function createInChild(pgDir: string, startParams: string[]): Promise<boolean> {
  const entry = pgliteEntry();
  if (!entry) return false;
  const building = `${pgDir}.creating`;
  rmSync(building, { recursive: true, force: true });
  const code = `(async () => {
    const { PGlite } = require(${JSON.stringify(entry)});
    const db = new PGlite(${JSON.stringify(building)}, { startParams: ${JSON.stringify(startParams)} });
    await db.waitReady;
    await db.close();
  })().catch((e) => { console.error(e && e.stack ? e.stack : String(e)); process.exit(1); });`;
  const child = spawn(process.execPath, ["-e", code], { stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, NODE_OPTIONS: "" } });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
  const status = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => resolve(code));
  }).catch(() => null);
  if (status !== 0 || !databaseExists(building)) {
    rmSync(building, { recursive: true, force: true });
    if (status === null && !stderr) return false; // could not start a child at all
    throw new AppError("unavailable", `Creating the embedded database in ${pgDir} failed (exit ${status}): ${stderr.trim() || "no output"}`);
  }
  renameSync(building, pgDir);
  return true;
}
